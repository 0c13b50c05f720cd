"""Local request envelopes, the session a local device keeps, and the typed chat loop."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import IntentRequest, LaunchRequest, RequestEnvelope, SessionEndedRequest
from legcoach_dev.local import chat
from legcoach_dev.local.envelope import (
    APPLICATION_ID,
    DEVICE_ID,
    USER_ID,
    Conversation,
    Identity,
    clock_on,
    timestamp,
)
from legcoach_dev.local.nlu import Nlu, Resolution

MODEL = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "leg workout",
            "intents": [
                {
                    "name": "LogSetIntent",
                    "slots": [{"name": "count", "type": "AMAZON.NUMBER"}],
                    "samples": ["{count}", "i did {count}"],
                },
                {"name": "AMAZON.HelpIntent", "samples": []},
                {"name": "AMAZON.StopIntent", "samples": []},
                {"name": "AMAZON.FallbackIntent", "samples": []},
            ],
            "types": [],
        }
    }
}

FIXED = datetime(2026, 11, 24, 10, 0, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED


def parse(event: dict[str, Any]) -> RequestEnvelope:
    """What ask-sdk-core does with the event in the Lambda entry point."""
    return DefaultSerializer().deserialize(json.dumps(event), "ask_sdk_model.RequestEnvelope")


def speak(text: str, *, end: bool, attributes: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "outputSpeech": {"type": "SSML", "ssml": f"<speak>{text}</speak>"},
        "shouldEndSession": end,
    }
    if not end:
        response["reprompt"] = {
            "outputSpeech": {"type": "SSML", "ssml": "<speak>How many?</speak>"}
        }
    return {"version": "1.0", "sessionAttributes": attributes or {}, "response": response}


class FakeSkill:
    """A tiny skill behind the same entry point signature as lambda/app.py's handler."""

    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        assert context.get_remaining_time_in_millis() > 0
        parsed = parse(event)  # must deserialize exactly like the real SDK does
        self.events.append(event)
        request = parsed.request
        if isinstance(request, SessionEndedRequest):
            return {"version": "1.0", "response": {}}
        if isinstance(request, LaunchRequest):
            return speak("Welcome. How many?", end=False, attributes={"sets": 0})
        assert isinstance(request, IntentRequest)
        name = request.intent.name
        if name == "LogSetIntent":
            sets = parsed.session.attributes["sets"] + 1
            count = request.intent.slots["count"].value
            return speak(f"Set {sets}: {count}. Next?", end=False, attributes={"sets": sets})
        if name == "AMAZON.HelpIntent":
            raise RuntimeError("help is broken")
        return speak("Bye &amp; well done.", end=True)

    @property
    def types(self) -> list[str]:
        return [e["request"]["type"] for e in self.events]


@pytest.fixture
def nlu() -> Nlu:
    return Nlu(MODEL)


@pytest.fixture
def skill() -> FakeSkill:
    return FakeSkill()


def launch() -> Resolution:
    return Resolution("launch", new_session=True)


def test_a_launch_envelope_deserializes_with_the_sdk() -> None:
    event = Conversation(clock=fixed_clock).build(launch())
    envelope = parse(event)
    assert isinstance(envelope.request, LaunchRequest)
    assert envelope.version == "1.0"
    assert envelope.session.new is True
    assert envelope.session.application.application_id == APPLICATION_ID
    assert envelope.context.system.user.user_id == USER_ID
    assert envelope.context.system.device.device_id == DEVICE_ID
    assert envelope.context.system.api_endpoint == "https://api.amazonalexa.com"
    assert envelope.request.locale == "en-US"
    assert event["request"]["timestamp"] == "2026-11-24T10:00:00Z"


def test_a_typed_number_reaches_the_skill_as_alexa_would_send_it(nlu: Nlu) -> None:
    conv = Conversation(clock=fixed_clock)
    conv.build(launch())
    envelope = parse(conv.build(nlu.resolve("i did twelve")))
    assert isinstance(envelope.request, IntentRequest)
    slot = envelope.request.intent.slots["count"]
    assert (slot.value, slot.slot_value.value) == ("12", "12")
    assert envelope.request.intent.confirmation_status.value == "NONE"
    assert envelope.session.new is False


