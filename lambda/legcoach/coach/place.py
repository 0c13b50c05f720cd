"""The place is a promise: an unfinished workout is kept and offered back, then closed.

Whatever the coach said when the user stopped ("your place is saved", "say resume"), the next
session honours it: for `KEEP_DAYS` calendar days after the workout was last touched, the launch
offers to pick up where it stopped (which move, which set, which side). After that it is closed
and counted as what was done, on every path (see progression.close_unfinished).

This replaces the twelve-hour staleness rule for the launch: the voice layer calls `expire`
where it called `progression.close_stale`, then `offer` to decide what the launch says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum

from .profile import Profile
from .progression import close_unfinished
from .workout import Workout

KEEP_DAYS = 2  # offered back today, tomorrow and the day after


def _last_day(workout: Workout, tz: tzinfo = UTC) -> date:
    """The day the workout was last touched, on the device's calendar (its start day for
    records without a stamp)."""
    if workout.touched:
        return datetime.fromtimestamp(workout.touched, tz).date()
    try:
        return date.fromisoformat(workout.day)
    except ValueError:
        return date.min


def age_days(workout: Workout, today: date, tz: tzinfo = UTC) -> int:
    return max(0, (today - _last_day(workout, tz)).days)


def expire(profile: Profile, today: date, tz: tzinfo = UTC) -> bool:
    """Close an unfinished workout left longer than the promise; True when one was closed."""
    active = profile.active
    if active is None:
        return False
    if active.finished or not active.started or age_days(active, today, tz) > KEEP_DAYS:
        return close_unfinished(profile)
    return False


class Stop(StrEnum):
    BEFORE = "before"  # stopped before a set of this move: "pick up at the glute bridges"
    AFTER_SET = "after_set"  # stopped after a set: "after set two of the glute bridges"


@dataclass(frozen=True)
class ResumeOffer:
    """'Yesterday you stopped after set two of the glute bridges: pick up there, or start
    today's?' as data."""

    days_ago: int
    stop: Stop
    exercise: str  # the move to pick up
    side: str  # "" for a two-legged move
    round: int  # the set of that move to do next (1-based)
    sets_per_side: int  # how many sets per side the move has (one: no set numbers said)
    done_exercise: str = ""  # AFTER_SET: the move the last logged set was
    done_round: int = 0  # AFTER_SET: which set it was
    done_side: str = ""
    sets_done: int = 0  # sets logged so far in that workout
    sets_left: int = 0


def offer(profile: Profile, today: date, tz: tzinfo = UTC) -> ResumeOffer | None:
    """What the launch offers back, or None when nothing is waiting (call `expire` first)."""
    active = profile.active
    if active is None or active.finished or not active.started:
        return None
    days = age_days(active, today, tz)
    if days > KEEP_DAYS:
        return None
    current = active.current
    assert current is not None
    sets = active.sets
    previous = sets[active.cursor - 1] if active.cursor > 0 else None
    done = sum(1 for c in active.counts if c is not None)
    left = len(sets) - active.cursor
    base = {
        "days_ago": days,
        "exercise": current.block.prescription.exercise,
        "side": current.side or "",
        "round": current.round,
        "sets_per_side": current.block.sets_per_side,
        "sets_done": done,
        "sets_left": left,
    }
    if previous is not None and previous.block_index == current.block_index:
        # Part way through a move: say the set just done.
        return ResumeOffer(
            stop=Stop.AFTER_SET,
            done_exercise=previous.block.prescription.exercise,
            done_round=previous.round,
            done_side=previous.side or "",
            **base,  # type: ignore[arg-type]
        )
    return ResumeOffer(stop=Stop.BEFORE, **base)  # type: ignore[arg-type]


class AtOffer(StrEnum):
    """What an answer to the resume offer does (the voice layer maps intents onto these)."""

    RESUME = "resume"  # yes, again, go back, carry on, continue, resume
    FRESH = "fresh"  # no, start today's, start over: the old one is closed and counted
    LEAVE_OUT = "leave_out"  # pain at the offer: resume without the move that stopped it


# Intents that mean "pick it up" at the offer. Repeat and Previous are heard as "again" and
# "go back", which at this question can only mean the workout.
RESUME_INTENTS = frozenset(
    {
        "AMAZON.YesIntent",
        "AMAZON.ResumeIntent",
        "AMAZON.RepeatIntent",
        "AMAZON.PreviousIntent",
        "AMAZON.NextIntent",
        "RedoIntent",
        "StartWorkoutIntent",
    }
)
FRESH_INTENTS = frozenset({"AMAZON.NoIntent", "AMAZON.StartOverIntent"})


def answer(intent: str, *, pain: bool = False) -> AtOffer | None:
    """The offer's answer for an intent (None: not an answer; the offer stands)."""
    if pain:
        return AtOffer.LEAVE_OUT
    if intent in RESUME_INTENTS:
        return AtOffer.RESUME
    if intent in FRESH_INTENTS:
        return AtOffer.FRESH
    return None


@dataclass(frozen=True)
class LeftOut:
    exercise: str  # the move left out today
    next_exercise: str  # what comes next ("" when nothing is left: the workout ends)


def leave_out_current(workout: Workout) -> LeftOut:
    """Pain at the offer (or on resuming): the move it stopped on is left out today; what was
    logged of it stays. The pain itself is noted by the caller (`Profile.note_pain`)."""
    current = workout.current
    if current is None:
        raise ValueError("the workout is already finished")
    exercise = current.block.prescription.exercise
    workout.skip_exercise()
    following = workout.current
    return LeftOut(exercise, following.block.prescription.exercise if following else "")
