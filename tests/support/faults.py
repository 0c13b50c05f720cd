"""DynamoDB faults injected at botocore, below the project's code, so its retry settings run.

A `before-send` hook answers an HTTP request the way DynamoDB does when it is in trouble (a
throttling or 5xx error body) or raises what the HTTP layer raises (timeouts, no connection);
botocore then parses, classifies and retries exactly as it would against AWS.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError

# Error code -> HTTP status DynamoDB answers with.
HTTP_ERRORS = {
    "ProvisionedThroughputExceededException": 400,
    "ThrottlingException": 400,
    "RequestLimitExceeded": 400,
    "InternalServerError": 500,
    "ServiceUnavailable": 503,
    "ResourceNotFoundException": 400,
    "ValidationException": 400,
}
RAISED = ("ReadTimeout", "ConnectTimeout", "EndpointConnectionError")
FAULT_KINDS = (*HTTP_ERRORS, *RAISED)


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Any:
        yield self.body


def error_response(url: str, code: str) -> AWSResponse:
    body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": code})
    headers = {"x-amzn-RequestId": "fault", "Content-Type": "application/x-amz-json-1.0"}
    return AWSResponse(url, HTTP_ERRORS[code], headers, _Raw(body.encode()))


@dataclass
class Faults:
    """Faults for the next calls of a client: `fail(kind, times, operation=None)`."""

    client: Any
    queue: list[tuple[str, str | None]] = field(default_factory=list)
    sent: Counter[str] = field(default_factory=Counter)  # HTTP attempts per operation
    injected: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        # First, so an injected fault answers before moto (or the network) is reached.
        self.client.meta.events.register_first("before-send.dynamodb", self._before_send)

    def fail(self, kind: str, times: int = 1, operation: str | None = None) -> Faults:
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault {kind!r}")
        self.queue.extend([(kind, operation)] * times)
        return self

    def clear(self) -> None:
        self.queue.clear()

    def _before_send(self, request: Any, **_: Any) -> AWSResponse | None:
        target = request.headers.get("X-Amz-Target") or b""
        if isinstance(target, bytes):
            target = target.decode()
        operation = str(target).rsplit(".", 1)[-1]
        self.sent[operation] += 1
        for index, (kind, only) in enumerate(self.queue):
            if only is None or only == operation:
                del self.queue[index]
                self.injected[kind] += 1
                response = self._raise_or_answer(kind, request.url)
                # Every before-send handler runs: send the rest nowhere, so moto does not
                # carry out a request that "failed".
                request.url = "https://fault.invalid/"
                return response
        return None

    @staticmethod
    def _raise_or_answer(kind: str, url: str) -> AWSResponse:
        if kind == "ReadTimeout":
            raise ReadTimeoutError(endpoint_url=url)
        if kind == "ConnectTimeout":
            raise ConnectTimeoutError(endpoint_url=url)
        if kind == "EndpointConnectionError":
            raise EndpointConnectionError(endpoint_url=url)
        return error_response(url, kind)
