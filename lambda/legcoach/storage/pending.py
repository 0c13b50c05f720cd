"""Writes that could not be made yet: carried in the session, replayed on a later request.

Every write of the store contract is idempotent, so a write that failed (the store down, out of
time) can simply be sent again: on the next request of the session, including the
``SessionEndedRequest``. What is still pending when the session ends is ``park``-ed: the next
launch says the sets were not all saved (``Loaded.unsaved``) instead of silently starting over.

The voice layer's part, per turn:

* at the turn's start: ``pending = Pending.from_session(session.get(PENDING_KEY))`` and, if it is
  not empty, ``replay(store, owner, pending, profile=..., writer=...)`` before anything else;
* for each write it makes: on ``StoreUnavailable`` call ``pending.add_set`` / ``add_close`` /
  ``add_fields`` instead, and say nothing is saved;
* at the commit: ``session[PENDING_KEY] = pending.to_session()`` (or drop the key when empty);
* on ``SessionEndedRequest``: replay once more; if anything is left, ``store.park(owner,
  pending.lost())``.

The session copy comes back from the client, so ``from_session`` validates it like any input.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ..coach.profile import Profile
from ..coach.workout import Workout
from .contract import Closed, SetResult, Store, Unsaved
from .errors import StoreUnavailable
from .keys import Owner

log = logging.getLogger(__name__)

PENDING_KEY = "pending"
MAX_SETS = 60  # more than any workout has: a forged session cannot make a turn write forever
MAX_FIELDS = 20


@dataclass
class Pending:
    """What the store has not got yet: one workout's sets (by index) and its close, and
    preference fields (written from the turn's profile when replayed)."""

    workout: Workout | None = None
    sets: list[int] = field(default_factory=list)
    close: bool | None = None  # a close not yet stored: whether the workout was completed
    fields: list[str] = field(default_factory=list)
    dropped: int = 0  # sets of an earlier workout given up for a newer one's: counted as lost

    @property
    def empty(self) -> bool:
        return not self.sets and self.close is None and not self.fields and not self.dropped

    def add_set(self, workout: Workout, index: int) -> None:
        self._take(workout)
        if index not in self.sets:
            self.sets.append(index)

    def add_close(self, workout: Workout, *, completed: bool) -> None:
        self._take(workout)
        self.close = completed

    def add_fields(self, fields: list[str] | tuple[str, ...]) -> None:
        for name in fields:
            if name not in self.fields:
                self.fields.append(name)

    def _take(self, workout: Workout) -> None:
        if self.workout is not None and self.workout.id != workout.id and self.sets:
            # A new workout while another's sets wait (the store down all along): one workout
            # rides; the older one's sets are counted, so the next launch owns up to them.
            log.warning("pending sets of another workout given up for a newer workout's")
            self.dropped += len(self.sets)
            self.sets = []
            self.close = None
        self.workout = workout

    def lost(self) -> Unsaved:
        """The marker to park when these writes cannot be made before the session ends."""
        workout_id = self.workout.id if self.workout is not None else ""
        return Unsaved(workout_id, max(1, len(self.sets) + self.dropped))

    def to_session(self) -> dict[str, object] | None:
        if self.empty:
            return None
        data: dict[str, object] = {}
        if self.workout is not None and (self.sets or self.close is not None):
            data["workout"] = self.workout.to_dict()
            data["sets"] = list(self.sets)
        if self.close is not None:
            data["close"] = self.close
        if self.fields:
            data["fields"] = list(self.fields)
        if self.dropped:
            data["dropped"] = self.dropped
        return data

    @classmethod
    def from_session(cls, raw: object) -> Pending:
        """The session's copy, validated: what cannot be read is dropped, never fatal."""
        if not isinstance(raw, dict):
            return cls()
        pending = cls()
        try:
            if raw.get("workout") is not None:
                pending.workout = Workout.from_dict(raw["workout"])
        except (KeyError, TypeError, ValueError):
            log.warning("dropping an unreadable pending workout")
            return cls(fields=_fields(raw.get("fields")))
        if pending.workout is not None:
            logged = min(pending.workout.cursor, len(pending.workout.counts))
            sets = raw.get("sets")
            for index in sets[:MAX_SETS] if isinstance(sets, list) else []:
                readable = isinstance(index, int) and not isinstance(index, bool)
                if readable and 0 <= index < logged and index not in pending.sets:
                    pending.sets.append(index)
            close = raw.get("close")
            pending.close = close if isinstance(close, bool) else None
        pending.fields = _fields(raw.get("fields"))
        dropped = raw.get("dropped", 0)
        if isinstance(dropped, int) and not isinstance(dropped, bool):
            pending.dropped = max(0, min(MAX_SETS, dropped))
        return pending


def _fields(raw: object) -> list[str]:
    if not isinstance(raw, list):
        return []
    return [name for name in raw[:MAX_FIELDS] if isinstance(name, str) and len(name) <= 40]


@dataclass
class Replayed:
    """What a replay did: the writes still pending, each set's outcome, the close if it ran."""

    pending: Pending
    sets: dict[int, SetResult] = field(default_factory=dict)
    closed: Closed | None = None


def replay(
    store: Store, owner: Owner, pending: Pending, *, profile: Profile, writer: str
) -> Replayed:
    """Send the pending writes again, in order (sets, then the close, then the preferences);
    stop at the first the store does not take, keeping it and what follows pending."""
    left = Pending(
        pending.workout, list(pending.sets), pending.close, list(pending.fields), pending.dropped
    )
    result = Replayed(left)
    workout = pending.workout
    try:
        while workout is not None and left.sets:
            index = left.sets[0]
            outcome = store.record_set(owner, workout, index, writer=writer)
            # Closed elsewhere: each set still gets its answer (the count the close folded
            # for it, if any), so the caller can keep the ones the close did not hold.
            result.sets[index] = outcome
            left.sets.pop(0)
        if workout is not None and left.close is not None:
            result.closed = store.close_workout(owner, workout, completed=left.close)
            left.close = None
        if left.fields:
            store.save_preferences(owner, profile, left.fields)
            left.fields = []
    except StoreUnavailable as exc:
        log.warning("replaying pending writes stopped: %s", exc.reason)
    if not left.sets and left.close is None:
        left.workout = None
    return result
