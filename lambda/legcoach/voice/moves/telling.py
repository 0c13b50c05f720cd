"""Moves that only inform: questions, progress, help, status, and what answers nothing.

None of them moves the workout on: each says its piece and hands the floor back to where the
user was ("...now, back to set two of your lateral lunges"), or closes a one-shot session.
"""

from __future__ import annotations

from ...coach import answers, cautions, history, reports
from ...coach.answers import UserFacts
from ...coach.workout import SetSpec
from ...speech import workout_speech
from ...speech.coaching import example_questions, render_answer, render_report
from ...speech.ssml import Speech
from ...speech.today import (
    render_best,
    render_easier,
    render_since,
    render_total,
    status_where,
)
from ...speech.words import duration, move_line, move_name, side_word
from .. import turnlog
from ..state import Position
from ..turn import Reply, Turn
from . import cards
from .floor import back_to, count_reprompt, hand_back, then_back

# -- answers and reports -------------------------------------------------------------------------


def user_facts(turn: Turn) -> UserFacts:
    """The facts an answer is personalised with, from the one story of what happened."""
    return history.user_facts(turn.profile, turn.today)


def answer_question(turn: Turn, topic: str, exercise: str | None, *, named: bool) -> Reply:
    """A leg-training question; "how do I do this one?" is about the exercise in progress."""
    if exercise is None and topic == "how_to" and not named:
        # A move we don't know by name ("how do I do a burpee?") gets the general answer.
        workout = turn.state.workout or turn.profile.active
        if workout is not None and workout.current is not None:
            exercise = workout.current.block.prescription.exercise
    return hand_back(turn, render_answer(turn.line, topic, user_facts(turn), exercise))


def report(turn: Turn, intent: str) -> Reply:
    """'How am I doing?', 'what did I do last time?', 'how many workouts this week?'."""
    found = reports.REPORT_INTENTS[intent](turn.profile, turn.today)
    reply = hand_back(turn, render_report(turn.line, found))
    if intent == "ProgressIntent":
        reply.card = cards.progress(turn)
    return reply


STORY_INTENTS = (
    "TotalWorkoutsIntent",
    "SinceStartIntent",
    "BestWorkoutIntent",
    "FeelsEasierIntent",
)


def story(turn: Turn, intent: str) -> Reply:
    """'How many workouts have I done?', 'since I started', 'my best', 'why does it feel
    easier?': answered from the record, the same one the reports and the plan read."""
    say, profile, today = turn.line, turn.profile, turn.today
    if intent == "FeelsEasierIntent":
        away = cautions.days_away(profile, today) or 0
        found = history.why_easier(profile, today, turn.state.workout, days_away=away)
        return hand_back(turn, render_easier(say, found))
    told = history.story(profile, today)
    if intent == "SinceStartIntent":
        text = render_since(say, told, today)
    elif intent == "BestWorkoutIntent":
        text = render_best(say, told.best, today)
    else:
        text = render_total(say, told)
    return hand_back(turn, text)


QUESTION_INTENTS = answers.QUESTION_INTENTS
REPORT_INTENTS = reports.REPORT_INTENTS

# -- help ----------------------------------------------------------------------------------------


def help_here(turn: Turn) -> Reply:
    state = turn.state
    workout = state.workout
    if state.in_workout and workout is not None and workout.current is not None:
        spec = workout.current
        key = "help_in_set" if state.position is Position.COUNT else "help_in_ready"
        name = move_name(turn.line, spec.block.prescription.exercise)
        side = workout_speech.side_words(spec.side, turn.line)
        return then_back(turn, turn.line(key, name=name, side=side))
    return then_back(turn, turn.line("help_menu", examples=example_questions(turn.line)))


# -- status --------------------------------------------------------------------------------------


def _next_line(turn: Turn) -> str:
    say = turn.line
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    # A set already counted is behind the user: "next" is the one after it.
    spec: SetSpec | None = workout.current
    if turn.state.position is Position.COUNT:
        spec = workout.upcoming
    if spec is None:
        return say("status_last")
    current = workout.current
    plural = move_name(say, spec.block.prescription.exercise, 2)
    if spec.block_index == current.block_index and spec.side and spec.index != current.index:
        return say("status_next_side", side=side_word(say, spec.side), name=plural)
    if spec.block_index == current.block_index:
        return say("status_next_set", number=spec.round, name=plural)
    return say("status_next_move", name=plural, reps=say("n_reps", count=spec.target))


def _minutes(turn: Turn, seconds: int) -> str:
    return duration(turn.line, max(1, round(seconds / 60)) * 60)


STATUS_INTENTS = (
    "WhatsNextIntent",
    "SetsLeftIntent",
    "TimeLeftIntent",
    "WhereAmIIntent",
    "TargetRepsIntent",
    "MusclesIntent",
)


def status(turn: Turn, intent: str) -> Reply:
    """Answered from the plan, with no side effects; "what's next" never skips anything."""
    workout = turn.state.workout
    # A workout on offer ("pick up there?") is answered from too: it is the one asked about.
    if workout is None or workout.current is None or workout.finished:
        return then_back(turn, turn.line("status_no_workout"))
    say = turn.line
    spec = workout.current
    rx = spec.block.prescription
    side = workout_speech.side_words(spec.side, say)
    if intent == "WhatsNextIntent":
        text = _next_line(turn)
    elif intent == "SetsLeftIntent":
        text = say("status_sets_left", sets=say("n_sets", count=len(workout.remaining())))
    elif intent == "TimeLeftIntent":
        text = say("status_time_left", minutes=_minutes(turn, workout.seconds_left()))
    elif intent == "WhereAmIIntent":
        text = status_where(say, spec)
    elif intent == "TargetRepsIntent":
        text = say("status_target", reps=say("n_reps", count=rx.reps), side=side)
    else:
        target = move_line(say, rx.exercise, "target")
        text = say("status_muscles", name=move_name(say, rx.exercise), target=target)
    return then_back(turn, text)


# -- what answers nothing ------------------------------------------------------------------------


def not_now(turn: Turn, *, workout_only: bool) -> Reply:
    """Yes, no, skip, slower... where they answer nothing: say so, keep the place."""
    state = turn.state
    if workout_only and not state.in_workout:
        return then_back(turn, turn.line("status_no_workout"))
    if state.position is Position.COUNT and state.question is None:
        # "How many did you do?" was the question: a yes or a no is not an answer to it.
        return Reply(Speech().say(turn.line("count_needs_number")), count_reprompt(turn))
    return then_back(turn)


def _options_key(turn: Turn) -> str:
    state = turn.state
    if state.question is not None:
        return "fallback_options_question"
    if state.position is Position.COUNT:
        return "fallback_options_count"
    if state.position is Position.READY:
        return "fallback_options_ready"
    return "fallback_options_menu"


def not_understood(turn: Turn) -> Reply:
    """Anything else: re-ask in context, then name what can be said, then offer a way out."""
    state = turn.state
    state.misses += 1
    turnlog.current().outcome = "fallback"
    line, reprompt = back_to(turn)
    # Three steps that never repeat back to back: re-ask, name the options, offer a way out.
    stage = (state.misses - 1) % 3
    if stage == 0 and state.position is Position.COUNT and state.question is None:
        text, reprompt = Speech().say(turn.line("fallback_set")), count_reprompt(turn)
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
