"""Hypothesis strategies for whatever Alexa (or anyone) might send the skill's Lambda entry.

Requests are built as the JSON Alexa sends: every request type a custom skill can receive plus
garbage ones, every intent in the interaction model plus built-ins it does not declare and names
nobody declares, slot values Alexa really produces ("?" for a number it did not catch) and values
nobody should (markup, huge numbers, unicode), entity resolution with every status, session
attributes missing, wrong or forged from real mid-workout snapshots, any locale, missing context.

Every sent request is classified by what Alexa allows back: `speaks` (Launch and Intent
requests in a session: a spoken answer), or silent (no speech allowed or none sensible).
"""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
MODEL = json.loads((ROOT / "interaction_models" / "en-US.json").read_text())
LANGUAGE = MODEL["interactionModel"]["languageModel"]
INTENTS: dict[str, list[tuple[str, str]]] = {
    i["name"]: [(s["name"], s["type"]) for s in i.get("slots", [])] for i in LANGUAGE["intents"]
}
SLOT_IDS: dict[str, list[str]] = {
    t["name"]: [v["id"] for v in t["values"] if "id" in v] for t in LANGUAGE["types"]
}
# Built-ins Alexa may route to a custom skill that does not declare them, and made-up names.
UNDECLARED_INTENTS = [
    "AMAZON.SelectIntent",
    "AMAZON.MoreIntent",
    "AMAZON.ScrollDownIntent",
    "AMAZON.ShuffleOnIntent",
    "AMAZON.LoopOffIntent",
    "AMAZON.SendToPhoneIntent",
    "NoSuchIntent",
    "",
    "<Intent & 'name'>",
]
LOCALES = ["en-US", "en-GB", "en-AU", "en-CA", "en-IN", "de-DE", "fr-FR", "ja-JP", "xx", ""]

USER_ID = "amzn1.ask.account.FUZZ-USER-7Q3Z"
PERSON_ID = "amzn1.ask.person.FUZZ-PERSON-9K2W"
SKILL_ID = "amzn1.ask.skill.fuzz-leg-workout"
DAY = date(2026, 11, 24)

# Every request type a custom skill can be sent, and some nobody sends.
SPEAKING = ("LaunchRequest", "IntentRequest")
EVENTS = (
    "SessionEndedRequest",
    "System.ExceptionEncountered",
    "CanFulfillIntentRequest",
    "Connections.Response",
    "Alexa.Presentation.APLA.RuntimeError",
    "Alexa.Presentation.APL.RuntimeError",
    "Alexa.Presentation.APL.UserEvent",
    "Alexa.Presentation.APL.LoadIndex",
    "AudioPlayer.PlaybackStarted",
    "AudioPlayer.PlaybackNearlyFinished",
    "AudioPlayer.PlaybackFailed",
    "PlaybackController.PlayCommandIssued",
    "Messaging.MessageReceived",
    "AlexaSkillEvent.SkillEnabled",
    "AlexaSkillEvent.SkillPermissionAccepted",
    "Dialog.InputRequest",
    "Garbage.Request",
    "",
    "IntentRequest\u0000",
)
ERASING = ("AlexaSkillEvent.SkillDisabled",)
END_REASONS = ["USER_INITIATED", "EXCEEDED_MAX_REPROMPTS", "ERROR", "SOMETHING_NEW", None]
ER_STATUSES = [
    "ER_SUCCESS_MATCH",
    "ER_SUCCESS_NO_MATCH",
    "ER_ERROR_TIMEOUT",
    "ER_ERROR_EXCEPTION",
    "ER_SOMETHING_NEW",
]
MARKUP = [
    "&",
    "<",
    ">",
    '"',
    "'",
    "& < > \" '",
    "<speak>",
    "</speak><audio src='https://evil.example/x.mp3'/>",
    "<break time='100s'/>",
    "]]>",
    "${payload}",
    "&amp;",
    "&#x26;",
    "<!--",
]
ODD_VALUES = [
    "?",
    "-3",
    "0",
    "2.5",
    "-0",
    "1e309",
    "99999999999999999999999",
    "twelve",
    " ",
    "",
    "١٢",  # Arabic-Indic digits
    "１２",  # full-width digits
    "NaN",
    "inf",
    "PT1M",
    "PT30S",
    "PT-5S",
    "PT99999H",
    "P1D",
    "P",
    "knee",
    "dizzy",
    "chair",
    "air squat",
    "ünïcødé 💪",
    "\u202eevil",
    "x" * 500,
]


