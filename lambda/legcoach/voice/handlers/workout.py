"""Handlers for starting, counting, moving through, pausing, resuming and ending a workout."""

from __future__ import annotations

import re

from ask_sdk_model import Response

from ...coach import adjust
from ...coach.schedule import too_soon
from ...coach.workout import MAX_BELIEVABLE_REPS
from ...speech import workout_speech as ws
from ...speech.coaching import render_too_soon
from ...speech.ssml import Speech
from ...speech.words import duration
from .. import flow
from ..state import Ask, Position
from ..turn import Reply, Turn
from .base import IN_WORKOUT, TurnHandler, slot_value

# A claim this far over the target is checked once before it is logged ("twenty? shall I...").
CONFIRM_OVER = 1.5
DEFAULT_BREAK_S = 60
SHORTEST_BREAK_S = 20  # "give me a second" means a breather, not one second of silence
LONGEST_BREAK_S = 180  # past this the session would time out anyway: pause instead


def open_workout(turn: Turn, opening: Speech | None = None) -> Reply:
    """What "open leg workout" or "start my workout" leads to, given where the user is.

    An unfinished workout from today is offered for resuming; a session today or yesterday
    gets a heads-up and the choice of a light or full session; otherwise the workout begins.
    """
    opening = opening or Speech()
    flow.stale_check(turn)
    profile = turn.profile
    if turn.store_offline:
        opening.say(turn.line("store_offline"))
    if turn.kept_aside:
        opening.say(turn.line("record_kept_aside"))
    active = profile.active
    if active is not None and not active.finished and active.started:
        turn.state.workout = active
        turn.state.position = Position.MENU
        return flow.ask(turn, Ask.RESUME, opening=opening)
    soon = too_soon(profile.last_day(), turn.today)
    if soon is not None:
        note = render_too_soon(turn.line, soon)
        return flow.ask(turn, Ask.LIGHT_OR_FULL, opening=Speech().extend(opening).say(note))
    return flow.begin_workout(turn, opening=opening)


class LaunchHandler(TurnHandler):
    request_types = ("LaunchRequest",)

    def respond(self, turn: Turn) -> Reply:
        opening = Speech()
        if turn.profile.safety_noted:
            opening.say(turn.line("welcome_back"))
        turn.state.leave_workout()
        return open_workout(turn, opening)


class StartWorkoutHandler(TurnHandler):
    intents = ("StartWorkoutIntent",)

    def respond(self, turn: Turn) -> Reply:
        if turn.state.in_workout:
            line, reprompt = flow.back_to(turn)
            return Reply(Speech().say(turn.line("already_running")).extend(line), reprompt)
        return open_workout(turn)


# -- "how many did you do?" ------------------------------------------------------------------


def take_count(turn: Turn, count: int, *, confirmed: bool = False) -> Reply:
    """Validate a count for the set just counted, then log it (or check it first)."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    target = workout.current.target
    if count <= 0:
        return none_done(turn)
    if count > MAX_BELIEVABLE_REPS:
        line = turn.line("count_too_many", count=count)
        return Reply(Speech().say(line), flow.count_reprompt(turn))
    if not confirmed and count > target * CONFIRM_OVER and count > target + 3:
        return flow.ask(turn, Ask.CONFIRM_COUNT, count)
    return flow.log_count(turn, count)


def none_done(turn: Turn) -> Reply:
    """Zero reps: logged kindly, and an easier version offered when the move comes again."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    done = workout.current
    workout.record(0)
    flow.touch(turn)
    opening = Speech().say(turn.line("none_kindly"))
    if workout.finished:
        return flow.offer_cool_down(turn, opening)
    following = workout.current
    assert following is not None
    if following.block_index == done.block_index and adjust.easier(
        done.block.prescription.exercise
    ):
        turn.state.position, turn.state.rep_from = Position.READY, 1
        return flow.ask(turn, Ask.EASIER, opening=opening)
    return flow.continue_after(turn, done, opening)


