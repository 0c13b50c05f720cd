"""Every intent of the model at every reachable state, then "no" to every question.

A state is a position in the workout plus the open question (if any), reached by a real
conversation. From a snapshot of each, every intent of the generated model (with plausible slot
values), a few the model does not have, and a SessionEndedRequest are sent. For each: the
response is valid (the harness checks every response), an open session ends on something the
user can answer, any set the speech names is the set the session is on, and every set logged
before the turn is still stored after it.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from legcoach.coach.profile import Profile
from legcoach.coach.workout import Workout, default_blocks
from legcoach.speech.lines.en import number_words
from legcoach.storage.keys import Owner
from legcoach_dev.local.nlu import Nlu, Resolution
from support.alexa_rules import Stats
from support.coachee import ROOT, Coachee, Reply
from support.records_view import FlakyStore

MODEL = json.loads((ROOT / "interaction_models" / "en-US.json").read_text())["interactionModel"]
INTENTS = MODEL["languageModel"]["intents"]
TYPES = {t["name"]: t for t in MODEL["languageModel"].get("types", [])}
EXTRA_INTENTS = ["SomeIntentFromANewerModel", "AMAZON.ScrollDownIntent"]
PLAUSIBLE = {
    "AMAZON.NUMBER": "8",
    "AMAZON.DURATION": "PT1M",
}


def slots_for(nlu: Nlu, intent: dict[str, Any]) -> dict[str, dict[str, Any]]:
    slots = {}
    for slot in intent.get("slots", []):
        kind = slot["type"]
        if kind in PLAUSIBLE:
            heard = PLAUSIBLE[kind]
        elif kind in TYPES:
            heard = TYPES[kind]["values"][0]["name"]["value"]
        else:
            heard = "something"
        value = nlu.slot_value(kind, heard) if kind in TYPES else {"value": heard}
        slots[slot["name"]] = {"name": slot["name"], "confirmationStatus": "NONE", **value}
    return slots


def send(coachee: Coachee, intent: str, slots: dict[str, dict[str, Any]]) -> Reply:
    return Reply(
        coachee.device.send(Resolution(kind="intent", intent=intent, slots=slots)).response
    )


# -- the states --------------------------------------------------------------------------------


def at_menu(c: Coachee) -> None:
    c.say("help")


def mid_set(c: Coachee) -> None:
    c.say("start leg workout")


def split_set(c: Coachee) -> None:
    workout = Workout("w", c.day.isoformat(), default_blocks()).to_dict()
    huge = {"ex": "air_squat", "reps": 50, "pulse": True, "stop": True, "tempo": [8, 2, 2]}
    workout["blocks"] = [{"slot": "finisher", "rx": huge, "sets": 1}]
    profile = Profile(safety_noted=True, active=Workout.from_dict(workout))
    c.store.items[Owner(c.user_id)] = profile.to_dict()
    c.say("ask leg workout to resume")
    c.say("ready")


def resume_offer(c: Coachee) -> None:
    c.say("start leg workout")
    c.say("eight")
    c.walk_away()
    c.say("open leg workout")


def resume_next_day(c: Coachee) -> None:
    """The place kept: stopped yesterday, offered back today with where it stopped."""
    c.say("start leg workout")
    c.say("eight")
    c.say("stop")
    c.next_day()
    c.say("open leg workout")


def shaped(c: Coachee) -> None:
    """Mid-set, after today's shape was asked: ten minutes, fitted to what is left."""
    mid_set(c)
    c.send("TimeBoxIntent", minutes="10")


def light_or_full(c: Coachee) -> None:
    c.finish_workout()
    c.next_day()
    c.say("open leg workout")


def restart(c: Coachee) -> None:
    mid_set(c)
    c.say("start over")


def delete_mid_set(c: Coachee) -> None:
    mid_set(c)
    c.say("delete my data")


def delete_at_menu(c: Coachee) -> None:
    at_menu(c)
    c.say("delete my data")


def confirm_count(c: Coachee) -> None:
    mid_set(c)
    c.say("twenty")


def pain(c: Coachee) -> None:
    mid_set(c)
    c.send("PainIntent")


def unwell(c: Coachee) -> None:
    mid_set(c)
    c.send("UnwellIntent")


def easier_offer(c: Coachee) -> None:
    mid_set(c)
    c.say("zero")


def cool_down(c: Coachee) -> None:
    reply = c.say("start leg workout")
    while reply.ask != "cool_down":
        reply = c.say("ready") if reply.state.get("phase") == "ready" else c.say("12")


def check_in(c: Coachee) -> None:
    from legcoach.coach.ladder import SLOTS

    profile = Profile(safety_noted=True)
    profile.note_pain(SLOTS[0].key, "knee")  # the first move hurt last time
    c.store.items[Owner(c.user_id)] = profile.to_dict()
    c.say("start leg workout")


def hurt_unclear(c: Coachee) -> None:
    mid_set(c)
    c.say("I've got a knee thing")


def reminder_offer(c: Coachee) -> None:
    cool_down(c)
    c.say("yes")


def retry_save(c: Coachee) -> None:
    mid_set(c)
    c.store.fail = 1
    c.say("eight")
    c.store.fail = 1
    c.say("stop")


@dataclass(frozen=True)
class State:
    name: str
    setup: Callable[[Coachee], None]
    position: str
    ask: str | None


