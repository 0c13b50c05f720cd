"""DynamoDB persistence on botocore's low-level client: bounded calls, typed failures, no lost sets.

Why not ``ask_sdk_dynamodb``: it builds a boto3 resource at import, calls ``Table()`` on every
get/save and writes unconditionally (last writer wins). This adapter:

* imports botocore and creates its client lazily (``client`` property), once, and keeps it for warm
  invocations; ``warm()`` creates it eagerly, for the Lambda entry to call at import (SnapStart);
* stores one item per owner: key ``user_id`` (S, the account) + ``person`` (S, personId or ``"-"``),
  with ``schema`` (N), ``version`` (N), ``data`` (M: the attributes) and ``updated`` (S, ISO time);
* conditions every write on the version it read. The attributes returned by ``get_attributes``
  carry ``"_version"``; on a conflict the adapter re-reads, lets ``merge`` combine the fresh record
  with the caller's, and retries;
* bounds every call: ``connect_timeout + read_timeout`` per attempt, ``attempts`` attempts with a
  short jittered pause between them, so ``worst_case_seconds`` is known. The retries are the
  adapter's own (botocore runs one attempt): botocore's throttling back-off may sleep a second or
  more, which nothing could bound or check against the turn's deadline;
* checks an optional ``deadline`` (seconds left in this turn) before every attempt: an attempt
  that could not finish in time is not started (``StoreTimeout``);
* turns every failure of the store into ``StoreUnavailable`` (throttling, 5xx, timeouts, no
  connection) or ``StoreMisconfigured`` (missing table, invalid request: logged loudly), both of
  which the caller can answer around;
* never overwrites an item it cannot read: it is moved aside to
  ``person = "<person>#quarantine#<time>"`` (one transaction: the copy, and the delete of the
  original as it was read), logged, and the owner starts afresh.

Values are serialised explicitly. Stored types: ``int``, ``bool``, ``str``, ``None``, ``list``,
``dict`` (string keys). ``float`` is refused (``TypeError``): DynamoDB has no binary floats and this
skill stores none. Numbers come back as ``int``; a non-integral number can only come from a
hand-edited item and makes the item unreadable rather than silently a float or a string.

Logs never name a user: owners appear as a keyed hash (HMAC-SHA256, first 12 hex digits).
"""

from __future__ import annotations

import copy
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
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from . import KEPT_ASIDE_KEY
from .keys import Owner, owner_of

if TYPE_CHECKING:  # pragma: no cover - typing only, keeps the import cheap
    from botocore.client import BaseClient

log = logging.getLogger(__name__)

VERSION_KEY = "_version"  # added to what get_attributes returns; never stored inside ``data``
QUARANTINE = "#quarantine#"  # person = "<person>#quarantine#<ISO time>": an unreadable item kept

Merge = Callable[[dict, dict], dict]
Validate = Callable[[dict], object]  # raises when the caller cannot use the stored attributes
Deadline = Callable[[], float]  # seconds left in this turn

# One attempt is at most connect + read; two attempts and one pause stay under two seconds,
# so a read and a write fit a turn with room for the answer (Alexa allows ~8 s in all).
CONNECT_TIMEOUT_S = 0.4
READ_TIMEOUT_S = 0.5
ATTEMPTS = 2
BACKOFF_S = 0.1  # the longest pause before a retry (jittered: 0 to this)
MAX_ITEM_BYTES = 400 * 1024  # DynamoDB's limit
REFUSE_ITEM_BYTES = 350 * 1024  # refuse to write past this: a clear error, with room to notice
BATCH_SIZE = 25  # BatchWriteItem's limit
BATCH_ATTEMPTS = 8  # rounds for UnprocessedItems before giving up

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
    """The item kept changing under us: still conflicting after ``max_retries`` merges."""


class StoredDataError(ValueError):
    """An item holds something this adapter never writes (a float, a set, binary...)."""


class ItemTooLarge(ValueError):
    """The item would come near DynamoDB's 400 KB limit: refused before any call."""


def mine_wins(fresh: dict, mine: dict) -> dict:
    """Default merge: the caller's attributes replace the stored ones (last writer wins).

    It is only the default so the adapter works on its own: the coaching layer must pass its own
    merge (one that unions logged sets), otherwise a concurrent session's work is overwritten.
    """
    return mine


