"""Handlers for starting, counting, moving through, pausing and resuming a workout."""

from __future__ import annotations

from ask_sdk_model import Response

from ...coach.schedule import too_soon
from ...coach.workout import MAX_BELIEVABLE_REPS
from ...speech.coaching import render_too_soon
from ...speech.ssml import Speech
from .. import flow
from ..state import Ask, Phase
from ..turn import Turn
from .base import IN_WORKOUT, TurnHandler, slot_value


def open_workout(turn: Turn, opening: Speech | None = None) -> Response:
    """What "open leg workout" or "start my workout" leads to, given where the user is.

    An unfinished workout from today is offered for resuming; a session today or yesterday
    gets a heads-up and the choice of a light or full session; otherwise the workout begins.
    """
    opening = opening or Speech()
    flow.stale_check(turn)
    profile = turn.profile
    if turn.store_offline:
        opening.say(turn.say("store_offline"))
    active = profile.active
    if active is not None and not active.finished and active.started:
        turn.state.workout = active
        turn.state.phase, turn.state.ask = Phase.ASK, Ask.RESUME
        question = flow.ask_question(turn, Ask.RESUME)
        return turn.reply(Speech().extend(opening).extend(question), question)
    soon = too_soon(profile.last_day(), turn.today)
    if soon is not None:
        turn.state.phase, turn.state.ask = Phase.ASK, Ask.LIGHT_OR_FULL
        question = flow.ask_question(turn, Ask.LIGHT_OR_FULL)
        return turn.reply(
            Speech().extend(opening).say(render_too_soon(turn.say, soon)).extend(question),
            Speech().say(turn.say("light_or_full_reprompt")),
        )
    return flow.begin_workout(turn, opening=opening)


class LaunchHandler(TurnHandler):
    request_types = ("LaunchRequest",)

    def respond(self, turn: Turn) -> Response:
        opening = Speech()
        if turn.profile.safety_noted:
            opening.say(turn.say("welcome_back"))
        return open_workout(turn, opening)


class StartWorkoutHandler(TurnHandler):
    intents = ("StartWorkoutIntent",)

    def respond(self, turn: Turn) -> Response:
        if turn.state.phase in IN_WORKOUT:
            line, reprompt = flow.back_to_workout(turn)
            return turn.reply(Speech().say(turn.say("already_running")).extend(line), reprompt)
        if turn.state.ask is Ask.RESUME:
            # "Start my workout" when offered the unfinished one: a fresh start, as asked.
            return flow.fresh_start(turn)
        return open_workout(turn)


class LogSetHandler(TurnHandler):
    """'How many did you do?' answered: validate, then log and move on."""

    intents = ("LogSetIntent",)
    phases = (Phase.COUNT,)

    def respond(self, turn: Turn) -> Response:
        raw = slot_value(turn, "count")
        reprompt = flow.count_reprompt(turn)
        if raw is None or not raw.lstrip("-").isdigit():
            return turn.reply(Speech().say(turn.say("count_unclear")), reprompt)
        count = int(raw)
        if count <= 0:
            return turn.reply(Speech().say(turn.say("count_zero")), reprompt)
        if count > MAX_BELIEVABLE_REPS:
            line = turn.say("count_too_many", count=count)
            return turn.reply(Speech().say(line), reprompt)
        return flow.log_count(turn, count)


class CountOutOfPlaceHandler(TurnHandler):
    """A number when no set is waiting for one."""

    intents = ("LogSetIntent",)

    def respond(self, turn: Turn) -> Response:
        if turn.state.phase is Phase.READY:
            return turn.reply(
                Speech().say(turn.say("fallback_ready")), Speech().say(turn.say("reprompt_ready"))
            )
        if turn.state.phase is Phase.ASK and turn.state.ask is not None:
            question = flow.ask_question(turn, turn.state.ask)
            return turn.reply(
                Speech().say(turn.say("yes_no_unexpected")).extend(question), question
            )
        turn.state.phase, turn.state.ask = Phase.ASK, Ask.START
        return turn.reply(
            Speech().say(turn.say("no_workout_count")), Speech().say(turn.say("reprompt_menu"))
        )


class ReadyHandler(TurnHandler):
    """'Ready' (or 'continue') when a set is queued: count it now."""

    intents = ("AMAZON.YesIntent", "AMAZON.ResumeIntent", "StartWorkoutIntent")
    phases = (Phase.READY,)

    def respond(self, turn: Turn) -> Response:
        return flow.present_set(turn, Speech())


class NextHandler(TurnHandler):
    """'Skip' or 'next' in a workout: move past the current exercise."""

    intents = ("AMAZON.NextIntent",)
    phases = IN_WORKOUT

    def respond(self, turn: Turn) -> Response:
        return flow.skip_exercise(turn)


class StartOverHandler(TurnHandler):
    intents = ("AMAZON.StartOverIntent",)

    def respond(self, turn: Turn) -> Response:
        if turn.state.phase in IN_WORKOUT:
            turn.state.phase, turn.state.ask = Phase.ASK, Ask.RESTART
            question = flow.ask_question(turn, Ask.RESTART)
            return turn.reply(question, question)
        return flow.fresh_start(turn)


def restart_workout(turn: Turn) -> Response:
    workout = turn.state.workout
    if workout is None:
        return flow.begin_workout(turn)
    workout.restart()
    workout.touched = int(turn.now.timestamp())
    turn.profile.active = workout
    turn.changed()
    turn.state.rep_from = 1
    return flow.present_set(turn, Speech().say(turn.say("from_the_top")), intro=True)


class PauseHandler(TurnHandler):
    """Pause, stop, cancel or 'go home' during a workout: end politely, keep the place."""

    intents = (
        "AMAZON.PauseIntent",
        "AMAZON.StopIntent",
        "AMAZON.CancelIntent",
        "AMAZON.NavigateHomeIntent",
    )
    phases = (*IN_WORKOUT, Phase.ASK)
    asks = (None, Ask.RESTART)

    def respond(self, turn: Turn) -> Response:
        return flow.pause(turn)


class ResumeHandler(TurnHandler):
    intents = ("AMAZON.ResumeIntent",)

    def respond(self, turn: Turn) -> Response:
        if turn.state.phase is Phase.COUNT:
            line, reprompt = flow.back_to_workout(turn)
            return turn.reply(line, reprompt)
        flow.stale_check(turn)
        if turn.profile.active is None and turn.state.workout is None:
            return open_workout(turn, Speech().say(turn.say("nothing_to_resume")))
        return flow.resume(turn)


class LightOrFullHandler(TurnHandler):
    intents = ("LightSessionIntent", "FullSessionIntent")
    phases = (Phase.MENU, Phase.ASK)

    def respond(self, turn: Turn) -> Response:
        light = turn.handler_input.request_envelope.request.intent.name == "LightSessionIntent"
        turn.state.ask = None
        return flow.begin_workout(turn, light=light)


class SessionEndedHandler(TurnHandler):
    """The user walked away or said nothing: the workout is already stored, so resume works."""

    request_types = ("SessionEndedRequest",)

    def respond(self, turn: Turn) -> Response:
        return turn.reply_silently()
