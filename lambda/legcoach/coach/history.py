"""One story of what happened: every report, answer and plan reads the history through here.

A workout the user walked away from counts the same everywhere: while it is still on offer to
resume (`Profile.active`, started), it is in the story with what was logged; once closed it is
a stored record like any other (`completed=False`). So "how am I doing", "how many have I done",
"this week", "since I started", "my best" and "why does it feel easier" all agree with each
other and with the progression that planned today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .answers import UserFacts
from .changes import ChangeCode
from .ladder import SLOTS, prescription
from .profile import Profile, SessionRecord
from .progression import current_rung, record_of, swapped
from .workout import Workout


def sessions(profile: Profile) -> list[SessionRecord]:
    """The detailed sessions, oldest first: the stored ones and, when one is waiting to be
    resumed, the unfinished workout as it stands (once, even if a copy was stored)."""
    records = list(profile.recent)
    active = profile.active
    waiting = active is not None and any(c is not None for c in active.counts)
    if active is not None and waiting and not any(r.id == active.id for r in records):
        records.append(record_of(active, completed=False))
    records.sort(key=lambda r: (r.day, r.id))
    return records


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Best:
    reps: int  # the most reps in one workout
    day: str
    exercise: str = ""  # the best single set among the detailed sessions
    count: int = 0
    set_day: str = ""


@dataclass(frozen=True)
class Story:
    workouts: int  # every workout with a logged set, since the first
    this_week: int  # Monday to today
    unfinished: int  # of the detailed ones, how many were walked away from
    first_day: date | None
    weeks: int  # since the first workout (at least one once there is a first)
    reps: int
    last_day: date | None
    best: Best | None


def story(profile: Profile, today: date) -> Story:
    records = sessions(profile)
    folded = profile.folded
    monday = today - timedelta(days=today.weekday())
    days = [d for d in (_day(r.day) for r in records) if d is not None]
    first = _day(profile.first_day) or (min(days) if days else None)
    last = max(days) if days else _day(folded.last_day)
    return Story(
        workouts=folded.sessions + len(records),
        this_week=sum(1 for d in days if monday <= d <= today),
        unfinished=sum(1 for r in records if not r.completed),
        first_day=first,
        weeks=max(1, (today - first).days // 7) if first else 0,
        reps=folded.reps + sum(r.reps for r in records),
        last_day=last,
        best=best(profile),
    )


def best(profile: Profile) -> Best | None:
    """The best workout by reps (folded history included) and the best single set on record."""
    records = sessions(profile)
    top = max(records, key=lambda r: (r.reps, r.day), default=None)
    reps, day = (top.reps, top.day) if top else (0, "")
    if profile.folded.best_reps > reps:
        reps, day = profile.folded.best_reps, profile.folded.best_day
    if not reps:
        return None
    sets = [(s.count or 0, r.day, s.exercise) for r in records for s in r.sets if s.count]
    if not sets:
        return Best(reps, day)
    count, set_day, exercise = max(sets, key=lambda t: (t[0], t[1]))
    return Best(reps, day, exercise, count, set_day)


class Easier(StrEnum):
    """Why today (or lately) feels easier, from the record."""

    LIGHT = "light"  # today is a light session
    EASED_GAP = "eased_gap"  # back after time away: eased on purpose
    SWAPPED = "swapped"  # an easier move stands in today
    STEPPED_BACK = "stepped_back"  # two tough sessions: the coach stepped the move back
    STRONGER = "stronger"  # same move, more reps than at the start: you got stronger
    STEADY = "steady"  # same level for a while: it's sinking in; the next step comes soon
    TOO_EARLY = "too_early"  # not enough history to say


@dataclass(frozen=True)
class FeelsEasier:
    reason: Easier
    exercise: str = ""
    before: int = 0  # STRONGER: reps per set at first
    after: int = 0  # STRONGER: reps per set now
    sessions: int = 0  # STRONGER: over how many workouts
    days: int = 0  # EASED_GAP: days away


def why_easier(
    profile: Profile, today: date, workout: Workout | None = None, *, days_away: int = 0
) -> FeelsEasier:
    """'Why does it feel easier?' answered from the record (and today's workout, if any)."""
    if workout is not None:
        if workout.light:
            return FeelsEasier(Easier.LIGHT)
        for block in workout.blocks:
            if swapped(workout, block.slot):
                return FeelsEasier(Easier.SWAPPED, block.prescription.exercise)
        for block in workout.blocks:
            if 0 <= block.rung < current_rung(profile, block.slot):
                return FeelsEasier(Easier.EASED_GAP, block.prescription.exercise, days=days_away)
    for slot in SLOTS:
        reason = profile.reasons.get(slot.key)
        if reason is not None and reason.code is ChangeCode.STEP_BACK:
            rx = prescription(slot.key, current_rung(profile, slot.key))
            return FeelsEasier(Easier.STEPPED_BACK, rx.exercise)
    records = [r for r in sessions(profile) if any(s.count for s in r.sets)]
    if len(records) < 2:
        return FeelsEasier(Easier.TOO_EARLY)
    gain = _biggest_gain(records)
    if gain is not None:
        return gain
    return FeelsEasier(Easier.STEADY)


def _biggest_gain(records: list[SessionRecord]) -> FeelsEasier | None:
    """The move with the largest rise in reps per set from its first to its latest workout."""
    firsts: dict[str, tuple[float, int]] = {}
    lasts: dict[str, tuple[float, int]] = {}
    counts: dict[str, int] = {}
    for index, record in enumerate(records):
        for exercise in dict.fromkeys(s.exercise for s in record.sets if s.count):
            done = [s.count or 0 for s in record.sets if s.exercise == exercise and s.count]
            mean = sum(done) / len(done)
            firsts.setdefault(exercise, (mean, index))
            lasts[exercise] = (mean, index)
            counts[exercise] = counts.get(exercise, 0) + 1
    best: FeelsEasier | None = None
    for exercise, (before, first_index) in firsts.items():
        after, last_index = lasts[exercise]
        if last_index == first_index or after <= before:
            continue
        gain = round(after) - round(before)
        if gain > 0 and (best is None or gain > best.after - best.before):
            best = FeelsEasier(
                Easier.STRONGER, exercise, round(before), round(after), counts[exercise]
            )
    return best


def user_facts(profile: Profile, today: date) -> UserFacts:
    """The facts an answer is personalised with, from the same story as the reports."""
    told = story(profile, today)
    return UserFacts(
        sessions_completed=told.workouts,
        first_day=told.first_day,
        last_day=told.last_day,
        today=today,
        sessions_this_week=told.this_week,
    )
