"""The workout conversation's moves, shared by the handlers: begin, present a set, log, finish.

Each function takes the `Turn`, has the coach decide what happens next, has the speech layer
say it, and returns a `Reply` (committed by `commit`). A set is spoken in one response when it
fits the speech budget; when it does not, it splits at a clean point (before the set, or between
reps), never truncated.
"""

from __future__ import annotations

from datetime import date

from ..coach import progression
from ..coach.answers import UserFacts
from ..coach.exercises import JOINTS
from ..coach.ladder import ladder
from ..coach.progression import close_stale, current_rung, plan_workout
from ..coach.workout import SetSpec, judge
from ..speech import budget
from ..speech import workout_speech as ws
from ..speech.coaching import render_check_in, render_next_time, render_plan_notes
from ..speech.cues import WHISTLE
from ..speech.ssml import Speech
from ..speech.words import duration, move_name
from .state import Ask, Pending, Position
from .turn import Reply, Turn


def _fits(turn: Turn, *parts: Speech) -> bool:
    return budget.fits(turn.audio_mode, *parts)


def count_reprompt(turn: Turn) -> Speech:
    return Speech().say(turn.line("reprompt_count"))


def ready_reprompt(turn: Turn) -> Speech:
    return Speech().say(turn.line("reprompt_ready"))


# -- starting ------------------------------------------------------------------------------------


def begin_workout(turn: Turn, *, light: bool = False, opening: Speech | None = None) -> Reply:
    """Plan today's workout and start it; whatever was unfinished is closed and counted first."""
    profile = turn.profile
    out = Speech().extend(opening or Speech())
    if not profile.safety_noted:
        # Offline, the record is unknown: the safety note, but not a first-use welcome.
        out.say("" if turn.store_offline else turn.line("welcome_first"), turn.line("safety"))
        profile.safety_noted = True
    plan = plan_workout(profile, turn.today, light=light, workout_id=new_id(turn))
    workout = plan.workout
    out.say(*render_plan_notes(turn.line, plan))
    out.say(ws.overview_text(workout, turn.line))
    out.say(turn.line("interrupt_tip"))
    out.extend(ws.warmup_speech(turn.line))
    workout.touched = int(turn.now.timestamp())
    progression.start_workout(profile, workout)
    turn.state.workout = workout
    turn.state.drop_questions()
    turn.changed()
    return present_current(turn, out, intro=True)


def fresh_start(turn: Turn, opening: Speech | None = None, *, light: bool = False) -> Reply:
    """A new workout instead of the unfinished one, which counts as what was done."""
    if progression.close_unfinished(turn.profile):
        turn.changed()
    turn.state.leave_workout()
    return begin_workout(turn, opening=opening, light=light)


def new_id(turn: Turn) -> str:
    return f"{turn.today.isoformat()}-{turn.rng.getrandbits(32):08x}"


# -- one set -------------------------------------------------------------------------------------


def setup_seconds(spec: SetSpec) -> int:
    return spec.block.prescription.move.setup_seconds


