"""Today's shape: the plan bent to what the user asked for today, as data.

A time box ("I've got ten minutes", "a quick one", "a long session"), no warm-up, a move left
out or only one move, an easy or a hard day. The plan is fitted in a fixed order (shorter
rests, then fewer sets, then moves dropped by priority), and the result says what was kept and
what was cut so the speech layer can say it in one breath.

Progression stays honest: a block whose sets were cut for time is marked (`Block.usual_sets`),
so it never steps up on less work than usual, and a move dropped for the day is not judged at
all. Extra sets on a hard or long day are not judged either: only the usual ones count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from . import adjust
from .exercises import CATALOGUE, EQUIPMENT
from .ladder import SLOT_BY_KEY, SLOTS
from .profile import Profile
from .progression import Plan, light_reps, plan_workout
from .workout import Block, Workout

# Which moves go first when time is short: the finisher, then the sideways move, then the
# bridge. The split squat is the backbone of the workout and is dropped last.
PRIORITY: tuple[str, ...] = ("squat", "bridge", "lateral", "finisher")
QUICK_MINUTES = 10
LONG_EXTRA_SETS = 1  # a long session: one more set of every move
HARD_EXTRA_SETS = 1
BOX_REST = 20  # seconds: rests on a time-boxed day (still enough to breathe)
MIN_BOX_MINUTES = 3  # shorter than this is not a workout: the box is read as this
MAX_BOX_MINUTES = 90
MAX_SETS_PER_SIDE = 4

# Words a user may use for a family of moves, as the slots they name. Catalogue keys name the
# slot whose ladder (or whose easier/harder chain) holds the move.
FAMILIES: dict[str, tuple[str, ...]] = {
    "squat": ("squat", "finisher"),
    "split_squat": ("squat",),
    "bridge": ("bridge",),
    "lunge": ("lateral",),
    "lateral": ("lateral",),
    "leg_raise": ("lateral",),
    "lying_down": ("bridge",),  # the bridges are the moves done on the back
}

# Body parts a leg coach covers, and the slots that work them most.
LEG_PARTS: dict[str, tuple[str, ...]] = {
    "legs": tuple(s.key for s in SLOTS),
    "glutes": ("bridge", "squat"),
    "bum": ("bridge", "squat"),
    "thighs": ("squat", "lateral"),
    "quads": ("squat", "finisher"),
    "hamstrings": ("bridge",),
    "inner_thighs": ("lateral",),
    "hips": ("lateral", "bridge"),
    "calves": ("squat",),
}


class Effort(StrEnum):
    USUAL = "usual"
    EASY = "easy"  # the light session: fewer reps, one set each
    HARD = "hard"  # one more set of every move


class Length(StrEnum):
    USUAL = "usual"
    QUICK = "quick"
    LONG = "long"


@dataclass(frozen=True)
class Shape:
    """What the user asked of today's session (everything optional)."""

    minutes: int = 0  # a time box (0: none)
    length: Length = Length.USUAL
    skip_warmup: bool = False
    drop: frozenset[str] = frozenset()  # slot keys left out today
    only: frozenset[str] = frozenset()  # slot keys kept (empty: all)
    effort: Effort = Effort.USUAL
    without: frozenset[str] = frozenset()  # equipment not at hand today ("no chair here")

    @property
    def budget_seconds(self) -> int:
        """The time box in seconds (0: none); "quick" is a ten-minute box."""
        minutes = self.minutes or (QUICK_MINUTES if self.length is Length.QUICK else 0)
        if not minutes:
            return 0
        return max(MIN_BOX_MINUTES, min(MAX_BOX_MINUTES, minutes)) * 60

    def merged(self, other: Shape) -> Shape:
        """A later request laid over an earlier one ("ten minutes" then "no lunges")."""
        return Shape(
            minutes=other.minutes or self.minutes,
            length=other.length if other.length is not Length.USUAL else self.length,
            skip_warmup=self.skip_warmup or other.skip_warmup,
            drop=(self.drop | other.drop) - other.only,
            only=other.only or self.only,
            effort=other.effort if other.effort is not Effort.USUAL else self.effort,
            without=self.without | other.without,
        )

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {}
        if self.minutes:
            data["min"] = self.minutes
        if self.length is not Length.USUAL:
            data["len"] = self.length.value
        if self.skip_warmup:
            data["nowarm"] = True
        if self.drop:
            data["drop"] = sorted(self.drop)
        if self.only:
            data["only"] = sorted(self.only)
        if self.effort is not Effort.USUAL:
            data["effort"] = self.effort.value
        if self.without:
            data["nokit"] = sorted(self.without)
        return data

    @classmethod
    def from_dict(cls, data: object) -> Shape:
        """Validating loader: anything unknown is dropped (it comes back from the client)."""
        if not isinstance(data, dict):
            return cls()

        def slots(raw: object) -> frozenset[str]:
            items = raw if isinstance(raw, list) else []
            return frozenset(str(s) for s in items if str(s) in SLOT_BY_KEY)

        try:
            minutes = max(0, min(MAX_BOX_MINUTES, int(data.get("min", 0) or 0)))
        except (TypeError, ValueError):
            minutes = 0
        length = data.get("len")
        effort = data.get("effort")
        return cls(
            minutes=minutes,
            length=Length(length) if length in Length._value2member_map_ else Length.USUAL,
            skip_warmup=bool(data.get("nowarm", False)),
            drop=slots(data.get("drop")),
            only=slots(data.get("only")),
            effort=Effort(effort) if effort in Effort._value2member_map_ else Effort.USUAL,
            without=frozenset(str(e) for e in data.get("nokit") or () if str(e) in EQUIPMENT)
            if isinstance(data.get("nokit"), list)
            else frozenset(),
        )


