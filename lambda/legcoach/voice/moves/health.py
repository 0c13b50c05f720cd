"""Health questions ("I'm pregnant, is this okay?"): a short, careful answer, never a script.

Each condition the model knows has one line that points to the right person to ask (a doctor,
midwife or physiotherapist) and the adjustment the coach can make. Said with a number ("I'm
twenty weeks pregnant", "I'm seventy six") the condition is taken as the speaker's own. A
condition that loads a joint is remembered as a caution, so the next plans check in before the
moves that load it. Nothing about the workout moves: the place is kept.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...coach import cautions
from ..turn import Reply, Turn
from .floor import hand_back

CONDITIONS = frozenset(
    {
        "pregnancy",
        "high_blood_pressure",
        "after_surgery",
        "arthritis",
        "osteoporosis",
        "older_age",
        "legs_shaking",
        "diabetes",
        "asthma",
        "heart_condition",
        "long_term_condition",
    }
)
# The joints a condition asks the coach to be careful with (a check-in before their moves).
TOUCHES: Mapping[str, tuple[str, ...]] = {
    "pregnancy": ("back",),
    "after_surgery": ("knee", "hip"),
    "arthritis": ("knee", "hip"),
    "osteoporosis": ("back",),
}


def condition_heard(turn: Turn) -> str:
    """The condition asked about: its resolved id, else what a number implies (weeks:
    pregnancy, an age: older age), else '' (a general question about exercising safely)."""
    condition = turn.slot_id("condition") or ""
    if condition in CONDITIONS:
        return condition
    if turn.slot("weeks") is not None:
        return "pregnancy"
    if turn.slot("age") is not None:
        return "older_age"
    return ""


def answer(turn: Turn) -> Reply:
    condition = condition_heard(turn)
    text = turn.line(f"health_{condition or 'general'}")
    joints = [j for j in TOUCHES.get(condition, ()) if j not in turn.profile.cautions]
    if joints:
        for joint in joints:
            cautions.note_caution(turn.profile, joint, turn.today)
        turn.changed()
        text = f"{text} {turn.line('health_noted')}"
    return hand_back(turn, text)
