"""The skill as a person meets it: `Coachee` talks to an Echo whose every answer is checked.

Typed lines are resolved by the local NLU from the real interaction model, sent as real request
envelopes through `build_handler` (what the Lambda entry uses), and each response goes through
Alexa's rules (and the APLA checker) before a test sees it.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from legcoach.coach.profile import Profile
from legcoach.settings import Settings
from legcoach.voice.skill import build_handler
from legcoach_dev.local.envelope import Conversation, Identity
from legcoach_dev.local.nlu import Nlu, Resolution

from support import apla_rules
from support.alexa_rules import check_response, check_ssml
from support.records_view import ViewedStore

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "interaction_models" / "en-US.json"
AUDIO_MODE = ["ssml"]  # set by the --audio-mode option: the mode every Coachee's skill runs in


def load_script(name: str) -> Any:
    """Import `scripts/<name>.py` (the scripts are not a package) as module `legworkout_<name>`."""
    import importlib.util

    module_name = f"legworkout_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, ROOT / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def checked(handler: Any) -> Any:
    """Wrap a Lambda-style handler so every response is checked against Alexa's rules."""

    def run(event: dict, context: Any) -> dict:
        response = handler(event, context)
        check_response(response, event["request"]["type"])
        return response

    return run


@dataclass
class Reply:
    response: dict

    @property
    def ssml(self) -> str:
        """The SSML spoken, or in APLA mode the document (so two replies compare)."""
        speech = self.response["response"].get("outputSpeech") or {}
        documents = apla_rules.apla_directives(self.response["response"])
        return speech.get("ssml", "") + "".join(json.dumps(d["document"]) for d in documents)

    @property
    def text(self) -> str:
        speech = (self.response["response"].get("outputSpeech") or {}).get("ssml", "")
        words = [check_ssml(speech, "reply")] if speech else []
        words += [
            apla_rules.check_apla(d).text
            for d in apla_rules.apla_directives(self.response["response"])
        ]
        return " ".join(words)

    @property
    def reprompt(self) -> str:
        reprompt = (self.response["response"].get("reprompt") or {}).get("outputSpeech") or {}
        return check_ssml(reprompt["ssml"], "reprompt") if reprompt else ""

    @property
    def open(self) -> bool:
        return self.response["response"].get("shouldEndSession") is False

    @property
    def state(self) -> dict:
        return (self.response.get("sessionAttributes") or {}).get("state", {})

    @property
    def ask(self) -> str | None:
        """The open question's kind (the top of the question stack), if any."""
        asks = self.state.get("asks") or []
        return asks[-1][0] if asks else None


@dataclass
class Coachee:
    """A person with an Echo, a clock they control, and the skill behind it."""

    nlu: Nlu
    store: Any = field(default_factory=ViewedStore)
    day: date = date(2026, 11, 24)
    user_id: str = "amzn1.ask.account.TESTUSER"
    person_id: str | None = None
    seed: int = 7
    handler: Any = None
    minutes: int = 0
    audio_mode: str = field(default_factory=lambda: AUDIO_MODE[0])
    locale: str = "en-US"
    summary: str = ""  # what the last finished workout's summary said

    def __post_init__(self) -> None:
        if self.handler is None:
            rng = random.Random(self.seed)
            self.handler = checked(
                build_handler(
                    self.store,
                    settings=Settings(audio=self.audio_mode),
                    rng_factory=lambda: random.Random(rng.random()),
                )
            )
        self.device = Conversation(
            handler=self.handler,
            identity=Identity(user_id=self.user_id, person_id=self.person_id, locale=self.locale),
            clock=self._now,
        )

    def _now(self) -> datetime:
        self.minutes += 1
        return datetime(self.day.year, self.day.month, self.day.day, 9, tzinfo=UTC) + timedelta(
            minutes=self.minutes
        )

    def say(self, text: str) -> Reply:
        resolution = self.nlu.resolve(text)
        assert resolution.kind != "end", f"{text!r} resolved to silence"
        return Reply(self.device.send(resolution).response or {})

    def send(self, intent: str, **slots: str) -> Reply:
        """Send an intent directly (for intents or slot values typed text cannot produce)."""
        resolution = Resolution(
            kind="intent",
            intent=intent,
            slots={
                name: {"name": name, "value": value, "confirmationStatus": "NONE"}
                for name, value in slots.items()
            },
        )
        return Reply(self.device.send(resolution).response or {})

    def walk_away(self, reason: str = "EXCEEDED_MAX_REPROMPTS") -> None:
        """Say nothing: Alexa reprompts, then ends the session."""
        self.device.end_session(reason)  # type: ignore[arg-type]

    def next_day(self, days: int = 1) -> None:
        self.walk_away() if self.device.in_session else None
        self.day = self.day + timedelta(days=days)

    def profile(self) -> Profile:
        owner = next(
            o
            for o in self.store.items
            if o.user_id == self.user_id and o.person_id == (self.person_id or "-")
        )
        return Profile.from_dict(self.store.items[owner])

    def stored(self) -> dict:
        """The stored record: the profile with its active workout (see `records_view`)."""
        for owner, item in self.store.items.items():
            if owner.user_id == self.user_id and owner.person_id == (self.person_id or "-"):
                return item
        return {}

    def finish_workout(self, count: str | None = None) -> Reply:
        """Answer every set (with the target, unless `count` is given) until the workout ends;
        `summary` keeps what the summary said."""
        reply = self.say("start leg workout")
        for _ in range(40):
            if not reply.open:
                self.summary = self.summary or reply.text
                return reply
            if reply.state.get("phase") == "ready":
                reply = self.say("ready")
                continue
            if reply.ask == "light_or_full":
                reply = self.say("full session")
                continue
            if reply.ask == "cool_down":
                reply = self.say("no thanks")
                continue
            if reply.ask == "reminder":
                self.summary = reply.text  # the summary came with the offer of a reminder
                reply = self.say("no thanks")
                continue
            target = current_target(reply)
            reply = self.say(count or str(target))
        raise AssertionError("the workout did not end")


def current_target(reply: Reply) -> int:
    from legcoach.coach.workout import Workout

    workout = Workout.from_dict(reply.state["workout"])
    assert workout.current is not None
    return workout.current.target
