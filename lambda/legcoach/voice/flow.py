"""The workout conversation's moves, shared by the handlers: begin, present a set, log, finish.

Each function takes the `Turn`, asks the coach what happens next, has the speech layer say it,
and returns the reply. A set is spoken in one response when it fits the speech budget; when it
does not, it splits at a clean point (before the set, or between reps), never truncated.
"""

from __future__ import annotations

from datetime import date

from ask_sdk_model import Response

from ..coach.answers import UserFacts
from ..coach.numbers import number_words
from ..coach.progression import close_active, close_stale, complete_workout, plan_workout
from ..coach.workout import SetSpec, judge
from ..speech import budget
from ..speech import workout_speech as ws
from ..speech.cues import WHISTLE
from ..speech.ssml import Speech
from .state import Ask, Phase
from .turn import Turn


def _fits(turn: Turn, *parts: Speech) -> bool:
    return budget.fits(turn.audio_mode, *parts)


def count_reprompt(turn: Turn) -> Speech:
    return Speech().say(turn.say("reprompt_count"))


def begin_workout(turn: Turn, *, light: bool = False, opening: Speech | None = None) -> Response:
    profile = turn.profile
    out = Speech().extend(opening or Speech())
    if not profile.safety_noted:
        out.say(turn.say("welcome_first"), turn.say("safety"))
        profile.safety_noted = True
    plan = plan_workout(profile, turn.today, light=light, workout_id=_new_id(turn))
    workout = plan.workout
    if plan.note:
        out.say(plan.note)
    names = [b.prescription.move.plural for b in workout.blocks]
    out.say(
        turn.say(
            "overview",
            count=number_words(len(names)),
            minutes=number_words(max(5, round(workout.estimated_seconds() / 60))),
            names=", ".join(names[:-1]) + f", and {names[-1]}",
        )
    )
    out.extend(ws.warmup_speech(turn.say))
    workout.touched = int(turn.now.timestamp())
    profile.active = workout
    turn.state.workout = workout
    turn.changed()
    return present_set(turn, out, intro=True)


def fresh_start(turn: Turn, opening: Speech | None = None) -> Response:
    """A new workout instead of the unfinished one, which counts as what was done."""
    if turn.profile.active is not None:
        close_active(turn.profile)
        turn.changed()
    turn.state.workout = None
    return begin_workout(turn, opening=opening)


def _new_id(turn: Turn) -> str:
    return f"{turn.today.isoformat()}-{turn.rng.getrandbits(32):08x}"


def present_set(
    turn: Turn, opening: Speech, *, rest: Speech | None = None, intro: bool = False
) -> Response:
    """Say `opening`, then the current set, then ask for the count: one response if it fits.

    `rest` is a rest countdown that already introduced the set and ended on "three, two, one";
    without it the set gets its introduction (when `intro`) and a get-into-position countdown.
    """
    state = turn.state
    workout = state.workout
    assert workout is not None and workout.current is not None
    spec = workout.current
    rx = spec.block.prescription
    first_rep = state.rep_from
    lead = Speech()
    if rest is not None:
        lead.extend(rest)
    else:
        if intro:
            lead.say(ws.intro_text(spec.block, spec.side))
        elif spec.side and first_rep == 1:
            lead.say(f"{spec.side.capitalize()} leg.")
        if first_rep == 1:
            lead.extend(ws.setup_speech(turn.say))
    lead.cue(WHISTLE.name)  # the whistle ends the rest (or the countdown) and starts the set
    end = ws.set_end_speech(turn.say, rx.move.squeeze)
    reps = ws.reps_speech(rx, first_rep, rx.reps, turn.say)
    if _fits(turn, opening, lead, reps, end):
        state.phase, state.rep_from = Phase.COUNT, 1
        return turn.reply(
            Speech().extend(opening).extend(lead).extend(reps).extend(end), count_reprompt(turn)
        )
    if first_rep == 1 and (rest is not None or intro) and len(opening.parts) + len(lead.parts) > 0:
        # Too long for one response: introduce the set now, count it after "ready".
        ask = Speech().say(turn.say("ask_ready"))
        out = Speech().extend(opening)
        if rest is not None or intro:
            out.say(ws.intro_text(spec.block, spec.side))
        state.phase, state.rep_from = Phase.READY, 1
        return turn.reply(out.extend(ask), Speech().say(turn.say("reprompt_ready")))
    # Even the set alone is too long: count as many reps as fit, then a breather and "ready".
    last = rx.reps
    while last > first_rep and not _fits(
        turn, opening, lead, ws.reps_speech(rx, first_rep, last, turn.say), end
    ):
        last -= 1
    remaining = rx.reps - last
    out = (
        Speech().extend(opening).extend(lead).extend(ws.reps_speech(rx, first_rep, last, turn.say))
    )
    out.say(turn.say("half_set_pause", remaining=number_words(remaining)))
    state.phase, state.rep_from = Phase.READY, last + 1
    return turn.reply(out, Speech().say(turn.say("reprompt_ready")))


