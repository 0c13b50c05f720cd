"""Handlers that work anywhere: questions, progress, help, repeat, data, goodbye, fallback.

A question asked mid-workout is answered and the floor is handed straight back to where the
user was ("...now, back to set two of your lateral lunges"); asked as a one-shot ("Alexa, ask leg
workout how often..."), it is answered and the session closes.
"""

from __future__ import annotations

from ask_sdk_model import Response

from ...coach import answers, reports
from ...speech import workout_speech as ws
from ...speech.coaching import example_questions, render_answer, render_report
from ...speech.ssml import Speech
from .. import flow, turnlog
from ..commit import replay
from ..state import Ask, Position
from ..turn import Reply, Turn
from .base import TurnHandler, is_new_session, slot_id, slot_value
from .workout import goodbye, open_workout


def answer_then_continue(turn: Turn, text: str) -> Reply:
    """Say `text`; close a one-shot session, otherwise hand the floor back."""
    state = turn.state
    if is_new_session(turn) and state.position is Position.MENU and state.question is None:
        return Reply(Speech().say(text), end=True)
    line, reprompt = flow.back_to(turn)
    answer = Speech().say(text)
    return Reply(Speech().extend(answer).extend(line), reprompt)


class QuestionHandler(TurnHandler):
    """Every leg-training question family: one intent each, answers kept as data."""

    intents = tuple(answers.QUESTION_INTENTS)
    informs = True

    def respond(self, turn: Turn) -> Reply:
        topic = answers.QUESTION_INTENTS[turn.intent_name]
        exercise = slot_id(turn, answers.HOW_TO_SLOT)
        named = slot_value(turn, answers.HOW_TO_SLOT) is not None
        if exercise is None and topic == "how_to" and not named:
            # "How do I do this one?": the exercise in progress. A move we don't know by name
            # ("how do I do a burpee?") gets the general answer, not the current move's.
            workout = turn.state.workout or turn.profile.active
            if workout is not None and workout.current is not None:
                exercise = workout.current.block.prescription.exercise
        text = render_answer(turn.line, topic, flow.user_facts(turn), exercise)
        return answer_then_continue(turn, text)


class ProgressHandler(TurnHandler):
    """'How am I doing?', 'what did I do last time?', 'how many workouts this week?'."""

    intents = tuple(reports.REPORT_INTENTS)
    informs = True

    def respond(self, turn: Turn) -> Reply:
        report = reports.REPORT_INTENTS[turn.intent_name](turn.profile, turn.today)
        text = render_report(turn.line, report)
        return answer_then_continue(turn, text)


class HelpHandler(TurnHandler):
    intents = ("AMAZON.HelpIntent",)
    informs = True

    def respond(self, turn: Turn) -> Reply:
        state = turn.state
        workout = state.workout
        line, reprompt = flow.back_to(turn)
        if state.in_workout and workout is not None and workout.current is not None:
            spec = workout.current
            key = "help_in_set" if state.position is Position.COUNT else "help_in_ready"
            name = ws.move_name(turn.line, spec.block.prescription.exercise)
            text = turn.line(key, name=name, side=ws.side_words(spec.side, turn.line))
            return Reply(Speech().say(text).extend(line), reprompt)
        text = turn.line("help_menu", examples=example_questions(turn.line))
        return Reply(Speech().say(text).extend(line), reprompt)


class RepeatHandler(TurnHandler):
    """ "Repeat", "say that again": the last meaningful part, not the whole turn before."""

    intents = ("AMAZON.RepeatIntent",)
    informs = True

    def respond(self, turn: Turn) -> Reply | Response:
        if not turn.state.replay:
            line, reprompt = flow.back_to(turn)
            return Reply(line, reprompt)
        return replay(turn)


class DeleteDataHandler(TurnHandler):
    intents = ("DeleteDataIntent",)
    informs = True

    def respond(self, turn: Turn) -> Reply:
        return flow.ask(turn, Ask.DELETE)


class GoodbyeHandler(TurnHandler):
    """Stop, cancel or 'go home' outside a set (or when declining a question)."""

    intents = (
        "AMAZON.StopIntent",
        "AMAZON.CancelIntent",
        "AMAZON.NavigateHomeIntent",
        "AMAZON.PauseIntent",
    )

    def respond(self, turn: Turn) -> Reply:
        workout = turn.state.workout
        if workout is not None and workout.finished:
            return flow.summary_goodbye(turn, Speech())
        if workout is not None:
            return flow.pause(turn)
        return goodbye(turn)


# Requests that only mean something during a workout.
WORKOUT_ONLY = (
    "AMAZON.NextIntent",
    "SkipIntent",
    "BreakIntent",
    "SlowerIntent",
    "FasterIntent",
    "EasierIntent",
    "HarderIntent",
    "NoEquipmentIntent",
    "CantDoIntent",
)


class UnexpectedHandler(TurnHandler):
    """Yes, no, skip, slower... where they answer nothing: say so, keep the place."""

    intents = (
        "AMAZON.YesIntent",
        "AMAZON.NoIntent",
        "LightSessionIntent",
        "FullSessionIntent",
        *WORKOUT_ONLY,
    )
    informs = True

    def respond(self, turn: Turn) -> Reply:
        state = turn.state
        intent = turn.intent_name
        if state.position is Position.MENU and state.question is None:
            if intent in ("AMAZON.YesIntent", "LightSessionIntent", "FullSessionIntent"):
                return open_workout(turn)
            if intent == "AMAZON.NoIntent":
                return goodbye(turn)
        line, reprompt = flow.back_to(turn)
        if intent in WORKOUT_ONLY and not state.in_workout:
            return Reply(Speech().say(turn.line("status_no_workout")).extend(line), reprompt)
        if state.position is Position.COUNT and state.question is None:
            # "How many did you do?" was the question: a yes or a no is not an answer to it.
            return Reply(Speech().say(turn.line("count_needs_number")), flow.count_reprompt(turn))
        return Reply(Speech().extend(line), reprompt)


class FallbackHandler(TurnHandler):
    """Anything else: re-ask in context, then name what can be said, then offer a way out."""

    request_types = ("IntentRequest",)
    informs = True
    fallback = True

    def respond(self, turn: Turn) -> Reply:
        state = turn.state
        state.misses += 1
        turnlog.current().outcome = "fallback"
        line, reprompt = flow.back_to(turn)
        # Three steps that never repeat back to back: re-ask, name the options, offer a way out.
        stage = (state.misses - 1) % 3
        if stage == 0 and state.position is Position.COUNT and state.question is None:
            text, reprompt = Speech().say(turn.line("fallback_set")), flow.count_reprompt(turn)
        elif stage == 0 and not state.in_workout:
            examples = example_questions(turn.line)
            text = Speech().say(turn.line("cant_answer", examples=examples)).extend(line)
        elif stage == 0:
            text = Speech().say(turn.line("fallback_again")).extend(line)
        elif stage == 1:
            text = Speech().say(turn.line("fallback_again"), turn.line(_options_key(turn)))
            text.extend(line)
        else:
            text = Speech().say(turn.line("fallback_last"))
            reprompt = text
        return Reply(text, reprompt, keep_replay=True)


def _options_key(turn: Turn) -> str:
    state = turn.state
    if state.question is not None:
        return "fallback_options_question"
    if state.position is Position.COUNT:
        return "fallback_options_count"
    if state.position is Position.READY:
        return "fallback_options_ready"
    return "fallback_options_menu"
