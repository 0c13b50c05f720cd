"""What the coach learned about this person, carried into every next plan, as data.

- A pain note on a move (`Profile.pain`, kept by progression): a check-in before that move.
- A swap ("do glute bridges instead"): the slot keeps the chosen move until the user says
  otherwise (`Profile.swaps`); progression holds a swapped slot's rung.
- A caution from a health question ("is this okay with bad knees?"): a check-in before every
  move that loads that joint (`Profile.cautions`), until the user says it's fine.
- A tempo preference (`Profile.tempo_shift`): applied by the planner to every rep.
- A long gap: the plan eases back in proportion to the time away (`gap_rungs`).

Nothing here is spoken: `apply` returns the notes the speech layer words before a move.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from .adjust import swap
from .exercises import CATALOGUE, JOINTS
from .ladder import SLOT_BY_KEY
from .profile import Profile
from .workout import Block

LONG_GAP_DAYS = 10  # from this many days away the plan eases back
DAYS_PER_RUNG = 7  # then one rung easier for every week away...
MAX_GAP_RUNGS = 6  # ...up to this many (about six weeks off)


def gap_rungs(days: int | None) -> int:
    """How many rungs easier today's plan starts after `days` without training (0: none).

    Ten days to a fortnight is one rung; three weeks is three (the pulses, the dead stop and
    the slow lowering come off a top rung); six weeks or more is six.
    """
    if days is None or days < LONG_GAP_DAYS:
        return 0
    return max(1, min(MAX_GAP_RUNGS, days // DAYS_PER_RUNG))


def days_away(profile: Profile, today: date) -> int | None:
    last = profile.last_day()
    return None if last is None else max(0, (today - last).days)


# -- noting what was learned --------------------------------------------------------------------


def note_swap(profile: Profile, slot: str, exercise: str) -> None:
    """The user swapped the slot's move: keep the new one in future plans."""
    if slot not in SLOT_BY_KEY or exercise not in CATALOGUE:
        raise ValueError(f"unknown slot or exercise: {slot!r}, {exercise!r}")
    profile.swaps[slot] = exercise


def clear_swap(profile: Profile, slot: str) -> bool:
    """Back to the ladder's own move ("let's go back to split squats"); True if one was kept."""
    return profile.swaps.pop(slot, None) is not None


def note_caution(profile: Profile, joint: str, today: date) -> None:
    """A health question named a joint: check in before moves that load it."""
    if joint not in JOINTS:
        raise ValueError(f"unknown joint {joint!r}")
    profile.cautions[joint] = today.isoformat()


def clear_caution(profile: Profile, joint: str) -> bool:
    return profile.cautions.pop(joint, None) is not None


# -- applying it to a plan ----------------------------------------------------------------------


class NoteKind(StrEnum):
    KEPT_SWAP = "kept_swap"  # "glute bridges again instead of split squats, as last time"
    CHECK = "check"  # a check-in on the joint before the move
    EASED_GAP = "eased_gap"  # the plan eased back for time away


@dataclass(frozen=True)
class Learned:
    kind: NoteKind
    slot: str = ""
    exercise: str = ""  # the move today (KEPT_SWAP: the kept one)
    instead_of: str = ""  # KEPT_SWAP: the ladder's move
    joint: str = ""  # CHECK
    days: int = 0  # EASED_GAP: days away
    rungs: int = 0  # EASED_GAP: rungs eased


def apply(profile: Profile, blocks: list[Block]) -> tuple[list[Block], list[Learned]]:
    """The planned blocks with kept swaps and check-ins applied, and a note for each."""
    notes: list[Learned] = []
    out: list[Block] = []
    for block in blocks:
        kept = profile.swaps.get(block.slot)
        if kept and kept in CATALOGUE and kept != block.prescription.exercise:
            ladder_move = block.prescription.exercise
            # The ladder's change ("you step up to ...") is about a move not done today.
            block = replace(block, prescription=swap(block.prescription, kept), change=None)
            notes.append(Learned(NoteKind.KEPT_SWAP, block.slot, kept, instead_of=ladder_move))
        if not block.check_in:
            move = CATALOGUE[block.prescription.exercise]
            joint = next((j for j in JOINTS if j in profile.cautions and j in move.joints), "")
            if joint:
                block = replace(block, check_in=joint)
        if block.check_in:
            notes.append(
                Learned(
                    NoteKind.CHECK, block.slot, block.prescription.exercise, joint=block.check_in
                )
            )
        out.append(block)
    return out, notes
