"""Off-topic requests and words said to someone else: one short line that keeps the place.

"What's the weather", "play music", "set a timer", "Tyler, put that down": the coach says in a
line that it is still here and how to go on, then hands the floor back with the question of the
moment (so it is never a dead end). The line is never the same twice in a row. "I'm feeling
great" gets a short encouraging line the same way.
"""

from __future__ import annotations

from ..turn import Reply, Turn
from .floor import then_back


def _fresh_line(turn: Turn, key: str) -> str:
    """A variant of `key` other than the one said last (the state remembers which)."""
    variants = turn.line.variants(key)
    choices = [i for i in range(1, len(variants) + 1) if i != turn.state.aside] or [1]
    pick = turn.line.rng.choice(choices)
    turn.state.aside = pick
    return variants[pick - 1]


def off_topic(turn: Turn) -> Reply:
    """Weather, music, timers: not something the coach does here; the place is kept."""
    return then_back(turn, _fresh_line(turn, "off_topic"))


def aside(turn: Turn) -> Reply:
    """Words meant for someone else in the room: the coach waits, then picks up."""
    return then_back(turn, _fresh_line(turn, "aside"))


def feeling_good(turn: Turn) -> Reply:
    """'Feeling great today': glad to hear it, and on with the set (never a safety script)."""
    return then_back(turn, _fresh_line(turn, "feeling_good"))
