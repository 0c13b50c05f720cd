"""Alexa's service APIs (Reminders) through ask-sdk-model's clients, within the turn's time.

The SDK's `DefaultApiClient` waits as long as the server takes; Alexa waits about 8 s for the
whole answer, so every call here gets a timeout from what is left of the turn.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ask_sdk_core.api_client import DefaultApiClient

from . import deadline

MAX_CALL_SECONDS = 2.0
MIN_CALL_SECONDS = 0.2


class TimedApiClient(DefaultApiClient):
    """`DefaultApiClient` (HTTPS only) with a timeout on every call."""

    def _resolve_method(self, request: Any) -> Callable[..., Any]:
        method = super()._resolve_method(request)
        left = deadline.seconds_left() - 1.0
        timeout = max(MIN_CALL_SECONDS, min(MAX_CALL_SECONDS, left))
        return functools.partial(method, timeout=timeout)
