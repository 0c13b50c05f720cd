"""DynamoDB faults injected at botocore's `before-call`, below every line of the project's code.

A hook on the client's event system answers a call in place of DynamoDB: with an error response
(turned into the ClientError botocore raises for it), or by raising the exception a timeout or a
lost connection raises, after sleeping as long as the timeout would have taken. `before-call`
rather than `before-send`: botocore stops at the first answer to `before-call`, while every
`before-send` hook runs, so moto would still carry out a request we meant to fail. botocore makes
one attempt per call (the store's client retries), so each call seen here is one attempt; the adapter's
retries, deadline and error handling all run as configured.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError
from legcoach.storage.client import TableClient

# Error responses DynamoDB sends: (HTTP status, error code).
ERROR_RESPONSES = {
    "ProvisionedThroughputExceeded": (400, "ProvisionedThroughputExceededException"),
    "ThrottlingException": (400, "ThrottlingException"),
    "RequestLimitExceeded": (400, "RequestLimitExceeded"),
    "InternalServerError": (500, "InternalServerError"),
    "ServiceUnavailable": (503, "ServiceUnavailable"),
    "ValidationException": (400, "ValidationException"),
}
RAISED = ("read timeout", "connect timeout", "endpoint connection error")
TRANSIENT = (*(k for k in ERROR_RESPONSES if k != "ValidationException"), *RAISED)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **kwargs: object) -> Iterator[bytes]:
        yield self.data


URL = "https://dynamodb.us-east-1.amazonaws.com/"


def error_response(kind: str) -> tuple[AWSResponse, dict[str, Any]]:
    """What botocore makes of DynamoDB's error answer: the HTTP response and the parsed body."""
    status, code = ERROR_RESPONSES[kind]
    body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": kind})
    headers = {"x-amzn-RequestId": "fault", "Content-Type": "application/x-amz-json-1.0"}
    parsed = {
        "Error": {"Code": code, "Message": kind},
        "ResponseMetadata": {"HTTPStatusCode": status, "HTTPHeaders": headers},
    }
    return AWSResponse(URL, status, headers, _Body(body.encode())), parsed


def raise_fault(url: str, kind: str, adapter: TableClient, *, sleep: bool) -> None:
    if kind == "read timeout":
        if sleep:
            time.sleep(adapter.read_timeout)
        raise ReadTimeoutError(endpoint_url=url)
    if kind == "connect timeout":
        if sleep:
            time.sleep(adapter.connect_timeout)
        raise ConnectTimeoutError(endpoint_url=url)
    raise EndpointConnectionError(endpoint_url=url)


@dataclass
class Faults:
    """Decides, per request sent, whether DynamoDB fails it and how."""

    adapter: TableClient
    choose: Callable[[str], str | None]  # operation -> fault kind or None
    sleep: bool = True  # timeouts cost their real time
    sent: Counter[str] = field(default_factory=Counter)  # every attempt, by operation
    failed: Counter[str] = field(default_factory=Counter)  # by fault kind

    def install(self) -> Faults:
        self.adapter.client.meta.events.register("before-call.dynamodb", self._hook)
        return self

    def _hook(self, event_name: str, **kwargs: object) -> tuple[AWSResponse, dict] | None:
        operation = event_name.rsplit(".", 1)[-1]
        self.sent[operation] += 1
        kind = self.choose(operation)
        if kind is None:
            return None  # through to DynamoDB (moto)
        self.failed[kind] += 1
        if kind in ERROR_RESPONSES:
            return error_response(kind)
        raise_fault(URL, kind, self.adapter, sleep=self.sleep)
        return None


def always(kind: str, operations: tuple[str, ...] = ()) -> Callable[[str], str | None]:
    return lambda operation: kind if not operations or operation in operations else None


class RandomCallFaults:
    """Fails a random share of the adapter's calls, every attempt of each (a retry right after a
    failed attempt fails too), with a random transient kind: what a brownout looks like."""

    def __init__(self, rate: float, seed: int, attempts: int) -> None:
        self.rate = rate
        self.attempts = attempts
        self.rng = random.Random(seed)
        self.on = True
        self.pending: str | None = None  # the fault of a failing call, for its next attempt
        self.attempts_left = 0

    def __call__(self, operation: str) -> str | None:
        if self.attempts_left:
            self.attempts_left -= 1
            return self.pending
        if not self.on or self.rng.random() >= self.rate:
            return None
        self.pending = self.rng.choice(TRANSIENT)
        self.attempts_left = self.attempts - 1  # the adapter's retries of this call
        return self.pending
