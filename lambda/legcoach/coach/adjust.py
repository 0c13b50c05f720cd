"""Adjusting a move on request, as pure rules: easier (or kinder to a sore joint), harder,
without a piece of furniture, slower or quicker lowering, and swapping one move for another.

Each answers with catalogue keys or values; None means there is nothing to change to, and the
voice layer says so.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .exercises import CATALOGUE, EQUIPMENT
from .ladder import Prescription, Tempo

if TYPE_CHECKING:
    from .workout import Workout

TEMPO_SHIFT_LIMIT = 3  # seconds a person's lowering may sit away from the plan's

# The method is slow lowering: quicker than two seconds down stops being time under tension,
# and slower than six turns a set into a hold.
TEMPO_FLOOR = 2
TEMPO_CAP = 6


def easier(exercise_key: str, joint: str | None = None) -> str | None:
    """The move to do instead when this one is too hard, or (a joint named) when that joint hurts.

    A named joint gets the move that spares it (e.g. a glute bridge for a sore knee); when the
    move has no such alternative, or does not load that joint, the plain easier version.
    """
    move = CATALOGUE[exercise_key]
    if joint and joint in move.joints:
        spare = move.spares.get(joint)
        if spare is not None:
            return spare
        # Down the easier chain to the first version that leaves the joint alone, if any.
        key = move.easier
        while key is not None:
            if joint not in CATALOGUE[key].joints:
                return key
            key = CATALOGUE[key].easier
    return move.easier


def harder(exercise_key: str) -> str | None:
    return CATALOGUE[exercise_key].harder


def without(exercise_key: str, equipment: str) -> str | None:
    """The equipment-free substitute when the move needs `equipment`; None when it does not
    (or has no substitute)."""
    move = CATALOGUE[exercise_key]
    if equipment not in move.equipment:
        return None
    return move.substitute


def stand_ins(exercise_key: str, missing: str) -> tuple[str, ...]:
    """Other equipment that does the same job when `missing` is not at hand (a couch for a
    chair), in the order of EQUIPMENT."""
    move = CATALOGUE[exercise_key]
    if missing not in move.equipment:
        return ()
    return tuple(e for e in EQUIPMENT if e in move.equipment and e != missing)


def slower(tempo: Tempo) -> Tempo:
    """One second more lowering, up to the cap."""
    return replace(tempo, down=min(TEMPO_CAP, max(TEMPO_FLOOR, tempo.down + 1)))


def faster(tempo: Tempo) -> tuple[Tempo, bool]:
    """One second less lowering, never under the floor; True when already at the floor (the
    tempo is unchanged, and the coach says why the lowering stays slow)."""
    if tempo.down <= TEMPO_FLOOR:
        return replace(tempo, down=TEMPO_FLOOR), True
    return replace(tempo, down=tempo.down - 1), False


def shift_tempo(tempo: Tempo, shift: int) -> Tempo:
    """A user's standing preference (seconds more or less lowering), within the floor and cap."""
    return replace(tempo, down=max(TEMPO_FLOOR, min(TEMPO_CAP, tempo.down + shift)))


def swap(rx: Prescription, exercise_key: str) -> Prescription:
    """The same prescription on another move, its reps kept inside the new move's range."""
    move = CATALOGUE[exercise_key]
    reps = max(move.base_reps, min(move.rep_ceiling, rx.reps))
    return replace(rx, exercise=exercise_key, reps=reps)


@dataclass(frozen=True)
class Retiming:
    """ "Slower" or "faster" decided: the new lowering, or that the tempo is at its limit."""

    tempo: Tempo  # the current move's tempo from the next set on (as it was, at a limit)
    step: int  # seconds added to every move's lowering (0 at a limit)
    at_limit: bool


def retiming(current: Tempo, *, slower_wanted: bool) -> Retiming:
    if slower_wanted:
        tempo = slower(current)
        at_limit = tempo == current
    else:
        tempo, at_limit = faster(current)
    if at_limit:
        return Retiming(current, 0, True)
    return Retiming(tempo, tempo.down - current.down, False)


def retime(workout: Workout, step: int, tempo_shift: int) -> int:
    """Shift every move's lowering by `step`; returns the person's kept shift, bounded."""
    for index, block in enumerate(workout.blocks):
        tempo = shift_tempo(block.prescription.tempo, step)
        workout.blocks[index] = replace(
            block, prescription=replace(block.prescription, tempo=tempo)
        )
    return max(-TEMPO_SHIFT_LIMIT, min(TEMPO_SHIFT_LIMIT, tempo_shift + step))
