"""Progressive overload: each session a little harder than the last one completed.

Decisions are made when a workout ends (or when an abandoned one is closed the next day) and
stored as one ladder rung per slot, with the reason (a code) the coach says next time.
Rules, per slot:
- every planned set done at or above target: up one rung (never more than one per session);
- any set well under target: hold; a second weak session in a row steps back one rung;
- otherwise hold;
- light sessions and skipped exercises change nothing;
- each slot is judged against the rung planned for it that day (eased after a long gap, or
  the move swapped for another): a swapped move holds, and a slot that hurt never steps up.
- a block whose sets were cut for time holds; only the usual rounds of a hard day are judged;
- an eased session done well goes back to the rung the user had before the gap.
Planning, per slot: the stored rung, easier after ten days or more without training (one rung
per week away, see cautions.gap_rungs), a swapped move kept, checks for joints noted,
the user's tempo preference applied, and a check-in first when the move hurt last time.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from . import cautions
from .adjust import shift_tempo
from .cautions import Learned
from .changes import Change, ChangeCode
from .ladder import SLOTS, clamp_rung, ladder, prescription, start_rung
from .profile import Profile, SessionRecord, SetLog
from .workout import Block, SetSpec, Verdict, Workout, judge, origin_id

WEAK_SESSIONS_TO_STEP_BACK = 2
LIGHT_REP_FACTOR = 0.7  # a light session: about two thirds of the reps, one set each
# After this many days without training every slot starts easier for a session (one rung a
# week away: see cautions.gap_rungs).
LONG_GAP_DAYS = cautions.LONG_GAP_DAYS


@dataclass
class Plan:
    """A planned workout and the notes said before it (flags: the speech layer words them)."""

    workout: Workout
    light: bool = False  # fewer reps, one set each, same tempo
    eased: bool = False  # a long gap: slots eased back for today
    eased_by: int = 0  # rungs eased (in proportion to the days away)
    days_away: int = 0  # since the last session, when eased
    learned: tuple[Learned, ...] = ()  # kept swaps and check-ins, said before their moves


def current_rung(profile: Profile, slot: str) -> int:
    return clamp_rung(slot, profile.rungs.get(slot, start_rung(slot)))


def light_reps(reps: int) -> int:
    """A light session's reps for a set of `reps`."""
    return max(4, round(reps * LIGHT_REP_FACTOR))


def plan_workout(profile: Profile, today: date, *, light: bool, workout_id: str) -> Plan:
    blocks = []
    eased = 0
    away = cautions.days_away(profile, today)
    back = cautions.gap_rungs(away)
    for slot in SLOTS:
        rung = current_rung(profile, slot.key)
        change = profile.reasons.get(slot.key)
        if back and rung > 0:
            # Back after a break: easier in proportion to the time away, and the old reason
            # no longer applies.
            eased = max(eased, min(back, rung))
            rung, change = max(0, rung - back), None
        rx = prescription(slot.key, rung)
        rx = replace(rx, tempo=shift_tempo(rx.tempo, profile.tempo_shift))
        sets = slot.sets_per_side
        if light:
            rx = replace(rx, reps=light_reps(rx.reps))
            sets, change = 1, None
        first = profile.weaker_side.get(slot.key, "left")
        check_in = profile.pain.get(slot.key, "")
        blocks.append(Block(slot.key, rx, sets, first, change=change, rung=rung, check_in=check_in))
    blocks, learned = cautions.apply(profile, blocks)
    workout = Workout(id=workout_id, day=today.isoformat(), blocks=blocks, light=light)
    return Plan(
        workout,
        light=light,
        eased=bool(eased),
        eased_by=eased,
        days_away=away or 0 if eased else 0,
        learned=tuple(learned),
    )


def planned_rung(profile: Profile, workout: Workout, slot: str) -> int:
    """The rung a workout planned for `slot` (the stored one for workouts from before rungs
    were kept on blocks)."""
    for block in workout.blocks:
        if block.slot == slot and block.rung >= 0:
            return clamp_rung(slot, block.rung)
    return current_rung(profile, slot)


def swapped(workout: Workout, slot: str) -> bool:
    """Whether any of the slot's sets were done as a move other than its planned rung's."""
    return any(
        b.slot == slot
        and b.rung >= 0
        and b.prescription.exercise != prescription(slot, b.rung).exercise
        for b in workout.blocks
    )


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


def _filled(origin: SessionRecord, continued: SessionRecord) -> SessionRecord:
    """The workout's record with the sets it lacked taken from its continuation."""
    sets = list(origin.sets) + list(continued.sets[len(origin.sets) :])
    for i, theirs in enumerate(continued.sets[: len(origin.sets)]):
        if sets[i].count is None and theirs.count is not None:
            sets[i] = theirs
    return replace(origin, sets=sets, completed=origin.completed or continued.completed)


