"""The voice layer's one seam to the store: read a turn's profile, write what the turn changed.

Only the turn's start (`interceptors`), the commit (`Turn.save`, `Turn.erase_profile`) and the
skill-disabled event call these functions. The store speaks `storage.contract.Store`: a profile
item, one item per workout, one small idempotent write per set. A turn never rewrites the whole
record: at the commit, what the moves changed is compared with what the turn began from, and
only that is written: each set logged, each workout closed (folded into the profile by the
store, once), each preference field. A write the store did not take rides in the session
(`storage.pending`) and is sent again on the next request, the session's end included.
Every call is bounded: none starts without the store's worst case left in the turn.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from ..coach.profile import Profile
from ..coach.workout import Workout
from ..storage import readable_profile
from ..storage.contract import HISTORY_FIELDS, Store, Unsaved
from ..storage.keys import Owner
from . import turnlog
from .writes import Writer, changed_sets, has_time, logged

log = logging.getLogger(__name__)

# What folding a workout into the profile decides: a close takes them from the store's fold.
FOLD_FIELDS = frozenset({"rungs", "weak", "weaker", "why"})


@dataclass
class Loaded:
    profile: Profile
    offline: bool  # the store could not be read: the turn runs from the session's copy
    kept_aside: bool = False  # the stored record could not be read and was moved aside
    unsaved: Unsaved | None = None  # the last session ended with writes the store never got
    others: list[Workout] = field(default_factory=list)  # other open workouts: closed at commit


@dataclass
class Base:
    """What the turn began from: the profile's preference fields and each open workout's sets,
    so the commit writes exactly what the moves changed."""

    fields: dict[str, object]
    workouts: dict[str, tuple[Workout, list[int | None]]]

    @classmethod
    def of(cls, profile: Profile, *workouts: Workout | None) -> Base:
        data = profile.to_dict()
        fields = {k: v for k, v in data.items() if k not in HISTORY_FIELDS}
        known: dict[str, tuple[Workout, list[int | None]]] = {}
        for workout in workouts:
            if workout is not None and workout.id not in known:
                known[workout.id] = (workout, logged(workout))
        return cls(fields, known)


def cached(raw: object) -> Profile | None:
    """The session's copy of the profile, if the store itself would accept it."""
    if not isinstance(raw, dict):
        return None
    try:
        readable_profile(raw)  # as strict as the store: a cache it would refuse is not used
        return Profile.from_dict(raw)
    except Exception:  # a forged or stale cache: read the store instead
        log.warning("dropping an unreadable cached profile", exc_info=True)
        return None


def load(
    store: Store, owner: Owner | None, session_profile: Profile | None, call_seconds: float
) -> Loaded:
    """The stored profile and open workouts; the session's copy when the store cannot answer."""
    fallback = Loaded(session_profile or Profile(), offline=True)
    if owner is None or not has_time(call_seconds):
        return fallback
    record = turnlog.current()
    record.reads += 1
    try:
        loaded = store.load(owner)
    except Exception as exc:  # the store is down: train from the session, retry next turn
        record.store_errors += 1
        log.warning("reading the profile failed: %s", type(exc).__name__)
        return fallback
    return Loaded(loaded.profile, False, loaded.kept_aside, loaded.unsaved, list(loaded.others))


@dataclass
class Written:
    profile: Profile
    stepped_up: tuple[str, ...] | None = None  # from the store's fold, when a close landed


def write(writer: Writer, profile: Profile, base: Base) -> Written:
    """Write what the turn changed, compared with `base`: closes, then sets, then fields."""
    data = profile.to_dict()
    current = profile.active
    fields = [k for k, v in data.items() if k not in HISTORY_FIELDS and base.fields.get(k) != v]
    result = Written(profile)
    for workout_id, (workout, before) in base.workouts.items():
        if current is not None and current.id == workout_id:
            continue
        if workout.id != workout_id:  # started over under a new id: the old one is what was done
            data = {**workout.to_dict(), "id": workout_id, "counts": before}
            workout = Workout.from_dict({**data, "cursor": len(before)})
        record = next((r for r in profile.recent if r.id == workout_id), None)
        unsent = changed_sets(workout, before)
        closed = writer.close(workout, unsent, completed=bool(record and record.completed))
        if closed is not None and closed.already:
            # Closed by another device first: this device's continuation is closed now too,
            # with the sets the store holds for it and those of this turn it did not fold.
            closed = writer.close_continued(workout, unsent) or closed
        if closed is not None:
            result.profile = _with_turn(closed.profile, profile, fields)
            if not closed.already:
                result.stepped_up = closed.stepped_up
    if result.profile is not profile:
        fields = [k for k in fields if k not in FOLD_FIELDS]
    if current is not None:
        before = base.workouts.get(current.id, (None, []))[1]
        writer.record_sets(current, changed_sets(current, before))
    writer.save_fields(result.profile, fields)
    return result


def _with_turn(stored: Profile, turn: Profile, fields: list[str]) -> Profile:
    """The store's profile after a close, with the turn's own workout and field changes."""
    data = stored.to_dict()
    mine = turn.to_dict()
    for name in fields:
        if name not in FOLD_FIELDS:
            data[name] = mine[name]
    merged = Profile.from_dict(data)
    merged.active = turn.active
    return merged


def erase(store: Store, owner: Owner | None) -> None:
    """Delete everything stored for this person."""
    if owner is not None:
        store.erase(owner)


def erase_account(store: Store, user_id: str) -> int:
    """The skill was disabled: every item of the account (and its recognised voices)."""
    return int(store.erase_account(user_id))
