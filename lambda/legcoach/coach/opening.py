"""What the first response of a session carries before the first rep, as data.

The launch reaches the first count quickly: a first-time user gets the welcome and the safety
note (the one long opening), everyone else a one-line welcome, a short overview and at most
one tip they have not heard before. Tips rotate through `TIPS` and stop once all are used
(`Profile.tips_used`), so "say Alexa, then what you need" is not said every session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .profile import Profile

# Each tip once, in this order (its line is `tip_<code>`): the most useful first.
TIPS: tuple[str, ...] = ("interrupt", "time_box", "slower", "swap", "skip_warmup", "how_to")
# Speech before the first rep on a returning session (the warm-up's timed silences aside).
SPEECH_BEFORE_FIRST_REP_S = 60


class Welcome(StrEnum):
    FIRST = "first"  # welcome and the safety note
    BACK = "back"  # one line
    NONE = "none"  # a one-shot start ("start leg workout"): straight in


class Overview(StrEnum):
    FULL = "full"  # moves, minutes and what happens after each set (first time)
    SHORT = "short"  # the moves and the minutes


@dataclass(frozen=True)
class Opening:
    welcome: Welcome
    safety: bool
    overview: Overview
    tip: str  # "" for none
    warmup: bool


def next_tip(used: Sequence[str]) -> str:
    """The first tip not given yet ('' once every tip was given)."""
    return next((t for t in TIPS if t not in used), "")


def plan_opening(profile: Profile, *, launched: bool, warmup: bool = True) -> Opening:
    """The launch's parts; `launched` is a LaunchRequest (a one-shot intent skips the welcome).

    A first session gives no tip beyond the interrupt tip it needs; the tip chosen is the
    caller's to record (`take_tip`) once the response is committed.
    """
    first = not profile.safety_noted
    if first:
        return Opening(Welcome.FIRST, True, Overview.FULL, "interrupt", warmup)
    return Opening(
        Welcome.BACK if launched else Welcome.NONE,
        False,
        Overview.SHORT,
        next_tip(profile.tips_used),
        warmup,
    )


def take_tip(profile: Profile, tip: str) -> None:
    """Record a tip as given, so it is not said again."""
    if tip and tip in TIPS and tip not in profile.tips_used:
        profile.tips_used.append(tip)
