"""The stored record, as tests read and seed it: the profile with its active workout.

The store keeps a profile item and one item per workout; tests that say what "is stored" (the
conversations' dotted paths such as `active.cursor`, the matrix's snapshots, seeded profiles)
mean the person's record as the skill loads it: the profile, with the newest open workout (every
device's sets) as `active`. `ViewedStore.items` is that view of a `MemoryStore`, by owner; it
writes through: setting an owner's record stores its profile and its active workout's sets.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, MutableMapping
from typing import Any

from legcoach.coach.profile import Profile
from legcoach.coach.workout import Workout
from legcoach.storage.errors import StoreUnavailable
from legcoach.storage.keys import Owner
from legcoach.storage.memory import MemoryStore
from legcoach.storage.workouts import StoredSet, StoredWorkout, newest_first, plan_of

SEEDER = "seed"  # the writer tag of sets a test puts in the store directly


class Records(MutableMapping[Owner, dict]):
    """Owner -> the stored record (profile + active workout), over a `MemoryStore`."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    def _owners(self) -> list[Owner]:
        seen = {**dict.fromkeys(self.store.profiles), **dict.fromkeys(self.store.open)}
        return [o for o in seen if o in self.store.profiles or self.store.open.get(o)]

    def __getitem__(self, owner: Owner) -> dict:
        if owner not in self._owners():
            raise KeyError(owner)
        data = copy.deepcopy(self.store.profiles.get(owner)) or Profile().to_dict()
        open_ = newest_first([w.workout() for w in self.store.open.get(owner, {}).values()])
        data["active"] = open_[0].to_dict() if open_ else None
        return data

    def __setitem__(self, owner: Owner, record: dict) -> None:
        record = copy.deepcopy(record)
        active = record.pop("active", None)
        record["active"] = None
        record.pop("_version", None)
        self.store.profiles[owner] = record
        self.store.open.pop(owner, None)
        if isinstance(active, dict):
            workout = Workout.from_dict(active)
            stored = StoredWorkout(plan_of(workout), touched=workout.touched)
            for index, count in enumerate(workout.counts[: workout.cursor]):
                stored.sets[index] = StoredSet(count, SEEDER)
            self.store.open[owner] = {workout.id: stored}

    def __delitem__(self, owner: Owner) -> None:
        self.store.erase(owner)

    def __iter__(self) -> Iterator[Owner]:
        return iter(self._owners())

    def __len__(self) -> int:
        return len(self._owners())

    def __deepcopy__(self, memo: dict) -> dict[Owner, dict]:
        return {owner: self[owner] for owner in self}


class ViewedStore(MemoryStore):
    """The memory store, with `items`: the stored records as tests name them."""

    @property
    def items(self) -> Records:
        return Records(self)

    @items.setter
    def items(self, records: Any) -> None:
        for owner in list(Records(self)):
            self.erase(owner)
        self.closed.clear()
        view = Records(self)
        for owner, record in dict(records).items():
            view[owner] = record


class FlakyStore(ViewedStore):
    """A memory store whose next `fail` writes raise, as a throttled DynamoDB would."""

    def __init__(self) -> None:
        super().__init__()
        self.fail = 0

    def _maybe_fail(self) -> None:
        if self.fail > 0:
            self.fail -= 1
            raise StoreUnavailable("throttled", reason="throttled", attempts=2)

    def record_set(self, *args: Any, **kwargs: Any) -> Any:
        self._maybe_fail()
        return super().record_set(*args, **kwargs)

    def close_workout(self, *args: Any, **kwargs: Any) -> Any:
        self._maybe_fail()
        return super().close_workout(*args, **kwargs)

    def save_preferences(self, *args: Any, **kwargs: Any) -> Any:
        self._maybe_fail()
        return super().save_preferences(*args, **kwargs)


def stored_record(store: Any, user_id: str, person_id: str = "-") -> dict:
    """The stored record as the skill loads it (through the contract): the profile with its
    active workout. Reading it reports a parked marker of lost writes once, as a launch would."""
    loaded = store.load(Owner(user_id, person_id))
    return loaded.profile.to_dict()
