"""Every move is introduced before its first count, on every path: a rule, as data.

The voice layer keeps the moves introduced this session (exercise keys) and asks `needs_intro`
before presenting a set from its first rep, whatever led there: a skip, a break, a swap, a
redo, a resume, a time box, or the second half of a split set.
"""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from .workout import Workout


class Intro(StrEnum):
    FULL = "full"  # never introduced in this workout: name, setup, cue, target
    BRIEF = "brief"  # done earlier in this workout, in another session: one sentence
    SIDE = "side"  # introduced this session; a one-leg move: say which leg
    NONE = "none"  # introduced this session, both legs (or a split set going on)


def needs_intro(workout: Workout, introduced: Collection[str], *, mid_set: bool = False) -> Intro:
    """What the current set needs said before its count starts."""
    spec = workout.current
    if spec is None:
        return Intro.NONE
    exercise = spec.block.prescription.exercise
    if exercise not in introduced:
        done_before = any(
            s.block.prescription.exercise == exercise
            for s, c in zip(workout.sets, workout.counts, strict=False)
            if c is not None
        )
        return Intro.BRIEF if done_before else Intro.FULL
    if mid_set:
        return Intro.NONE
    return Intro.SIDE if spec.side else Intro.NONE


def introduced_after(introduced: Collection[str], workout: Workout) -> frozenset[str]:
    """The session's memory once the current set has been presented."""
    spec = workout.current
    if spec is None:
        return frozenset(introduced)
    return frozenset(introduced) | {spec.block.prescription.exercise}