def test_timestamps_come_from_the_injected_clock() -> None:
    assert timestamp(datetime(2026, 1, 2, 3, 4, 5, 999)) == "2026-01-02T03:04:05Z"
    event = Conversation(clock=fixed_clock).build(launch())
    assert event["request"]["timestamp"] == "2026-11-24T10:00:00Z"


def test_the_date_option_pretends_today_is_another_day() -> None:
    clock = clock_on(date(2027, 3, 1), now=fixed_clock)
    event = Conversation(clock=clock).build(launch())
    assert event["request"]["timestamp"] == "2027-03-01T10:00:00Z"


def test_a_recognised_voice_adds_a_person_id_and_otherwise_there_is_none() -> None:
    plain = Conversation(clock=fixed_clock).build(launch())
    assert "person" not in plain["context"]["System"]
    identity = Identity(user_id="amzn1.ask.account.OTHER", person_id="amzn1.ask.person.ANNA")
    event = Conversation(identity=identity, clock=fixed_clock).build(launch())
    envelope = parse(event)
    assert envelope.context.system.person.person_id == "amzn1.ask.person.ANNA"
    assert envelope.context.system.user.user_id == "amzn1.ask.account.OTHER"
    assert envelope.session.user.user_id == "amzn1.ask.account.OTHER"


def test_session_attributes_are_carried_into_the_next_request(nlu: Nlu, skill: FakeSkill) -> None:
    conv = Conversation(skill, clock=fixed_clock)
    conv.send(launch())
    conv.send(nlu.resolve("10"))
    conv.send(nlu.resolve("11"))
    first, second, third = skill.events
    assert first["session"]["attributes"] == {}
    assert second["session"]["attributes"] == {"sets": 0}
    assert third["session"]["attributes"] == {"sets": 1}
    assert len({e["session"]["sessionId"] for e in skill.events}) == 1
    assert [e["session"]["new"] for e in skill.events] == [True, False, False]


def test_a_new_session_starts_after_should_end_session(nlu: Nlu, skill: FakeSkill) -> None:
    conv = Conversation(skill, clock=fixed_clock)
    conv.send(launch())
    conv.send(nlu.resolve("stop"))
    assert not conv.in_session
    conv.send(launch())
    old, stop, new = skill.events
    assert old["session"]["sessionId"] == stop["session"]["sessionId"]
    assert new["session"]["sessionId"] != old["session"]["sessionId"]
    assert new["session"]["new"] is True
    assert new["session"]["attributes"] == {}


def test_launching_mid_session_ends_the_old_session_first(skill: FakeSkill) -> None:
    conv = Conversation(skill, clock=fixed_clock)
    conv.send(launch())
    conv.send(launch())
    assert skill.types == ["LaunchRequest", "SessionEndedRequest", "LaunchRequest"]
    assert skill.events[1]["request"]["reason"] == "USER_INITIATED"


def test_leaving_mid_session_sends_session_ended_user_initiated(skill: FakeSkill) -> None:
    conv = Conversation(skill, clock=fixed_clock)
    conv.send(launch())
    exchange = conv.end_session()
    assert exchange is not None
    envelope = parse(exchange.request)
    assert isinstance(envelope.request, SessionEndedRequest)
    assert envelope.request.reason.value == "USER_INITIATED"
    assert not conv.in_session
    assert conv.end_session() is None  # nothing more to end


def test_a_handler_error_ends_the_session_with_reason_error(nlu: Nlu, skill: FakeSkill) -> None:
    conv = Conversation(skill, clock=fixed_clock)
    conv.send(launch())
    with pytest.raises(RuntimeError):
        conv.send(nlu.resolve("help"))
    assert not conv.in_session
    ended = skill.events[-1]["request"]
    assert (ended["type"], ended["reason"]) == ("SessionEndedRequest", "ERROR")
    assert "help is broken" in ended["error"]["message"]


# ------------------------------------------------------------------------------ the chat loop


def run(lines: list[str], handler: Any, nlu: Nlu, **kw: Any) -> tuple[int, str]:
    out = io.StringIO()
    code = chat.run_chat(lines, handler, nlu, out=out, echo=True, clock=fixed_clock, **kw)
    return code, out.getvalue()