def slots_named(term: str) -> tuple[str, ...]:
    """The slots a word names: a catalogue key ("lateral_lunge"), a family ("lunge"), or a
    slot key. Empty when it names nothing in this workout."""
    term = term.strip().lower().replace(" ", "_").replace("-", "_")
    if term.endswith("s") and term[:-1] in FAMILIES:
        term = term[:-1]
    if term in FAMILIES:
        return FAMILIES[term]
    if term in SLOT_BY_KEY:
        return (term,)
    slot = _slot_of_move(term) if term in CATALOGUE else ""
    return (slot,) if slot else ()


def _slot_of_move(key: str) -> str:
    """The slot whose ladder holds the move, or a move on its easier/harder chain."""
    seen: set[str] = set()
    frontier = [key]
    while frontier:
        move = frontier.pop(0)
        if move in seen or move not in CATALOGUE:
            continue
        seen.add(move)
        for slot in SLOTS:
            if move in slot.variations:
                return slot.key
        ex = CATALOGUE[move]
        frontier += [m for m in (ex.harder, ex.easier) if m]
    return ""


class BodyPart(StrEnum):
    LEGS = "legs"  # covered: these moves work it
    NOT_LEGS = "not_legs"  # this coach trains legs only


@dataclass(frozen=True)
class BodyPartAnswer:
    """'Can we do arms?': legs are what this coach trains; what it can offer instead."""

    kind: BodyPart
    part: str
    slots: tuple[str, ...] = ()  # LEGS: the moves that work it most, in workout order
    offer_minutes: int = 0  # NOT_LEGS: a quick leg session on offer instead


def body_part(part: str) -> BodyPartAnswer:
    key = part.strip().lower().replace(" ", "_")
    if key in LEG_PARTS:
        order = [s.key for s in SLOTS]
        slots = tuple(sorted(LEG_PARTS[key], key=order.index))
        return BodyPartAnswer(BodyPart.LEGS, key, slots)
    return BodyPartAnswer(BodyPart.NOT_LEGS, key, offer_minutes=QUICK_MINUTES)


class CutKind(StrEnum):
    DROPPED = "dropped"  # the move is out today (asked, or no time)
    FEWER_SETS = "fewer_sets"
    MORE_SETS = "more_sets"


@dataclass(frozen=True)
class Cut:
    kind: CutKind
    slot: str
    exercise: str
    sets_before: int
    sets_after: int  # 0: dropped
    asked: bool = False  # DROPPED because the user asked (not for time)


