"""Schedule sense: legs 2-3 times a week; with bodyweight only, every other day is plenty.

The coach never refuses a workout: training again too soon gets a heads-up and the offer of a
lighter session instead.
"""

from __future__ import annotations

from datetime import date


def too_soon_note(last_day: date | None, today: date) -> str:
    """A one-sentence heads-up when the last session was today or yesterday, else ''."""
    if last_day is None:
        return ""
    days = (today - last_day).days
    if days <= 0:
        return (
            "You've already trained today, and muscles firm up while they recover, "
            "not while they work."
        )
    if days == 1:
        return (
            "You trained yesterday. With bodyweight, every other day is plenty, "
            "so your legs may still be recovering."
        )
    return ""
