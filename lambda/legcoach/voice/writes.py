"""One turn's writes through the store contract: each changed set, each close, each field.

A write the store does not take is carried (`storage.pending`): after the first failure in a
turn the rest is carried without trying, so a turn with the store down costs one call's worst
case, not one per write. A device that logs on after another device closed the workout keeps
its sets in a continuation of that workout, folded when it closes: no set is lost to a close.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ..coach.profile import Profile
from ..coach.workout import CONTINUED, Workout
from ..storage.contract import Closed, SetOutcome, Store
from ..storage.errors import StoreUnavailable
from ..storage.keys import Owner
from ..storage.pending import Pending, replay
from . import deadline, turnlog

log = logging.getLogger(__name__)
_MISSING = object()


def logged(workout: Workout) -> list[int | None]:
    return list(workout.counts[: min(workout.cursor, len(workout.counts))])


MAX_CONTINUATIONS = 4  # a continuation closed by another device gets one too, this deep at most


def continuation(workout: Workout, writer: str) -> Workout:
    """This device's continuation of a workout another device closed: same plan and sets."""
    data = workout.to_dict()
    return Workout.from_dict({**data, "id": f"{workout.id}{CONTINUED}{writer}"[:100]})


def only(workout: Workout, indices: list[int]) -> Workout:
    """The workout with just these sets of its own: a close folds them and what is stored."""
    counts = [c if i in indices else None for i, c in enumerate(logged(workout))]
    return Workout.from_dict({**workout.to_dict(), "counts": counts})


def changed_sets(workout: Workout, before: list[int | None]) -> list[int]:
    """The sets logged differently from (or since) `before`."""
    return [
        i
        for i, count in enumerate(logged(workout))
        if (before[i] if i < len(before) else _MISSING) != count
    ]


def has_time(call_seconds: float) -> bool:
    return deadline.seconds_left() >= call_seconds


