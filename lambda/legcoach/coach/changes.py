"""Why a slot differs from last time, as data: decided by progression, stored in the profile,
carried on the workout's blocks, and said by the speech layer at the move's introduction."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .exercises import CATALOGUE, JOINTS
from .ladder import Prescription, Step, step_between


class ChangeCode(StrEnum):
    STEP_UP = "step_up"  # every set on target: one rung up
    HOLD_WEAK = "hold_weak"  # a set well under target: same rung until it feels solid
    STEP_BACK = "step_back"  # weak two sessions running: one rung down
    HOLD_PAIN = "hold_pain"  # it hurt: no step up until it feels fine


@dataclass(frozen=True)
class Change:
    code: ChangeCode
    exercise: str  # the move judged last time
    reps: int = 0  # its target (STEP_UP: hit on every set)
    step: Step | None = None  # STEP_UP: what today adds
    new_exercise: str = ""  # STEP_UP to the next move
    new_reps: int = 0  # STEP_UP by reps
    joint: str = ""  # HOLD_PAIN

    @classmethod
    def step_up(cls, before: Prescription, after: Prescription) -> Change:
        step = step_between(before, after)
        return cls(
            ChangeCode.STEP_UP,
            before.exercise,
            before.reps,
            step,
            new_exercise=after.exercise if step is Step.NEXT_MOVE else "",
            new_reps=after.reps if step is Step.REPS else 0,
        )

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {"code": self.code.value, "ex": self.exercise}
        if self.reps:
            data["reps"] = self.reps
        if self.step is not None:
            data["step"] = self.step.value
        if self.new_exercise:
            data["to_ex"] = self.new_exercise
        if self.new_reps:
            data["to_reps"] = self.new_reps
        if self.joint:
            data["joint"] = self.joint
        return data

    @classmethod
    def from_dict(cls, data: object) -> Change:
        """Validating loader: raises ValueError (or KeyError, TypeError) for anything unknown."""
        if not isinstance(data, dict):
            raise TypeError("a change is a dict")
        exercise = str(data["ex"])
        new_exercise = str(data.get("to_ex", ""))
        joint = str(data.get("joint", ""))
        if exercise not in CATALOGUE or (new_exercise and new_exercise not in CATALOGUE):
            raise ValueError(f"unknown exercise in {data!r}")
        if joint and joint not in JOINTS:
            raise ValueError(f"unknown joint {joint!r}")
        step = data.get("step")
        return cls(
            ChangeCode(data["code"]),
            exercise,
            max(0, min(50, int(data.get("reps", 0)))),
            Step(step) if step else None,
            new_exercise=new_exercise,
            new_reps=max(0, min(50, int(data.get("to_reps", 0)))),
            joint=joint,
        )


def change_or_none(data: object) -> Change | None:
    try:
        return Change.from_dict(data) if data else None
    except (KeyError, TypeError, ValueError):
        return None