def slot_value() -> st.SearchStrategy[str | None]:
    return st.one_of(
        st.none(),
        st.sampled_from(ODD_VALUES),
        st.sampled_from(MARKUP),
        st.integers(-(10**30), 10**30).map(str),
        st.integers(0, 40).map(str),
        st.text(max_size=30),
        st.builds(lambda a, b: a + b, st.sampled_from(MARKUP), st.text(max_size=8)),
    )


@st.composite
def resolutions(draw: st.DrawFn, slot_type: str) -> dict | None:
    if draw(st.booleans()):
        return None
    ids = SLOT_IDS.get(slot_type) or ["nothing"]
    status = draw(st.sampled_from(ER_STATUSES))
    values = []
    if status == "ER_SUCCESS_MATCH" or draw(st.booleans()):
        value_id = draw(
            st.one_of(st.sampled_from(ids), st.sampled_from(MARKUP), st.text(max_size=10))
        )
        values = [{"value": {"name": draw(slot_value()) or "x", "id": value_id}}]
    return {
        "resolutionsPerAuthority": [
            {
                "authority": f"amzn1.er-authority.echo-sdk.{SKILL_ID}.{slot_type}",
                "status": {"code": status},
                "values": values,
            }
        ]
    }


@st.composite
def intent(draw: st.DrawFn) -> dict:
    name = draw(st.one_of(st.sampled_from(sorted(INTENTS)), st.sampled_from(UNDECLARED_INTENTS)))
    declared = INTENTS.get(name, [])
    extra = [("count", "AMAZON.NUMBER")] if not declared and draw(st.booleans()) else []
    slots: dict[str, Any] = {}
    for slot, kind in declared + extra:
        if draw(st.integers(0, 5)) == 0:
            continue  # Alexa leaves out an unfilled slot, or sends it without a value
        value = draw(slot_value())
        body: dict[str, Any] = {"name": slot, "confirmationStatus": "NONE"}
        if value is not None:
            body["value"] = value
        er = draw(resolutions(kind))
        if er is not None:
            body["resolutions"] = er
        slots[slot] = body
    body = {"name": name, "confirmationStatus": draw(st.sampled_from(["NONE", "CONFIRMED"]))}
    if slots or draw(st.booleans()):
        body["slots"] = slots
    return body


