"""Questions a user can ask at any moment ("how often should I train legs?"), as data.

The topics and which intent asks them, and the facts that make an answer personal. The words
are in `speech/lines` (`answer_<topic>`), rendered by `speech.coaching.render_answer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# Intent name -> topic key. Every question intent in interaction_models/source/intents/
# questions.toml is listed here.
QUESTION_INTENTS: dict[str, str] = {
    "FrequencyIntent": "frequency",
    "NoWeightsIntent": "no_weights",
    "ResultsTimeIntent": "results_time",
    "ToningIntent": "toning",
    "BulkyIntent": "bulky",
    "TimeUnderTensionIntent": "time_under_tension",
    "ProgressiveOverloadIntent": "progressive_overload",
    "NotWorkingIntent": "not_working",
    "BestExerciseIntent": "best_exercise",
    "InnerThighsIntent": "inner_thighs",
    "GlutesIntent": "glutes",
    "PulsesIntent": "pulses",
    "DeadStopIntent": "dead_stop",
    "UnilateralIntent": "unilateral",
    "HowToIntent": "how_to",
}
TOPICS: frozenset[str] = frozenset(QUESTION_INTENTS.values())

# The slot HowToIntent carries (its values' ids are CATALOGUE keys).
HOW_TO_SLOT = "exercise"

# Beyond this many days, "it's been a while" beats a day count.
LONG_GAP_DAYS = 14


@dataclass(frozen=True)
class UserFacts:
    """What the stored history says about this user (the voice layer fills it in)."""

    sessions_completed: int = 0
    first_day: date | None = None
    last_day: date | None = None
    today: date | None = None
    sessions_this_week: int = 0


class Note(StrEnum):
    """Which personal line follows an answer (its line is `answer_<value>`)."""

    LAST_TODAY = "last_today"
    LAST_YESTERDAY = "last_yesterday"
    LAST_YESTERDAY_FULL_WEEK = "last_yesterday_full_week"
    LAST_TWO_DAYS = "last_two_days"
    LAST_DAYS = "last_days"
    LAST_LONG_AGO = "last_long_ago"
    PROGRESS_SESSIONS = "progress_sessions"
    PROGRESS_FIRST_WEEK = "progress_first_week"
    PROGRESS_EARLY = "progress_early"
    PROGRESS_SPARSE = "progress_sparse"
    PROGRESS_MIDDLE = "progress_middle"
    PROGRESS_LATE = "progress_late"


@dataclass(frozen=True)
class Personal:
    note: Note
    days: int = 0  # since the last session
    sessions: int = 0  # completed so far, or this week for LAST_YESTERDAY_FULL_WEEK
    weeks: int = 0  # since the first session


def personal(topic: str, facts: UserFacts | None) -> Personal | None:
    """The personal line an answer gets from the user's history, if any.

    Raises KeyError for a topic that is not in QUESTION_INTENTS.
    """
    if topic not in TOPICS:
        raise KeyError(f"no answer for topic {topic!r}")
    if facts is None:
        return None
    if topic == "frequency":
        return _frequency(facts)
    if topic == "results_time":
        return _progress(facts)
    return None


def _today(facts: UserFacts) -> date:
    return facts.today or date.today()


def _frequency(facts: UserFacts) -> Personal | None:
    if facts.last_day is None:
        return None
    days = (_today(facts) - facts.last_day).days
    if days < 0:  # a clock or data problem: say nothing rather than something odd
        return None
    if days == 0:
        return Personal(Note.LAST_TODAY)
    if days == 1:
        if facts.sessions_this_week >= 3:
            return Personal(Note.LAST_YESTERDAY_FULL_WEEK, 1, facts.sessions_this_week)
        return Personal(Note.LAST_YESTERDAY, 1)
    if days == 2:
        return Personal(Note.LAST_TWO_DAYS, 2)
    if days < LONG_GAP_DAYS:
        return Personal(Note.LAST_DAYS, days)
    return Personal(Note.LAST_LONG_AGO, days)


def _progress(facts: UserFacts) -> Personal | None:
    sessions = facts.sessions_completed
    if sessions <= 0:
        return None
    if facts.first_day is None:
        return Personal(Note.PROGRESS_SESSIONS, sessions=sessions)
    days = (_today(facts) - facts.first_day).days
    if days < 0:
        return Personal(Note.PROGRESS_SESSIONS, sessions=sessions)
    if days < 7:
        return Personal(Note.PROGRESS_FIRST_WEEK, sessions=sessions)
    weeks = max(1, round(days / 7))
    if weeks < 2:
        note = Note.PROGRESS_EARLY
    elif sessions < 1.5 * weeks:  # fewer than about two a week: consistency first
        note = Note.PROGRESS_SPARSE
    elif weeks < 6:
        note = Note.PROGRESS_MIDDLE
    else:
        note = Note.PROGRESS_LATE
    return Personal(note, sessions=sessions, weeks=weeks)
