"""One structured log line per request, for CloudWatch Logs Insights; never any personal data.

The line is JSON: request type, intent, where the conversation ended up (position and open
question), outcome, latency, store calls and failures, locale, and a keyed hash in place of the
account id (the same person hashes the same way within a deployment, and nowhere else).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import sys
from contextvars import ContextVar
from dataclasses import asdict, dataclass

log = logging.getLogger("legcoach.turn")


@dataclass
class TurnRecord:
    request_type: str = ""
    intent: str = ""
    locale: str = ""
    user: str = ""  # keyed hash, never the id itself
    position: str = ""
    question: str = ""
    outcome: str = "ok"  # ok, fallback, error, refused
    reads: int = 0
    writes: int = 0
    store_errors: int = 0
    latency_ms: float = 0.0


_CURRENT: ContextVar[TurnRecord | None] = ContextVar("turn_record", default=None)


def begin() -> TurnRecord:
    record = TurnRecord()
    _CURRENT.set(record)
    return record


def current() -> TurnRecord:
    """The record of the request in progress (a throwaway one outside a request)."""
    record = _CURRENT.get()
    return record if record is not None else TurnRecord()


def pseudonym(user_id: str, key: str) -> str:
    digest = hmac.new(key.encode(), user_id.encode(), hashlib.sha256).hexdigest()
    return digest[:12]


def emit(record: TurnRecord) -> None:
    log.info(line(record))


def line(record: TurnRecord) -> str:
    return json.dumps({"event": "turn", **asdict(record)}, separators=(",", ":"))


def to_stdout() -> None:
    """In Lambda: each line goes to stdout as bare JSON (not behind the runtime's text prefix),
    so CloudWatch Logs Insights discovers its fields without a parse step."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
