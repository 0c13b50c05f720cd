"""Safety first, at any point: pain, dizziness, sickness or breathlessness stop the set at once.

The set in progress is recorded as not done, the user hears a short calm line and the red flags
in one sentence, and never a request for reps. Chest, arm or jaw pain and not being able to
breathe end the session after the advice; joint or muscle pain offers an easier version that
spares the joint, skipping the move, or ending; feeling unwell offers to stop for today.
"""

from __future__ import annotations

from ...coach.exercises import JOINTS
from ...speech.ssml import Speech
from ..state import Ask
from ..turn import Reply, Turn
from .ending import end_for_today, finish
from .floor import ask, then_back
from .sets import stop_the_set

SEVERE_PARTS = frozenset({"chest", "arm", "jaw"})
# Leg muscles (and pain with no place named) are noted as the leg; other joints as themselves.
LEG_PARTS = frozenset({"", "hamstring", "quad", "calf", "groin", "glute", "leg", "thigh", "muscle"})
# Not being able to breathe ends the session; being winded ("out of breath") after a hard set is
# expected, and means rest.
SEVERE_SYMPTOMS = frozenset({"breathless"})


def _calm_words(turn: Turn) -> Speech:
    return Speech().say(turn.line("pain_stop"), turn.line("red_flags"))


def _heard(turn: Turn, slot: str) -> str:
    return turn.slot_id(slot) or (turn.slot(slot) or "").lower()


def pain(turn: Turn) -> Reply:
    part = _heard(turn, "part")
    in_set = turn.state.in_workout
    slot = stop_the_set(turn)
    words = _calm_words(turn)
    if part in SEVERE_PARTS:
        return end_for_today(turn, words)
    if not in_set:
        return then_back(turn, opening=words)
    joint = part if part in JOINTS else ("leg" if part in LEG_PARTS else "")
    if slot and joint:
        turn.profile.note_pain(slot, joint)
        turn.changed()
    workout = turn.state.workout
    assert workout is not None
    if workout.finished:
        return finish(turn, words, completed=True)
    return ask(turn, Ask.PAIN, joint or None, opening=words)


def unwell(turn: Turn) -> Reply:
    symptom = _heard(turn, "symptom")
    in_set = turn.state.in_workout
    stop_the_set(turn)
    words = _calm_words(turn)
    if symptom in SEVERE_SYMPTOMS:
        return end_for_today(turn, words)
    if not in_set:
        return then_back(turn, opening=words)
    workout = turn.state.workout
    if workout is None or workout.finished:
        return end_for_today(turn, words)
    return ask(turn, Ask.UNWELL, symptom, opening=words)