def log_count(turn: Turn, count: int) -> Response:
    """A believable count for the set just done: acknowledge, rest, and straight into the next."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    done = workout.current
    verdict = judge(count, done.target)
    workout.record(count)
    workout.touched = int(turn.now.timestamp())
    turn.profile.active = workout
    turn.changed()
    opening = Speech().say(ws.ack_text(count, done.target, verdict, turn.say))
    if workout.finished:
        return finish(turn, opening)
    return continue_after(turn, done, opening)


def continue_after(turn: Turn, done: SetSpec, opening: Speech) -> Response:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    following = workout.current
    same_block = following.block_index == done.block_index
    switch_to = following.side if same_block and following.side != done.side else None
    intro = None if same_block else ws.intro_text(following.block, following.side)
    rest = ws.rest_speech(workout.rest_after(done), turn.say, switch_to=switch_to, next_intro=intro)
    turn.state.rep_from = 1
    return present_set(turn, opening, rest=rest)


def skip_exercise(turn: Turn) -> Response:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    name = workout.current.block.prescription.move.name
    workout.skip_exercise()
    workout.touched = int(turn.now.timestamp())
    turn.profile.active = workout
    turn.changed()
    opening = Speech().say(turn.say("skipped", name=name))
    turn.state.rep_from = 1
    if workout.finished:
        return finish(turn, opening)
    return present_set(turn, opening, intro=True)


def finish(turn: Turn, opening: Speech) -> Response:
    workout = turn.state.workout
    assert workout is not None
    summary = workout.summary()
    note = complete_workout(turn.profile, workout, completed=True)
    turn.profile.active = None
    turn.state.workout = None
    turn.state.phase, turn.state.ask = Phase.MENU, None
    turn.changed()
    out = Speech().extend(opening).extend(ws.summary_speech(summary, turn.say))
    if note:
        out.say(note)
    return turn.reply(out, end=True)


def pause(turn: Turn) -> Response:
    """Stop for now, politely; the place in the workout is already stored, so resume works."""
    turn.state.phase, turn.state.ask = Phase.MENU, None
    return turn.reply(Speech().say(turn.say("paused")), end=True)


def resume(turn: Turn, opening: Speech | None = None) -> Response:
    """Pick up the unfinished workout at the exact set it stopped on."""
    workout = turn.state.workout or turn.profile.active
    opening = opening or Speech()
    if workout is None or workout.finished:
        return begin_workout(turn, opening=opening.say(turn.say("nothing_to_resume")))
    turn.state.workout = workout
    turn.state.rep_from = 1
    turn.state.ask = None
    return present_set(turn, opening.say(turn.say("resume_back")), intro=True)


def stale_check(turn: Turn) -> None:
    """An unfinished workout from an earlier day is closed and counted as what was done."""
    if close_stale(turn.profile, turn.now):
        turn.changed()


def where_now(turn: Turn) -> str:
    workout = turn.state.workout or turn.profile.active
    if workout is None or workout.current is None:
        return ""
    return ws.where_text(workout.current, turn.say)


def back_to_workout(turn: Turn) -> tuple[Speech, Speech]:
    """After a question or the cue: the line that hands the floor back, and its reprompt."""
    state = turn.state
    if state.phase is Phase.COUNT and state.workout and state.workout.current:
        where = ws.where_text(state.workout.current, turn.say)
        return (
            Speech().say(turn.say("back_to", where=where), turn.say("ask_count")),
            count_reprompt(turn),
        )
    if state.phase is Phase.READY and state.workout and state.workout.current:
        where = ws.where_text(state.workout.current, turn.say)
        return (
            Speech().say(turn.say("back_to", where=where), turn.say("ask_ready")),
            Speech().say(turn.say("reprompt_ready")),
        )
    if state.phase is Phase.ASK and state.ask is not None:
        question = ask_question(turn, state.ask)
        return question, question
    state.phase, state.ask = Phase.ASK, Ask.START
    return Speech().say(turn.say("menu_question")), Speech().say(turn.say("reprompt_menu"))


def ask_question(turn: Turn, ask: Ask) -> Speech:
    if ask is Ask.RESUME:
        return Speech().say(turn.say("resume_offer", where=where_now(turn)))
    if ask is Ask.RESTART:
        return Speech().say(turn.say("restart_ask"))
    if ask is Ask.LIGHT_OR_FULL:
        return Speech().say(turn.say("light_or_full_ask"))
    if ask is Ask.DELETE:
        return Speech().say(turn.say("delete_ask"))
    return Speech().say(turn.say("menu_question"))


def user_facts(turn: Turn) -> UserFacts:
    profile = turn.profile
    first = profile.first_day or None
    last = profile.last_day()
    week_start = turn.today.toordinal() - turn.today.weekday()
    return UserFacts(
        sessions_completed=profile.sessions_completed,
        first_day=date.fromisoformat(first) if first else None,
        last_day=last,
        today=turn.today,
        sessions_this_week=profile.sessions_between(date.fromordinal(week_start), turn.today),
    )
