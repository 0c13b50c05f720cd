"""Progressive overload: each session a little harder than the last one completed.

Decisions are made when a workout ends (or when an abandoned one is closed the next day) and
stored as one ladder rung per slot, with the reason (a code) the coach says next time.
Rules, per slot:
- every planned set done at or above target: up one rung (never more than one per session);
- any set well under target: hold; a second weak session in a row steps back one rung;
- otherwise hold;
- light sessions and skipped exercises change nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from .changes import Change, ChangeCode
from .ladder import SLOTS, clamp_rung, ladder, prescription, start_rung
from .profile import Profile, SessionRecord, SetLog
from .workout import Block, Verdict, Workout, judge

WEAK_SESSIONS_TO_STEP_BACK = 2
LIGHT_REP_FACTOR = 0.7  # a light session: about two thirds of the reps, one set each


@dataclass
class Plan:
    """A planned workout and the notes said before it (flags: the speech layer words them)."""

    workout: Workout
    light: bool = False  # fewer reps, one set each, same tempo


def current_rung(profile: Profile, slot: str) -> int:
    return clamp_rung(slot, profile.rungs.get(slot, start_rung(slot)))


def plan_workout(profile: Profile, today: date, *, light: bool, workout_id: str) -> Plan:
    blocks = []
    for slot in SLOTS:
        rung = current_rung(profile, slot.key)
        rx = prescription(slot.key, rung)
        sets = slot.sets_per_side
        change = profile.reasons.get(slot.key)
        if light:
            rx = replace(rx, reps=max(4, round(rx.reps * LIGHT_REP_FACTOR)))
            sets, change = 1, None
        first = profile.weaker_side.get(slot.key, "left")
        blocks.append(Block(slot.key, rx, sets, first_side=first, change=change, rung=rung))
    workout = Workout(id=workout_id, day=today.isoformat(), blocks=blocks, light=light)
    return Plan(workout, light=light)


def record_of(workout: Workout, *, completed: bool) -> SessionRecord:
    logs = [
        SetLog(
            slot=spec.block.slot,
            exercise=spec.block.prescription.exercise,
            side=spec.side or "",
            target=spec.target,
            count=count,
            tension=(count or 0) * spec.block.prescription.rep_seconds,
        )
        for spec, count in zip(workout.sets, workout.counts, strict=False)
    ]
    return SessionRecord(workout.id, workout.day, logs, light=workout.light, completed=completed)


def complete_workout(profile: Profile, workout: Workout, *, completed: bool) -> tuple[str, ...]:
    """Store the session and decide each slot's next rung.

    Returns the exercise keys that step up next time (for the goodbye), in slot order.
    """
    record = record_of(workout, completed=completed)
    # A workout closed once already (e.g. by another device) is updated, never judged twice.
    decided = any(r.id == record.id and r.judged for r in profile.recent)
    record.judged = decided or not workout.light
    profile.add_session(record)
    profile.active = None
    if workout.light or decided:
        return ()
    stepped_up = []
    for slot in SLOTS:
        logs = [s for s in record.sets if s.slot == slot.key and s.count is not None]
        if not logs:
            continue
        # Every planned set of the move, not just the ones done: a side skipped or never
        # reached (a workout closed unfinished) is no reason to push on.
        planned = sum(1 for spec in workout.sets if spec.block.slot == slot.key)
        _note_weaker_side(profile, slot.key, logs)
        verdicts = [judge(s.count or 0, s.target) for s in logs]
        rung = current_rung(profile, slot.key)
        before = prescription(slot.key, rung)
        if len(logs) == planned and all(v in (Verdict.HIT, Verdict.BEAT) for v in verdicts):
            profile.weak_streak[slot.key] = 0
            if rung + 1 < len(ladder(slot.key)):
                after = prescription(slot.key, rung + 1)
                profile.rungs[slot.key] = rung + 1
                profile.reasons[slot.key] = Change.step_up(before, after)
                stepped_up.append(after.exercise)
            else:
                profile.rungs[slot.key] = rung
                profile.reasons.pop(slot.key, None)
        elif Verdict.WELL_UNDER in verdicts:
            streak = profile.weak_streak.get(slot.key, 0) + 1
            if streak >= WEAK_SESSIONS_TO_STEP_BACK and rung > 0:
                profile.rungs[slot.key] = rung - 1
                profile.weak_streak[slot.key] = 0
                profile.reasons[slot.key] = Change(ChangeCode.STEP_BACK, before.exercise)
            else:
                profile.rungs[slot.key] = rung
                profile.weak_streak[slot.key] = streak
                profile.reasons[slot.key] = Change(ChangeCode.HOLD_WEAK, before.exercise)
        else:
            profile.rungs[slot.key] = rung
            profile.weak_streak[slot.key] = 0
            profile.reasons.pop(slot.key, None)
    return tuple(stepped_up)


def _note_weaker_side(profile: Profile, slot: str, logs: list[SetLog]) -> None:
    """The side with fewer reps goes first next time, while there is most in the tank."""
    if {s.side for s in logs} != {"left", "right"}:
        return  # two-legged, or only one side done: nothing to compare
    left = sum(s.count or 0 for s in logs if s.side == "left")
    right = sum(s.count or 0 for s in logs if s.side == "right")
    if left != right:
        profile.weaker_side[slot] = "left" if left < right else "right"


def close_active(profile: Profile) -> None:
    """Close the unfinished workout: its logged sets count as what was done."""
    active = profile.active
    if active is not None and any(c is not None for c in active.counts):
        complete_workout(profile, active, completed=False)
    profile.active = None


# An unfinished workout untouched this long is over. Elapsed time rather than the calendar day,
# because "today" comes from a UTC timestamp: an evening session in the Americas crosses UTC
# midnight, and must still be resumable ten minutes later.
STALE_AFTER = timedelta(hours=12)


def close_stale(profile: Profile, now: date | datetime) -> bool:
    """An unfinished workout from an earlier session day is closed and counted as what was done."""
    active = profile.active
    if active is None:
        return False
    if isinstance(now, datetime) and active.touched:
        stale = now.timestamp() - active.touched > STALE_AFTER.total_seconds()
    else:
        today = now.date() if isinstance(now, datetime) else now
        stale = active.day < today.isoformat()
    if not stale:
        return False
    close_active(profile)
    return True
