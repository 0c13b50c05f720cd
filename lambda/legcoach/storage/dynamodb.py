"""DynamoDB persistence on boto3's low-level client, with optimistic concurrency.

Why not ``ask_sdk_dynamodb``: it builds a boto3 resource at import, calls ``Table()`` on every
get/save and writes unconditionally (last writer wins). This adapter:

* imports boto3 and creates its client lazily (``client`` property), once, and keeps it for warm
  invocations; ``warm()`` creates it eagerly, for the Lambda entry to call at import (SnapStart);
* stores one item per owner: key ``user_id`` (S, the account) + ``person`` (S, personId or ``"-"``),
  with ``schema`` (N), ``version`` (N), ``data`` (M: the attributes) and ``updated`` (S, ISO time);
* conditions every write on the version it read. The attributes returned by ``get_attributes``
  carry ``"_version"``; on a conflict the adapter re-reads, lets ``merge`` combine the fresh record
  with the caller's, and retries.

Values are serialised explicitly. Stored types: ``int``, ``bool``, ``str``, ``None``, ``list``,
``dict`` (string keys). ``float`` is refused (``TypeError``): DynamoDB has no binary floats and this
skill stores none. Numbers come back as ``int``; since only ints are ever written, a non-integral
number can only come from a hand-edited item and raises ``StoredDataError`` rather than being
silently turned into a float or a string.
"""

from __future__ import annotations

import copy
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from .keys import Owner, owner_of

if TYPE_CHECKING:  # pragma: no cover - typing only, keeps the import cheap
    from botocore.client import BaseClient

VERSION_KEY = "_version"  # added to what get_attributes returns; never stored inside ``data``

Merge = Callable[[dict, dict], dict]

# Alexa allows ~8 s for the whole answer: fail fast rather than hang.
CONNECT_TIMEOUT_S = 1.0
READ_TIMEOUT_S = 2.0
TOTAL_MAX_ATTEMPTS = 2  # botocore's count includes the first try
BATCH_SIZE = 25  # BatchWriteItem's limit
BATCH_ATTEMPTS = 8  # rounds for UnprocessedItems before giving up


class StoredDataError(ValueError):
    """An item holds something this adapter never writes (a float, a set, binary...)."""


class ConcurrentUpdateError(RuntimeError):
    """The item kept changing under us: still conflicting after ``max_retries`` merges."""


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


def _error_code(exc: Exception) -> str:
    response = getattr(exc, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


class DynamoDbAdapter(AbstractPersistenceAdapter):
    """Persistent attributes in one DynamoDB table, one item per (account, person)."""

    def __init__(
        self,
        table_name: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        merge: Merge | None = None,
        max_retries: int = 3,
    ) -> None:
        if not table_name:
            raise ValueError("table_name is required")
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self.table_name = table_name
        self.endpoint_url = endpoint_url
        self.region = region
        self.merge: Merge = merge or mine_wins
        self.max_retries = max_retries
        self._client: BaseClient | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls, *, merge: Merge | None = None, max_retries: int = 3) -> DynamoDbAdapter:
        """Adapter configured by ``TABLE_NAME``, ``DYNAMODB_ENDPOINT_URL`` (optional) and the
        usual AWS region variables: the contract shared with ``legcoach_dev.local.store``."""
        table_name = os.environ.get("TABLE_NAME")
        if not table_name:
            raise RuntimeError("TABLE_NAME is not set: which DynamoDB table holds progress?")
        return cls(
            table_name,
            endpoint_url=os.environ.get("DYNAMODB_ENDPOINT_URL") or None,
            merge=merge,
            max_retries=max_retries,
        )

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
        import boto3  # lazy: importing this module must stay cheap
        from botocore.config import Config

        config = Config(
            connect_timeout=CONNECT_TIMEOUT_S,
            read_timeout=READ_TIMEOUT_S,
            retries={"mode": "standard", "total_max_attempts": TOTAL_MAX_ATTEMPTS},
        )
        # A private session: boto3's default session is not thread-safe.
        session = boto3.session.Session()
        return session.client(
            "dynamodb", region_name=self.region, endpoint_url=self.endpoint_url, config=config
        )

    # -- AbstractPersistenceAdapter

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict:
        """The owner's attributes plus ``"_version"`` (0 when nothing is stored yet)."""
        data, version = self._read(owner_of(request_envelope))
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
        mine = {key: value for key, value in attributes.items() if key != VERSION_KEY}
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
                        f"{self.table_name}: the record of {owner} kept changing; gave up after "
                        f"{attempt} merge(s) (max_retries={self.max_retries})"
                    ) from exc
                attempt += 1
                fresh, expected, exists = self._fresh_after_conflict(owner, exc)
                unversioned = exists and expected == 0
                fresh[VERSION_KEY] = expected
                result = self.merge(fresh, copy.deepcopy(mine))
                mine = {key: value for key, value in result.items() if key != VERSION_KEY}
                item = self._item(owner, mine)
                merged = True
        if merged:
            attributes.clear()
            attributes.update(mine)
        attributes[VERSION_KEY] = expected + 1

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        """Delete this owner's item only (the account's other persons are untouched)."""
        self.client.delete_item(
            TableName=self.table_name, Key=self._key(owner_of(request_envelope))
        )

    # -- account-wide operations

    def erase_account(self, user_id: str) -> int:
        """Delete every item of an account (its own and its persons'); return how many."""
        keys = list(self._account_keys(user_id))
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
        self.client.put_item(
            TableName=self.table_name,
            Item=item,
            # The conflicting item comes back with the error: usually saves the re-read.
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
            **condition,
        )

    def _read(self, owner: Owner) -> tuple[dict, int]:
        response = self.client.get_item(
            TableName=self.table_name, Key=self._key(owner), ConsistentRead=True
        )
        return self._unpack(response.get("Item"))

    def _fresh_after_conflict(self, owner: Owner, exc: Exception) -> tuple[dict, int, bool]:
        """The record that won (data, version) and whether an item exists at all."""
        item = (getattr(exc, "response", None) or {}).get("Item")
        if not item:  # no item in the error: ask (strongly consistent)
            item = self.client.get_item(
                TableName=self.table_name, Key=self._key(owner), ConsistentRead=True
            ).get("Item")
        data, version = self._unpack(item)
        return data, version, bool(item)

    @staticmethod
    def _unpack(item: Mapping[str, Any] | None) -> tuple[dict, int]:
        if not item:
            return {}, 0
        data = deserialize(item["data"]) if "data" in item else {}
        if not isinstance(data, dict):
            raise StoredDataError("data: the stored attributes are not a map")
        version = _to_int(item["version"]["N"], "version") if "version" in item else 0
        return data, version

    def _account_keys(self, user_id: str) -> Iterator[dict[str, Any]]:
        kwargs: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "#u = :u",
            "ProjectionExpression": "#u, #p",
            "ExpressionAttributeNames": {"#u": "user_id", "#p": "person"},
            "ExpressionAttributeValues": {":u": {"S": user_id}},
            "ConsistentRead": True,
        }
        while True:
            page = self.client.query(**kwargs)
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
            response = self.client.batch_write_item(RequestItems=requests)
            requests = response.get("UnprocessedItems") or {}
            if not requests:
                return
            time.sleep(min(0.05 * 2**attempt, 1.0))  # throttled: back off, then resend the rest
        left = sum(len(batch) for batch in requests.values())
        raise RuntimeError(
            f"{self.table_name}: {left} item(s) still unprocessed after {BATCH_ATTEMPTS} rounds"
        )