STATES = [
    State("menu", at_menu, "menu", None),
    State("count", mid_set, "count", None),
    State("ready-split", split_set, "ready", None),
    State("resume", resume_offer, "menu", "resume"),
    State("resume-next-day", resume_next_day, "menu", "resume"),
    State("shaped", shaped, "count", None),
    State("light_or_full", light_or_full, "menu", "light_or_full"),
    State("restart", restart, "count", "restart"),
    State("delete-mid-set", delete_mid_set, "count", "delete"),
    State("delete-menu", delete_at_menu, "menu", "delete"),
    State("confirm_count", confirm_count, "count", "confirm_count"),
    State("pain", pain, "ready", "pain"),
    State("unwell", unwell, "ready", "unwell"),
    State("easier", easier_offer, "ready", "easier"),
    State("cool_down", cool_down, "menu", "cool_down"),
    State("retry_save", retry_save, "menu", "retry_save"),
    State("check_in", check_in, "ready", "check_in"),
    State("reminder", reminder_offer, "menu", "reminder"),
    State("hurt", hurt_unclear, "count", "hurt"),
]


@dataclass
class Snapshot:
    items: dict
    session_id: str | None
    attributes: dict
    minutes: int
    reply: Reply


def prepare(nlu: Nlu, state: State) -> tuple[Coachee, Snapshot]:
    coachee = Coachee(nlu, store=FlakyStore())
    state.setup(coachee)
    last = coachee.device.history[-1].response
    reply = Reply(last or {})
    assert reply.state.get("phase") == state.position, (state.name, reply.text)
    assert reply.ask == state.ask, (state.name, reply.ask, reply.text)
    snap = Snapshot(
        copy.deepcopy(coachee.store.items),
        coachee.device.session_id,
        copy.deepcopy(coachee.device.attributes),
        coachee.minutes,
        reply,
    )
    return coachee, snap


def restore(coachee: Coachee, snap: Snapshot) -> None:
    coachee.store.items = copy.deepcopy(snap.items)
    coachee.store.fail = 0
    coachee.device.session_id = snap.session_id
    coachee.device.attributes = copy.deepcopy(snap.attributes)
    coachee.minutes = snap.minutes


def logged(items: dict) -> set[tuple[str, int, int]]:
    """Every set with reps in any stored record: (workout id, set index, count)."""
    sets = set()
    for data in items.values():
        profile = Profile.from_dict(data)
        for record in profile.recent:
            sets |= {(record.id, i, s.count) for i, s in enumerate(record.sets) if s.count}
        if profile.active is not None:
            active = profile.active
            sets |= {(active.id, i, n) for i, n in enumerate(active.counts) if n}
    return sets


def check(state: State, intent: str, before: Snapshot, coachee: Coachee, reply: Reply) -> None:
    Stats.matrix_cases += 1
    where = f"{state.name} + {intent}: {reply.text[-160:]!r}"
    if reply.open:
        assert "?" in reply.text and reply.reprompt, where
        workout = reply.state.get("workout")
        if workout and reply.state.get("phase") in ("count", "ready"):
            current = Workout.from_dict(workout).current
            assert current is not None, where
            said = f"back to set {number_words(current.round)} of your"
            if "back to set" in reply.text.lower():
                assert said in reply.text.lower(), where
    erased = intent == "AMAZON.YesIntent" and state.ask == "delete"
    if not erased:
        lost = logged(before.items) - logged(coachee.store.items)
        assert not lost, f"{where}: lost {lost}"


@pytest.mark.parametrize("state", STATES, ids=[s.name for s in STATES])
def test_every_intent_at_every_state(nlu: Nlu, state: State) -> None:
    coachee, snap = prepare(nlu, state)
    names = [i["name"] for i in INTENTS] + EXTRA_INTENTS
    for intent in names:
        restore(coachee, snap)
        model_intent = next((i for i in INTENTS if i["name"] == intent), {"name": intent})
        reply = send(coachee, intent, slots_for(nlu, model_intent))
        check(state, intent, snap, coachee, reply)
    restore(coachee, snap)
    coachee.walk_away("EXCEEDED_MAX_REPROMPTS")
    assert not (logged(snap.items) - logged(coachee.store.items)), state.name


@pytest.mark.parametrize("state", [s for s in STATES if s.ask], ids=lambda s: s.name)
def test_no_to_every_question_returns_somewhere_answerable(nlu: Nlu, state: State) -> None:
    coachee, snap = prepare(nlu, state)
    reply = coachee.say("no")
    check(state, "AMAZON.NoIntent", snap, coachee, reply)
    assert reply.ask != state.ask or state.ask == "retry_save", reply.text


# Yes and no as people say them, with extra words: each must answer every question exactly as
# the bare word does (same question next, same place, same sets stored).
LONG_YES = ("yeah go on", "sure why not", "go on then", "yes please", "yeah log it")
LONG_NO = ("nah, I'm good", "not really", "I'd rather not", "no thanks")


def _outcome(coachee: Coachee, reply: Reply) -> tuple[object, ...]:
    workout = reply.state.get("workout") or {}
    return (
        reply.ask,
        reply.state.get("phase"),
        reply.open,
        workout.get("counts"),
        workout.get("cursor"),
    )


@pytest.mark.parametrize("state", [s for s in STATES if s.ask], ids=lambda s: s.name)
def test_yes_and_no_with_extra_words_answer_every_question(nlu: Nlu, state: State) -> None:
    coachee, snap = prepare(nlu, state)
    for bare, longer in (("yes", LONG_YES), ("no", LONG_NO)):
        restore(coachee, snap)
        want = _outcome(coachee, coachee.say(bare))
        for words in longer:
            restore(coachee, snap)
            reply = coachee.say(words)
            check(state, words, snap, coachee, reply)
            assert _outcome(coachee, reply) == want, (state.name, words, reply.text)