@dataclass
class Fitted:
    """The plan fitted to today's shape, and what that changed, for the speech layer."""

    workout: Workout
    kept: tuple[str, ...] = ()  # exercise keys, in order
    cuts: tuple[Cut, ...] = ()
    shorter_rests: bool = False
    skip_warmup: bool = False
    budget_seconds: int = 0  # the box (0: none)
    fits: bool = True  # False: even the shortest version is longer than the box
    shape: Shape = field(default_factory=Shape)
    # (equipment not at hand, the move done instead), per move changed for it
    swapped: tuple[tuple[str, str], ...] = ()
    kept_all: bool = False  # the moves asked out were all of them, so none was dropped

    @property
    def dropped(self) -> tuple[str, ...]:
        return tuple(c.exercise for c in self.cuts if c.kind is CutKind.DROPPED)

    @property
    def estimated_seconds(self) -> int:
        return self.workout.estimated_seconds()

    @property
    def changed(self) -> bool:
        return bool(self.cuts or self.shorter_rests or self.skip_warmup or self.swapped)


def fit(workout: Workout, shape: Shape) -> Fitted:
    """Fit a planned (not yet started) workout to today's shape; the workout is changed in
    place and returned in the result."""
    return _fit(workout, shape, first_open=0)


def fit_remaining(workout: Workout, shape: Shape) -> Fitted:
    """Fit what is left of a workout in progress: sets already done stay exactly as logged,
    the current set stays, and only what follows is shortened or dropped."""
    current = workout.current
    if current is None:
        return Fitted(workout, shape=shape)
    return _fit(workout, shape, first_open=current.block_index)


def _fit(workout: Workout, shape: Shape, *, first_open: int) -> Fitted:
    current = workout.current
    started = current is not None and workout.cursor > 0
    round_now = current.round if current is not None and started else 1
    # The block in progress (once a set of it is logged) is never dropped, nor cut below its
    # round; a move not begun yet may go, even when the one before it is done.
    begun = current is not None and not current.first_of_block and started
    in_progress = first_open if begun else -1
    cuts: list[Cut] = []
    # (index in the original plan, block): indices decide what may still change.
    entries = list(enumerate(workout.blocks))

    def open_(i: int) -> bool:
        return i >= first_open

    # 1. What was asked: moves out, only some moves, more sets on a hard or long day.
    extra = (HARD_EXTRA_SETS if shape.effort is Effort.HARD else 0) + (
        LONG_EXTRA_SETS if shape.length is Length.LONG else 0
    )
    asked_out = set(shape.drop)
    if shape.only:
        asked_out |= {b.slot for _, b in entries} - set(shape.only)
    still_to_do = {b.slot for i, b in entries if open_(i) and i != in_progress}
    kept_all = bool(asked_out) and in_progress < 0 and asked_out >= still_to_do
    if kept_all:
        asked_out = set()  # leaving everything out is no workout: not applied
    kept: list[tuple[int, Block]] = []
    swapped: list[tuple[str, str]] = []
    for i, block in entries:
        if open_(i) and i != in_progress and block.slot in asked_out:
            cuts.append(_cut(CutKind.DROPPED, block, 0, asked=True))
            continue
        if open_(i) and i != in_progress:
            block, swap = _without(block, shape.without)
            if swap is not None:
                swapped.append(swap)
        if open_(i) and extra and i != in_progress:
            more = min(MAX_SETS_PER_SIDE, block.sets_per_side + extra)
            if more != block.sets_per_side:
                cuts.append(_cut(CutKind.MORE_SETS, block, more))
                block = _resized(block, more)
        kept.append((i, block))
    entries = kept
    if shape.effort is Effort.EASY and not workout.light:
        entries = _eased(entries, open_, in_progress, round_now)
        workout.light = True  # judged as a light session: no step up or back from it

    warmup = workout.warmup and not shape.skip_warmup and not started
    budget = shape.budget_seconds
    shorter = False
    fits = True
    if budget:

        def over() -> bool:
            blocks = [b for i, b in entries if open_(i)]
            return _seconds(workout, blocks, warmup=warmup) > budget

        # 2. Shorter rests.
        if over():
            for n, (i, block) in enumerate(entries):
                if open_(i) and block.prescription.rest > BOX_REST:
                    rx = replace(block.prescription, rest=BOX_REST)
                    entries[n] = (i, replace(block, prescription=rx))
                    shorter = True
        # 3. Fewer sets, lowest priority first (never below the round in progress).
        for slot in reversed(PRIORITY):
            for n, (i, block) in enumerate(entries):
                if not over():
                    break
                if block.slot != slot or not open_(i) or block.sets_per_side <= 1:
                    continue
                fewer = round_now if i == in_progress else 1
                if fewer < block.sets_per_side:
                    cuts.append(_cut(CutKind.FEWER_SETS, block, fewer))
                    entries[n] = (i, _resized(block, fewer))
        # 4. Whole moves, lowest priority first; at least one move is left to do.
        for slot in reversed(PRIORITY):
            for i, block in list(entries):
                left = [j for j, _ in entries if open_(j)]
                if not over() or len(left) <= 1:
                    break
                if block.slot != slot or not open_(i) or i == in_progress:
                    continue
                cuts.append(_cut(CutKind.DROPPED, block, 0))
                entries.remove((i, block))
        fits = not over()

    workout.blocks = [b for _, b in entries]
    workout.warmup = warmup
    return Fitted(
        workout,
        kept=tuple(b.prescription.exercise for i, b in entries if open_(i)),
        cuts=tuple(_merge_cuts(cuts)),
        shorter_rests=shorter,
        skip_warmup=shape.skip_warmup and not started,
        budget_seconds=budget,
        kept_all=kept_all,
        fits=fits,
        shape=shape,
        swapped=tuple(swapped),
    )


