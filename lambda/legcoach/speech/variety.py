"""Say less, and vary it: praise that is earned and never repeats within a workout, and tips
that are said once each.

Praise comes from numbered pools (`praise_<verdict>_<n>` in the lines); `Said` remembers the
ids used in this workout (the voice layer keeps it with the workout in session attributes), and
once a pool is spent the count is said alone: the count is the one phrase that may repeat.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from ..coach.workout import Verdict
from .lines import Lines

MAX_SAID = 64  # more than every pool together: the memory stays small
_ID = re.compile(r"praise_[a-z_]+_\d{1,2}")


@dataclass
class Said:
    """The praise ids used in the current workout."""

    ids: list[str] = field(default_factory=list)

    def to_list(self) -> list[str]:
        return list(self.ids)

    @classmethod
    def from_list(cls, raw: object) -> Said:
        """Validating loader (it comes back from the client): unknown shapes are dropped."""
        items = raw if isinstance(raw, list) else []
        ids = [str(i) for i in items if isinstance(i, str) and _ID.fullmatch(i)]
        return cls(list(dict.fromkeys(ids))[:MAX_SAID])


def pool(say: Lines, verdict: Verdict) -> list[str]:
    """The praise ids for a verdict, in order (1, 2, ... until one is missing)."""
    ids = []
    n = 1
    while f"praise_{verdict.value}_{n}" in say:
        ids.append(f"praise_{verdict.value}_{n}")
        n += 1
    return ids


def praise(
    say: Lines, verdict: Verdict, count: int, target: int, said: Said, rng: random.Random
) -> str:
    """The acknowledgement of a set: a praise line not used yet this workout, or the count."""
    fresh = [i for i in pool(say, verdict) if i not in said.ids]
    if not fresh:
        return say("praise_count_only", count=count)
    chosen = rng.choice(fresh)
    said.ids.append(chosen)
    del said.ids[:-MAX_SAID]
    return say(chosen, count=count, target=target, diff=abs(count - target))


def tip_line(say: Lines, tip: str) -> str:
    """A tip's words ('' for no tip)."""
    return say(f"tip_{tip}") if tip else ""