def serialize(value: object, path: str = "data") -> dict[str, Any]:
    """Python value -> DynamoDB attribute value. ``path`` names the spot in error messages."""
    # bool before int: bool is a subclass of int.
    if isinstance(value, bool):
        return {"BOOL": value}
    if isinstance(value, int):
        return {"N": str(value)}
    if isinstance(value, str):
        return {"S": value}
    if value is None:
        return {"NULL": True}
    if isinstance(value, float):
        raise TypeError(
            f"{path} is a float ({value!r}): persistent attributes store no floats; "
            "keep whole numbers (e.g. seconds, tenths) as int"
        )
    if isinstance(value, list):
        return {"L": [serialize(item, f"{path}[{i}]") for i, item in enumerate(value)]}
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path} has a non-string key {key!r}: map keys must be str")
            out[key] = serialize(item, f"{path}.{key}")
        return {"M": out}
    raise TypeError(
        f"{path} is a {type(value).__name__}: persistent attributes hold only "
        "int, bool, str, None, list and dict"
    )


def deserialize(attribute: Mapping[str, Any], path: str = "data") -> Any:
    """DynamoDB attribute value -> plain Python (numbers as int)."""
    if len(attribute) != 1:
        raise StoredDataError(f"{path}: malformed attribute value {attribute!r}")
    ((kind, raw),) = attribute.items()
    if kind == "S":
        return raw
    if kind == "N":
        return _to_int(raw, path)
    if kind == "BOOL":
        return bool(raw)
    if kind == "NULL":
        return None
    if kind == "L":
        return [deserialize(item, f"{path}[{i}]") for i, item in enumerate(raw)]
    if kind == "M":
        return {key: deserialize(item, f"{path}.{key}") for key, item in raw.items()}
    raise StoredDataError(
        f"{path}: unsupported DynamoDB type {kind!r} (this adapter never writes it)"
    )


def _to_int(raw: str | Decimal, path: str) -> int:
    try:
        number = Decimal(raw)
    except InvalidOperation as exc:
        raise StoredDataError(f"{path}: {raw!r} is not a number") from exc
    if not number.is_finite() or number != number.to_integral_value():
        raise StoredDataError(
            f"{path}: stored number {raw} is not a whole number; this adapter writes only ints "
            "(was the item edited by hand?)"
        )
    return int(number)


def _error_code(exc: BaseException) -> str:
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def _status(exc: BaseException) -> int:
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
        code = _error_code(exc)
        if code in HANDLED_BY_CALLER:
            return None
        if code in THROTTLING:
            return "throttled", True
        if code in SERVER_ERRORS or _status(exc) >= 500:
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


def item_size(item: Mapping[str, Any]) -> int:
    """An upper bound of DynamoDB's size of an item (names plus values, in bytes)."""
    return sum(len(name.encode()) + _value_size(value) for name, value in item.items())


def _value_size(attribute: Mapping[str, Any]) -> int:
    ((kind, raw),) = attribute.items()
    if kind == "S":
        return len(raw.encode())
    if kind == "N":
        return len(str(raw)) // 2 + 2
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "L":
        return 3 + sum(1 + _value_size(v) for v in raw)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + _value_size(v) for k, v in raw.items())
    return len(str(raw).encode())


