"""The store contract: what the skill may ask of its persistence, and what each answer means.

One typed interface, every method abstract: a backend that cannot, say, erase an account cannot
be built (Python refuses to instantiate the class), so callers never probe with ``hasattr``. The
in-memory store and the DynamoDB store (``storage.items``) implement it, and one contract test
suite runs against both.

The data model behind it, per owner (an account, or a recognised voice in it):

* a **profile** (ladder, totals, preferences, cautions, a bounded recent history), written whole
  only when a workout closes, and field by field for preferences;
* one **workout** per workout: its plan and one entry per logged set. Logging a set writes that
  set's entry and nothing else: a repeat of the same write is harmless, and another writer's
  entry is never overwritten (a count may still replace a skip), so two devices logging into one
  workout end with the union of their sets, by construction;
* **closing** a workout folds the union of its sets into the profile once: a retry, or a second
  device closing the same workout, finds it closed and counts nothing twice.

Every write is idempotent, so a write that failed can be carried (``pending.Pending``) and sent
again on a later request; what could not be sent by the session's end is ``park``-ed, and the
next ``load`` says so (``Loaded.unsaved``).

Failures: every method raises ``errors.StoreUnavailable`` (or a subclass) when the store did not
answer; nothing else for a store that is merely down.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from ..coach.profile import Profile
from ..coach.workout import Workout
from .keys import Owner

# A preference write may set any top-level field of `Profile.to_dict` but these: the history
# changes only when a workout closes, and the workout in progress lives in its own item.
HISTORY_FIELDS = frozenset({"recent", "folded", "first", "active", "schema", "_version"})


def writer_of(session_id: str) -> str:
    """A short, stable tag for one writer (a session): which device logged a set."""
    return hashlib.sha256(session_id.encode()).hexdigest()[:8]


class SetOutcome(Enum):
    STORED = "stored"  # this write's value is stored (or already was: a repeat)
    TAKEN = "taken"  # another writer logged this set first: its value is kept (`SetResult.count`)
    CLOSED = "closed"  # the workout was closed meanwhile: nothing written, nothing to retry


@dataclass(frozen=True)
class SetResult:
    outcome: SetOutcome
    # The stored value: the other writer's when TAKEN; when CLOSED, the count the closed
    # workout was folded with for this set (None: it holds none, so the set is still owed).
    count: int | None = None


@dataclass(frozen=True)
class Closed:
    """The profile after a workout's close, and whether this call is the one that folded it."""

    profile: Profile
    stepped_up: tuple[str, ...] = ()  # exercises that step up next time (for the goodbye)
    already: bool = False  # closed before (a retry, another device): nothing counted again


@dataclass(frozen=True)
class Unsaved:
    """Writes still pending when a session ended: the next launch says the sets were not all
    saved, instead of silently starting over."""

    workout_id: str
    sets: int  # how many set writes were lost

    def to_dict(self) -> dict[str, object]:
        return {"workout": self.workout_id, "sets": self.sets}

    @classmethod
    def from_dict(cls, raw: object) -> Unsaved | None:
        if not isinstance(raw, dict):
            return None
        try:
            sets = int(raw.get("sets", 0))
        except (TypeError, ValueError):
            return None
        return cls(str(raw.get("workout", ""))[:100], max(0, sets)) if sets > 0 else None


@dataclass
class Loaded:
    """What a turn needs from the store, read in one call.

    ``profile.active`` is the open workout touched last (with every writer's sets), or None;
    ``others`` holds any other open workout (another device's): the caller closes them.
    """

    profile: Profile
    others: list[Workout] = field(default_factory=list)
    kept_aside: bool = False  # the stored record was unreadable and moved aside: a fresh start
    unsaved: Unsaved | None = None  # the last session ended with writes pending (said once)
    migrated: bool = False  # read from an older layout (moved to this one if the write landed)


class Store(ABC):
    """Persistence for the coach, by owner. Every method is required."""

    @property
    @abstractmethod
    def worst_case_seconds(self) -> float:
        """The longest one call can take (0 for a store in memory): no call starts without it."""

    @abstractmethod
    def warm(self) -> None:
        """Make the connection's client now (the Lambda entry calls it at import, SnapStart)."""

    @abstractmethod
    def load(self, owner: Owner) -> Loaded:
        """The owner's profile and open workouts (a fresh profile for a new owner).

        Records of older layouts are read, and moved to this one, here; an unreadable one is
        moved aside (``kept_aside``). A marker of lost writes is returned once, then cleared.
        """

    @abstractmethod
    def record_set(self, owner: Owner, workout: Workout, index: int, *, writer: str) -> SetResult:
        """Store ``workout.counts[index]`` as set ``index`` of ``workout`` (None: skipped).

        One small write of that set alone (the workout's plan goes with it, for a workout the
        store has not seen). Repeating it is harmless; a set another writer logged first keeps
        its value (``TAKEN``), except that a count replaces a skip; on a closed workout it
        writes nothing (``CLOSED``, with the count the close folded for that set, if any).
        """

    @abstractmethod
    def close_workout(self, owner: Owner, workout: Workout, *, completed: bool) -> Closed:
        """Fold ``workout`` into the profile once: the union of the sets stored for it and the
        caller's copy is judged (progression) and added to the history, and the workout is
        closed. Idempotent: closing a closed workout changes nothing (``already``)."""

    @abstractmethod
    def save_preferences(self, owner: Owner, profile: Profile, fields: Iterable[str]) -> None:
        """Write these fields of ``profile`` (top-level names of ``Profile.to_dict``, history
        excepted) and nothing else: a concurrent close or another field's write is never
        overwritten. A new owner's profile is created with them."""

    @abstractmethod
    def park(self, owner: Owner, unsaved: Unsaved) -> bool:
        """Note that a session ended with writes pending, for the next ``load`` to report.

        True when the note is stored; False when it is only kept in this process (the store
        is down), where the next load in the same process still finds it.
        """

    @abstractmethod
    def erase(self, owner: Owner) -> int:
        """Delete everything stored for this owner (other persons of the account untouched);
        returns how many items went."""

    @abstractmethod
    def erase_account(self, user_id: str) -> int:
        """Delete everything stored for an account and its persons; returns how many items."""


def preference_values(profile: Profile, fields: Iterable[str]) -> dict[str, object]:
    """The stored form of these fields of ``profile``; refuses history and unknown names."""
    data = profile.to_dict()
    names = tuple(dict.fromkeys(fields))
    wrong = [name for name in names if name in HISTORY_FIELDS or name not in data]
    if wrong:
        raise ValueError(
            f"not preference fields: {', '.join(wrong)} (the history changes only when a "
            "workout closes)"
        )
    return {name: data[name] for name in names}
