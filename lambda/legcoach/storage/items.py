"""The store contract on DynamoDB: a profile item and one item per workout, in today's keys.

The table's keys are unchanged (``user_id`` HASH, ``person`` RANGE: a new key schema would make
CloudFormation replace the table); the sort key carries the item's kind:

=============================  ===============================================================
``<person>``                   the profile: ``data`` (M, ``Profile.to_dict`` without the workout
                               in progress), ``layout`` (N, 2), ``version`` (N), ``updated``;
                               the same key as a whole record of an older release
``<person>#open#<workout>``    a workout in progress: ``plan`` (M), ``s<i>`` (M ``{n, w}``: set
                               i's count and writer), ``touched`` (N), ``rev`` (N)
``<person>#workout#<workout>`` a closed workout, as it was folded (kept as the history)
``<person>#quarantine#<time>`` an unreadable item, moved aside (never overwritten)
=============================  ===============================================================

* **Load** is one strongly consistent Query of ``person BETWEEN <person> AND <person>#open$``:
  the profile and the open workouts, nothing else (closed workouts and quarantined items sort
  outside the range), so its cost does not grow with the history.
* **A set** is one UpdateItem of the open workout: ``SET s<i> = {n, w}``, conditioned so that a
  repeat (same writer) is harmless and another writer's set is kept (a count may replace a
  skip). The first write of a workout this process has not seen is a transaction that also
  checks the workout was never closed, so a late retry cannot reopen it.
* **A close** reads the profile and the workout (one Query), folds the union of the sets, and
  writes in one transaction: the closed workout (only if absent: the guard that makes a close
  idempotent), the delete of the open item (only as read: no set lands unseen), the profile
  (only at the version read). A second close finds the closed item and counts nothing again.
* **Preferences** are one UpdateItem of their fields of ``data``: no read, nothing else touched.
* **Older records** (one whole item per owner, any schema, huge ones) are read as they are and
  moved to this layout on first read, in one transaction (the new profile at the version read,
  and the workout in progress as an open item); an unreadable one is moved aside.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..coach.profile import Profile
from ..coach.workout import Workout
from .client import (
    ATTEMPTS,
    BACKOFF_S,
    CONNECT_TIMEOUT_S,
    READ_TIMEOUT_S,
    Deadline,
    TableClient,
)
from .codec import deserialize, item_size, serialize, to_int
from .contract import (
    Closed,
    Loaded,
    SetOutcome,
    SetResult,
    Store,
    Unsaved,
    preference_values,
)
from .errors import (
    ConcurrentUpdateError,
    ItemTooLarge,
    StoredDataError,
    StoreUnavailable,
    error_code,
)
from .keys import Owner
from .workouts import (
    StoredSet,
    StoredWorkout,
    fold,
    folded_count,
    newest_first,
    plan_of,
    union,
)

log = logging.getLogger(__name__)

LAYOUT = 2  # items of this module; an item at the profile key without it is a whole record
OPEN = "#open#"
CLOSED = "#workout#"
RANGE_END = "#open$"  # "$" sorts right after "#": the end of the open workouts' range
REFUSE_ITEM_BYTES = 350 * 1024
MAX_CONFLICTS = 3  # a close or a migration re-read this many times before giving up

Validate = Callable[[dict], object]  # raises when the coach cannot use a stored profile


@dataclass
class _Read:
    """One Query's worth: the profile item (decoded) and the open workouts."""

    profile: Profile
    version: int = 0
    exists: bool = False  # an item is at the profile key
    legacy: bool = False  # ... a whole record of an older release (any schema)
    versioned: bool = True
    legacy_active: Workout | None = None
    open: dict[str, StoredWorkout] = field(default_factory=dict)
    unsaved: Unsaved | None = None
    kept_aside: bool = False


