"""One workout: its plan (blocks of sets), where the user is in it, and what they reported.

Pure state and rules, no speech: the voice layer asks this what happens next and the speech
layer decides how to say it. Serialised compactly because it rides in session attributes and in
the stored profile (for resume).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum

from .changes import Change, change_or_none
from .exercises import JOINTS
from .ladder import (
    SIDE_SWITCH_REST,
    SLOT_BY_KEY,
    SLOTS,
    Prescription,
    clamp_rung,
    prescription,
    start_rung,
)

SIDES = ("left", "right")
# Counts above this are not believed: it is a mishearing ("five hundred" for "fifteen").
MAX_BELIEVABLE_REPS = 60
WARMUP_SECONDS = 60
# A rough figure for each spoken turn around a set (intro, answer, acknowledgement).
TALK_SECONDS_PER_SET = 20
# A continuation's id: the workout it continues, this mark, the device that logged on after
# another closed it. Its sets are that workout's sets, and it is that workout's session.
CONTINUED = "+"


def origin_id(workout_id: str) -> str:
    """The workout a continuation (maybe continued again) continues; an id of its own else."""
    return workout_id.split(CONTINUED, 1)[0]


class Verdict(Enum):
    BEAT = "beat"
    HIT = "hit"
    CLOSE = "close"
    WELL_UNDER = "well_under"


def judge(count: int, target: int) -> Verdict:
    if count > target:
        return Verdict.BEAT
    if count == target:
        return Verdict.HIT
    # "Well under" is the signal to hold or step back: under three quarters of the target.
    if count * 4 >= target * 3:
        return Verdict.CLOSE
    return Verdict.WELL_UNDER


@dataclass(frozen=True)
class Block:
    slot: str
    prescription: Prescription
    sets_per_side: int
    first_side: str = "left"
    change: Change | None = None  # why this block differs from last time, said at its intro
    rung: int = -1  # the ladder rung planned (-1: unknown); progression judges against it
    check_in: str = ""  # a joint that hurt last time: ask how it feels before the first set
    # Sets per side the plan usually has, when today's shape changed it (0: as usual). Only
    # the usual rounds are judged, and a block cut short never steps up.
    usual_sets: int = 0

    @property
    def unilateral(self) -> bool:
        return self.prescription.move.unilateral

    def sides(self) -> tuple[str | None, ...]:
        if not self.unilateral:
            return (None,)
        return (self.first_side, "right" if self.first_side == "left" else "left")

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "slot": self.slot,
            "rx": self.prescription.to_dict(),
            "sets": self.sets_per_side,
            "first": self.first_side,
        }
        if self.change:
            data["why"] = self.change.to_dict()
        if self.rung >= 0:
            data["rung"] = self.rung
        if self.check_in:
            data["check"] = self.check_in
        if self.usual_sets:
            data["usual"] = self.usual_sets
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Block:
        slot = str(data["slot"])
        if slot not in SLOT_BY_KEY:
            raise ValueError(f"unknown slot {slot!r}")
        first = str(data.get("first", "left"))
        check_in = str(data.get("check", ""))
        return cls(
            slot=slot,
            prescription=Prescription.from_dict(data["rx"]),
            sets_per_side=max(1, min(5, int(data.get("sets", 1)))),
            first_side=first if first in SIDES else "left",
            change=change_or_none(data.get("why")),
            rung=max(-1, min(99, int(data.get("rung", -1)))),
            check_in=check_in if check_in in JOINTS else "",
            usual_sets=max(0, min(5, int(data.get("usual", 0) or 0))),
        )


@dataclass(frozen=True)
class SetSpec:
    """One set the user performs."""

    index: int
    block_index: int
    block: Block
    side: str | None
    round: int  # 1-based: which set of this block (per side)

    @property
    def target(self) -> int:
        return self.block.prescription.reps

    @property
    def first_of_block(self) -> bool:
        return self.round == 1 and self.side in (None, self.block.first_side)


def expand(blocks: list[Block]) -> list[SetSpec]:
    sets: list[SetSpec] = []
    for b_index, block in enumerate(blocks):
        for rnd in range(1, block.sets_per_side + 1):
            for side in block.sides():
                sets.append(SetSpec(len(sets), b_index, block, side, rnd))
    return sets


def default_blocks(rungs: dict[str, int] | None = None) -> list[Block]:
    rungs = rungs or {}
    blocks = []
    for s in SLOTS:
        rung = clamp_rung(s.key, rungs.get(s.key, start_rung(s.key)))
        blocks.append(Block(s.key, prescription(s.key, rung), s.sets_per_side, rung=rung))
    return blocks


@dataclass
class Summary:
    sets_done: int
    total_reps: int
    tension_seconds: int
    skipped: int


@dataclass
class Workout:
    """A workout in progress. `counts[i]` is what the user reported for set i (None: skipped)."""

    id: str
    day: str
    blocks: list[Block]
    cursor: int = 0
    counts: list[int | None] = field(default_factory=list)
    light: bool = False
    touched: int = 0  # epoch seconds of the last change (0: unknown, from an older version)
    warmup: bool = True  # False: the user skipped the warm-up today

    @property
    def sets(self) -> list[SetSpec]:
        return expand(self.blocks)

    @property
    def current(self) -> SetSpec | None:
        sets = self.sets
        return sets[self.cursor] if self.cursor < len(sets) else None

    @property
    def upcoming(self) -> SetSpec | None:
        sets = self.sets
        return sets[self.cursor + 1] if self.cursor + 1 < len(sets) else None

    @property
    def finished(self) -> bool:
        return self.cursor >= len(self.sets)

    @property
    def started(self) -> bool:
        return bool(self.counts)

    def judged_as(self, verdict: Verdict, *, other_than: int) -> int:
        """How many logged sets of this workout, besides set `other_than`, earned `verdict`."""
        return sum(
            1
            for spec, count in zip(self.sets, self.counts, strict=False)
            if spec.index != other_than and count and judge(count, spec.target) is verdict
        )

    def rest_after(self, done: SetSpec) -> int:
        """Seconds of rest between `done` and the set after it (0 when nothing follows)."""
        sets = self.sets
        if done.index + 1 >= len(sets):
            return 0
        following = sets[done.index + 1]
        if following.block_index == done.block_index and following.side != done.side:
            return (
                SIDE_SWITCH_REST
                if following.side != done.block.first_side
                else done.block.prescription.rest
            )
        return done.block.prescription.rest

    def record(self, count: int | None) -> SetSpec:
        """Log the current set (None for a skipped set) and move on; returns the set logged."""
        done = self.current
        if done is None:
            raise ValueError("the workout is already finished")
        self.counts = [*self.counts[: done.index], count]
        self.cursor = done.index + 1
        return done

    def skip_exercise(self) -> None:
        """Skip every remaining set of the current exercise."""
        current = self.current
        while current is not None and self.current is not None:
            if self.current.block_index != current.block_index:
                break
            self.record(None)

    def swap_current(self, rx: Prescription) -> None:
        """Do the rest of the current move as `rx` (another exercise, or the same one adjusted).

        Before its first set (or for the same move, e.g. a slower tempo) the block is simply
        replaced. Part way through, for another move, the sets left are
        closed as skipped and a block of the new move follows, so every logged set keeps the
        exercise it was really done as, and the number of sides always fits the move.
        """
        spec = self.current
        if spec is None:
            raise ValueError("the workout is already finished")
        index = spec.block_index
        block = self.blocks[index]
        swapped = replace(block, prescription=rx, change=None)
        first = next(s.index for s in self.sets if s.block_index == index)
        if self.cursor == first or rx.exercise == block.prescription.exercise:
            self.blocks[index] = swapped  # nothing logged yet, or the same move adjusted
            return
        self.skip_exercise()
        self.blocks.insert(index + 1, swapped)

    def restart(self) -> None:
        self.cursor = 0
        self.counts = []

    def remaining(self, *, include_current: bool = True) -> list[SetSpec]:
        start = self.cursor if include_current else self.cursor + 1
        return self.sets[start:]

    def summary(self) -> Summary:
        sets = self.sets
        done = [(s, c) for s, c in zip(sets, self.counts, strict=False) if c is not None]
        return Summary(
            sets_done=len(done),
            total_reps=sum(c for _, c in done),
            tension_seconds=sum(c * s.block.prescription.rep_seconds for s, c in done),
            skipped=sum(1 for c in self.counts if c is None),
        )

    def estimated_seconds(self) -> int:
        """Planned length: warm-up, set-ups, every rep at tempo, the rests, and the talk between."""
        return (WARMUP_SECONDS if self.warmup else 0) + self._seconds_of(self.sets, setups=True)

    def seconds_left(self) -> int:
        """What remains from the current set on, at the planned tempo, rests and talk included."""
        return self._seconds_of(self.remaining(), setups=False)

    def _seconds_of(self, sets: list[SetSpec], *, setups: bool) -> int:
        total = 0
        for s in sets:
            total += s.target * s.block.prescription.rep_seconds + TALK_SECONDS_PER_SET
            total += self.rest_after(s)
            if setups and s.first_of_block:
                total += s.block.prescription.move.setup_seconds
        return total

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "day": self.day,
            "blocks": [b.to_dict() for b in self.blocks],
            "cursor": self.cursor,
            "counts": list(self.counts),
            "light": self.light,
            "touched": self.touched,
            **({} if self.warmup else {"warmup": False}),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Workout:
        """Validating loader: session attributes come back from the client and may be stale."""
        blocks = [Block.from_dict(b) for b in data["blocks"]]
        if not blocks:
            raise ValueError("a workout needs at least one block")
        total = len(expand(blocks))
        counts = [
            None if c is None else max(0, min(MAX_BELIEVABLE_REPS, int(c)))
            for c in data.get("counts", [])
        ][:total]
        cursor = max(0, min(total, int(data.get("cursor", len(counts)))))
        return cls(
            id=str(data.get("id", ""))[:100],
            day=str(data.get("day", ""))[:10],
            blocks=blocks,
            cursor=cursor,
            counts=counts[:cursor],
            light=bool(data.get("light", False)),
            touched=max(0, int(data.get("touched", 0) or 0)),
            warmup=bool(data.get("warmup", True)),
        )