def timestamp() -> st.SearchStrategy[str | None]:
    base = datetime(DAY.year, DAY.month, DAY.day, 9, tzinfo=UTC)
    return st.one_of(
        st.integers(-3 * 24 * 60, 3 * 24 * 60).map(
            lambda m: (base + timedelta(minutes=m)).strftime("%Y-%m-%dT%H:%M:%SZ")
        ),
        st.sampled_from(["1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "yesterday", "", None]),
    )


@st.composite
def request(draw: st.DrawFn) -> dict:
    kind = draw(
        st.sampled_from(
            ["LaunchRequest"] * 2 + ["IntentRequest"] * 8 + ["SessionEndedRequest"] * 2 + ["event"]
        )
    )
    if kind == "event":
        kind = draw(st.sampled_from(EVENTS))
    body: dict[str, Any] = {"type": kind, "requestId": "amzn1.echo-api.request.fuzz"}
    stamp = draw(timestamp())
    if stamp is not None:
        body["timestamp"] = stamp
    locale = draw(st.sampled_from(LOCALES))
    if locale or draw(st.booleans()):
        body["locale"] = locale
    if kind in ("IntentRequest", "CanFulfillIntentRequest"):
        body["intent"] = draw(intent())
        if kind == "IntentRequest" and draw(st.integers(0, 9)) == 0:
            body["dialogState"] = draw(st.sampled_from(["STARTED", "IN_PROGRESS", "COMPLETED"]))
    elif kind == "SessionEndedRequest":
        reason = draw(st.sampled_from(END_REASONS))
        if reason is not None:
            body["reason"] = reason
        if reason == "ERROR" or draw(st.booleans()):
            body["error"] = {
                "type": draw(
                    st.sampled_from(["INVALID_RESPONSE", "DEVICE_COMMUNICATION_ERROR", "NEW"])
                ),
                "message": draw(st.one_of(st.sampled_from(MARKUP), st.text(max_size=30))),
            }
    elif kind == "System.ExceptionEncountered":
        body["error"] = {"type": "INVALID_RESPONSE", "message": draw(st.text(max_size=40))}
        body["cause"] = {"requestId": "amzn1.echo-api.request.before"}
    elif kind.endswith("RuntimeError"):
        body["token"] = draw(st.text(max_size=10))
        reason = draw(st.sampled_from(["RENDER_ERROR", "INVALID_DOCUMENT", "NEW_REASON"]))
        body["errors"] = [
            {
                "type": draw(st.sampled_from(["RENDER_ERROR", "DOCUMENT_ERROR", "LINK_ERROR"])),
                "reason": reason,
                "message": draw(st.text(max_size=30)),
            }
        ]
    elif kind == "Connections.Response":
        body.update(name="Buy", status={"code": "200", "message": "OK"}, payload={}, token="t")
    elif kind.startswith("AudioPlayer."):
        body.update(token="t", offsetInMilliseconds=draw(st.integers(-5, 10**9)))
    elif kind == "Messaging.MessageReceived":
        body["message"] = {"note": draw(st.text(max_size=20))}
    elif kind == "Alexa.Presentation.APL.UserEvent":
        body.update(token="t", arguments=[draw(st.text(max_size=10))], source={})
    return body


# -- session attributes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """A real moment of a workout: the session attributes Alexa would carry, and what the
    store held at that moment."""

    label: str
    attributes: dict
    stored: dict


@cache
def snapshots() -> tuple[Snapshot, ...]:
    """Session attributes and stored records from a real workout, taken turn by turn."""
    from support.coachee import Coachee

    coachee = Coachee(nlu=None, user_id=USER_ID, seed=3)  # type: ignore[arg-type]
    taken: list[Snapshot] = []

    def take(label: str, reply: Any) -> Any:
        taken.append(
            Snapshot(
                label,
                copy.deepcopy(reply.response.get("sessionAttributes") or {}),
                copy.deepcopy(coachee.stored()),
            )
        )
        return reply

    reply = take("launch", coachee.send("StartWorkoutIntent"))
    for step in range(7):
        state = reply.state
        if reply.ask == "light_or_full":
            reply = take("light", coachee.send("FullSessionIntent"))
        elif state.get("phase") == "ready":
            reply = take(f"ready {step}", coachee.send("AMAZON.YesIntent"))
        elif state.get("phase") == "count":
            from support.coachee import current_target

            reply = take(
                f"count {step}", coachee.send("LogSetIntent", count=str(current_target(reply)))
            )
        else:
            break
    take("pain", coachee.send("PainIntent", part="knee"))
    take("help", coachee.send("AMAZON.HelpIntent"))
    take("delete?", coachee.send("DeleteDataIntent"))
    take("restart?", coachee.send("AMAZON.StartOverIntent"))
    take("pause", coachee.send("AMAZON.PauseIntent"))
    coachee.next_day(0)
    take("resume?", coachee.send("StartWorkoutIntent"))
    take("finish early", coachee.send("FinishEarlyIntent"))
    return tuple(taken)


GARBAGE = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.floats()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def _mutate_state(rng: random.Random, state: Any) -> Any:
    """One forgery of the conversation state (the `state` session attribute)."""
    if not isinstance(state, dict):
        return {"phase": rng.choice(["count", "ready", "menu", "ask", "??"])}
    state = copy.deepcopy(state)
    workout = state.get("workout")
    move = rng.randrange(14)
    if move == 0 and workout:
        workout["cursor"] = rng.choice([-1, 9999, "3", None, 2.5])
    elif move == 1 and workout:
        workout["counts"] = rng.choice([[-5, 10**9], ["x"], None, [None] * 50, "12"])
    elif move == 2 and workout:
        workout.pop(rng.choice(sorted(workout)), None)
    elif move == 3:
        state.pop("workout", None)  # a phase with no workout
        state["phase"] = rng.choice(["count", "ready"])
    elif move == 4 and workout:
        # A finished workout marked active: every set counted, still in a set.
        total = sum(int(b.get("sets", 1)) * 2 for b in workout.get("blocks", []))
        workout["cursor"], workout["counts"] = total, [8] * total
        state["phase"] = "count"
    elif move == 5:
        state["asks"] = rng.choice(
            [[["confirm_count", 10**9]], [["pain", "<knee>"]], [["nope"]], "delete", [[]], [5]]
        )
    elif move == 6:
        state["asks"] = [[rng.choice(["delete", "restart", "resume", "retry_save", "cool_down"])]]
    elif move == 7:
        state["rep_from"] = rng.choice([-1, 9999, "x", None])
    elif move == 8:
        state["replay"] = rng.choice([["<speak>&</speak>", None], "x", [], ["[1,2]", "<b>"]])
    elif move == 9 and workout and workout.get("blocks"):
        block = workout["blocks"][0]
        block["slot"] = rng.choice(["nope", None, 3])
    elif move == 10 and workout and workout.get("blocks"):
        block = workout["blocks"][0]
        block["rx"] = rng.choice([{}, {"reps": -4}, {"reps": 10**6, "exercise": "<x>"}, None])
    elif move == 11:
        state["misses"] = rng.choice([-1, 10**9, "2", None])
    elif move == 12 and workout:
        workout["id"] = rng.choice(["", "other-workout", None, 7])
    else:
        state["phase"] = rng.choice(["count", "ready", "menu", "ask", "", None, 3])
    return state


def _mutate_attributes(rng: random.Random, attributes: dict) -> Any:
    attributes = copy.deepcopy(attributes)
    move = rng.randrange(8)
    if move <= 3:
        attributes["state"] = _mutate_state(rng, attributes.get("state"))
    elif move == 4:
        attributes.pop(rng.choice(sorted(attributes) or ["state"]), None)
    elif move == 5:
        # The cached profile with a wrong type somewhere (a well-formed copy is the skill's own
        # and trusted: only the skill writes session attributes).
        profile = attributes.get("profile")
        if isinstance(profile, dict):
            key = rng.choice(sorted(profile) or ["schema"])
            profile[key] = rng.choice(["x", 10**12, 2.5, [1], {"a": "b"}])
    elif move == 6:
        attributes[rng.choice(["store_offline", "unsaved", "tz"])] = rng.choice(
            [True, "yes", "Mars/Olympus", 3, None, "America/New_York"]
        )
    else:
        attributes["state"] = rng.choice([None, "menu", [], 7, {"phase": None}])
    return attributes


@st.composite
def attributes(draw: st.DrawFn, carried: dict | None) -> Any:
    """What the session carries: what the skill sent last (Alexa's behaviour), a real snapshot,
    a forgery of either, nothing, or garbage."""
    pool = snapshots()
    source = draw(st.sampled_from(["carried"] * 4 + ["snapshot"] * 2 + ["forged"] * 3 + ["odd"]))
    if source == "carried":
        return copy.deepcopy(carried) if carried is not None else {}
    # Another moment's attributes, without its profile cache: a stale cache is caught by the
    # DynamoDB store's version check (test_abuse), which the in-memory store here does not have.
    base = {
        k: v
        for k, v in draw(st.sampled_from(pool)).attributes.items()
        if k not in ("profile", "owner")
    }
    if source == "snapshot":
        return copy.deepcopy(base)
    if source == "forged":
        rng = random.Random(draw(st.integers(0, 2**32)))
        forged = base if carried is None or draw(st.booleans()) else carried
        for _ in range(draw(st.integers(1, 3))):
            forged = _mutate_attributes(rng, forged)
        return forged
    return draw(st.one_of(st.none(), st.just({}), GARBAGE))


@st.composite
def context(draw: st.DrawFn, person: bool) -> dict | None:
    system: dict[str, Any] = {
        "application": {"applicationId": SKILL_ID},
        "user": {"userId": USER_ID},
        "device": {"deviceId": "amzn1.ask.device.FUZZ", "supportedInterfaces": {}},
        "apiEndpoint": "https://api.amazonalexa.com",
        "apiAccessToken": "fuzz",
    }
    if person:
        system["person"] = {"personId": PERSON_ID}
    # Any field but the user id may be missing (Alexa always sends one; without it nothing can
    # be stored or erased, and a delete then gets the apology: see the report).
    droppable = sorted(k for k in system if k != "user")
    drop = draw(st.integers(0, len(droppable) + 2))
    if drop < len(droppable):
        system.pop(droppable[drop])
    return {"System": system}


@dataclass
class Sent:
    event: dict
    speaks: bool  # a spoken answer is owed
    erases: bool  # the request may legitimately erase stored progress


@st.composite
def event(draw: st.DrawFn, carried: dict | None) -> Sent:
    """One request envelope, given the attributes the last response carried."""
    body = draw(request())
    erase = draw(st.integers(0, 200)) == 0
    if erase:
        body["type"] = ERASING[0]
    person = draw(st.integers(0, 4)) == 0
    envelope: dict[str, Any] = {"version": "1.0", "request": body}
    ctx = draw(context(person))
    if ctx is not None:
        envelope["context"] = ctx
    in_session = body["type"] in ("LaunchRequest", "IntentRequest", "SessionEndedRequest") or (
        draw(st.booleans())
    )
    if in_session:
        session: dict[str, Any] = {
            "new": draw(st.booleans()),
            "sessionId": "amzn1.echo-api.session.fuzz",
            "application": {"applicationId": SKILL_ID},
            "user": {"userId": USER_ID},
        }
        attrs = draw(attributes(carried))
        if attrs is not None or draw(st.booleans()):
            session["attributes"] = attrs
        envelope["session"] = session
    speaks = body["type"] in SPEAKING and in_session
    return Sent(envelope, speaks=speaks, erases=erase)
