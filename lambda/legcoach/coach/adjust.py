"""Adjusting the work mid-workout: easier, harder, without equipment, slower, faster.

Pure rules over the catalogue and the ladders; the voice layer decides when to apply them.
"""

from __future__ import annotations

from dataclasses import replace

from .exercises import CATALOGUE
from .ladder import SLOTS, Prescription, Tempo

SLOWEST_LOWERING = 6
FASTEST_LOWERING = 2  # below this the slow, controlled lowering the method relies on is gone
# Moves that need a piece of furniture, and what to do instead without it.
NEEDS = {"bulgarian_split_squat": "chair", "elevated_single_leg_bridge": "couch"}
WITHOUT = {
    "bulgarian_split_squat": "split_squat",
    "elevated_single_leg_bridge": "single_leg_glute_bridge",
}
STANDS_IN = {
    "chair": {"chair", "couch", "bench", "bed", "step"},
    "couch": {"couch", "chair", "bed"},
}


def _slot_of(key: str) -> tuple[str, ...]:
    for slot in SLOTS:
        if key in slot.variations:
            return slot.variations
    return (key,)


def easier(key: str, joint: str | None = None) -> str | None:
    variations = _slot_of(key)
    index = variations.index(key) if key in variations else 0
    return variations[index - 1] if index > 0 else None


def harder(key: str) -> str | None:
    variations = _slot_of(key)
    index = variations.index(key) if key in variations else len(variations) - 1
    return variations[index + 1] if index + 1 < len(variations) else None


def without(key: str, equipment: str) -> str | None:
    """The move to do instead when `equipment` is missing, or None when it is not needed."""
    needed = NEEDS.get(key)
    if needed is None or equipment not in STANDS_IN.get(needed, {needed}):
        return None
    return WITHOUT[key]


def swap(rx: Prescription, key: str) -> Prescription:
    """The same effort on another move: reps kept within that move's range."""
    move = CATALOGUE[key]
    reps = max(move.base_reps, min(move.rep_ceiling, rx.reps))
    return replace(rx, exercise=key, reps=reps)


def slower(tempo: Tempo) -> tuple[Tempo, bool]:
    """One second more lowering; True when already at the slowest."""
    if tempo.down >= SLOWEST_LOWERING:
        return tempo, True
    return replace(tempo, down=tempo.down + 1), False


def faster(tempo: Tempo) -> tuple[Tempo, bool]:
    """One second less lowering; True when already at the floor the method needs."""
    if tempo.down <= FASTEST_LOWERING:
        return tempo, True
    return replace(tempo, down=tempo.down - 1), False
