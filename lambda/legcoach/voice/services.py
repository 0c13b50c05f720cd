"""Alexa's service APIs (Reminders) through ask-sdk-model's clients, within the turn's time.

The SDK's `DefaultApiClient` waits as long as the server takes; Alexa waits about 8 s for the
whole answer, so every call here gets a timeout from what is left of the turn. The client (and
`requests` under it) is built on the first call: most turns never call a service, and a cold
start should not pay for one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from . import deadline

MAX_CALL_SECONDS = 2.0
MIN_CALL_SECONDS = 0.2
SPARE_SECONDS = 1.0  # what the rest of the turn (the store, the answer) keeps for itself


class TimedApiClient:
    """The SDK's `ApiClient` contract (`invoke`): `DefaultApiClient` with a timeout per call."""

    def __init__(self) -> None:
        self._client: Any = None

    def invoke(self, request: Any) -> Any:
        if deadline.seconds_left() - SPARE_SECONDS < MIN_CALL_SECONDS:
            # Not started at all: the caller answers as for a service out of reach.
            raise TimeoutError("no time left in the turn for a service call")
        if self._client is None:
            self._client = _timed_default_client()
        return self._client.invoke(request)


def _timed_default_client() -> Any:
    from ask_sdk_core.api_client import DefaultApiClient

    class Timed(DefaultApiClient):
        def _resolve_method(self, request: Any) -> Callable[..., Any]:
            method = super()._resolve_method(request)
            left = deadline.seconds_left() - SPARE_SECONDS
            timeout = max(MIN_CALL_SECONDS, min(MAX_CALL_SECONDS, left))
            return functools.partial(method, timeout=timeout)

    return Timed()