def test_a_script_replays_lines_and_shows_what_alexa_says(nlu: Nlu, skill: FakeSkill) -> None:
    code, out = run(["# a comment", "", "start leg workout", "i did ten", "stop"], skill, nlu)
    assert code == 0
    assert "# a comment" not in out
    assert out.splitlines()[0] == "You: start leg workout"
    assert "Alexa (" in out and "Set 1: 10. Next?" in out
    assert "  reprompt: How many?" in out
    assert "Bye & well done." in out
    assert "[session ends]" in out
    assert skill.types == ["LaunchRequest", "IntentRequest", "IntentRequest"]


def test_quit_at_the_prompt_leaves_and_ends_the_open_session(nlu: Nlu, skill: FakeSkill) -> None:
    code, _ = run(["start leg workout", "quit", "i did ten"], skill, nlu)
    assert code == 0
    assert skill.types == ["LaunchRequest", "SessionEndedRequest"]
    assert skill.events[-1]["request"]["reason"] == "USER_INITIATED"


def test_the_end_of_input_also_ends_the_open_session(nlu: Nlu, skill: FakeSkill) -> None:
    run(["start leg workout"], skill, nlu)
    assert skill.types == ["LaunchRequest", "SessionEndedRequest"]


def test_two_silences_time_the_session_out(nlu: Nlu, skill: FakeSkill) -> None:
    code, out = run(["start leg workout", "...", "(silence)", "stop"], skill, nlu)
    assert code == 0
    assert "Alexa says the reprompt" in out
    assert skill.types == ["LaunchRequest", "SessionEndedRequest", "IntentRequest"]
    assert skill.events[1]["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
    # what the person said after the timeout opens a new session, as a one-shot would
    assert skill.events[2]["session"]["new"] is True
    assert "no session open" in out


def test_a_handler_that_raises_makes_the_script_fail(nlu: Nlu, skill: FakeSkill) -> None:
    code, out = run(["start leg workout", "help", "start leg workout"], skill, nlu)
    assert code == 1
    assert "RuntimeError: help is broken" in out
    assert "There was a problem with the requested skill's response" in out
    assert skill.types[-1] == "SessionEndedRequest"  # the script went on after the error


def test_a_response_that_is_not_json_makes_the_script_fail(nlu: Nlu) -> None:
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return speak("Hi", end=False, attributes={"reps": Decimal("12")})

    code, out = run(["start leg workout"], handler, nlu)
    assert code == 1
    assert "not valid JSON" in out


def test_ssml_alexa_would_reject_makes_the_script_fail(nlu: Nlu) -> None:
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return speak("Squats & lunges", end=True)

    code, out = run(["start leg workout"], handler, nlu)
    assert code == 1
    assert "not well-formed" in out


def test_verbose_shows_the_resolved_intent(nlu: Nlu, skill: FakeSkill) -> None:
    _, out = run(["start leg workout", "i did twelve"], skill, nlu, verbose=True)
    assert "[LogSetIntent count=12" in out


def test_the_cli_replays_a_script_against_the_handler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "model.json"
    model.write_text(json.dumps(MODEL))
    script = tmp_path / "script.txt"
    script.write_text("start leg workout\n10\nstop\n")
    skill = FakeSkill()
    monkeypatch.setattr(chat, "build_local_handler", lambda adapter, audio: skill)
    monkeypatch.setattr(chat, "open_store", lambda *args: None)
    code = chat.main(
        ["--script", str(script), "--model", str(model), "--date", "2027-01-05", "--person", "P1"]
    )
    assert code == 0
    assert "Set 1: 10." in capsys.readouterr().out
    assert skill.events[0]["request"]["timestamp"].startswith("2027-01-05T")
    assert skill.events[0]["context"]["System"]["person"] == {"personId": "P1"}


@pytest.mark.parametrize(
    ("argv", "kind", "url"),
    [
        ([], None, None),
        (["--store", "memory"], "memory", None),
        (["--store", "moto"], "moto", None),
        (["--store", "endpoint", "http://localhost:8000"], "endpoint", "http://localhost:8000"),
    ],
)
def test_the_store_option_is_parsed(argv: list[str], kind: str | None, url: str | None) -> None:
    args = chat.parse_args(argv)
    assert (args.store_kind, args.store_url) == (kind, url)


@pytest.mark.parametrize(
    "argv", [["--store", "endpoint"], ["--store", "nosql"], ["--store", "memory", "x"]]
)
def test_a_bad_store_option_is_refused(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        chat.parse_args(argv)