def complete_workout(profile: Profile, workout: Workout, *, completed: bool) -> tuple[str, ...]:
    """Store the session and decide each slot's next rung.

    Returns the keys of the exercises done today whose slot steps up next time (for the
    goodbye: "your squats step up a notch"), in slot order.
    """
    record = record_of(workout, completed=completed)
    origin = next((r for r in profile.recent if r.id == origin_id(record.id)), None)
    if origin is not None and origin.id != record.id:
        # A continuation is the rest of its workout's session, not a session of its own.
        record = _filled(origin, record)
    # A workout closed once already (e.g. by another device) is updated, never judged twice.
    decided = any(r.id == record.id and r.judged for r in profile.recent)
    record.judged = decided or not workout.light
    profile.add_session(record)
    profile.active = None
    if workout.light or decided:
        return ()
    stepped_up = []
    specs = workout.sets
    for slot in SLOTS:
        # Only the usual rounds are judged: extra sets on a hard day are a bonus, not a test.
        judged = [i for i, spec in enumerate(specs) if spec.block.slot == slot.key and _usual(spec)]
        logs = [
            record.sets[i]
            for i in judged
            if i < len(record.sets) and record.sets[i].count is not None
        ]
        if not logs:
            continue
        # Every planned set of the move, not just the ones done: a side skipped or never
        # reached (a workout closed unfinished) is no reason to push on.
        planned = len(judged)
        # Sets cut for time: less work than usual is no evidence for a step up.
        cut = any(b.slot == slot.key and b.usual_sets > b.sets_per_side for b in workout.blocks)
        _note_weaker_side(profile, slot.key, logs)
        verdicts = [judge(s.count or 0, s.target) for s in logs]
        rung = planned_rung(profile, workout, slot.key)
        before = prescription(slot.key, rung)
        joint = profile.pain.get(slot.key)
        if swapped(workout, slot.key):
            # Another move stood in: no evidence about the ladder's move either way.
            profile.rungs[slot.key] = rung
            _hold_reason(profile, slot.key, before.exercise, joint)
            continue
        strong = len(logs) == planned and all(v in (Verdict.HIT, Verdict.BEAT) for v in verdicts)
        if strong and (cut or joint):
            profile.weak_streak[slot.key] = 0
            profile.rungs[slot.key] = rung
            _hold_reason(profile, slot.key, before.exercise, joint)
        elif strong:
            profile.weak_streak[slot.key] = 0
            if rung + 1 < len(ladder(slot.key)):
                # An eased day done well goes straight back to where the user was.
                up = max(rung + 1, current_rung(profile, slot.key))
                after = prescription(slot.key, up)
                profile.rungs[slot.key] = up
                profile.reasons[slot.key] = Change.step_up(before, after)
                stepped_up.append(before.exercise)
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
            _hold_reason(profile, slot.key, before.exercise, joint)
    return tuple(stepped_up)


def _usual(spec: SetSpec) -> bool:
    usual = spec.block.usual_sets
    return not usual or spec.round <= usual


def _hold_reason(profile: Profile, slot: str, exercise: str, joint: str | None) -> None:
    if joint:
        profile.reasons[slot] = Change(ChangeCode.HOLD_PAIN, exercise, joint=joint)
    else:
        profile.reasons.pop(slot, None)


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


# -- the workout in progress ---------------------------------------------------------------------
# The only ways a workout enters or leaves `profile.active`: whatever was unfinished before is
# closed and counted first, on every path (a new workout, a resumed read, another device's).


def start_workout(profile: Profile, workout: Workout) -> None:
    _close_other(profile, workout)
    profile.active = workout


def log_progress(profile: Profile, workout: Workout) -> None:
    """The workout moved on (a set logged, skipped or redone): keep it as the active one.

    A copy of the same workout that is behind the stored one (a stale or forged session) first
    catches up with it, so no set the record holds is written away.
    """
    active = profile.active
    if active is not None and active.id == workout.id and active is not workout:
        _catch_up(workout, active)
    else:
        _close_other(profile, workout)
    profile.active = workout


def _catch_up(workout: Workout, stored: Workout) -> None:
    if len(stored.sets) != len(workout.sets):
        return  # a different plan under the same id: the session's copy is all there is
    missing = object()

    def logged(copy: Workout, index: int) -> object:
        return copy.counts[index] if index < min(copy.cursor, len(copy.counts)) else missing

    cursor = max(min(workout.cursor, len(workout.counts)), min(stored.cursor, len(stored.counts)))
    counts: list[int | None] = []
    for index in range(cursor):
        mine, theirs = logged(workout, index), logged(stored, index)
        # A count beats a skip; this session's own count beats the record's.
        for choice in (mine, theirs):
            if choice is not missing and choice is not None:
                counts.append(choice)  # type: ignore[arg-type]
                break
        else:
            counts.append(None)
    workout.counts, workout.cursor = counts, cursor


def finish_workout(
    profile: Profile, workout: Workout, *, completed: bool = True
) -> tuple[str, ...]:
    """Close the workout, store it and judge it; returns the exercises that step up next time."""
    _close_other(profile, workout)
    profile.active = None
    return complete_workout(profile, workout, completed=completed)


def close_unfinished(profile: Profile) -> bool:
    """Close the active workout as what was done (walked away, declined to resume)."""
    had = profile.active is not None
    close_active(profile)
    return had


def _close_other(profile: Profile, workout: Workout) -> None:
    if profile.active is not None and profile.active.id != workout.id:
        close_unfinished(profile)