def present_set(
    turn: Turn, opening: Speech, *, rest: Speech | None = None, intro: bool = False
) -> Reply:
    """Say `opening`, then the current set, then ask for the count: one response if it fits.

    `rest` is a rest countdown that already introduced the set and ended on "three, two, one";
    without it the set gets its introduction (when `intro`) and a get-into-position countdown.
    The set's part (not the opening) is what "repeat" says again.
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
            lead.say(ws.intro_text(spec.block, spec.side, turn.line))
        elif spec.side and first_rep == 1:
            lead.say(ws.side_lead(spec.side, turn.line))
        if first_rep == 1:
            lead.extend(ws.setup_speech(turn.line, setup_seconds(spec)))
    lead.cue(WHISTLE.name)  # the whistle ends the rest (or the countdown) and starts the set
    end = ws.set_end_speech(turn.line, rx.exercise)
    reps = ws.reps_speech(rx, first_rep, rx.reps, turn.line)
    if _fits(turn, opening, lead, reps, end):
        state.position, state.rep_from = Position.COUNT, 1
        the_set = Speech().extend(lead).extend(reps).extend(end)
        return Reply(Speech().extend(opening).extend(the_set), count_reprompt(turn), replay=the_set)
    if first_rep == 1 and (rest is not None or intro) and len(opening.parts) + len(lead.parts) > 0:
        # Too long for one response: introduce the set now, count it after "ready".
        ask = Speech().say(turn.line("ask_ready"))
        intro_part = Speech().say(ws.intro_text(spec.block, spec.side, turn.line)).extend(ask)
        state.position, state.rep_from = Position.READY, 1
        return Reply(
            Speech().extend(opening).extend(intro_part), ready_reprompt(turn), replay=intro_part
        )
    # Even the set alone is too long: count as many reps as fit, then a breather and "ready".
    last = rx.reps
    while last > first_rep and not _fits(
        turn, opening, lead, ws.reps_speech(rx, first_rep, last, turn.line), end
    ):
        last -= 1
    remaining = rx.reps - last
    part = Speech().extend(lead).extend(ws.reps_speech(rx, first_rep, last, turn.line))
    part.say(turn.line("half_set_pause", remaining=remaining))
    state.position, state.rep_from = Position.READY, last + 1
    return Reply(Speech().extend(opening).extend(part), ready_reprompt(turn), replay=part)


def present_current(turn: Turn, opening: Speech, *, intro: bool = False) -> Reply:
    """The current set from its first rep, asking first how a move that hurt last time feels."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    turn.state.rep_from = 1
    joint = getattr(workout.current.block, "check_in", "")
    if joint and workout.current.first_of_block and not _checked_in(turn):
        turn.state.position = Position.READY
        return ask(turn, Ask.CHECK_IN, joint, opening=opening)
    return present_set(turn, opening, intro=intro)


def _checked_in(turn: Turn) -> bool:
    return bool(turn.extras.get("checked_in"))


# -- logging and moving on -----------------------------------------------------------------------


def touch(turn: Turn) -> None:
    """The workout moved on: stamp it and keep it as the person's active workout."""
    workout = turn.state.workout
    assert workout is not None
    workout.touched = int(turn.now.timestamp())
    progression.log_progress(turn.profile, workout)
    turn.changed()


def log_count(turn: Turn, count: int) -> Reply:
    """A believable count for the set just done: acknowledge, rest, and straight into the next."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    done = workout.current
    verdict = judge(count, done.target)
    workout.record(count)
    touch(turn)
    turn.state.drop_questions()
    opening = Speech().say(ws.ack_text(count, done.target, verdict, turn.line))
    if workout.finished:
        return offer_cool_down(turn, opening)
    return continue_after(turn, done, opening)


def continue_after(turn: Turn, done: SetSpec, opening: Speech) -> Reply:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    following = workout.current
    same_block = following.block_index == done.block_index
    if not same_block and getattr(following.block, "check_in", ""):
        turn.state.position = Position.READY
        return present_current(turn, opening, intro=True)
    switch_to = following.side if same_block and following.side != done.side else None
    intro = None if same_block else ws.intro_text(following.block, following.side, turn.line)
    rest = ws.rest_speech(
        workout.rest_after(done), turn.line, switch_to=switch_to, next_intro=intro
    )
    turn.state.rep_from = 1
    return present_set(turn, opening, rest=rest)


def skip_exercise(turn: Turn, opening: Speech | None = None) -> Reply:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    name = move_name(turn.line, workout.current.block.prescription.exercise)
    workout.skip_exercise()
    touch(turn)
    turn.state.drop_questions()
    out = Speech().extend(opening or Speech()).say(turn.line("skipped", name=name))
    turn.state.rep_from = 1
    if workout.finished:
        return offer_cool_down(turn, out)
    return present_current(turn, out, intro=True)


def redo_set(turn: Turn, opening: Speech | None = None) -> Reply:
    """Count the current set again from its first rep (it was not done, or not done right)."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    turn.state.drop_questions()
    turn.state.rep_from = 1
    out = Speech().extend(opening or Speech())
    return present_set(turn, out, intro=False)


