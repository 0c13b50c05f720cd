"""What can go wrong with the store, as types the caller can answer around.

`classify` sorts botocore's failures into a reason and whether another attempt could help;
everything the store raises to its caller is one of the exceptions here.
"""

from __future__ import annotations

THROTTLING = frozenset(
    {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}
)
SERVER_ERRORS = frozenset({"InternalServerError", "ServiceUnavailable"})
CONFIGURATION = frozenset(
    {
        "ResourceNotFoundException",  # no such table
        "ValidationException",  # a request DynamoDB refuses: a bug or a table of another shape
        "AccessDeniedException",
        "UnrecognizedClientException",
        "MissingAuthenticationTokenException",
    }
)
HANDLED_BY_CALLER = frozenset({"ConditionalCheckFailedException", "TransactionCanceledException"})


class StoreUnavailable(RuntimeError):
    """The store did not answer (or not in time): nothing read, and a write may not have landed.

    ``reason`` is one of ``throttled``, ``server``, ``timeout``, ``connection``, ``deadline``,
    ``conflict``, ``configuration``, ``error``; ``attempts`` is how many calls were made.
    """

    def __init__(self, message: str, *, reason: str, attempts: int = 0) -> None:
        super().__init__(message)
        self.reason = reason
        self.attempts = attempts


class StoreTimeout(StoreUnavailable):
    """Out of time: the calls timed out, or the turn's deadline left no room for another."""


class StoreMisconfigured(StoreUnavailable):
    """A missing table, a refused request, no permission: retrying will not help; logged loudly."""


class ConcurrentUpdateError(StoreUnavailable):
    """The item kept changing under us: still conflicting after the store's re-reads."""


class StoredDataError(ValueError):
    """An item holds something this store never writes (a float, a set, binary...)."""


class ItemTooLarge(ValueError):
    """The item would come near DynamoDB's 400 KB limit: refused before any call."""


def error_code(exc: BaseException) -> str:
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def status(exc: BaseException) -> int:
    response = getattr(exc, "response", None) or {}
    return int(response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)


def classify(exc: BaseException) -> tuple[str, bool] | None:
    """(reason, worth retrying) for a failure of the store; None for anything else."""
    from botocore.exceptions import (  # lazy: botocore is loaded by the client anyway
        ClientError,
        ConnectTimeoutError,
        HTTPClientError,
        NoCredentialsError,
        NoRegionError,
        ReadTimeoutError,
    )
    from botocore.exceptions import ConnectionError as BotoConnectionError

    if isinstance(exc, ClientError):
        code = error_code(exc)
        if code in HANDLED_BY_CALLER:
            return None
        if code in THROTTLING:
            return "throttled", True
        if code in SERVER_ERRORS or status(exc) >= 500:
            return "server", True
        if code in CONFIGURATION:
            return "configuration", False
        return "error", False
    if isinstance(exc, ReadTimeoutError | ConnectTimeoutError):
        return "timeout", True
    if isinstance(exc, BotoConnectionError | HTTPClientError):
        return "connection", True
    if isinstance(exc, NoCredentialsError | NoRegionError):
        return "configuration", False
    return None