@dataclass
class Writer:
    """One turn's writes: the store, whose data, which device, and what is still pending."""

    store: Store
    owner: Owner | None
    writer: str
    call_seconds: float
    pending: Pending = field(default_factory=Pending)
    wrote: bool = False  # some write reached the store this turn
    down: bool = False  # a call failed this turn: the rest is carried, not tried again

    def can_call(self) -> bool:
        return self.owner is not None and not self.down and has_time(self.call_seconds)

    def _failed(self, exc: Exception, doing: str) -> None:
        record = turnlog.current()
        record.store_errors += 1
        self.down = True
        log.warning("%s failed (%s); it rides in the session", doing, type(exc).__name__)

    def replay(self, profile: Profile) -> tuple[Closed | None, dict[int, int | None]]:
        """Send what earlier requests of the session could not. Returns the close, when one
        was pending and is now stored, and the counts another device logged first (TAKEN)."""
        if self.pending.empty or not self.can_call():
            return None, {}
        assert self.owner is not None
        turnlog.current().writes += 1
        workout = self.pending.workout
        done = replay(self.store, self.owner, self.pending, profile=profile, writer=self.writer)
        # Sets another device logged first, or a close folded with its count: theirs stand.
        taken = {
            index: result.count
            for index, result in done.sets.items()
            if result.outcome is SetOutcome.TAKEN
            or (result.outcome is SetOutcome.CLOSED and result.count is not None)
        }
        # Sets a close got to first without holding them: still owed, to a continuation.
        owed = [
            index
            for index, result in done.sets.items()
            if result.outcome is SetOutcome.CLOSED and result.count is None
        ]
        for index, count in taken.items():
            if workout is not None and index < len(workout.counts):
                workout.counts[index] = count
        fields_sent = bool(self.pending.fields) and not done.pending.fields
        self.wrote = self.wrote or bool(done.sets) or done.closed is not None or fields_sent
        if not done.pending.empty:  # a replay stops only where the store did not answer
            turnlog.current().store_errors += 1
            self.down = True
        self.pending = done.pending
        closed = done.closed
        if owed and workout is not None:
            if closed is not None and closed.already:
                closed = self.close_continued(workout, owed) or closed
            else:
                for index in owed:
                    if self.can_call():
                        self._record(workout, index)
                    else:
                        self.pending.add_set(continuation(workout, self.writer), index)
        return closed, taken

    def record_sets(self, workout: Workout, indices: list[int]) -> None:
        """Write each changed set (one closed elsewhere meanwhile goes to this device's
        continuation of it, so none is lost); those out of time ride in the session."""
        for position, index in enumerate(indices):
            if not self.can_call():
                for rest in indices[position:]:
                    self.pending.add_set(workout, rest)
                return
            self._record(workout, index)

    def _record(self, workout: Workout, index: int) -> int | None:
        """Write one set where it belongs: the workout, or (when a close got there first and
        holds no count for it) the first continuation still open. Returns how many closed
        workouts it passed (0: the workout itself), where it was stored or is carried to;
        None when it could not be kept."""
        assert self.owner is not None
        target = workout
        for depth in range(MAX_CONTINUATIONS + 1):
            if depth and not self.can_call():
                self.pending.add_set(target, index)
                return depth
            turnlog.current().writes += 1
            try:
                result = self.store.record_set(self.owner, target, index, writer=self.writer)
            except StoreUnavailable as exc:
                self._failed(exc, "record_set")
                self.pending.add_set(target, index)
                return depth
            self.wrote = True
            if result.outcome is SetOutcome.CLOSED and result.count is None:
                # Closed without this set: it is kept in this device's continuation, which a
                # close of its own folds (another device may close that one too: the next).
                target = continuation(target, self.writer)
                continue
            if result.outcome is not SetOutcome.STORED:
                # Another device logged it first, or a close folded it with that device's
                # count: that count stands, here too, so the set is on record once.
                workout.counts[index] = result.count
            return depth
        log.warning("a set was logged into a workout closed %d times over: not kept", depth + 1)
        return None

    def close_continued(self, workout: Workout, unsent: list[int]) -> Closed | None:
        """`workout` was closed by another device first: this turn's sets it does not hold go
        to this device's continuation of it, which is closed now with them (walking on while
        a continuation was closed by another device too). Returns the close that folded."""
        routed: dict[int, list[int]] = {}
        for index in unsent:
            if not self.can_call():
                self.pending.add_set(continuation(workout, self.writer), index)
                routed.setdefault(1, []).append(index)
                continue
            depth = self._record(workout, index)
            if depth:
                routed.setdefault(depth, []).append(index)
        level = workout
        for depth in range(1, MAX_CONTINUATIONS + 1):
            level = continuation(level, self.writer)
            # Only its own sets ride with the close: what the closed workouts hold is theirs.
            closed = self.close(only(level, routed.get(depth, [])), [], completed=False)
            if closed is None or not closed.already:
                return closed
        return None

    def close(self, workout: Workout, unsent: list[int], *, completed: bool) -> Closed | None:
        """Fold the workout into the profile; on failure its unsent sets ride with the close
        (as sets, so that they are counted if the session ends before they are written)."""
        if not self.can_call():
            self._carry_close(workout, unsent, completed)
            return None
        assert self.owner is not None
        turnlog.current().writes += 1
        try:
            closed = self.store.close_workout(self.owner, workout, completed=completed)
        except StoreUnavailable as exc:
            self._failed(exc, "close_workout")
            self._carry_close(workout, unsent, completed)
            return None
        self.wrote = True
        return closed

    def _carry_close(self, workout: Workout, unsent: list[int], completed: bool) -> None:
        for index in unsent:
            self.pending.add_set(workout, index)
        self.pending.add_close(workout, completed=completed)

    def save_fields(self, profile: Profile, fields: list[str]) -> None:
        if not fields:
            return
        if not self.can_call():
            self.pending.add_fields(fields)
            return
        assert self.owner is not None
        turnlog.current().writes += 1
        try:
            self.store.save_preferences(self.owner, profile, fields)
        except StoreUnavailable as exc:
            self._failed(exc, "save_preferences")
            self.pending.add_fields(fields)
            return
        self.wrote = True

    def park(self) -> bool:
        """The session ends with writes pending: note it for the next launch to say so."""
        if self.pending.empty or self.owner is None:
            return False
        try:
            self.store.park(self.owner, self.pending.lost())
        except Exception as exc:  # nothing more can be done for this session
            log.warning("parking the lost writes failed: %s", type(exc).__name__)
            return False
        return True
