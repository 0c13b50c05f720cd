"""In-memory persistence: the default for tests and for a quick local run without DynamoDB.

`MemoryStore` implements the store contract with the same rules as the DynamoDB store.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from ..coach.profile import Profile
from ..coach.workout import Workout
from .contract import (
    Closed,
    Loaded,
    SetOutcome,
    SetResult,
    Store,
    Unsaved,
    preference_values,
)
from .keys import Owner
from .workouts import (
    StoredSet,
    StoredWorkout,
    fold,
    folded_count,
    may_write,
    newest_first,
    plan_of,
    union,
)


class MemoryStore(Store):
    """The store contract in a dict: the same rules as DynamoDB's, for tests and local runs.

    Values are kept as the stored (JSON-like) form and copied on the way in and out, so a caller
    that keeps mutating its objects changes nothing stored.
    """

    def __init__(self) -> None:
        self.profiles: dict[Owner, dict] = {}
        self.open: dict[Owner, dict[str, StoredWorkout]] = {}
        self.closed: dict[Owner, dict[str, dict]] = {}
        self.marks: dict[Owner, Unsaved] = {}
        self.reads = 0
        self.writes = 0

    @property
    def worst_case_seconds(self) -> float:
        return 0.0

    def warm(self) -> None:
        """Nothing to connect."""

    def load(self, owner: Owner) -> Loaded:
        self.reads += 1
        profile = Profile.from_dict(copy.deepcopy(self.profiles.get(owner)))
        profile.active = None
        workouts = newest_first([w.workout() for w in self.open.get(owner, {}).values()])
        if workouts:
            profile.active, others = workouts[0], workouts[1:]
        else:
            others = []
        unsaved = self.marks.pop(owner, None)
        return Loaded(profile, others=others, unsaved=unsaved)

    def record_set(self, owner: Owner, workout: Workout, index: int, *, writer: str) -> SetResult:
        count = _count_at(workout, index)
        folded = self.closed.get(owner, {}).get(workout.id)
        if folded is not None:
            return SetResult(SetOutcome.CLOSED, folded_count(folded, index))
        self.writes += 1
        stored = self.open.setdefault(owner, {}).setdefault(
            workout.id, StoredWorkout(copy.deepcopy(plan_of(workout)))
        )
        existing = stored.sets.get(index)
        if not may_write(existing, count, writer):
            assert existing is not None
            return SetResult(SetOutcome.TAKEN, existing.count)
        stored.sets[index] = StoredSet(count, writer)
        stored.plan = copy.deepcopy(plan_of(workout))
        stored.touched = workout.touched
        stored.rev += 1
        return SetResult(SetOutcome.STORED, count)

    def close_workout(self, owner: Owner, workout: Workout, *, completed: bool) -> Closed:
        profile = Profile.from_dict(copy.deepcopy(self.profiles.get(owner)))
        profile.active = None
        if workout.id in self.closed.get(owner, {}):
            return Closed(profile, already=True)
        self.writes += 1
        stored = self.open.get(owner, {}).pop(workout.id, None)
        whole = union(stored, workout)
        stepped_up = fold(profile, whole, completed=completed)
        self.closed.setdefault(owner, {})[workout.id] = whole.to_dict()
        self.profiles[owner] = _stored(profile)
        return Closed(Profile.from_dict(copy.deepcopy(self.profiles[owner])), stepped_up)

    def save_preferences(self, owner: Owner, profile: Profile, fields: Iterable[str]) -> None:
        values = preference_values(profile, fields)
        self.writes += 1
        stored = self.profiles.setdefault(owner, _stored(Profile()))
        stored.update(copy.deepcopy(values))

    def park(self, owner: Owner, unsaved: Unsaved) -> bool:
        self.marks[owner] = unsaved
        return True

    def erase(self, owner: Owner) -> int:
        removed = (owner in self.profiles) + len(self.open.pop(owner, {}))
        removed += len(self.closed.pop(owner, {}))
        self.profiles.pop(owner, None)
        self.marks.pop(owner, None)
        return removed

    def erase_account(self, user_id: str) -> int:
        owners = {o for store in (self.profiles, self.open, self.closed) for o in store}
        return sum(self.erase(o) for o in owners if o.user_id == user_id)


def _count_at(workout: Workout, index: int) -> int | None:
    if not 0 <= index < min(workout.cursor, len(workout.counts)):
        raise ValueError(f"set {index} of workout {workout.id!r} is not logged in it")
    return workout.counts[index]


def _stored(profile: Profile) -> dict:
    data = profile.to_dict()
    data["active"] = None
    data.pop("_version", None)
    return copy.deepcopy(data)