class DynamoDbAdapter(AbstractPersistenceAdapter):
    """Persistent attributes in one DynamoDB table, one item per (account, person)."""

    def __init__(
        self,
        table_name: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        merge: Merge | None = None,
        validate: Validate | None = None,
        max_retries: int = 3,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        read_timeout: float = READ_TIMEOUT_S,
        attempts: int = ATTEMPTS,
        backoff: float = BACKOFF_S,
        deadline: Deadline | None = None,
        log_key: bytes | str | None = None,
    ) -> None:
        if not table_name:
            raise ValueError("table_name is required")
        if max_retries < 0 or attempts < 1:
            raise ValueError("max_retries must be >= 0 and attempts >= 1")
        self.table_name = table_name
        self.endpoint_url = endpoint_url
        self.region = region
        self.merge: Merge = merge or mine_wins
        self.validate = validate
        self.max_retries = max_retries
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
            # One attempt per botocore call: the adapter retries, within the deadline.
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

    # -- AbstractPersistenceAdapter

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict:
        """The owner's attributes plus ``"_version"`` (0 when nothing is stored yet).

        An item that cannot be read (or that ``validate`` refuses) is moved aside first, and the
        owner gets ``{"_kept_aside": True, "_version": 0}``: a fresh start (the flag lets the
        skill say so), with the old item kept for a person to see.
        """
        owner = owner_of(request_envelope)
        item = self._get_item(owner)
        try:
            data, version = self._unpack(item)
            if data and self.validate is not None:
                self.validate(data)
        except Exception as exc:
            if item is None:
                raise
            self._quarantine(owner, item, f"{type(exc).__name__}: {exc}")
            data, version = {KEPT_ASIDE_KEY: True}, 0
        data[VERSION_KEY] = version
        return data

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict) -> None:
        """Write ``attributes`` if the stored version is still ``attributes["_version"]``.

        On a conflict the fresh record (with its ``"_version"``) and the caller's attributes
        (without it) go through ``merge(fresh, mine)``, and the merged result is written against
        the fresh version; up to ``max_retries`` times, then ``ConcurrentUpdateError``.

        On success the caller's dict is updated in place: ``"_version"`` becomes the new version
        and, if a merge happened, the contents become the merged record, so the next save of the
        same (cached) dict neither conflicts nor drops what the other session wrote.
        """
        owner = owner_of(request_envelope)
        mine = {
            key: value
            for key, value in attributes.items()
            if key not in (VERSION_KEY, KEPT_ASIDE_KEY)
        }
        expected = self._expected_version(attributes.get(VERSION_KEY))
        item = self._item(owner, mine)  # serialise first: a float fails before any call
        merged = False
        unversioned = False  # the item exists but has no version (written by an older release)
        attempt = 0
        while True:
            try:
                self._put(item, expected, unversioned=unversioned)
                break
            except Exception as exc:
                if _error_code(exc) != "ConditionalCheckFailedException":
                    raise
                if attempt >= self.max_retries:
                    raise ConcurrentUpdateError(
                        f"{self.table_name}: the record of {self.tag(owner)} kept changing; gave "
                        f"up after {attempt} merge(s) (max_retries={self.max_retries})",
                        reason="conflict",
                        attempts=attempt + 1,
                    ) from exc
                attempt += 1
                fresh, expected, exists = self._fresh_after_conflict(owner, exc)
                unversioned = exists and expected == 0
                fresh[VERSION_KEY] = expected
                result = self.merge(fresh, copy.deepcopy(mine))
                mine = {
                    key: value
                    for key, value in result.items()
                    if key not in (VERSION_KEY, KEPT_ASIDE_KEY)
                }
                item = self._item(owner, mine)
                merged = True
        if merged:
            attributes.clear()
            attributes.update(mine)
        attributes[VERSION_KEY] = expected + 1

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        """Delete this owner's item and any of its quarantined copies (other persons untouched)."""
        owner = owner_of(request_envelope)
        self._call("delete_item", TableName=self.table_name, Key=self._key(owner))
        keys = list(self._keys(owner.user_id, prefix=owner.person_id + QUARANTINE))
        for start in range(0, len(keys), BATCH_SIZE):
            self._batch_delete(keys[start : start + BATCH_SIZE])

    # -- account-wide operations

    def erase_account(self, user_id: str) -> int:
        """Delete every item of an account (its own and its persons'); return how many."""
        keys = list(self._keys(user_id))
        for start in range(0, len(keys), BATCH_SIZE):
            self._batch_delete(keys[start : start + BATCH_SIZE])
        return len(keys)

    def ensure_table(self) -> None:
        """Create the table (on-demand billing) unless it exists. Local/moto use only: in AWS the
        SAM template owns the table. Raises if an existing table has another key schema."""
        client = self.client
        try:
            client.create_table(
                TableName=self.table_name,
                AttributeDefinitions=[
                    {"AttributeName": "user_id", "AttributeType": "S"},
                    {"AttributeName": "person", "AttributeType": "S"},
                ],
                KeySchema=[
                    {"AttributeName": "user_id", "KeyType": "HASH"},
                    {"AttributeName": "person", "KeyType": "RANGE"},
                ],
                BillingMode="PAY_PER_REQUEST",
            )
        except Exception as exc:
            if _error_code(exc) != "ResourceInUseException":
                raise
        client.get_waiter("table_exists").wait(
            TableName=self.table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 30}
        )
        table = client.describe_table(TableName=self.table_name)["Table"]
        schema = {key["AttributeName"]: key["KeyType"] for key in table["KeySchema"]}
        if schema != {"user_id": "HASH", "person": "RANGE"}:
            raise RuntimeError(
                f"table {self.table_name} exists with key schema {schema}; "
                "expected user_id (HASH) + person (RANGE)"
            )

    # -- internals

    @staticmethod
    def _key(owner: Owner) -> dict[str, Any]:
        return {"user_id": {"S": owner.user_id}, "person": {"S": owner.person_id}}

    @staticmethod
    def _expected_version(raw: object) -> int:
        if raw is None:
            return 0
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
            raise TypeError(f"attributes['_version'] must be a non-negative int, not {raw!r}")
        return raw

    def _item(self, owner: Owner, data: dict) -> dict[str, Any]:
        item: dict[str, Any] = {**self._key(owner), "data": serialize(data)}
        if "schema" in data:
            schema = data["schema"]
            if isinstance(schema, bool) or not isinstance(schema, int):
                raise TypeError(f"attributes['schema'] must be an int, not {schema!r}")
            item["schema"] = {"N": str(schema)}
        item["updated"] = {"S": datetime.now(UTC).isoformat(timespec="seconds")}
        size = item_size(item) + len("version") + 12
        if size > REFUSE_ITEM_BYTES:
            raise ItemTooLarge(
                f"the record of {self.tag(owner)} would be about {size // 1024} KB; refusing to "
                f"write past {REFUSE_ITEM_BYTES // 1024} KB (DynamoDB's limit is "
                f"{MAX_ITEM_BYTES // 1024} KB): the record must be kept smaller"
            )
        return item

    def _put(self, item: dict[str, Any], expected: int, *, unversioned: bool = False) -> None:
        item = {**item, "version": {"N": str(expected + 1)}}
        if expected == 0 and unversioned:
            # An item with no version number at all: "not changed since read" is "still none".
            condition: dict[str, Any] = {"ConditionExpression": "attribute_not_exists(version)"}
        elif expected == 0:
            condition = {"ConditionExpression": "attribute_not_exists(user_id)"}
        else:
            condition = {
                "ConditionExpression": "version = :expected",
                "ExpressionAttributeValues": {":expected": {"N": str(expected)}},
            }
        self._call(
            "put_item",
            TableName=self.table_name,
            Item=item,
            # The conflicting item comes back with the error: usually saves the re-read.
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
            **condition,
        )

    def _get_item(self, owner: Owner) -> dict[str, Any] | None:
        response = self._call(
            "get_item", TableName=self.table_name, Key=self._key(owner), ConsistentRead=True
        )
        return response.get("Item")

    def _fresh_after_conflict(self, owner: Owner, exc: Exception) -> tuple[dict, int, bool]:
        """The record that won (data, version) and whether an item exists at all."""
        item = (getattr(exc, "response", None) or {}).get("Item")
        if not item:  # no item in the error: ask (strongly consistent)
            item = self._get_item(owner)
        try:
            data, version = self._unpack(item)
            if data and self.validate is not None:
                self.validate(data)
        except Exception as error:
            if not item:
                raise
            # Unreadable and in the way: keep it aside; our record then goes in as the first.
            self._quarantine(owner, item, f"{type(error).__name__}: {error}")
            return {}, 0, False
        return data, version, bool(item)

    @staticmethod
    def _unpack(item: Mapping[str, Any] | None) -> tuple[dict, int]:
        if not item:
            return {}, 0
        if "data" not in item:
            raise StoredDataError("the item has no 'data'")
        data = deserialize(item["data"])
        if not isinstance(data, dict):
            raise StoredDataError("data: the stored attributes are not a map")
        for name in ("version", "schema"):
            if name in item and set(item[name]) != {"N"}:
                raise StoredDataError(f"{name}: stored as {item[name]!r}, not a number")
        version = _to_int(item["version"]["N"], "version") if "version" in item else 0
        if version < 0:
            raise StoredDataError(f"version: {version} is negative")
        return data, version

    def _quarantine(self, owner: Owner, item: Mapping[str, Any], reason: str) -> None:
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
                            "Key": self._key(owner),
                            **unchanged,
                        }
                    },
                ],
            )
        except Exception as exc:
            if _error_code(exc) != "TransactionCanceledException":
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

    def _keys(self, user_id: str, prefix: str | None = None) -> Iterator[dict[str, Any]]:
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

    def _batch_delete(self, keys: list[dict[str, Any]]) -> None:
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
