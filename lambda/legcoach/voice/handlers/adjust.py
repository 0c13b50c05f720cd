"""Adjusting the work mid-workout: slower, faster, easier, harder, no equipment, beeps.

The rules live in `coach.adjust`; these handlers apply them to the workout in progress and hand
the floor back to where the user was. Swapping the move re-counts the current set with it.
"""

from __future__ import annotations

from dataclasses import replace

from ...coach import adjust
from ...coach.exercises import EQUIPMENT, JOINTS
from ...coach.profile import TEMPO_SHIFT_LIMIT
from ...speech.coaching import render_no_other_version, render_swap, render_tempo_change
from ...speech.ssml import Speech
from ...speech.words import move_name
from .. import flow
from ..state import Position
from ..turn import Reply, Turn
from .base import IN_WORKOUT, TurnHandler, slot_id


def _back(turn: Turn, line: str) -> Reply:
    back, reprompt = flow.back_to(turn)
    return Reply(Speech().say(line).extend(back), reprompt)


def retime(turn: Turn, slower: bool) -> Reply:
    """Change the lowering from the next set on, for every move, and keep it as a preference."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    before = workout.current.block.prescription.tempo
    if slower:
        tempo, at_limit = adjust.slower(before), False
        at_limit = tempo == before
    else:
        tempo, at_limit = adjust.faster(before)
    if at_limit:
        return _back(turn, render_tempo_change(turn.line, before, slower=slower, at_floor=True))
    step = tempo.down - before.down
    for index, block in enumerate(workout.blocks):
        new_tempo = adjust.shift_tempo(block.prescription.tempo, step)
        workout.blocks[index] = replace(
            block, prescription=replace(block.prescription, tempo=new_tempo)
        )
    turn.profile.tempo_shift = max(
        -TEMPO_SHIFT_LIMIT, min(TEMPO_SHIFT_LIMIT, turn.profile.tempo_shift + step)
    )
    flow.touch(turn)
    return _back(turn, render_tempo_change(turn.line, tempo, slower=slower))


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
    """Do the rest of the current move as `key`, starting with the current set."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    workout.swap_current(adjust.swap(workout.current.block.prescription, key))
    flow.touch(turn)
    turn.state.drop_questions()
    turn.state.position, turn.state.rep_from = Position.READY, 1
    assert workout.current is not None
    return flow.present_set(turn, Speech().say(line), intro=True)


def easier_now(turn: Turn, joint: str | None = None) -> Reply:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    current = workout.current.block.prescription.exercise
    key = adjust.easier(current, joint if joint in JOINTS else None)
    if key is None:
        return _back(turn, render_no_other_version(turn.line, current, wanted_harder=False))
    return switch_move(turn, key, render_swap(turn.line, key))


def harder_now(turn: Turn) -> Reply:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    current = workout.current.block.prescription.exercise
    key = adjust.harder(current)
    if key is None:
        return _back(turn, render_no_other_version(turn.line, current, wanted_harder=True))
    return switch_move(turn, key, render_swap(turn.line, key))


class EasierHandler(TurnHandler):
    """ "Too hard", "make it easier", "I have bad knees"."""

    intents = ("EasierIntent",)
    positions = IN_WORKOUT

    def respond(self, turn: Turn) -> Reply:
        return easier_now(turn, slot_id(turn, "part"))


class HarderHandler(TurnHandler):
    intents = ("HarderIntent",)
    positions = IN_WORKOUT

    def respond(self, turn: Turn) -> Reply:
        return harder_now(turn)


class NoEquipmentHandler(TurnHandler):
    """ "I don't have a chair": another piece of furniture, or the same work without any."""

    intents = ("NoEquipmentIntent",)
    positions = IN_WORKOUT

    def respond(self, turn: Turn) -> Reply:
        workout = turn.state.workout
        assert workout is not None and workout.current is not None
        current = workout.current.block.prescription.exercise
        equipment = slot_id(turn, "equipment") or "chair"
        if equipment not in EQUIPMENT:
            equipment = "chair"
        key = adjust.without(current, equipment)
        if key is None:
            return _back(
                turn,
                turn.line("no_equipment_fine", equipment=turn.line(f"equipment_{equipment}")),
            )
        line = turn.line(
            "no_equipment_now",
            equipment=turn.line(f"equipment_{equipment}"),
            name=move_name(turn.line, key, 2),
        )
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
        return _back(turn, turn.line("beeps_on" if on else "beeps_off"))
