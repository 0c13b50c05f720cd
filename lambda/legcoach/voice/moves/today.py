"""Today's shape, asked at launch or any time: a time box, no warm-up, a move left out or the
only move wanted, an easy or a hard day, and a body part this coach does not train.

The coach fits the plan (`coach.today`): before a workout the request is kept on the session
state and the plan is fitted as it is made; during one, what is left is fitted and every set
already logged stays as it was. Either way the user hears, in one breath, what was kept and
what was cut, and the floor comes back to where they were.
"""

from __future__ import annotations

from ...coach import today
from ...coach.exercises import EQUIPMENT, JOINTS
from ...coach.today import Effort, Length, Shape
from ...speech.ssml import Speech
from ...speech.today import render_body_part, render_fitted
from ...speech.words import move_name
from ..turn import Reply, Turn
from . import answers, starting
from .floor import hand_back, then_back
from .sets import parse_duration, present_current, touch


def _minutes(turn: Turn) -> int:
    seconds = parse_duration(turn.slot("duration"))
    if seconds:
        return max(1, round(seconds / 60))
    raw = (turn.slot("minutes") or "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else 0


def _moves(turn: Turn) -> tuple[frozenset[str], str]:
    """The slots the user named, by move or by family ("lunges"), and the value matched (only
    a resolved value counts: the slot is open, so it also carries words that name nothing)."""
    heard = ""
    for name in ("exercise", "family"):
        heard = turn.slot_id(name) or ""
        if heard:
            found = today.slots_named(heard)
            if found:
                return frozenset(found), heard
    return frozenset(), heard


def _unnamed(turn: Turn, heard: str) -> Reply:
    """A move not in this workout ("no jumping"), or none heard at all."""
    if heard:
        # The resolved id, never the words heard: the slot is open and they may be anything.
        what = (
            move_name(turn.line, heard, 2)
            if f"ex_{heard}_name" in turn.line
            else heard.replace("_", " ")
        )
        return then_back(turn, turn.line("today_not_in_plan", what=what))
    return then_back(turn, turn.line("today_which_move"))


def reshape(turn: Turn, request: Shape) -> Reply:
    """Lay `request` over today's shape: fit the workout in progress (or the one on offer),
    or keep it for the plan and open the workout."""
    state = turn.state
    kept = state.shape
    state.shape = kept.merged(request)
    turn.changed()
    workout = state.workout
    if workout is None or workout.finished or workout.current is None:
        return starting.open_workout(turn)
    before = workout.current.block.prescription.exercise
    fitted = today.fit_remaining(workout, request)
    if fitted.kept_all:
        state.shape = kept  # not applied, so not kept for the rest of the session either
    touch(turn)
    line = render_fitted(turn.line, fitted) or turn.line("today_unchanged")
    opening = Speech().say(line)
    current = workout.current
    moved = current is None or current.block.prescription.exercise != before
    if not state.in_workout:
        # The workout was on offer at the menu: asking to shape it is taking it up.
        state.begin(workout)
        return present_current(turn, opening)
    if current is None:
        from .ending import offer_cool_down

        return offer_cool_down(turn, opening)
    if moved:
        return present_current(turn, opening)
    return then_back(turn, opening=opening)


def time_box(turn: Turn) -> Reply:
    """'I've got ten minutes', 'a quick one', 'a long session'."""
    minutes = _minutes(turn)
    length = turn.slot_id("length") or (turn.slot("length") or "").lower()
    if minutes:
        return reshape(turn, Shape(minutes=minutes))
    if length in ("long", "longer"):
        return reshape(turn, Shape(length=Length.LONG))
    # "A quick one", "I'm short on time": the ten-minute box.
    return reshape(turn, Shape(length=Length.QUICK))


def skip_warmup(turn: Turn) -> Reply:
    return reshape(turn, Shape(skip_warmup=True))


def drop_move(turn: Turn) -> Reply:
    """'No lunges today': that move sits out today (the plan, not the record, changes).

    'No, start today's' at a question has the same shape and names no move: it is a no."""
    moves, heard = _moves(turn)
    if not moves and not heard and turn.state.question is not None:
        return answers.answer(turn, answers.NO)
    turn.state.drop_questions()
    if not moves:
        return _unnamed(turn, heard)
    return reshape(turn, Shape(drop=moves))


def only_move(turn: Turn) -> Reply:
    """'Just squats today': only that move today."""
    moves, heard = _moves(turn)
    if not moves:
        return _unnamed(turn, heard)
    return reshape(turn, Shape(only=moves))


def without_kit(turn: Turn) -> Reply:
    """'I've no chair' before the workout: today's moves that need one are done without."""
    equipment = turn.slot_id("equipment")
    if equipment not in EQUIPMENT:
        if turn.slot("equipment") is not None:
            return then_back(turn, turn.line("no_equipment_unknown"))
        equipment = "chair"
    return reshape(turn, Shape(without=frozenset({equipment})))


def easy_day(turn: Turn) -> Reply:
    return reshape(turn, Shape(effort=Effort.EASY))


def hard_day(turn: Turn) -> Reply:
    return reshape(turn, Shape(effort=Effort.HARD))


def other_body_part(turn: Turn) -> Reply:
    """'Can we do arms?': said plainly, with what this coach can offer instead."""
    area = turn.slot_id("area") or (turn.slot("area") or "").lower() or "arms"
    answer = today.body_part(area)
    if answer.kind is today.BodyPart.LEGS:
        return hand_back(turn, render_body_part(turn.line, answer))
    if turn.state.in_workout or turn.state.question is not None:
        # Mid-workout the offer of a session is no question to ask: one line, then back.
        return then_back(turn, render_body_part(turn.line, answer, mid_workout=True))
    line = Speech().say(render_body_part(turn.line, answer))
    return Reply(line, line)


def pain_at_offer(turn: Turn) -> Reply:
    """Pain heard at the resume offer: that move sits out today (severe pain stays safety's)."""
    from .safety import LEG_PARTS, SEVERE_PARTS, pain

    part = turn.slot_id("part") or (turn.slot("part") or "").lower()
    if part in SEVERE_PARTS:
        return pain(turn)
    # Leg muscles, or no place named, are noted as the leg; joints as themselves.
    joint = part if part in JOINTS and part not in LEG_PARTS else "leg"
    turn.state.drop_questions()
    return starting.leave_out_and_resume(turn, joint)


def quiet(turn: Turn) -> Reply:
    """'Shut up and count': heard, and the workout goes on (a rude line never ends it)."""
    return then_back(turn, turn.line("quiet_ok"))