class LogSetHandler(TurnHandler):
    """'How many did you do?' answered with a number ("nine", "about nine", "all eight")."""

    intents = ("LogSetIntent",)
    positions = (Position.COUNT,)

    def respond(self, turn: Turn) -> Reply:
        raw = slot_value(turn, "count")
        if raw is None or not re.fullmatch(r"-?\d+", raw.strip()):
            return Reply(Speech().say(turn.line("count_unclear")), flow.count_reprompt(turn))
        return take_count(turn, int(raw))


class AllRepsHandler(TurnHandler):
    intents = ("AllRepsIntent",)
    positions = (Position.COUNT,)

    def respond(self, turn: Turn) -> Reply:
        workout = turn.state.workout
        assert workout is not None and workout.current is not None
        return flow.log_count(turn, workout.current.target)


class NoRepsHandler(TurnHandler):
    intents = ("NoRepsIntent",)
    positions = (Position.COUNT,)

    def respond(self, turn: Turn) -> Reply:
        return none_done(turn)


class SomeRepsHandler(TurnHandler):
    """ "I couldn't finish", "not many": fine, but how many?"""

    intents = ("SomeRepsIntent",)
    positions = (Position.COUNT,)

    def respond(self, turn: Turn) -> Reply:
        return Reply(Speech().say(turn.line("how_many_then")), flow.count_reprompt(turn))


class CountOutOfPlaceHandler(TurnHandler):
    """A count when no set is waiting for one."""

    intents = ("LogSetIntent", "AllRepsIntent", "NoRepsIntent", "SomeRepsIntent")
    informs = True

    def respond(self, turn: Turn) -> Reply:
        if turn.state.question is not None:
            line, reprompt = flow.back_to(turn)
            return Reply(Speech().say(turn.line("fallback_again")).extend(line), reprompt)
        if turn.state.position is Position.READY:
            return Reply(Speech().say(turn.line("fallback_ready")), flow.ready_reprompt(turn))
        return Reply(
            Speech().say(turn.line("no_workout_count")), Speech().say(turn.line("reprompt_menu"))
        )


# -- moving through the workout --------------------------------------------------------------


class ReadyHandler(TurnHandler):
    """'Ready' (or 'continue') when a set is queued: count it now."""

    intents = ("AMAZON.YesIntent", "AMAZON.ResumeIntent", "StartWorkoutIntent")
    positions = (Position.READY,)

    def respond(self, turn: Turn) -> Reply:
        return flow.present_set(turn, Speech())


class SkipHandler(TurnHandler):
    """'Skip this one', 'next exercise': move past the current exercise."""

    intents = ("SkipIntent", "AMAZON.NextIntent")
    positions = IN_WORKOUT

    def respond(self, turn: Turn) -> Reply:
        return flow.skip_exercise(turn)


class RedoHandler(TurnHandler):
    """'I wasn't ready', 'again', 'go back': count the same set again."""

    intents = ("RedoIntent", "AMAZON.PreviousIntent")

    def respond(self, turn: Turn) -> Reply:
        if not turn.state.in_workout:
            line, reprompt = flow.back_to(turn)
            return Reply(Speech().say(turn.line("nothing_to_redo")).extend(line), reprompt)
        return flow.redo_set(turn, Speech().say(turn.line("redo_set")))


class StartOverHandler(TurnHandler):
    intents = ("AMAZON.StartOverIntent",)

    def respond(self, turn: Turn) -> Reply:
        if turn.state.in_workout:
            return flow.ask(turn, Ask.RESTART)
        return flow.fresh_start(turn)


def restart_workout(turn: Turn) -> Reply:
    workout = turn.state.workout
    if workout is None:
        return flow.begin_workout(turn)
    # Starting over is a new workout: the sets done so far are kept as what was done.
    workout.restart()
    workout.id = flow.new_id(turn)
    flow.touch(turn)
    return flow.present_current(turn, Speech().say(turn.line("from_the_top")), intro=True)


