"""Status questions answered from the plan, with no side effects: the floor goes straight back.

"What's next" never skips anything; "which leg", "how many sets are left", "how long is left",
"how many reps should I do", "what muscles does this work".
"""

from __future__ import annotations

from ...coach.numbers import number_words
from ...coach.workout import SetSpec
from ...speech import workout_speech as ws
from ...speech.ssml import Speech
from .. import flow
from ..state import Position
from ..turn import Reply, Turn
from .base import TurnHandler


def _sets(n: int) -> str:
    return "one set" if n == 1 else f"{number_words(n)} sets"


def _reps(n: int) -> str:
    return "one rep" if n == 1 else f"{number_words(n)} reps"


def next_line(turn: Turn) -> str:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    # A set already counted is behind the user: "next" is the one after it.
    spec: SetSpec | None = workout.current
    if turn.state.position is Position.COUNT:
        spec = workout.upcoming
    if spec is None:
        return turn.say("status_last")
    current = workout.current
    move = spec.block.prescription.move
    if spec.index == current.index and turn.state.position is Position.READY:
        return turn.say("status_next_set", number=number_words(spec.round), plural=move.plural)
    if spec.block_index == current.block_index and spec.side:
        return turn.say("status_next_side", side=spec.side, plural=move.plural)
    if spec.block_index == current.block_index:
        return turn.say("status_next_set", number=number_words(spec.round), plural=move.plural)
    return turn.say("status_next_move", name=move.name, reps=_reps(spec.target))


def status_line(turn: Turn, intent: str) -> str:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    spec = workout.current
    rx = spec.block.prescription
    if intent == "WhatsNextIntent":
        return next_line(turn)
    if intent == "SetsLeftIntent":
        return turn.say("status_sets_left", count=_sets(len(workout.remaining())).capitalize())
    if intent == "TimeLeftIntent":
        return turn.say("status_time_left", minutes=flow.minutes_words(flow.seconds_left(turn)))
    if intent == "WhereAmIIntent":
        total = spec.block.sets_per_side
        return turn.say(
            "status_where",
            number=number_words(spec.round),
            total=number_words(total),
            plural=rx.move.plural,
            side=ws.side_words(spec.side),
        )
    if intent == "TargetRepsIntent":
        return turn.say("status_target", reps=_reps(rx.reps), side=ws.side_words(spec.side))
    return turn.say("status_muscles", name=rx.move.name, target=rx.move.target)


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
            return Reply(Speech().say(turn.say("status_no_workout")).extend(line), reprompt)
        return Reply(Speech().say(status_line(turn, turn.intent_name)).extend(line), reprompt)
