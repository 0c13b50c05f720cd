"""Reports on the user's own history, from the stored profile, as data the speech layer says.

Every count comes from `history` (one story: a workout waiting to be resumed counts too)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from . import history
from .ladder import SLOTS, prescription
from .profile import Profile
from .progression import current_rung


@dataclass(frozen=True)
class ProgressReport:
    """'How am I doing?': sessions, over how many weeks, reps, and moves climbed past the start."""

    sessions: int
    weeks: int = 0
    reps: int = 0
    moved_up: tuple[str, ...] = ()  # exercise keys now done, harder than each slot's start


@dataclass(frozen=True)
class LastTimeReport:
    """'What did I do last time?': None days_ago when there is no workout yet."""

    days_ago: int | None
    moves: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (exercise, counts) in order done
    reps: int = 0
    tension: int = 0


class WeekPace(StrEnum):
    NONE = "none"
    BELOW = "below"  # one: aim for two or three
    SWEET_SPOT = "sweet_spot"  # two or three
    ABOVE = "above"  # more: leave room for recovery


@dataclass(frozen=True)
class WeekReport:
    count: int
    pace: WeekPace


Report = ProgressReport | LastTimeReport | WeekReport


def how_am_i_doing(profile: Profile, today: date) -> ProgressReport:
    story = history.story(profile, today)
    if story.workouts == 0:
        return ProgressReport(0)
    harder = []
    for slot in SLOTS:
        move = prescription(slot.key, current_rung(profile, slot.key))
        if slot.variations.index(move.exercise) > slot.variations.index(slot.start_variation):
            harder.append(move.exercise)
    return ProgressReport(story.workouts, max(1, story.weeks), story.reps, tuple(harder))


def last_time(profile: Profile, today: date) -> LastTimeReport:
    records = history.sessions(profile)
    record = records[-1] if records else None
    if record is None:
        return LastTimeReport(None)
    done = [s for s in record.sets if s.count is not None]
    moves = tuple(
        (exercise, tuple(s.count or 0 for s in done if s.exercise == exercise))
        for exercise in dict.fromkeys(s.exercise for s in done)
    )
    days = max(0, (today - date.fromisoformat(record.day)).days)
    return LastTimeReport(days, moves, record.reps, record.tension)


def this_week(profile: Profile, today: date) -> WeekReport:
    count = history.story(profile, today).this_week
    if count == 0:
        pace = WeekPace.NONE
    elif count == 1:
        pace = WeekPace.BELOW
    elif count <= 3:
        pace = WeekPace.SWEET_SPOT
    else:
        pace = WeekPace.ABOVE
    return WeekReport(count, pace)


# Intent name -> the report it answers.
REPORT_INTENTS: dict[str, Callable[[Profile, date], Report]] = {
    "ProgressIntent": how_am_i_doing,
    "LastWorkoutIntent": last_time,
    "WeeklyCountIntent": this_week,
}
