"""Schedule sense: legs 2-3 times a week; with bodyweight only, every other day is plenty.

The coach never refuses a workout: training again too soon gets a heads-up and the offer of a
lighter session instead.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class TooSoon(StrEnum):
    TODAY = "today"
    YESTERDAY = "yesterday"


def too_soon(last_day: date | None, today: date) -> TooSoon | None:
    """Whether the last session was today or yesterday (a heads-up is due), else None."""
    if last_day is None:
        return None
    days = (today - last_day).days
    if days <= 0:
        return TooSoon.TODAY
    if days == 1:
        return TooSoon.YESTERDAY
    return None
