"""Adjusting the work mid-workout: slower, faster, easier, harder, no equipment, beeps.

The rules live in `coach.adjust`; these handlers apply them to the workout in progress and hand
the floor back to where the user was. Swapping the move re-counts the current set with it.
"""

from __future__ import annotations

from dataclasses import replace

from ...coach import adjust
from ...coach.exercises import CATALOGUE
from ...coach.numbers import number_words
from ...speech.ssml import Speech
from .. import flow
from ..state import Position
from ..turn import Reply, Turn
from .base import IN_WORKOUT, TurnHandler, slot_id, slot_value


def _back(turn: Turn, line: str) -> Reply:
    back, reprompt = flow.back_to(turn)
    return Reply(Speech().say(line).extend(back), reprompt)


def retime(turn: Turn, slower: bool) -> Reply:
    """Change the lowering from the next set on, for every move, and keep it as a preference."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    change = adjust.slower if slower else adjust.faster
    tempo, at_limit = change(workout.current.block.prescription.tempo)
    seconds = number_words(tempo.down)
    if at_limit:
        return _back(turn, turn.say("slower_max" if slower else "faster_floor", seconds=seconds))
    for index, block in enumerate(workout.blocks):
        new_tempo, _ = change(block.prescription.tempo)
        workout.replace_block(index, replace(block.prescription, tempo=new_tempo))
    turn.profile.tempo_shift = max(-2, min(3, turn.profile.tempo_shift + (1 if slower else -1)))
    flow.touch(turn)
    return _back(turn, turn.say("slower" if slower else "faster", seconds=seconds))


class SlowerHandler(TurnHandler):
    intents = ("SlowerIntent",)
    positions = IN_WORKOUT
    informs = True

    def respond(self, turn: Turn) -> Reply:
        return retime(turn, slower=True)


class FasterHandler(TurnHandler):
    intents = ("FasterIntent",)
    positions = IN_WORKOUT
    informs = True

    def respond(self, turn: Turn) -> Reply:
        return retime(turn, slower=False)


def switch_move(turn: Turn, key: str, line: str) -> Reply:
    """Put `key` in place of the current move and count the current set with it."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    spec = workout.current
    workout.replace_block(spec.block_index, adjust.swap(spec.block.prescription, key))
    flow.touch(turn)
    turn.state.drop_questions()
    turn.state.position, turn.state.rep_from = Position.READY, 1
    return flow.present_set(turn, Speech().say(line), intro=True)


def easier_now(turn: Turn, joint: str | None = None) -> Reply:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    key = adjust.easier(workout.current.block.prescription.exercise, joint)
    if key is None:
        return _back(turn, turn.say("easier_none"))
    return switch_move(turn, key, turn.say("easier_now", name=CATALOGUE[key].name))


def harder_now(turn: Turn) -> Reply:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    key = adjust.harder(workout.current.block.prescription.exercise)
    if key is None:
        return _back(turn, turn.say("harder_none"))
    return switch_move(turn, key, turn.say("harder_now", name=CATALOGUE[key].name))


class EasierHandler(TurnHandler):
    """ "Too hard", "make it easier", "I have bad knees"."""

    intents = ("EasierIntent",)
    positions = IN_WORKOUT

    def respond(self, turn: Turn) -> Reply:
        joint = slot_id(turn, "part") or slot_value(turn, "part")
        return easier_now(turn, joint)


class HarderHandler(TurnHandler):
    intents = ("HarderIntent",)
    positions = IN_WORKOUT

    def respond(self, turn: Turn) -> Reply:
        return harder_now(turn)


class NoEquipmentHandler(TurnHandler):
    """ "I don't have a chair": the same work on a move that needs none."""

    intents = ("NoEquipmentIntent",)
    positions = IN_WORKOUT

    def respond(self, turn: Turn) -> Reply:
        workout = turn.state.workout
        assert workout is not None and workout.current is not None
        equipment = slot_id(turn, "equipment") or (slot_value(turn, "equipment") or "chair")
        key = adjust.without(workout.current.block.prescription.exercise, equipment)
        if key is None:
            return _back(turn, turn.say("no_equipment_fine", equipment=equipment))
            line = turn.say("no_equipment_now", equipment=equipment, name=CATALOGUE[key].name)
        return switch_move(turn, key, line)


class CantDoHandler(TurnHandler):
    """ "I can't do this one": an easier version first; skipping stays one word away."""

    intents = ("CantDoIntent",)
    positions = IN_WORKOUT

    def respond(self, turn: Turn) -> Reply:
        return easier_now(turn)


class BeepsHandler(TurnHandler):
    intents = ("BeepsOnIntent", "BeepsOffIntent")
    informs = True

    def respond(self, turn: Turn) -> Reply:
        on = turn.intent_name == "BeepsOnIntent"
        turn.profile.beeps = on
        turn.changed()
        return _back(turn, turn.say("beeps_on" if on else "beeps_off"))
