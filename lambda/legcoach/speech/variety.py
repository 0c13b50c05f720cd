"""Say less, and vary it: praise that is earned and never repeats within a workout, and tips
that are said once each.

Praise comes from numbered pools (`praise_<verdict>_<n>` in the lines). The n-th set of a
workout to earn a verdict takes the n-th phrase of that verdict's pool, counted on from a place
that differs between workouts; once the pool is spent the count is said alone (the count is the
one phrase that may repeat). The choice is read off the workout's own sets, so nothing has to be
remembered, and a workout picked up another day goes on where its praise left off.
"""

from __future__ import annotations

import zlib

from ..coach.workout import Verdict
from .lines import Lines


def pool(say: Lines, verdict: Verdict) -> list[str]:
    """The praise ids for a verdict, in order (1, 2, ... until one is missing)."""
    ids = []
    n = 1
    while f"praise_{verdict.value}_{n}" in say:
        ids.append(f"praise_{verdict.value}_{n}")
        n += 1
    return ids


def praise(
    say: Lines, verdict: Verdict, count: int, target: int, *, workout_id: str, earlier: int
) -> str:
    """The acknowledgement of a set: the praise due to the `earlier`-th (0-based) set of this
    workout to earn `verdict`, or the count alone once the pool is spent."""
    ids = pool(say, verdict)
    if earlier >= len(ids):
        return say("praise_count_only", count=count)
    start = zlib.crc32(f"{workout_id}:{verdict.value}".encode()) % len(ids)
    chosen = ids[(start + earlier) % len(ids)]
    return say(chosen, count=count, target=target, diff=abs(count - target))


def tip_line(say: Lines, tip: str) -> str:
    """A tip's words ('' for no tip)."""
    return say(f"tip_{tip}") if tip else ""
