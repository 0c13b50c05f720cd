"""A DynamoDB table behind botocore's low-level client: lazy, bounded, within the turn's deadline.

* botocore is imported and its client created lazily (``client``), once, and kept for warm
  invocations; ``warm()`` creates it eagerly, for the Lambda entry to call at import (SnapStart);
* every call is bounded: ``connect_timeout + read_timeout`` per attempt, ``attempts`` attempts with
  a short jittered pause between them, so ``worst_case_seconds`` is known. The retries are ours
  (botocore runs one attempt): botocore's throttling back-off may sleep a second or more, which
  nothing could bound or check against the turn's deadline;
* an optional ``deadline`` (seconds left in this turn) is checked before every attempt: an attempt
  that could not finish in time is not started (``StoreTimeout``);
* every failure of the store becomes ``StoreUnavailable`` (throttling, 5xx, timeouts, no
  connection) or ``StoreMisconfigured`` (missing table, invalid request: logged loudly);
* an item that cannot be read is never overwritten: ``quarantine`` moves it aside to
  ``person = "<person>#quarantine#<time>"`` (the copy and the delete of the original as it was
  read, in one transaction).

Logs never name a user: owners appear as a keyed hash (HMAC-SHA256, first 12 hex digits).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from .errors import (
    StoreMisconfigured,
    StoreTimeout,
    StoreUnavailable,
    classify,
    error_code,
)
from .keys import Owner

if TYPE_CHECKING:  # pragma: no cover - typing only, keeps the import cheap
    from botocore.client import BaseClient

log = logging.getLogger(__name__)

Deadline = Callable[[], float]  # seconds left in this turn
QUARANTINE = "#quarantine#"  # person = "<person>#quarantine#<ISO time>": an unreadable item kept

# One attempt is at most connect + read; two attempts and one pause stay under two seconds,
# so a read and a write fit a turn with room for the answer (Alexa allows ~8 s in all).
CONNECT_TIMEOUT_S = 0.4
READ_TIMEOUT_S = 0.5
ATTEMPTS = 2
BACKOFF_S = 0.1  # the longest pause before a retry (jittered: 0 to this)
BATCH_SIZE = 25  # BatchWriteItem's limit
BATCH_ATTEMPTS = 8  # rounds for UnprocessedItems before giving up


class TableClient:
    """One table, one lazily created client, and calls that are bounded in time."""

    def __init__(
        self,
        table_name: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        read_timeout: float = READ_TIMEOUT_S,
        attempts: int = ATTEMPTS,
        backoff: float = BACKOFF_S,
        deadline: Deadline | None = None,
        log_key: bytes | str | None = None,
    ) -> None:
        if not table_name:
            raise ValueError("table_name is required")
        if attempts < 1:
            raise ValueError("attempts must be >= 1")
        self.table_name = table_name
        self.endpoint_url = endpoint_url
        self.region = region
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.attempts = attempts
        self.backoff = backoff
        self.deadline = deadline
        # Without a configured key, a per-process one: hashes still hide the user, but only
        # correlate within one container.
        key = log_key if log_key is not None else os.urandom(32)
        self._log_key = key.encode() if isinstance(key, str) else key
        self._client: BaseClient | None = None
        self._lock = threading.Lock()
        self._local = threading.local()

    # -- time

    @property
    def attempt_seconds(self) -> float:
        """The longest one attempt can take: connecting, then waiting for the answer."""
        return self.connect_timeout + self.read_timeout

    @property
    def worst_case_seconds(self) -> float:
        """The longest one call can take, every attempt and pause included."""
        return self.attempts * self.attempt_seconds + (self.attempts - 1) * self.backoff

    @contextmanager
    def turn_deadline(self, deadline: Deadline | None) -> Iterator[None]:
        """Use ``deadline`` (seconds left) for calls from this thread until the block ends."""
        previous = getattr(self._local, "deadline", None)
        self._local.deadline = deadline
        try:
            yield
        finally:
            self._local.deadline = previous

    def _seconds_left(self) -> float | None:
        deadline = getattr(self._local, "deadline", None) or self.deadline
        return None if deadline is None else deadline()

    # -- client

    @property
    def client(self) -> BaseClient:
        """The low-level DynamoDB client, created on first use and then reused."""
        client = self._client
        if client is None:
            with self._lock:  # web mode may serve requests from threads
                client = self._client
                if client is None:
                    client = self._client = self._create_client()
        return client

    def warm(self) -> None:
        """Create the client now (call at Lambda import so it lands in the SnapStart snapshot)."""
        _ = self.client

    def _create_client(self) -> BaseClient:
        # Lazy: importing this module must stay cheap. botocore alone: boto3 adds only its
        # resource layer and s3transfer, never used here (about 12 ms at cold start).
        import botocore.session
        from botocore.config import Config

        config = Config(
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            # One attempt per botocore call: the store retries, within the deadline.
            retries={"mode": "standard", "total_max_attempts": 1},
            # Every request is built here from `serialize` output and fixed shapes; botocore's
            # walk of the nested profile map on each write would only re-check it.
            parameter_validation=False,
        )
        # A private session: a shared default session is not thread-safe.
        session = botocore.session.get_session()
        return session.create_client(
            "dynamodb", region_name=self.region, endpoint_url=self.endpoint_url, config=config
        )

    def _call(self, operation: str, **params: Any) -> dict[str, Any]:
        """One DynamoDB operation, bounded: at most ``attempts`` tries, each within the deadline."""
        method = getattr(self.client, operation)
        made = 0
        while True:
            left = self._seconds_left()
            if left is not None and left < self.attempt_seconds:
                raise StoreTimeout(
                    f"{operation}: {left:.2f} s left in this turn, an attempt may take "
                    f"{self.attempt_seconds:.2f} s; not started (after {made} attempt(s))",
                    reason="deadline",
                    attempts=made,
                )
            made += 1
            try:
                return method(**params)
            except Exception as exc:
                kind = classify(exc)
                if kind is None:
                    raise
                reason, retry = kind
                if retry and made < self.attempts:
                    log.warning("%s failed (%s), attempt %d; retrying", operation, reason, made)
                    time.sleep(random.uniform(0, self.backoff))
                    continue
                raise self._unavailable(operation, exc, reason, made) from exc

    def _unavailable(
        self, operation: str, exc: Exception, reason: str, made: int
    ) -> StoreUnavailable:
        message = f"{operation} on {self.table_name}: {reason} after {made} attempt(s): {exc}"
        if reason in ("configuration", "error"):
            # Not the weather: a missing table or a refused request needs a person to look.
            log.error("DYNAMODB MISCONFIGURED: %s", message)
            return StoreMisconfigured(message, reason=reason, attempts=made)
        log.warning("%s", message)
        kind = StoreTimeout if reason == "timeout" else StoreUnavailable
        return kind(message, reason=reason, attempts=made)

    def tag(self, owner: Owner) -> str:
        """The owner as logs show it: a keyed hash, never the ids themselves."""
        text = f"{owner.user_id}\x1f{owner.person_id}".encode()
        return hmac.new(self._log_key, text, hashlib.sha256).hexdigest()[:12]

    @staticmethod
    def key(user_id: str, person: str) -> dict[str, Any]:
        return {"user_id": {"S": user_id}, "person": {"S": person}}

    def quarantine(self, owner: Owner, item: Mapping[str, Any], reason: str) -> None:
        """Move an unreadable item aside (copy + delete, atomically); never overwrite it."""
        stamp = datetime.now(UTC).isoformat(timespec="microseconds")
        aside = {
            **item,
            "person": {"S": f"{owner.person_id}{QUARANTINE}{stamp}"},
            "quarantined": {"S": reason[:1000]},
        }
        # Delete the original only as it was read: a writer that got there first wins.
        if "version" in item:
            unchanged: dict[str, Any] = {
                "ConditionExpression": "#v = :v",
                "ExpressionAttributeNames": {"#v": "version"},
                "ExpressionAttributeValues": {":v": item["version"]},
            }
        else:
            unchanged = {
                "ConditionExpression": "attribute_exists(#u) AND attribute_not_exists(#v)",
                "ExpressionAttributeNames": {"#u": "user_id", "#v": "version"},
            }
        try:
            self._call(
                "transact_write_items",
                TransactItems=[
                    {
                        "Put": {
                            "TableName": self.table_name,
                            "Item": aside,
                            "ConditionExpression": "attribute_not_exists(user_id)",
                        }
                    },
                    {
                        "Delete": {
                            "TableName": self.table_name,
                            "Key": self.key(owner.user_id, owner.person_id),
                            **unchanged,
                        }
                    },
                ],
            )
        except Exception as exc:
            if error_code(exc) != "TransactionCanceledException":
                raise
            raise StoreUnavailable(
                f"the unreadable record of {self.tag(owner)} changed while being moved aside",
                reason="conflict",
                attempts=1,
            ) from exc
        log.error(
            "UNREADABLE RECORD of %s moved aside (quarantine stamp %s): %s; starting afresh",
            self.tag(owner),
            stamp,
            reason,
        )

    def keys(self, user_id: str, prefix: str | None = None) -> Iterator[dict[str, Any]]:
        condition = "#u = :u"
        values: dict[str, Any] = {":u": {"S": user_id}}
        if prefix is not None:
            condition += " AND begins_with(#p, :p)"
            values[":p"] = {"S": prefix}
        kwargs: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": condition,
            "ProjectionExpression": "#u, #p",
            "ExpressionAttributeNames": {"#u": "user_id", "#p": "person"},
            "ExpressionAttributeValues": values,
            "ConsistentRead": True,
        }
        while True:
            page = self._call("query", **kwargs)
            for item in page.get("Items", []):
                yield {"user_id": item["user_id"], "person": item["person"]}
            last = page.get("LastEvaluatedKey")
            if not last:
                return
            kwargs["ExclusiveStartKey"] = last

    def batch_delete(self, keys: list[dict[str, Any]]) -> None:
        requests: dict[str, Any] = {
            self.table_name: [{"DeleteRequest": {"Key": key}} for key in keys]
        }
        for attempt in range(BATCH_ATTEMPTS):
            response = self._call("batch_write_item", RequestItems=requests)
            requests = response.get("UnprocessedItems") or {}
            if not requests:
                return
            time.sleep(min(0.05 * 2**attempt, 1.0))  # throttled: back off, then resend the rest
        left = sum(len(batch) for batch in requests.values())
        raise StoreUnavailable(
            f"{self.table_name}: {left} item(s) still unprocessed after {BATCH_ATTEMPTS} rounds",
            reason="throttled",
            attempts=BATCH_ATTEMPTS,
        )

    def delete_keys(self, keys: list[dict[str, Any]]) -> None:
        """Delete these keys, in batches of 25 (what BatchWriteItem takes)."""
        for start in range(0, len(keys), BATCH_SIZE):
            self.batch_delete(keys[start : start + BATCH_SIZE])
