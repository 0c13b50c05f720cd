"""What each request means, by rank: the one place routing is decided.

A request is looked up in order, and the first rank that knows it wins:

1. requests that are not speech (launch, session end, Alexa's answers and error reports)
2. safety: pain or feeling unwell, whatever else is going on
3. the open question: its answers (`moves.answers.ANSWERS`); "no" always answers
4. the position: what the intent means in a set being counted, a set queued, or the menu
5. anywhere: what the intent means wherever the user is
6. the fallback: anything else

Each route names what it hears (and, in rank 4, where) and calls one move. `informs` routes
answer without moving on, so an open question stays open; any other route settles it first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..events import device_failed
from ..moves import (
    adjusting,
    answers,
    asides,
    counts,
    ending,
    floor,
    health,
    reminders,
    safety,
    sets,
    starting,
    telling,
)
from ..moves import today as shaping
from ..state import Ask, Position
from ..turn import Reply, Turn

Move = Callable[[Turn], Reply]


@dataclass(frozen=True)
class Route:
    move: Move
    informs: bool = False  # answers without moving on: an open question stays open
    fallback: bool = False  # a miss: help escalates instead of starting over


def _count(turn: Turn) -> Reply:
    return sets.take_heard_count(turn, turn.slot("count"))


def _permission(turn: Turn) -> Reply:
    request = turn.handler_input.request_envelope.request
    payload = getattr(request, "payload", None) or {}
    token = getattr(request, "token", "") or ""
    return reminders.permission_answered(turn, payload.get("status") == "ACCEPTED", token)


def _answer(turn: Turn) -> Reply:
    return answers.answer(turn, turn.intent_name)


def _question(turn: Turn) -> Reply:
    topic = telling.QUESTION_INTENTS[turn.intent_name]
    slot = telling.answers.HOW_TO_SLOT
    named = turn.slot(slot) is not None
    return telling.answer_question(turn, topic, turn.slot_id(slot), named=named)


def _not_now(turn: Turn) -> Reply:
    return telling.not_now(turn, workout_only=turn.intent_name in WORKOUT_ONLY)


# 1. Requests that are not speech, by request type.
REQUESTS: Mapping[str, Route] = {
    "LaunchRequest": Route(starting.launch),
    "SessionEndedRequest": Route(lambda turn: Reply.nothing(), informs=True),
    "Connections.Response": Route(_permission, informs=True),
    "Alexa.Presentation.APLA.RuntimeError": Route(device_failed, informs=True),
    "Alexa.Presentation.APL.RuntimeError": Route(device_failed, informs=True),
}

# 2. Safety.
SAFETY: Mapping[str, Route] = {
    "PainIntent": Route(safety.pain),
    "UnwellIntent": Route(safety.unwell),
}

# 3. The open question.
ANSWER = Route(_answer, informs=True)

_IN_A_SET: dict[str, Route] = {
    "SkipIntent": Route(sets.skip_exercise),
    "AMAZON.NextIntent": Route(sets.skip_exercise),
    "BreakIntent": Route(lambda turn: sets.asked_break(turn, turn.slot("duration"))),
    "AMAZON.PauseIntent": Route(ending.pause),
    "AMAZON.StopIntent": Route(ending.pause),
    "AMAZON.CancelIntent": Route(ending.pause),
    "AMAZON.NavigateHomeIntent": Route(ending.pause),
    "SlowerIntent": Route(lambda turn: adjusting.retime(turn, slower=True), informs=True),
    "FasterIntent": Route(lambda turn: adjusting.retime(turn, slower=False), informs=True),
    "EasierIntent": Route(lambda turn: adjusting.easier_now(turn, turn.slot_id("part"))),
    "CantDoIntent": Route(adjusting.easier_now),
    "HarderIntent": Route(adjusting.harder_now),
    "NoEquipmentIntent": Route(adjusting.without_heard_equipment),
}

# Counts said in other ways, for the set just counted: a phrase, a range, both sides at once.
_COUNTS: dict[str, Route] = {
    "LogSetIntent": Route(counts.heard),
    "CountPhraseIntent": Route(counts.phrase),
    "CountBothSidesIntent": Route(counts.both_sides),
}

# 4. The position.
POSITIONS: Mapping[Position, Mapping[str, Route]] = {
    Position.COUNT: {
        "LogSetIntent": Route(_count),
        "AllRepsIntent": Route(sets.all_done),
        "NoRepsIntent": Route(sets.none_done),
        "SomeRepsIntent": Route(sets.ask_how_many),
        **_IN_A_SET,
        **_COUNTS,
    },
    Position.READY: {
        "AMAZON.YesIntent": Route(sets.ready),
        "AMAZON.ResumeIntent": Route(sets.ready),
        "StartWorkoutIntent": Route(sets.ready),
        **_IN_A_SET,
    },
    Position.MENU: {
        "LightSessionIntent": Route(starting.light_session),
        "FullSessionIntent": Route(starting.full_session),
    },
}

# Requests that only mean something during a workout.
WORKOUT_ONLY = frozenset(
    {
        "AMAZON.NextIntent",
        "SkipIntent",
        "BreakIntent",
        "SlowerIntent",
        "FasterIntent",
        "CantDoIntent",
    }
)

# At the menu with nothing asked, a bare yes or no is about starting.
MENU_ONLY: Mapping[str, Route] = {
    "AMAZON.YesIntent": Route(starting.open_workout),
    "AMAZON.NoIntent": Route(ending.goodbye),
}

# A count where no set waits for one; at a question that does not take a number, it is a miss.
COUNT_INTENTS = (
    "LogSetIntent",
    "AllRepsIntent",
    "NoRepsIntent",
    "SomeRepsIntent",
    "CountPhraseIntent",
    "CountBothSidesIntent",
)

# 5. Anywhere.
ANYWHERE: Mapping[str, Route] = {
    # Today's shape, at launch or any time: fitted to what is left, never logged as a count.
    "TimeBoxIntent": Route(shaping.time_box),
    "SkipWarmupIntent": Route(shaping.skip_warmup),
    # "No chair here" before the workout: today's plan does without it (mid-set: the move).
    "NoEquipmentIntent": Route(shaping.without_kit),
    "DropMoveIntent": Route(shaping.drop_move, informs=True),  # settles the question itself
    "OnlyMoveIntent": Route(shaping.only_move),
    "EasyDayIntent": Route(shaping.easy_day),
    "HardDayIntent": Route(shaping.hard_day),
    # "Make it easier" with no set under way is about the day ("open leg workout and make it
    # easy"); during a set the position's own routes take it first.
    "EasierIntent": Route(shaping.easy_day),
    "HarderIntent": Route(shaping.hard_day),
    "OtherBodyPartIntent": Route(shaping.other_body_part, informs=True),
    "QuietIntent": Route(shaping.quiet, informs=True),
    # One story of what happened, from the record.
    **{
        name: Route(lambda turn: telling.story(turn, turn.intent_name), informs=True)
        for name in telling.STORY_INTENTS
    },
    **{name: Route(sets.count_out_of_place, informs=True) for name in COUNT_INTENTS},
    "FinishEarlyIntent": Route(ending.finish_early),
    "RedoIntent": Route(sets.redo_set),
    "AMAZON.PreviousIntent": Route(sets.redo_set),
    "AMAZON.StartOverIntent": Route(starting.start_over),
    "AMAZON.ResumeIntent": Route(starting.resume_asked),
    "StartWorkoutIntent": Route(starting.start_asked),
    "BeepsOnIntent": Route(lambda turn: adjusting.set_beeps(turn, on=True), informs=True),
    "BeepsOffIntent": Route(lambda turn: adjusting.set_beeps(turn, on=False), informs=True),
    **{
        name: Route(lambda turn: telling.status(turn, turn.intent_name), informs=True)
        for name in telling.STATUS_INTENTS
    },
    "SetReminderIntent": Route(
        lambda turn: reminders.create(turn, reminders.plan_from_slots(turn)), informs=True
    ),
    "StopRemindersIntent": Route(reminders.stop_all, informs=True),
    "NextLegDayIntent": Route(reminders.when_next, informs=True),
    **{name: Route(_question, informs=True) for name in telling.QUESTION_INTENTS},
    **{
        name: Route(lambda turn: telling.report(turn, turn.intent_name), informs=True)
        for name in telling.REPORT_INTENTS
    },
    # Health questions, a hurt that may not be one, off-topic requests, asides, feeling good:
    # each says its line and keeps the place (and any open question).
    "HealthQuestionIntent": Route(health.answer, informs=True),
    "UnclearHurtIntent": Route(safety.unclear_hurt, informs=True),
    "OffTopicIntent": Route(asides.off_topic, informs=True),
    "AsideIntent": Route(asides.aside, informs=True),
    "FeelingGoodIntent": Route(asides.feeling_good, informs=True),
    "DeleteDataIntent": Route(lambda turn: floor.ask(turn, Ask.DELETE), informs=True),
    "AMAZON.HelpIntent": Route(telling.help_here, informs=True),
    "AMAZON.RepeatIntent": Route(floor.replay, informs=True),
    "AMAZON.StopIntent": Route(ending.stop),
    "AMAZON.CancelIntent": Route(ending.stop),
    "AMAZON.NavigateHomeIntent": Route(ending.stop),
    "AMAZON.PauseIntent": Route(ending.stop),
    **{
        name: Route(_not_now, informs=True)
        for name in (
            "AMAZON.YesIntent",
            "AMAZON.NoIntent",
            "LightSessionIntent",
            "FullSessionIntent",
            *WORKOUT_ONLY,
        )
    },
}

# 6. The fallback.
FALLBACK = Route(telling.not_understood, informs=True, fallback=True)


def route_for(turn: Turn) -> tuple[str, Route] | None:
    """The rank and route a request takes, or None for a request the conversation ignores."""
    request = turn.handler_input.request_envelope.request
    kind = str(getattr(request, "object_type", "") or "")
    if kind != "IntentRequest":
        route = REQUESTS.get(kind)
        if kind == "Connections.Response" and getattr(request, "name", "") != reminders.ASK_FOR:
            return None
        return ("request", route) if route is not None else None
    intent = turn.intent_name
    state = turn.state
    if intent == "PainIntent" and state.question is not None and state.question.ask is Ask.RESUME:
        # Pain at the resume offer: that move sits out today (severe pain is still safety's).
        return "safety", Route(shaping.pain_at_offer)
    if intent in SAFETY:
        return "safety", SAFETY[intent]
    if answers.answers_to(state.question, intent):
        return "question", ANSWER
    here = POSITIONS[state.position]
    if intent in here:
        return "position", here[intent]
    if state.question is not None and intent in COUNT_INTENTS:
        # A number to "does your knee feel okay?": help escalates, never the same line again.
        return "fallback", FALLBACK
    if state.position is Position.MENU and state.question is None and intent in MENU_ONLY:
        return "position", MENU_ONLY[intent]
    if intent in ANYWHERE:
        return "anywhere", ANYWHERE[intent]
    return "fallback", FALLBACK