# -- ending --------------------------------------------------------------------------------------


def offer_cool_down(turn: Turn, opening: Speech) -> Reply:
    """Every set done: the workout is judged and saved now; the stretch is the user's choice."""
    workout = turn.state.workout
    assert workout is not None
    progression.finish_workout(turn.profile, workout, completed=True)
    turn.changed()
    turn.state.position = Position.MENU
    turn.state.drop_questions()
    return ask(turn, Ask.COOL_DOWN, opening=opening)


def finish(turn: Turn, opening: Speech, *, completed: bool = True) -> Reply:
    """Close the workout (what was done is saved and judged), sum it up, and say goodbye."""
    workout = turn.state.workout
    assert workout is not None
    progression.finish_workout(turn.profile, workout, completed=completed)
    turn.changed()
    return summary_goodbye(turn, opening)


def summary_goodbye(turn: Turn, opening: Speech, *, offer_reminder: bool = False) -> Reply:
    """The summary, what steps up next time, and the goodbye as the very last sentence (or,
    once, after a whole workout, the offer of a leg-day reminder)."""
    workout = turn.state.workout
    out = Speech().extend(opening)
    summary = workout.summary() if workout is not None else None
    if workout is not None and summary is not None:
        out.extend(ws.summary_speech(summary, turn.line))
        moves = stepped_up(turn, workout.blocks)
        if moves:
            out.say(render_next_time(turn.line, moves))
    if offer_reminder and summary and summary.sets_done and not turn.profile.reminder_offered:
        # Once, after a first real workout: leg day on the calendar, if they want it.
        turn.profile.reminder_offered = True
        turn.changed()
        turn.state.leave_workout()
        turn.state.drop_questions()
        return ask(turn, Ask.REMINDER, opening=out)
    out.say(ws.goodbye_text(summary, turn.line))
    turn.state.leave_workout()
    turn.state.drop_questions()
    return Reply(out, end=True)


def cool_down(turn: Turn) -> Reply:
    return summary_goodbye(turn, ws.cool_down_speech(turn.line), offer_reminder=True)


def pause(turn: Turn) -> Reply:
    """Stop for now, politely; the place in the workout is stored, so resume works."""
    turn.state.position = Position.MENU
    turn.state.drop_questions()
    return Reply(Speech().say(turn.line("paused")), end=True)


def resume(turn: Turn, opening: Speech | None = None) -> Reply:
    """Pick up the unfinished workout at the exact set it stopped on."""
    workout = turn.state.workout or turn.profile.active
    opening = opening or Speech()
    if workout is None or workout.finished:
        return begin_workout(turn, opening=opening.say(turn.line("nothing_to_resume")))
    turn.state.workout = workout
    turn.state.drop_questions()
    return present_current(turn, opening.say(turn.line("resume_back")), intro=True)


def stale_check(turn: Turn) -> None:
    """An unfinished workout from an earlier day is closed and counted as what was done."""
    if close_stale(turn.profile, turn.now):
        turn.changed()


# -- finding the way back ------------------------------------------------------------------------


def where_now(turn: Turn) -> str:
    workout = turn.state.workout or turn.profile.active
    if workout is None or workout.current is None:
        return ""
    return ws.where_text(workout.current, turn.line)


def _set_words(turn: Turn) -> dict[str, object]:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    spec = workout.current
    return {
        "number": spec.round,
        "name": move_name(turn.line, spec.block.prescription.exercise, 2),
        "side": ws.side_words(spec.side, turn.line),
    }


def back_to(turn: Turn) -> tuple[Speech, Speech]:
    """The line that hands the floor back (the open question, or the place in the workout)."""
    state = turn.state
    if state.question is not None:
        return question(turn, state.question)
    if state.position is Position.COUNT and state.workout and state.workout.current:
        return Speech().say(turn.line("back_to_count", **_set_words(turn))), count_reprompt(turn)
    if state.position is Position.READY and state.workout and state.workout.current:
        return Speech().say(turn.line("back_to_ready", **_set_words(turn))), ready_reprompt(turn)
    return Speech().say(turn.line("menu_question")), Speech().say(turn.line("reprompt_menu"))


