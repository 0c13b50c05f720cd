"""Status questions answered from the plan, with no side effects: the floor goes straight back.

"What's next" never skips anything; "which leg", "how many sets are left", "how long is left",
"how many reps should I do", "what muscles does this work".
"""

from __future__ import annotations

from ...coach.workout import SetSpec
from ...speech import workout_speech as ws
from ...speech.ssml import Speech
from ...speech.words import move_line, move_name, side_word
from .. import flow
from ..state import Position
from ..turn import Reply, Turn
from .base import TurnHandler


def next_line(turn: Turn) -> str:
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
    key = spec.block.prescription.exercise
    plural = move_name(say, key, 2)
    if spec.block_index == current.block_index and spec.side and spec.index != current.index:
        return say("status_next_side", side=side_word(say, spec.side), name=plural)
    if spec.block_index == current.block_index:
        return say("status_next_set", number=spec.round, name=plural)
    return say("status_next_move", name=plural, reps=say("n_reps", count=spec.target))


def status_line(turn: Turn, intent: str) -> str:
    say = turn.line
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    spec = workout.current
    rx = spec.block.prescription
    if intent == "WhatsNextIntent":
        return next_line(turn)
    if intent == "SetsLeftIntent":
        return say("status_sets_left", sets=say("n_sets", count=len(workout.remaining())))
    if intent == "TimeLeftIntent":
        return say("status_time_left", minutes=flow.minutes_words(turn, flow.seconds_left(turn)))
    if intent == "WhereAmIIntent":
        return say(
            "status_where",
            number=spec.round,
            total=spec.block.sets_per_side,
            name=move_name(say, rx.exercise, 2),
            side=ws.side_words(spec.side, say),
        )
    if intent == "TargetRepsIntent":
        return say(
            "status_target",
            reps=say("n_reps", count=rx.reps),
            side=ws.side_words(spec.side, say),
        )
    return say(
        "status_muscles",
        name=move_name(say, rx.exercise),
        target=move_line(say, rx.exercise, "target"),
    )


class StatusHandler(TurnHandler):
    intents = (
        "WhatsNextIntent",
        "SetsLeftIntent",
        "TimeLeftIntent",
        "WhereAmIIntent",
        "TargetRepsIntent",
        "MusclesIntent",
    )
    informs = True

    def respond(self, turn: Turn) -> Reply:
        workout = turn.state.workout
        line, reprompt = flow.back_to(turn)
        if not turn.state.in_workout or workout is None or workout.current is None:
            return Reply(Speech().say(turn.line("status_no_workout")).extend(line), reprompt)
        return Reply(Speech().say(status_line(turn, turn.intent_name)).extend(line), reprompt)
