"""Each turn's time budget, shared with the store and the time-zone lookup.

Alexa waits about 8 s and Lambda stops the function at 7 s, so every turn gets a budget well
inside that; calls that could not finish in what is left are not made, and the turn answers from
what it has. A context variable, because the store and the clock are built once at import but the
deadline belongs to one request.
"""

from __future__ import annotations

import time
from contextvars import ContextVar

_DEADLINE: ContextVar[float] = ContextVar("turn_deadline", default=float("inf"))


def start(budget_seconds: float) -> None:
    _DEADLINE.set(time.monotonic() + budget_seconds)


def seconds_left() -> float:
    return _DEADLINE.get() - time.monotonic()
