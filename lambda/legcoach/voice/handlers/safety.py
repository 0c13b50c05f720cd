"""Safety first, at any point: pain, dizziness, sickness or breathlessness stop the set at once.

Tried before every other handler. The set in progress is recorded as not done, the user hears a
short calm line and the red flags in one sentence, and never a request for reps. Chest, arm or jaw
pain and not being able to breathe end the session after the advice; joint or muscle pain offers
an easier version that spares the joint, skipping the move, or ending; feeling unwell offers to
stop for today.
"""

from __future__ import annotations

from ...coach import progression
from ...coach.exercises import JOINTS
from ...speech.ssml import Speech
from .. import flow
from ..state import Ask, Position
from ..turn import Reply, Turn
from .base import TurnHandler, slot_id, slot_value

SEVERE_PARTS = frozenset({"chest", "arm", "jaw"})
# Leg muscles (and pain with no place named) are noted as the leg; other joints as themselves.
LEG_PARTS = frozenset({"", "hamstring", "quad", "calf", "groin", "glute", "leg", "thigh", "muscle"})
# Not being able to breathe ends the session; being winded ("out of breath") after a hard set is
# expected, and means rest.
SEVERE_SYMPTOMS = frozenset({"breathless"})


def stop_the_set(turn: Turn) -> str:
    """Record the set in progress as not done; returns its slot ('' outside a workout)."""
    state = turn.state
    workout = state.workout
    if not state.in_workout or workout is None or workout.current is None:
        return ""
    slot = workout.current.block.slot
    workout.record(None)
    flow.touch(turn)
    state.position, state.rep_from = Position.READY, 1
    return slot


def calm_words(turn: Turn) -> Speech:
    return Speech().say(turn.line("pain_stop"), turn.line("red_flags"))


def end_for_today(turn: Turn, opening: Speech) -> Reply:
    """Close the workout as what was done and end the session after the advice."""
    workout = turn.state.workout
    if workout is not None and not workout.finished:
        progression.finish_workout(turn.profile, workout, completed=False)
        turn.changed()
    turn.state.leave_workout()
    turn.state.drop_questions()
    return Reply(opening.say(turn.line("severe_end")), end=True)


class PainHandler(TurnHandler):
    intents = ("PainIntent",)

    def respond(self, turn: Turn) -> Reply:
        part = slot_id(turn, "part") or (slot_value(turn, "part") or "").lower()
        in_set = turn.state.in_workout
        slot = stop_the_set(turn)
        words = calm_words(turn)
        if part in SEVERE_PARTS or not in_set:
            if part in SEVERE_PARTS:
                return end_for_today(turn, words)
            line, reprompt = flow.back_to(turn)
            return Reply(words.extend(line), reprompt)
        joint = part if part in JOINTS else ("leg" if part in LEG_PARTS else "")
        if slot and joint:
            turn.profile.note_pain(slot, joint)
            turn.changed()
        workout = turn.state.workout
        assert workout is not None
        if workout.finished:
            return flow.finish(turn, words, completed=True)
        return flow.ask(turn, Ask.PAIN, joint or None, opening=words)


class UnwellHandler(TurnHandler):
    intents = ("UnwellIntent",)

    def respond(self, turn: Turn) -> Reply:
        symptom = slot_id(turn, "symptom") or (slot_value(turn, "symptom") or "").lower()
        in_set = turn.state.in_workout
        stop_the_set(turn)
        words = calm_words(turn)
        if symptom in SEVERE_SYMPTOMS:
            return end_for_today(turn, words)
        if not in_set:
            line, reprompt = flow.back_to(turn)
            return Reply(words.extend(line), reprompt)
        workout = turn.state.workout
        if workout is None or workout.finished:
            return end_for_today(turn, words)
        return flow.ask(turn, Ask.UNWELL, symptom, opening=words)