class DynamoDbStore(TableClient, Store):
    """The store contract on one DynamoDB table (see the module's docstring for the items)."""

    def __init__(
        self,
        table_name: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        validate: Validate | None = None,
        connect_timeout: float = CONNECT_TIMEOUT_S,
        read_timeout: float = READ_TIMEOUT_S,
        attempts: int = ATTEMPTS,
        backoff: float = BACKOFF_S,
        deadline: Deadline | None = None,
        log_key: bytes | str | None = None,
    ) -> None:
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
        self.validate = validate
        # Open workouts this process has seen exist: their sets need no closed-check.
        self._open_seen: set[tuple[Owner, str]] = set()
        # Markers of lost writes the store would not take: said by the next load here.
        self._parked: dict[Owner, Unsaved] = {}

    # -- the contract

    def load(self, owner: Owner) -> Loaded:
        read = self._read(owner)
        migrated = read.legacy and read.exists
        if migrated:
            try:
                self._migrate(owner, read)
                read = self._read(owner)
            except StoreUnavailable as exc:  # read as it is; moved on a later read
                log.warning("moving %s to the new layout failed: %s", self.tag(owner), exc.reason)
        profile = read.profile
        profile.active = None
        workouts = [w.workout() for w in read.open.values()]
        if read.legacy_active is not None and read.legacy_active.id not in read.open:
            workouts.append(read.legacy_active)
        ordered = newest_first(workouts)
        profile.active = ordered[0] if ordered else None
        unsaved = self._parked.pop(owner, None) or read.unsaved
        if read.unsaved is not None:
            self._clear_mark(owner, read.unsaved)
        return Loaded(
            profile,
            others=ordered[1:],
            kept_aside=read.kept_aside,
            unsaved=unsaved,
            migrated=migrated,
        )

    def record_set(self, owner: Owner, workout: Workout, index: int, *, writer: str) -> SetResult:
        if not 0 <= index < min(workout.cursor, len(workout.counts)):
            raise ValueError(f"set {index} of workout {workout.id!r} is not logged in it")
        count = workout.counts[index]
        name = f"s{index}"
        values: dict[str, Any] = {
            ":set": serialize({"n": count, "w": writer}),
            ":t": {"N": str(workout.touched)},
            ":one": {"N": "1"},
            ":w": {"S": writer},
            ":plan": serialize(plan_of(workout), "plan"),
        }
        condition = "(attribute_not_exists(#s) OR #s.#w = :w"
        if count is not None:
            condition += " OR attribute_type(#s.#n, :null)"
            values[":null"] = {"S": "NULL"}
        condition += ")"
        update = {
            "TableName": self.table_name,
            "Key": self._open_key(owner, workout.id),
            "UpdateExpression": "SET #s = :set, #plan = :plan, #t = :t ADD #rev :one",
            "ExpressionAttributeNames": {
                "#s": name,
                "#w": "w",
                "#plan": "plan",
                "#t": "touched",
                "#rev": "rev",
                **({"#n": "n"} if count is not None else {}),
            },
            "ExpressionAttributeValues": values,
        }
        seen = (owner, workout.id) in self._open_seen
        if seen:
            try:
                self._call(
                    "update_item",
                    **update,
                    ConditionExpression=f"attribute_exists(#plan) AND {condition}",
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
                return SetResult(SetOutcome.STORED, count)
            except Exception as exc:
                if error_code(exc) != "ConditionalCheckFailedException":
                    raise
                old = (getattr(exc, "response", None) or {}).get("Item")
                if old:
                    return self._taken(old, name)
                self._open_seen.discard((owner, workout.id))  # gone: closed meanwhile?
        # Not known to exist here: create it unless the workout was closed.
        try:
            self._call(
                "transact_write_items",
                TransactItems=[
                    {
                        "ConditionCheck": {
                            "TableName": self.table_name,
                            "Key": self._closed_key(owner, workout.id),
                            "ConditionExpression": "attribute_not_exists(person)",
                        }
                    },
                    {"Update": {**update, "ConditionExpression": condition}},
                ],
            )
        except Exception as exc:
            if error_code(exc) != "TransactionCanceledException":
                raise
            reasons = _reasons(exc)
            if reasons[:1] == ["ConditionalCheckFailed"]:
                # Closed: which count the close folded for this set (one read, on this rare path).
                closed = self._get(self._closed_key(owner, workout.id)) or {}
                return SetResult(SetOutcome.CLOSED, folded_count(_plain(closed.get("data")), index))
            if reasons[1:2] == ["ConditionalCheckFailed"]:
                self._open_seen.add((owner, workout.id))
                old = self._get(self._open_key(owner, workout.id))
                return self._taken(old or {}, name)
            raise self._conflict(owner, "recording a set", exc) from exc
        self._open_seen.add((owner, workout.id))
        return SetResult(SetOutcome.STORED, count)

    def close_workout(self, owner: Owner, workout: Workout, *, completed: bool) -> Closed:
        for _attempt in range(MAX_CONFLICTS + 1):
            read = self._read(owner)
            if read.legacy and read.exists:
                self._migrate(owner, read)
                continue
            stored = read.open.get(workout.id)
            whole = union(stored, workout)
            profile = read.profile
            stepped_up = fold(profile, whole, completed=completed)
            closed_item = {
                **self._closed_key(owner, workout.id),
                "data": serialize(whole.to_dict()),
                "completed": {"BOOL": completed},
                "layout": {"N": str(LAYOUT)},
                "updated": {"S": _now()},
            }
            if stored is not None:
                gone: dict[str, Any] = {
                    "ConditionExpression": "#rev = :rev",
                    "ExpressionAttributeNames": {"#rev": "rev"},
                    "ExpressionAttributeValues": {":rev": {"N": str(stored.rev)}},
                }
            else:
                gone = {"ConditionExpression": "attribute_not_exists(person)"}
            try:
                self._call(
                    "transact_write_items",
                    TransactItems=[
                        {
                            "Put": {
                                "TableName": self.table_name,
                                "Item": closed_item,
                                "ConditionExpression": "attribute_not_exists(person)",
                            }
                        },
                        {
                            "Delete": {
                                "TableName": self.table_name,
                                "Key": self._open_key(owner, workout.id),
                                **gone,
                            }
                        },
                        {"Put": self._profile_put(owner, profile, read)},
                    ],
                )
            except Exception as exc:
                if error_code(exc) != "TransactionCanceledException":
                    raise
                if _reasons(exc)[:1] == ["ConditionalCheckFailed"]:
                    fresh = self._read(owner).profile
                    fresh.active = None
                    return Closed(fresh, already=True)
                continue  # a set or another close landed since the read: fold again
            self._open_seen.discard((owner, workout.id))
            profile.version = read.version + 1
            return Closed(profile, stepped_up)
        raise ConcurrentUpdateError(
            f"{self.table_name}: closing a workout of {self.tag(owner)} kept conflicting",
            reason="conflict",
            attempts=MAX_CONFLICTS + 1,
        )

    def save_preferences(self, owner: Owner, profile: Profile, fields: Iterable[str]) -> None:
        values = preference_values(profile, fields)
        if not values:
            return
        names: dict[str, str] = {"#d": "data", "#v": "version", "#u": "updated", "#l": "layout"}
        attribute_values: dict[str, Any] = {":one": {"N": "1"}, ":now": {"S": _now()}}
        sets = []
        for i, (name, value) in enumerate(values.items()):
            names[f"#f{i}"] = name
            attribute_values[f":f{i}"] = serialize(value, f"data.{name}")
            sets.append(f"#d.#f{i} = :f{i}")
        for _attempt in range(MAX_CONFLICTS + 1):
            try:
                self._call(
                    "update_item",
                    TableName=self.table_name,
                    Key=self._profile_key(owner),
                    UpdateExpression=f"SET {', '.join(sets)}, #u = :now ADD #v :one",
                    ConditionExpression="attribute_exists(#l)",
                    ExpressionAttributeNames=names,
                    ExpressionAttributeValues=attribute_values,
                )
                return
            except Exception as exc:
                if error_code(exc) != "ConditionalCheckFailedException":
                    raise
            # No profile in this layout yet: a new owner, or a record of the old layout.
            read = self._read(owner)
            if read.exists:
                self._migrate(owner, read)
                continue
            fresh = read.profile
            fresh_data = fresh.to_dict()
            fresh_data.update(values)
            try:
                self._call(
                    "put_item",
                    TableName=self.table_name,
                    Item=self._profile_item(owner, Profile.from_dict(fresh_data), 1),
                    ConditionExpression="attribute_not_exists(person)",
                )
                return
            except Exception as exc:
                if error_code(exc) != "ConditionalCheckFailedException":
                    raise
        raise ConcurrentUpdateError(
            f"{self.table_name}: the preferences of {self.tag(owner)} kept conflicting",
            reason="conflict",
            attempts=MAX_CONFLICTS + 1,
        )

    def park(self, owner: Owner, unsaved: Unsaved) -> bool:
        try:
            self._call(
                "update_item",
                TableName=self.table_name,
                Key=self._profile_key(owner),
                # A new owner gets an empty record (read as the old layout, moved on load).
                UpdateExpression="SET #m = :m, #d = if_not_exists(#d, :empty)",
                ExpressionAttributeNames={"#m": "unsaved", "#d": "data"},
                ExpressionAttributeValues={":m": serialize(unsaved.to_dict()), ":empty": {"M": {}}},
            )
            return True
        except StoreUnavailable:
            self._parked[owner] = unsaved
            return False

    def erase(self, owner: Owner) -> int:
        keys = [
            key
            for key in self.keys(owner.user_id, prefix=owner.person_id)
            if key["person"]["S"] == owner.person_id
            or key["person"]["S"].startswith(owner.person_id + "#")
        ]
        self.delete_keys(keys)
        self._parked.pop(owner, None)
        self._open_seen = {seen for seen in self._open_seen if seen[0] != owner}
        return len(keys)

    def erase_account(self, user_id: str) -> int:
        keys = list(self.keys(user_id))
        self.delete_keys(keys)
        for owner in [o for o in self._parked if o.user_id == user_id]:
            del self._parked[owner]
        return len(keys)

    # -- reading

    def _read(self, owner: Owner) -> _Read:
        items = self._query_range(owner)
        profile_item = items.pop(owner.person_id, None)
        read = self._decode_profile(owner, profile_item)
        for person, item in items.items():
            workout_id = person[len(owner.person_id) + len(OPEN) :]
            try:
                read.open[workout_id] = _decode_open(item)
            except Exception as exc:
                self.quarantine(owner, item, f"{type(exc).__name__}: {exc}")
                continue
            self._open_seen.add((owner, workout_id))
        return read

    def _query_range(self, owner: Owner) -> dict[str, dict[str, Any]]:
        """The profile item and the open workouts, by sort key: one Query (one page in practice)."""
        kwargs: dict[str, Any] = {
            "TableName": self.table_name,
            "KeyConditionExpression": "#u = :u AND #p BETWEEN :lo AND :hi",
            "ExpressionAttributeNames": {"#u": "user_id", "#p": "person"},
            "ExpressionAttributeValues": {
                ":u": {"S": owner.user_id},
                ":lo": {"S": owner.person_id},
                ":hi": {"S": owner.person_id + RANGE_END},
            },
            "ConsistentRead": True,
        }
        found: dict[str, dict[str, Any]] = {}
        while True:
            page = self._call("query", **kwargs)
            for item in page.get("Items", []):
                person = item["person"]["S"]
                # Another person's id may extend this one: only exact kinds count.
                if person == owner.person_id or person.startswith(owner.person_id + OPEN):
                    found[person] = item
            last = page.get("LastEvaluatedKey")
            if not last:
                return found
            kwargs["ExclusiveStartKey"] = last

    def _decode_profile(self, owner: Owner, item: dict[str, Any] | None) -> _Read:
        if not item:
            return _Read(Profile(), legacy=True)
        try:
            data = deserialize(item["data"]) if "data" in item else None
            if not isinstance(data, dict):
                raise StoredDataError("data: the stored record is not a map")
            for name in ("version", "layout", "schema"):
                if name in item and set(item[name]) != {"N"}:
                    raise StoredDataError(f"{name}: stored as {item[name]!r}, not a number")
            version = to_int(item["version"]["N"], "version") if "version" in item else 0
            if version < 0:
                raise StoredDataError(f"version: {version} is negative")
            if data and self.validate is not None:
                self.validate(data)
            legacy = "layout" not in item
            profile = Profile.from_dict(data)
        except Exception as exc:
            self.quarantine(owner, item, f"{type(exc).__name__}: {exc}")
            return _Read(Profile(), legacy=True, kept_aside=True)
        unsaved = Unsaved.from_dict(_plain(item.get("unsaved")))
        active = profile.active if legacy else None
        profile.active = None
        profile.version = version
        return _Read(
            profile,
            version=version,
            exists=True,
            legacy=legacy,
            versioned="version" in item,
            legacy_active=active,
            unsaved=unsaved,
        )

    def _get(self, key: dict[str, Any]) -> dict[str, Any] | None:
        response = self._call("get_item", TableName=self.table_name, Key=key, ConsistentRead=True)
        return response.get("Item")

    def _taken(self, item: Mapping[str, Any], name: str) -> SetResult:
        entry = _plain(item.get(name))
        count = entry.get("n") if isinstance(entry, dict) else None
        return SetResult(SetOutcome.TAKEN, count if isinstance(count, int) else None)

    # -- writing

    def _migrate(self, owner: Owner, read: _Read) -> None:
        """Move a whole record to this layout: the profile at the version read, and the
        workout it held in progress as an open item (unless one is there already)."""
        writes: list[dict[str, Any]] = [{"Put": self._profile_put(owner, read.profile, read)}]
        active = read.legacy_active
        if active is not None and active.id not in read.open:
            item: dict[str, Any] = {
                **self._open_key(owner, active.id),
                "plan": serialize(plan_of(active), "plan"),
                "touched": {"N": str(active.touched)},
                "rev": {"N": "1"},
            }
            for index, count in enumerate(active.counts[: active.cursor]):
                item[f"s{index}"] = serialize({"n": count, "w": "migrated"})
            writes.append(
                {
                    "Put": {
                        "TableName": self.table_name,
                        "Item": item,
                        "ConditionExpression": "attribute_not_exists(person)",
                    }
                }
            )
        try:
            self._call("transact_write_items", TransactItems=writes)
        except Exception as exc:
            if error_code(exc) != "TransactionCanceledException":
                raise
            raise self._conflict(owner, "moving a record to the new layout", exc) from exc
        log.info("record of %s moved to the new layout", self.tag(owner))

    def _profile_put(self, owner: Owner, profile: Profile, read: _Read) -> dict[str, Any]:
        put: dict[str, Any] = {
            "TableName": self.table_name,
            "Item": self._profile_item(owner, profile, read.version + 1, unsaved=read.unsaved),
        }
        if not read.exists:
            put["ConditionExpression"] = "attribute_not_exists(person)"
        elif not read.versioned:
            put["ConditionExpression"] = "attribute_exists(person) AND attribute_not_exists(#v)"
            put["ExpressionAttributeNames"] = {"#v": "version"}
        else:
            put["ConditionExpression"] = "#v = :v"
            put["ExpressionAttributeNames"] = {"#v": "version"}
            put["ExpressionAttributeValues"] = {":v": {"N": str(read.version)}}
        return put

    def _profile_item(
        self, owner: Owner, profile: Profile, version: int, *, unsaved: Unsaved | None = None
    ) -> dict[str, Any]:
        data = profile.to_dict()
        data["active"] = None
        data.pop("_version", None)
        item: dict[str, Any] = {
            **self._profile_key(owner),
            "data": serialize(data),
            "schema": {"N": str(data["schema"])},
            "layout": {"N": str(LAYOUT)},
            "version": {"N": str(version)},
            "updated": {"S": _now()},
        }
        if unsaved is not None:  # a marker of lost writes outlives the rewrite
            item["unsaved"] = serialize(unsaved.to_dict())
        size = item_size(item)
        if size > REFUSE_ITEM_BYTES:
            raise ItemTooLarge(
                f"the profile of {self.tag(owner)} would be about {size // 1024} KB; refusing "
                f"to write past {REFUSE_ITEM_BYTES // 1024} KB"
            )
        return item

    def _clear_mark(self, owner: Owner, unsaved: Unsaved) -> None:
        """The marker is said once: removed as read (a newer one stays)."""
        try:
            self._call(
                "update_item",
                TableName=self.table_name,
                Key=self._profile_key(owner),
                UpdateExpression="REMOVE #m",
                ConditionExpression="#m = :m",
                ExpressionAttributeNames={"#m": "unsaved"},
                ExpressionAttributeValues={":m": serialize(unsaved.to_dict())},
            )
        except StoreUnavailable:
            log.warning("could not clear the lost-writes marker of %s", self.tag(owner))
        except Exception as exc:
            if error_code(exc) != "ConditionalCheckFailedException":
                raise

    def _conflict(self, owner: Owner, doing: str, exc: Exception) -> StoreUnavailable:
        return StoreUnavailable(
            f"{doing} for {self.tag(owner)} conflicted ({', '.join(_reasons(exc))})",
            reason="conflict",
            attempts=1,
        )

    # -- keys

    def _profile_key(self, owner: Owner) -> dict[str, Any]:
        return self.key(owner.user_id, owner.person_id)

    def _open_key(self, owner: Owner, workout_id: str) -> dict[str, Any]:
        return self.key(owner.user_id, f"{owner.person_id}{OPEN}{workout_id}")

    def _closed_key(self, owner: Owner, workout_id: str) -> dict[str, Any]:
        return self.key(owner.user_id, f"{owner.person_id}{CLOSED}{workout_id}")


def _decode_open(item: Mapping[str, Any]) -> StoredWorkout:
    plan = deserialize(item["plan"], "plan")
    if not isinstance(plan, dict):
        raise StoredDataError("plan: not a map")
    sets: dict[int, StoredSet] = {}
    for name, value in item.items():
        if name.startswith("s") and name[1:].isdigit():
            entry = deserialize(value, name)
            count = entry.get("n") if isinstance(entry, dict) else None
            if count is not None and (isinstance(count, bool) or not isinstance(count, int)):
                raise StoredDataError(f"{name}: the count is not a whole number")
            sets[int(name[1:])] = StoredSet(count, str(entry.get("w", "")))
    touched = to_int(item["touched"]["N"], "touched") if "touched" in item else 0
    rev = to_int(item["rev"]["N"], "rev") if "rev" in item else 0
    stored = StoredWorkout(plan, sets, touched, rev)
    stored.workout()  # raises on a plan the coach cannot load: moved aside, not half-read
    return stored


def _plain(attribute: Mapping[str, Any] | None) -> Any:
    if not attribute:
        return None
    try:
        return deserialize(attribute)
    except StoredDataError:
        return None


def _reasons(exc: Exception) -> list[str]:
    response = getattr(exc, "response", None) or {}
    reasons = response.get("CancellationReasons") or []
    if not reasons:  # botocore puts them in the message only, for some servers
        message = str(response.get("Error", {}).get("Message", ""))
        if "[" in message:
            inner = message[message.index("[") + 1 : message.rindex("]")]
            return [part.strip() for part in inner.split(",")]
    return [str(reason.get("Code", "None")) for reason in reasons]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
