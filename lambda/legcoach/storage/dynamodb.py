"""The whole-record adapter behind the ASK SDK's ``AbstractPersistenceAdapter``: one item per owner.

Kept beside the item-per-workout store (``storage.items``) until the voice layer moves to the
store contract; both read and write the same profile key, so either can follow the other:

* one item per owner: key ``user_id`` (S, the account) + ``person`` (S, personId or ``"-"``),
  with ``schema`` (N), ``version`` (N), ``data`` (M: the attributes) and ``updated`` (S, ISO time);
* every write is conditioned on the version it read. The attributes returned by
  ``get_attributes`` carry ``"_version"``; on a conflict the adapter re-reads, lets ``merge``
  combine the fresh record with the caller's, and retries;
* calls are bounded and typed (``client.TableClient``), values serialised explicitly
  (``codec``), unreadable items moved aside, never overwritten.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from . import KEPT_ASIDE_KEY
from .client import (
    ATTEMPTS,
    BACKOFF_S,
    BATCH_ATTEMPTS,
    BATCH_SIZE,
    CONNECT_TIMEOUT_S,
    QUARANTINE,
    READ_TIMEOUT_S,
    Deadline,
    TableClient,
)
from .codec import deserialize, item_size, serialize
from .codec import to_int as _to_int
from .errors import (
    ConcurrentUpdateError,
    ItemTooLarge,
    StoredDataError,
    StoreMisconfigured,
    StoreTimeout,
    StoreUnavailable,
    classify,
    error_code,
)
from .keys import Owner, owner_of

__all__ = [
    "ATTEMPTS",
    "BACKOFF_S",
    "BATCH_ATTEMPTS",
    "BATCH_SIZE",
    "CONNECT_TIMEOUT_S",
    "QUARANTINE",
    "READ_TIMEOUT_S",
    "ConcurrentUpdateError",
    "DynamoDbAdapter",
    "ItemTooLarge",
    "StoreMisconfigured",
    "StoreTimeout",
    "StoreUnavailable",
    "StoredDataError",
    "classify",
    "deserialize",
    "item_size",
    "mine_wins",
    "serialize",
]

log = logging.getLogger(__name__)

VERSION_KEY = "_version"  # added to what get_attributes returns; never stored inside ``data``

Merge = Callable[[dict, dict], dict]
Validate = Callable[[dict], object]  # raises when the caller cannot use the stored attributes

MAX_ITEM_BYTES = 400 * 1024  # DynamoDB's limit
REFUSE_ITEM_BYTES = 350 * 1024  # refuse to write past this: a clear error, with room to notice


def mine_wins(fresh: dict, mine: dict) -> dict:
    """Default merge: the caller's attributes replace the stored ones (last writer wins).

    It is only the default so the adapter works on its own: the coaching layer must pass its own
    merge (one that unions logged sets), otherwise a concurrent session's work is overwritten.
    """
    return mine


class DynamoDbAdapter(TableClient, AbstractPersistenceAdapter):
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
        if max_retries < 0 or attempts < 1:
            raise ValueError("max_retries must be >= 0 and attempts >= 1")
        super().__init__(
            table_name,
            endpoint_url=endpoint_url,
            region=region,
            connect_timeout=connect_timeout,
            read_timeout=read_timeout,
            attempts=attempts,
            backoff=backoff,
            deadline=deadline,
            log_key=log_key,
        )
        self.merge: Merge = merge or mine_wins
        self.validate = validate
        self.max_retries = max_retries

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
            self.quarantine(owner, item, f"{type(exc).__name__}: {exc}")
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
                if error_code(exc) != "ConditionalCheckFailedException":
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
        """Delete this owner's item and every item under it (quarantined copies, workouts);
        other persons untouched."""
        owner = owner_of(request_envelope)
        self._call("delete_item", TableName=self.table_name, Key=self._key(owner))
        self.delete_keys(list(self.keys(owner.user_id, prefix=owner.person_id + "#")))

    # -- account-wide operations

    def erase_account(self, user_id: str) -> int:
        """Delete every item of an account (its own and its persons'); return how many."""
        keys = list(self.keys(user_id))
        self.delete_keys(keys)
        return len(keys)

    # -- internals

    def _key(self, owner: Owner) -> dict[str, Any]:
        return self.key(owner.user_id, owner.person_id)

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
            self.quarantine(owner, item, f"{type(error).__name__}: {error}")
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
