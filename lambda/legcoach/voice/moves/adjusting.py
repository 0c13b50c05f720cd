"""Adjusting the work mid-workout: slower, faster, easier, harder, no equipment, beeps.

The rules live in `coach.adjust`; these moves apply them to the workout in progress. A new tempo
keeps the place and hands the floor back; a new move re-counts the current set with it.
"""

from __future__ import annotations

from ...coach import adjust, cautions
from ...coach.exercises import EQUIPMENT, JOINTS
from ...speech.coaching import render_no_other_version, render_swap, render_tempo_change
from ...speech.ssml import Speech
from ...speech.words import move_name
from ..turn import Reply, Turn
from .floor import then_back
from .sets import present_set, touch


def retime(turn: Turn, *, slower: bool) -> Reply:
    """Change the lowering from the next set on, for every move, and keep it as a preference."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    decided = adjust.retiming(workout.current.block.prescription.tempo, slower_wanted=slower)
    if not decided.at_limit:
        profile = turn.profile
        profile.tempo_shift = adjust.retime(workout, decided.step, profile.tempo_shift)
        touch(turn)
    change = render_tempo_change(turn.line, decided.tempo, slower=slower, at_floor=decided.at_limit)
    return then_back(turn, change)


def switch_move(turn: Turn, key: str, line: str, *, keep: bool = False) -> Reply:
    """Do the rest of the current move as `key`, starting with the current set; `keep`: the
    swap is remembered for the next sessions, until the user says otherwise."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    if keep:
        cautions.note_swap(turn.profile, workout.current.block.slot, key)
    workout.swap_current(adjust.swap(workout.current.block.prescription, key))
    touch(turn)
    turn.state.to_ready()
    return present_set(turn, Speech().say(line), intro=True)


def easier_now(turn: Turn, joint: str | None = None) -> Reply:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    current = workout.current.block.prescription.exercise
    key = adjust.easier(current, joint if joint in JOINTS else None)
    if key is None:
        return then_back(turn, render_no_other_version(turn.line, current, wanted_harder=False))
    return switch_move(turn, key, render_swap(turn.line, key), keep=True)


def harder_now(turn: Turn) -> Reply:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    current = workout.current.block.prescription.exercise
    key = adjust.harder(current)
    if key is None:
        return then_back(turn, render_no_other_version(turn.line, current, wanted_harder=True))
    return switch_move(turn, key, render_swap(turn.line, key))


def without_heard_equipment(turn: Turn) -> Reply:
    """ "I don't have a ...": an item the model does not know changes nothing on its own."""
    equipment = turn.slot_id("equipment")
    if equipment is None and turn.slot("equipment") is not None:
        return then_back(turn, turn.line("no_equipment_unknown"))
    return without_equipment(turn, equipment)


def without_equipment(turn: Turn, equipment: str | None) -> Reply:
    """ "I don't have a chair": another piece of furniture, or the same work without any."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    current = workout.current.block.prescription.exercise
    if equipment not in EQUIPMENT:
        equipment = "chair"
    said = turn.line(f"equipment_{equipment}")
    key = adjust.without(current, equipment)
    if key is None:
        return then_back(turn, turn.line("no_equipment_fine", equipment=said))
    line = turn.line("no_equipment_now", equipment=said, name=move_name(turn.line, key, 2))
    return switch_move(turn, key, line, keep=True)


def set_beeps(turn: Turn, *, on: bool) -> Reply:
    turn.profile.beeps = on
    turn.changed()
    return then_back(turn, turn.line("beeps_on" if on else "beeps_off"))
