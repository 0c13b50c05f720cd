"""Answers about the user's own history, from the stored profile, in a sentence or two."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from .exercises import CATALOGUE
from .ladder import SLOTS, prescription
from .numbers import duration_words, number_words
from .profile import Profile
from .progression import current_rung


def _times(n: int) -> str:
    return {0: "no workouts", 1: "one workout"}.get(n, f"{number_words(n)} workouts")


def _when(day: date, today: date) -> str:
    days = (today - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{number_words(days)} days ago"


def how_am_i_doing(profile: Profile, today: date) -> str:
    if profile.sessions_completed == 0:
        return "You haven't finished a workout with me yet. Say start my workout and we'll get you going."
    first = date.fromisoformat(profile.first_day) if profile.first_day else today
    weeks = max(1, (today - first).days // 7)
    week_word = "one week" if weeks == 1 else f"{number_words(weeks)} weeks"
    harder = []
    for slot in SLOTS:
        move = prescription(slot.key, current_rung(profile, slot.key))
        if slot.variations.index(move.exercise) > slot.variations.index(slot.start_variation):
            harder.append(move.move.plural)
    text = (
        f"You've done {_times(profile.sessions_completed)} in {week_word}, "
        f"{number_words(profile.total_reps)} reps in all."
    )
    if harder:
        text += f" You've moved up to {' and '.join(harder[:2])}."
    else:
        text += " Keep showing up and each session will ask a little more of you."
    return text


def last_time(profile: Profile, today: date) -> str:
    record = profile.last_session
    if record is None:
        return "I don't have a workout from you yet. Say start my workout to begin."
    done = [s for s in record.sets if s.count is not None]
    parts = []
    for exercise in dict.fromkeys(s.exercise for s in done):
        counts = [s.count or 0 for s in done if s.exercise == exercise]
        parts.append(
            f"{' and '.join(number_words(c) for c in counts)} {CATALOGUE[exercise].plural}"
        )
    if not parts:
        return f"Your last workout, {_when(date.fromisoformat(record.day), today)}, ended before any sets."
    listing = ", ".join(parts[:-1]) + (f", and {parts[-1]}" if len(parts) > 1 else parts[-1])
    return (
        f"Last time, {_when(date.fromisoformat(record.day), today)}, you did {listing}: "
        f"{number_words(record.reps)} reps and {duration_words(record.tension)} under tension."
    )


def this_week(profile: Profile, today: date) -> str:
    monday = today - timedelta(days=today.weekday())
    count = profile.sessions_between(monday, today)
    if count == 0:
        return "No workouts yet this week. Two or three a week is the sweet spot, so today's a great day to start."
    if count == 1:
        return "One workout so far this week. Aim for two or three, with a rest day between."
    if count <= 3:
        return f"{_times(count).capitalize()} this week. That's right in the two to three a week sweet spot."
    return f"{_times(count).capitalize()} this week. Great drive, but leave room for recovery."


# Intent name -> the report it answers.
REPORT_INTENTS: dict[str, Callable[[Profile, date], str]] = {
    "ProgressIntent": how_am_i_doing,
    "LastWorkoutIntent": last_time,
    "WeeklyCountIntent": this_week,
}