def ask(
    turn: Turn,
    kind: Ask,
    value: int | str | None = None,
    *,
    opening: Speech | None = None,
    **words: str,
) -> Reply:
    """Push a question and ask it; its answer is resolved by the question table."""
    pending = turn.state.ask(kind, value)
    line, reprompt = question(turn, pending, **words)
    return Reply(Speech().extend(opening or Speech()).extend(line), reprompt)


def question(turn: Turn, pending: Pending, **words: str) -> tuple[Speech, Speech]:
    kind, value = pending.ask, pending.value
    if kind is Ask.RESUME:
        line = Speech().say(turn.line("resume_offer", where=where_now(turn)))
        return line, line
    if kind is Ask.CONFIRM_COUNT:
        workout = turn.state.workout
        target = workout.current.target if workout and workout.current else 0
        count = int(value or 0)
        line = Speech().say(turn.line("confirm_count", count=count, target=target))
        return line, line
    if kind is Ask.PAIN:
        key = "pain_options" if value else "pain_options_any"
        line = Speech().say(turn.line(key, joint=_joint(turn, value)))
        return line, line
    if kind is Ask.EASIER:
        line = Speech().say(turn.line("easier_offer", name=_current_name(turn)))
        return line, line
    if kind is Ask.CHECK_IN:
        workout = turn.state.workout
        key = workout.current.block.prescription.exercise if workout and workout.current else ""
        line = Speech().say(
            render_check_in(turn.line, str(value), key), turn.line("check_in_yes_no")
        )
        return line, line
    simple = {
        Ask.RESTART: "restart_ask",
        Ask.DELETE: "delete_ask",
        Ask.RETRY_SAVE: "retry_save_ask",
        Ask.UNWELL: "unwell_ask",
        Ask.COOL_DOWN: "cool_down_offer",
        Ask.LIGHT_OR_FULL: "light_or_full_ask",
        Ask.REMINDER: "reminder_offer",
    }
    if kind in simple:
        line = Speech().say(turn.line(simple[kind]))
        return line, line
    return Speech().say(turn.line("menu_question")), Speech().say(turn.line("reprompt_menu"))


def _current_name(turn: Turn) -> str:
    workout = turn.state.workout
    if workout is None or workout.current is None:
        return ""
    return move_name(turn.line, workout.current.block.prescription.exercise)


def _joint(turn: Turn, value: int | str | None) -> str:
    """A joint's spoken name; body parts outside the catalogue's joints are said as heard."""
    name = str(value or "")
    return turn.line(f"joint_{name}") if name in JOINTS else name


# -- facts for answers ---------------------------------------------------------------------------


def _day_or_none(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:  # an unreadable first day in an old or damaged record: not known
        return None


def user_facts(turn: Turn) -> UserFacts:
    profile = turn.profile
    first = profile.first_day or None
    last = profile.last_day()
    week_start = turn.today.toordinal() - turn.today.weekday()
    return UserFacts(
        sessions_completed=profile.sessions_completed,
        first_day=_day_or_none(first),
        last_day=last,
        today=turn.today,
        sessions_this_week=profile.sessions_between(date.fromordinal(week_start), turn.today),
    )


def seconds_left(turn: Turn) -> int:
    """What remains of the workout at the planned tempo, rests and talk included."""
    workout = turn.state.workout
    if workout is None:
        return 0
    total = 0
    for spec in workout.remaining():
        total += spec.target * spec.block.prescription.rep_seconds + 20
        total += workout.rest_after(spec)
    return total


def minutes_words(turn: Turn, seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return duration(turn.line, minutes * 60)


def stepped_up(turn: Turn, workout_blocks: list) -> list[str]:
    """Exercises the finished workout moved up a rung (for the goodbye)."""
    moves = []
    for block in workout_blocks:
        rungs = ladder(block.slot)
        if block.prescription in rungs and current_rung(turn.profile, block.slot) > rungs.index(
            block.prescription
        ):
            moves.append(block.prescription.exercise)
    return moves
