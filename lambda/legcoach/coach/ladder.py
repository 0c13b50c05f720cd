"""Prescriptions and the progression ladder each slot of the workout climbs.

The ladder follows the coaching order for training without weights: add reps up to a ceiling,
then cut the rest, add range, add pulses, add a dead stop at the bottom, slow the tempo, and
finally move to the next harder variation (starting again from its own first rung).
A user's place on a ladder is one integer per slot, so "one rung per session" and "step back one
rung" are plain arithmetic and the stored profile stays tiny.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cache

from .exercises import CATALOGUE, Exercise

REP_STEP = 2
BASE_REST = 40
SHORT_REST = 25
SIDE_SWITCH_REST = 10


@dataclass(frozen=True)
class Tempo:
    """Seconds spent lowering, paused at the bottom, and rising, for one rep."""

    down: int = 3
    pause: int = 1
    up: int = 1

    @property
    def seconds(self) -> int:
        return self.down + self.pause + self.up


@dataclass(frozen=True)
class Prescription:
    exercise: str
    reps: int
    rest: int = BASE_REST
    deeper: bool = False
    pulses: bool = False
    dead_stop: bool = False
    tempo: Tempo = Tempo()

    @property
    def move(self) -> Exercise:
        return CATALOGUE[self.exercise]

    @property
    def rep_seconds(self) -> int:
        """Seconds one rep takes: the tempo, plus a half-up-and-down beat pair when pulsing."""
        return self.tempo.seconds + (2 if self.pulses else 0)

    def to_dict(self) -> dict[str, object]:
        return {
            "ex": self.exercise,
            "reps": self.reps,
            "rest": self.rest,
            "deep": self.deeper,
            "pulse": self.pulses,
            "stop": self.dead_stop,
            "tempo": [self.tempo.down, self.tempo.pause, self.tempo.up],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Prescription:
        exercise = str(data["ex"])
        if exercise not in CATALOGUE:
            raise ValueError(f"unknown exercise {exercise!r}")
        down, pause, up = (int(x) for x in data.get("tempo", (3, 1, 1)))
        return cls(
            exercise=exercise,
            reps=_bounded(int(data["reps"]), 1, 50),
            rest=_bounded(int(data.get("rest", BASE_REST)), 0, 180),
            deeper=bool(data.get("deep", False)),
            pulses=bool(data.get("pulse", False)),
            dead_stop=bool(data.get("stop", False)),
            tempo=Tempo(_bounded(down, 1, 8), _bounded(pause, 0, 5), _bounded(up, 1, 5)),
        )


def _bounded(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


@dataclass(frozen=True)
class Slot:
    """One place in every workout: a family of moves from easiest to hardest."""

    key: str
    variations: tuple[str, ...]
    start_variation: str
    sets_per_side: int
    # Moves that always pulse skip the ladder's pulses rung: they have it from the start.
    always_pulses: bool = False


SLOTS: tuple[Slot, ...] = (
    Slot("squat", ("split_squat", "bulgarian_split_squat"), "bulgarian_split_squat", 1),
    Slot(
        "bridge",
        ("glute_bridge", "single_leg_glute_bridge", "elevated_single_leg_bridge"),
        "single_leg_glute_bridge",
        1,
    ),
    Slot("lateral", ("lateral_lunge", "cossack_squat"), "lateral_lunge", 1),
    Slot("finisher", ("air_squat",), "air_squat", 2, always_pulses=True),
)
SLOT_BY_KEY = {s.key: s for s in SLOTS}


def _variation_rungs(slot: Slot, move: Exercise) -> list[Prescription]:
    first = Prescription(move.key, move.base_reps, pulses=slot.always_pulses)
    rungs = [replace(first, reps=r) for r in range(move.base_reps, move.rep_ceiling, REP_STEP)]
    top = replace(first, reps=move.rep_ceiling)
    rungs.append(top)
    # Past the rep ceiling more reps only build endurance, so the stimulus changes instead.
    top = replace(top, rest=SHORT_REST)
    rungs.append(top)
    top = replace(top, deeper=True)
    rungs.append(top)
    if not top.pulses:
        top = replace(top, pulses=True)
        rungs.append(top)
    top = replace(top, dead_stop=True)
    rungs.append(top)
    rungs.append(replace(top, tempo=Tempo(down=4)))
    return rungs


@cache
def ladder(slot_key: str) -> tuple[Prescription, ...]:
    slot = SLOT_BY_KEY[slot_key]
    rungs: list[Prescription] = []
    for key in slot.variations:
        rungs.extend(_variation_rungs(slot, CATALOGUE[key]))
    return tuple(rungs)


def start_rung(slot_key: str) -> int:
    """Where a new user starts: the first rung of the slot's starting variation."""
    slot = SLOT_BY_KEY[slot_key]
    return next(i for i, p in enumerate(ladder(slot_key)) if p.exercise == slot.start_variation)


def clamp_rung(slot_key: str, rung: int) -> int:
    return _bounded(rung, 0, len(ladder(slot_key)) - 1)


def prescription(slot_key: str, rung: int) -> Prescription:
    return ladder(slot_key)[clamp_rung(slot_key, rung)]


class Step(StrEnum):
    """What one rung up changes, in the ladder's order."""

    REPS = "reps"
    REST = "rest"
    DEEPER = "deeper"
    PULSES = "pulses"
    DEAD_STOP = "dead_stop"
    SLOWER = "slower"
    NEXT_MOVE = "next_move"
    HARDER = "harder"  # anything else (a ladder edited since the rung was stored)


def step_between(before: Prescription, after: Prescription) -> Step:
    if after.exercise != before.exercise:
        return Step.NEXT_MOVE
    if after.reps > before.reps:
        return Step.REPS
    if after.rest < before.rest:
        return Step.REST
    if after.deeper and not before.deeper:
        return Step.DEEPER
    if after.pulses and not before.pulses:
        return Step.PULSES
    if after.dead_stop and not before.dead_stop:
        return Step.DEAD_STOP
    if after.tempo.down > before.tempo.down:
        return Step.SLOWER
    return Step.HARDER
