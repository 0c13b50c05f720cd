"""Handlers that work in any phase: help, repeat, questions, yes/no, progress, data, fallback.

A question asked mid-workout is answered and the floor is handed straight back to where the
user was ("...now, back to set two of your lateral lunges. How many did you do?"); asked as a
one-shot ("Alexa, ask leg workout how often..."), it is answered and the session closes.
"""

from __future__ import annotations

from ask_sdk_model import Response

from ...coach import answers, reports
from ...speech import workout_speech as ws
from ...speech.coaching import example_questions, render_answer, render_report
from ...speech.ssml import Speech
from .. import flow
from ..state import Ask, Phase
from ..turn import Turn
from .base import IN_WORKOUT, TurnHandler, is_new_session, slot_id, slot_value
from .workout import open_workout, restart_workout


def answer_then_continue(turn: Turn, text: str) -> Response:
    """Say `text`; close a one-shot session, otherwise hand the floor back."""
    if is_new_session(turn) and turn.state.phase is Phase.MENU:
        return turn.reply(Speech().say(text), end=True)
    line, reprompt = flow.back_to_workout(turn)
    return turn.reply(Speech().say(text).extend(line), reprompt)


class QuestionHandler(TurnHandler):
    """Every leg-training question family: one intent each, answers kept as data."""

    intents = tuple(answers.QUESTION_INTENTS)

    def respond(self, turn: Turn) -> Response:
        intent = turn.handler_input.request_envelope.request.intent.name
        topic = answers.QUESTION_INTENTS[intent]
        exercise = slot_id(turn, answers.HOW_TO_SLOT)
        named = slot_value(turn, answers.HOW_TO_SLOT) is not None
        if exercise is None and topic == "how_to" and not named:
            # "How do I do this one?": the exercise in progress. A move we don't know by name
            # ("how do I do a burpee?") gets the general answer, not the current move's.
            workout = turn.state.workout or turn.profile.active
            if workout is not None and workout.current is not None:
                exercise = workout.current.block.prescription.exercise
        text = render_answer(turn.say, topic, flow.user_facts(turn), exercise)
        return answer_then_continue(turn, text)


class ProgressHandler(TurnHandler):
    """'How am I doing?', 'what did I do last time?', 'how many workouts this week?'."""

    intents = tuple(reports.REPORT_INTENTS)

    def respond(self, turn: Turn) -> Response:
        intent = turn.handler_input.request_envelope.request.intent.name
        text = render_report(turn.say, reports.REPORT_INTENTS[intent](turn.profile, turn.today))
        return answer_then_continue(turn, text)


class HelpHandler(TurnHandler):
    intents = ("AMAZON.HelpIntent",)

    def respond(self, turn: Turn) -> Response:
        state = turn.state
        workout = state.workout
        if state.phase in IN_WORKOUT and workout is not None and workout.current is not None:
            spec = workout.current
            key = "help_in_ready" if state.phase is Phase.READY else "help_in_set"
            name = ws.move_name(turn.say, spec.block.prescription.exercise)
            text = turn.say(key, name=name, side=ws.side_words(spec.side, turn.say))
            line, reprompt = flow.back_to_workout(turn)
            return turn.reply(Speech().say(text).extend(line), reprompt)
        text = turn.say("help_menu", examples=example_questions(turn.say))
        if state.phase is Phase.ASK and state.ask is not None:
            question = flow.ask_question(turn, state.ask)
            return turn.reply(Speech().say(text).extend(question), question)
        state.phase, state.ask = Phase.ASK, Ask.START
        reprompt = Speech().say(turn.say("reprompt_menu"))
        return turn.reply(Speech().say(text).extend(reprompt), reprompt)


class RepeatHandler(TurnHandler):
    intents = ("AMAZON.RepeatIntent",)

    def respond(self, turn: Turn) -> Response:
        if not turn.state.last_speech:
            line, reprompt = flow.back_to_workout(turn)
            return turn.reply(line, reprompt)
        return turn.repeat_last()


class YesHandler(TurnHandler):
    intents = ("AMAZON.YesIntent",)
    phases = (Phase.ASK,)

    def respond(self, turn: Turn) -> Response:
        ask = turn.state.ask
        turn.state.ask = None
        if ask is Ask.RESUME:
            return flow.resume(turn)
        if ask is Ask.RESTART:
            return restart_workout(turn)
        if ask is Ask.LIGHT_OR_FULL:
            return flow.begin_workout(turn, light=True)
        if ask is Ask.DELETE:
            return erase_person(turn)
        if ask is Ask.RETRY_SAVE:
            turn.state.phase = Phase.MENU
            return turn.reply(Speech().say(turn.say("saved_now")), end=True)
        return open_workout(turn)


