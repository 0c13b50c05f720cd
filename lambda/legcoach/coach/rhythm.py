"""The leg-day rhythm: when to train next, and when a reminder should ring.

Pure rules on dates and times. Legs want a day of rest between sessions and two or three
sessions a week (see `schedule`); a reminder follows the user's rhythm: every other day, or the
days they chose, at the time they chose (or the time they asked at).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # typing only: the profile module does not need the rhythm one
    from .profile import Profile

WEEKLY_MAX = 3  # sessions a week past which the coach suggests waiting for the next week
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # RFC 5545, Monday first like weekday()
DEFAULT_STEP_MINUTES = 15  # an unnamed time is the time of asking, to the quarter hour


class NextReason(StrEnum):
    FIRST = "first"  # no history yet: today
    REST = "rest"  # trained today or yesterday: the day after the rest day
    READY = "ready"  # rested: today
    WEEK_FULL = "week_full"  # three this week already: next Monday


@dataclass(frozen=True)
class NextDay:
    day: date
    reason: NextReason


def next_leg_day(last_day: date | None, today: date, sessions_this_week: int) -> NextDay:
    if last_day is None:
        return NextDay(today, NextReason.FIRST)
    rested = last_day + timedelta(days=2)  # one full day off between leg days
    if rested > today:
        return NextDay(rested, NextReason.REST)
    if sessions_this_week >= WEEKLY_MAX:
        monday = today + timedelta(days=7 - today.weekday())
        return NextDay(monday, NextReason.WEEK_FULL)
    return NextDay(today, NextReason.READY)


def next_leg_day_of(profile: Profile, today: date) -> NextDay:
    """A person's next leg day, from their last one and this week's count."""
    return next_leg_day(profile.last_day(), today, profile.sessions_this_week(today))


@dataclass(frozen=True)
class ReminderPlan:
    """Every other day from `start`, or on `weekdays` (0 = Monday), at `at`."""

    at: time
    weekdays: tuple[int, ...] = ()
    start: date | None = None
    time_named: bool = True  # False: the time of asking was taken

    def first_day(self, earliest: date) -> date:
        if not self.weekdays:
            return max(self.start or earliest, earliest)
        day = earliest
        while day.weekday() not in self.weekdays:
            day += timedelta(days=1)
        return day

    def rule(self) -> str:
        """The RFC 5545 recurrence rule Alexa's Reminders API takes."""
        clock = f"BYHOUR={self.at.hour};BYMINUTE={self.at.minute};BYSECOND=0"
        if self.weekdays:
            days = ",".join(DAY_CODES[d] for d in sorted(set(self.weekdays)))
            return f"FREQ=WEEKLY;BYDAY={days};{clock}"
        return f"FREQ=DAILY;INTERVAL=2;{clock}"

    def token(self) -> str:
        """A compact form that survives the permission round trip (Connections token)."""
        days = "".join(str(d) for d in self.weekdays) or "-"
        start = self.start.isoformat() if self.start else "-"
        return (
            f"remind:{days}:{self.at.hour:02d}{self.at.minute:02d}:{start}:{int(self.time_named)}"
        )

    @classmethod
    def from_token(cls, token: str) -> ReminderPlan | None:
        parts = token.split(":")
        if len(parts) != 5 or parts[0] != "remind":
            return None
        _, days, clock, start, named = parts
        try:
            weekdays = () if days == "-" else tuple(int(d) for d in days if 0 <= int(d) <= 6)
            at = time(int(clock[:2]), int(clock[2:4]))
            first = None if start == "-" else date.fromisoformat(start)
        except ValueError:
            return None
        return cls(at, weekdays, first, named == "1")


def default_time(now: datetime) -> time:
    """The time of asking, to the nearest quarter hour."""
    minutes = now.hour * 60 + now.minute
    step = DEFAULT_STEP_MINUTES
    minutes = (minutes + step // 2) // step * step % (24 * 60)
    return time(minutes // 60, minutes % 60)


def parse_time(value: str | None) -> time | None:
    """An AMAZON.TIME value ("19:00", "07:30"); the vaguer "EV", "MO"... are not a time."""
    if not value:
        return None
    try:
        hour, minute = value.split(":")[:2]
        return time(int(hour), int(minute))
    except ValueError:
        return None


def parse_weekday(value: str | None) -> int | None:
    """An AMAZON.DayOfWeek value ("monday", "Tuesday") as 0..6."""
    names = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    text = (value or "").strip().lower()
    return names.index(text) if text in names else None
