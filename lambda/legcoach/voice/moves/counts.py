"""Counts as people say them: a phrase ("a dozen"), a range ("ten or eleven"), both sides at
once ("fifteen on the left and twelve on the right").

Each ends in the same logging as a plain number (`sets.take_count` / `sets.log_count`), so a
count is checked and acknowledged the same way however it was said.
"""

from __future__ import annotations

import re

from ...coach.workout import MAX_BELIEVABLE_REPS
from ...speech.ssml import Speech
from ..turn import Reply, Turn
from . import ending, sets
from .floor import count_reprompt


def _number(raw: str | None) -> int | None:
    """A whole number as AMAZON.NUMBER gives it ("12"), or None ("?", words, negatives)."""
    if raw is None or not re.fullmatch(r"\d+", raw.strip()):
        return None
    return int(raw)


def _unclear(turn: Turn) -> Reply:
    return Reply(Speech().say(turn.line("count_unclear")), count_reprompt(turn))


def _with_opening(reply: Reply, opening: Speech) -> Reply:
    reply.speech = Speech().extend(opening).extend(reply.speech)
    return reply


def phrase(turn: Turn) -> Reply:
    """'A dozen', 'half a dozen', 'just the one': the phrase's id is the count, when it
    resolved to one of the model's phrases; anything else is asked again."""
    count = _number(turn.slot_id("amount"))
    if count is None:
        return _unclear(turn)
    return sets.take_count(turn, count)


def heard(turn: Turn) -> Reply:
    """A count, perhaps a range ("ten or eleven"): the lower is logged, and said so."""
    raw, upper_raw = turn.slot("count"), turn.slot("upper")
    count, upper = _number(raw), _number(upper_raw)
    if count is None or upper is None or upper == count:
        return sets.take_heard_count(turn, raw)
    low, high = sorted((count, upper))
    if low <= 0:
        return sets.take_count(turn, high)
    opening = Speech().say(turn.line("count_lower", count=low, upper=high))
    return _with_opening(sets.take_count(turn, low), opening)


def both_sides(turn: Turn) -> Reply:
    """'Fifteen on the left and twelve on the right': a set done one side at a time logs
    both sides (the side now, and the other side's set after it); a set done with both legs
    at once logs the first number, and says so."""
    left, right = _number(turn.slot("left")), _number(turn.slot("right"))
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    if left is None or right is None:
        return _unclear(turn)
    if max(left, right) > MAX_BELIEVABLE_REPS:
        return sets.take_count(turn, max(left, right))
    spec = workout.current
    if spec.side is None:
        opening = Speech().say(turn.line("count_one_side", count=left))
        return _with_opening(sets.take_count(turn, left), opening)
    first, second = (left, right) if spec.side == "left" else (right, left)
    following = workout.sets[spec.index + 1] if spec.index + 1 < len(workout.sets) else None
    pair = following is not None and following.block_index == spec.block_index
    pair = pair and following.side not in (None, spec.side) and following.round == spec.round
    if not pair:
        return sets.take_count(turn, first)
    workout.record(first)
    done = workout.record(second)
    sets.touch(turn)
    opening = Speech().say(turn.line("count_both_sides", left=left, right=right))
    if workout.finished:
        return ending.offer_cool_down(turn, opening)
    return sets.continue_after(turn, done, opening)