class NoHandler(TurnHandler):
    intents = ("AMAZON.NoIntent",)
    phases = (Phase.ASK,)

    def respond(self, turn: Turn) -> Response:
        ask = turn.state.ask
        turn.state.ask = None
        if ask is Ask.RESUME:
            # A fresh workout instead; the unfinished one counts as what was done.
            return flow.fresh_start(turn)
        if ask is Ask.RESTART:
            turn.state.phase = Phase.COUNT
            line, reprompt = flow.back_to_workout(turn)
            return turn.reply(Speech().say(turn.say("restart_no")).extend(line), reprompt)
        if ask is Ask.LIGHT_OR_FULL:
            return flow.begin_workout(turn, light=False)
        turn.state.phase = Phase.MENU
        if ask is Ask.RETRY_SAVE:
            turn.dirty = False
            return turn.reply(Speech().say(turn.say("not_saved")), end=True)
        return goodbye(turn, "delete_kept") if ask is Ask.DELETE else goodbye(turn)


def goodbye(turn: Turn, *lines: str) -> Response:
    """End the session politely, after any phrases named in `lines`."""
    turn.state.phase, turn.state.ask = Phase.MENU, None
    said = [turn.say(key) for key in lines]
    return turn.reply(Speech().say(*said, turn.say("goodbye_menu")), end=True)


class DeleteDataHandler(TurnHandler):
    intents = ("DeleteDataIntent",)

    def respond(self, turn: Turn) -> Response:
        turn.state.phase, turn.state.ask = Phase.ASK, Ask.DELETE
        question = flow.ask_question(turn, Ask.DELETE)
        return turn.reply(question, question)


def erase_person(turn: Turn) -> Response:
    turn.erase_profile()
    turn.state.workout = None
    turn.state.phase = Phase.MENU
    return turn.reply(Speech().say(turn.say("deleted")), end=True)


class GoodbyeHandler(TurnHandler):
    """Stop, cancel or 'go home' outside a workout (or when declining a question)."""

    intents = (
        "AMAZON.StopIntent",
        "AMAZON.CancelIntent",
        "AMAZON.NavigateHomeIntent",
        "AMAZON.PauseIntent",
    )

    def respond(self, turn: Turn) -> Response:
        if turn.state.ask is Ask.DELETE:
            return goodbye(turn, "delete_kept")
        if turn.state.workout is not None and not turn.state.workout.finished:
            return flow.pause(turn)
        return goodbye(turn)


class UnexpectedHandler(TurnHandler):
    """Yes/no/next/start-over/light/full where they mean nothing: say so, keep the workout."""

    intents = (
        "AMAZON.YesIntent",
        "AMAZON.NoIntent",
        "AMAZON.NextIntent",
        "LightSessionIntent",
        "FullSessionIntent",
    )

    def respond(self, turn: Turn) -> Response:
        if turn.state.phase is Phase.MENU:
            intent = turn.handler_input.request_envelope.request.intent.name
            if intent == "AMAZON.YesIntent":
                return open_workout(turn)
            if intent == "AMAZON.NoIntent":
                return goodbye(turn)
        if turn.state.phase is Phase.COUNT:
            # "How many did you do?" was the question: a yes or a no is not an answer to it.
            return turn.reply(
                Speech().say(turn.say("count_needs_number")), flow.count_reprompt(turn)
            )
        line, reprompt = flow.back_to_workout(turn)
        return turn.reply(Speech().say(turn.say("yes_no_unexpected")).extend(line), reprompt)


class FallbackHandler(TurnHandler):
    """Anything else, including intents this version does not know: recover, keep going."""

    request_types = ("IntentRequest",)

    def respond(self, turn: Turn) -> Response:
        state = turn.state
        if state.phase is Phase.COUNT:
            return turn.reply(Speech().say(turn.say("fallback_set")), flow.count_reprompt(turn))
        if state.phase is Phase.READY:
            return turn.reply(
                Speech().say(turn.say("fallback_ready")), Speech().say(turn.say("reprompt_ready"))
            )
        text = turn.say("cant_answer", examples=example_questions(turn.say))
        line, reprompt = flow.back_to_workout(turn)
        return turn.reply(Speech().say(text).extend(line), reprompt)