class BreakHandler(TurnHandler):
    """'Give me a minute': a counted rest, then the same set; the mic reopens on a question."""

    intents = ("BreakIntent",)
    positions = IN_WORKOUT

    def respond(self, turn: Turn) -> Reply:
        seconds = parse_duration(slot_value(turn, "duration")) or DEFAULT_BREAK_S
        if seconds < SHORTEST_BREAK_S:
            seconds = DEFAULT_BREAK_S
        if seconds > LONGEST_BREAK_S:
            turn.state.position = Position.MENU
            return Reply(Speech().say(turn.line("break_long")), end=True)
        return take_break(
            turn, seconds, turn.line("break_start", duration=duration(turn.line, seconds))
        )


def take_break(turn: Turn, seconds: int, lead: str) -> Reply:
    """A counted rest of `seconds`, then the question for where the user was."""
    out = ws.rest_speech(seconds, turn.line, switch_to=None, next_intro=None, lead=lead)
    if turn.state.position is Position.COUNT:
        line = Speech().say(turn.line("break_end_count"))
        return Reply(out.extend(line), flow.count_reprompt(turn), replay=line)
    turn.state.rep_from = 1
    line = Speech().say(turn.line("break_end_ready"))
    return Reply(out.extend(line), flow.ready_reprompt(turn), replay=line)


_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def parse_duration(raw: str | None) -> int | None:
    """AMAZON.DURATION's ISO-8601 value ("PT2M", "PT90S") in whole seconds, or None."""
    match = _DURATION.match((raw or "").strip().upper())
    if not match or not any(match.groups()):
        return None
    days, hours, minutes, secs = (float(g) if g else 0.0 for g in match.groups())
    total = int(days * 86400 + hours * 3600 + minutes * 60 + secs)
    return total if total > 0 else None


class FinishEarlyHandler(TurnHandler):
    """'I'm done', 'that's enough for today': save and judge what was done, sum up, close."""

    intents = ("FinishEarlyIntent",)

    def respond(self, turn: Turn) -> Reply:
        workout = turn.state.workout
        if workout is not None and not workout.finished:
            return flow.finish(turn, Speech().say(turn.line("finish_early")), completed=False)
        if workout is not None:
            return flow.summary_goodbye(turn, Speech())
        return goodbye(turn)


def goodbye(turn: Turn, *lines: str) -> Reply:
    """End the session politely, after any phrases named in `lines`."""
    turn.state.leave_workout()
    said = [turn.line(key) for key in lines]
    return Reply(Speech().say(*said, turn.line("goodbye_menu")), end=True)


class PauseHandler(TurnHandler):
    """Pause, stop, cancel or 'go home' during a workout: end politely, keep the place."""

    intents = (
        "AMAZON.PauseIntent",
        "AMAZON.StopIntent",
        "AMAZON.CancelIntent",
        "AMAZON.NavigateHomeIntent",
    )
    positions = IN_WORKOUT

    def respond(self, turn: Turn) -> Reply:
        return flow.pause(turn)


class ResumeHandler(TurnHandler):
    intents = ("AMAZON.ResumeIntent",)

    def respond(self, turn: Turn) -> Reply:
        if turn.state.position is Position.COUNT:
            line, reprompt = flow.back_to(turn)
            return Reply(line, reprompt)
        flow.stale_check(turn)
        if turn.profile.active is None and not turn.state.in_workout:
            return open_workout(turn, Speech().say(turn.line("nothing_to_resume")))
        return flow.resume(turn)


class LightOrFullHandler(TurnHandler):
    intents = ("LightSessionIntent", "FullSessionIntent")
    positions = (Position.MENU,)

    def respond(self, turn: Turn) -> Reply:
        return flow.fresh_start(turn, light=turn.intent_name == "LightSessionIntent")


class SessionEndedHandler(TurnHandler):
    """The user walked away or said nothing: the workout is already stored, so resume works."""

    request_types = ("SessionEndedRequest",)
    informs = True

    def respond(self, turn: Turn) -> Response:
        # Alexa allows no speech here and nobody hears an apology: save what is unsaved, with
        # one more try while the turn has time, since the session's copy ends with this request.
        if turn.save() is False and turn.can_call_store():
            turn.save()
        return turn.handler_input.response_builder.response