def _eased(
    entries: list[tuple[int, Block]], open_: Callable[[int], bool], in_progress: int, round_now: int
) -> list[tuple[int, Block]]:
    """An easy day asked for mid-workout: what is still to come is the light session's (one
    set each, about two thirds of the reps); the move in progress ends with its round."""
    eased = []
    for i, block in entries:
        if open_(i) and i == in_progress:
            block = _resized(block, min(block.sets_per_side, round_now))
        elif open_(i):
            rx = replace(block.prescription, reps=light_reps(block.prescription.reps))
            block = replace(_resized(block, 1), prescription=rx, change=None)
        eased.append((i, block))
    return eased


def _cut(kind: CutKind, block: Block, after: int, *, asked: bool = False) -> Cut:
    return Cut(kind, block.slot, block.prescription.exercise, block.sets_per_side, after, asked)


def _without(block: Block, missing: frozenset[str]) -> tuple[Block, tuple[str, str] | None]:
    """The block done as its equipment-free move when what it needs is not at hand, as "no
    chair" mid-workout swaps it: (the block, (item, new move)), or the block unchanged."""
    exercise = block.prescription.exercise
    for item in sorted(missing):
        substitute = adjust.without(exercise, item)
        if substitute is not None:
            rx = adjust.swap(block.prescription, substitute)
            return replace(block, prescription=rx), (item, substitute)
    return block, None


def _merge_cuts(cuts: Iterable[Cut]) -> list[Cut]:
    """One entry per move: the first 'before' and the last 'after' (a dropped move is dropped)."""
    merged: dict[str, Cut] = {}
    for cut in cuts:
        earlier = merged.get(cut.slot)
        if earlier is None or cut.kind is CutKind.DROPPED:
            before = earlier.sets_before if earlier else cut.sets_before
            merged[cut.slot] = replace(cut, sets_before=before)
        else:
            kind = CutKind.FEWER_SETS if cut.sets_after < earlier.sets_before else CutKind.MORE_SETS
            merged[cut.slot] = replace(earlier, kind=kind, sets_after=cut.sets_after)
    return [
        c for c in merged.values() if c.kind is CutKind.DROPPED or c.sets_after != c.sets_before
    ]


def _resized(block: Block, sets: int) -> Block:
    usual = block.usual_sets or block.sets_per_side
    return replace(block, sets_per_side=sets, usual_sets=usual if sets != usual else 0)


def _seconds(workout: Workout, blocks: list[Block], *, warmup: bool) -> int:
    """Planned seconds of `blocks` (a block in progress counted whole: a safe bound)."""
    if not blocks:
        return 0
    return Workout(workout.id, workout.day, blocks, warmup=warmup).estimated_seconds()


def plan_today(
    profile: Profile, day: date, shape: Shape, *, workout_id: str
) -> tuple[Plan, Fitted]:
    """Plan today's workout (an easy day is the light session) and fit it to the shape."""
    plan = plan_workout(profile, day, light=shape.effort is Effort.EASY, workout_id=workout_id)
    return plan, fit(plan.workout, shape)
