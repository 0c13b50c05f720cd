"""How the local chat shows Alexa's answers: words, pauses, spoken length, problems."""

from __future__ import annotations

from typing import Any

import pytest
from legcoach.speech.ssml import Speech, estimate_speech_seconds
from legcoach_dev.local.render import (
    format_response,
    render_speech,
    render_ssml,
    response_problems,
    speech_seconds,
)


def response(ssml: str, *, end: bool | None, reprompt: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"outputSpeech": {"type": "SSML", "ssml": ssml}}
    if reprompt is not None:
        body["reprompt"] = {"outputSpeech": {"type": "SSML", "ssml": reprompt}}
    if end is not None:
        body["shouldEndSession"] = end
    return {"version": "1.0", "response": body}


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ('<break time="1s"/>', "[1.0 s]"),
        ('<break time="1200ms"/>', "[1.2 s]"),
        ('<break time="0.5s" />', "[0.5 s]"),
        ('<break strength="x-strong"/>', "[1.0 s]"),
    ],
)
def test_a_break_shows_inline_in_seconds(tag: str, shown: str) -> None:
    assert render_ssml(f"<speak>Rest{tag} go</speak>").text == f"Rest {shown} go"


def test_a_chain_of_breaks_shows_as_one_pause() -> None:
    ssml = '<speak>Rest. <break time="10s"/><break time="10s"/> <break time="2500ms"/> Go.</speak>'
    assert render_ssml(ssml).text == "Rest. [22.5 s] Go."


def test_entities_are_unescaped() -> None:
    rendered = render_ssml("<speak>Squats &amp; lunges &lt;3 &quot;hard&quot;</speak>")
    assert rendered.text == 'Squats & lunges <3 "hard"'
    assert rendered.problems == []


def test_other_tags_are_stripped_and_sub_says_its_alias() -> None:
    ssml = (
        '<speak><p><s>Slow down.</s></p> <prosody rate="slow">Down</prosody>'
        ' <emphasis level="strong">up</emphasis>. <sub alias="reps">repetitions</sub>'
        ' <amazon:effect name="whispered">psst</amazon:effect></speak>'
    )
    rendered = render_ssml(ssml)
    assert rendered.text == "Slow down. Down up. reps psst"
    assert rendered.problems == []


def test_spoken_length_is_the_pauses_plus_the_speech_estimate() -> None:
    speech = Speech().say("Rest, forty seconds.").pause(40).say("Next: squats & lunges.").pause(1.2)
    rendered = render_ssml(speech.ssml())
    assert rendered.seconds == pytest.approx(speech.seconds)
    expected = 41.2 + estimate_speech_seconds("Rest, forty seconds.")
    expected += estimate_speech_seconds("Next: squats & lunges.")
    assert speech_seconds(speech.ssml()) == pytest.approx(expected)


def test_the_answer_shows_length_reprompt_and_whether_the_session_ends() -> None:
    shown = format_response(
        response(
            '<speak>Rest, forty seconds <break time="1200ms"/> ready?</speak>',
            end=False,
            reprompt="<speak>Ready?</speak>",
        ),
        width=100,
    )
    seconds = render_ssml(
        '<speak>Rest, forty seconds <break time="1200ms"/> ready?</speak>'
    ).seconds
    assert shown.splitlines() == [
        f"Alexa ({seconds:.1f} s): Rest, forty seconds [1.2 s] ready?",
        "  reprompt: Ready?",
    ]
    ended = format_response(response("<speak>Bye.</speak>", end=True), width=100)
    assert ended.splitlines()[-1] == "  [session ends]"


def test_a_response_without_should_end_session_is_shown_as_ending() -> None:
    shown = format_response(response("<speak>Done.</speak>", end=None), width=100)
    assert "[session ends: shouldEndSession not set]" in shown


def test_long_speech_wraps_without_splitting_a_pause() -> None:
    speech = Speech()
    for n in range(1, 30):
        speech.say(f"Rep {n}, down.").pause(1.5)
    shown = format_response(response(speech.ssml(), end=True), width=60)
    lines = shown.splitlines()
    assert len(lines) > 5
    assert all(len(line) <= 60 for line in lines)
    assert all(line.startswith("    ") for line in lines[1:-1])
    assert shown.count("[1.5 s]") == 29


def test_plain_text_speech_is_shown_as_is() -> None:
    rendered = render_speech({"type": "PlainText", "text": "Hello there"})
    assert rendered.text == "Hello there"
    assert rendered.seconds == estimate_speech_seconds("Hello there")


def test_an_unescaped_ampersand_is_reported_as_a_rejected_response() -> None:
    errors, _ = response_problems(response("<speak>Squats & lunges</speak>", end=True))
    assert any("not well-formed" in e for e in errors)


def test_a_break_over_ten_seconds_is_reported() -> None:
    errors, _ = response_problems(response('<speak>Rest <break time="12s"/></speak>', end=True))
    assert any("10 s" in e for e in errors)


def test_an_unsupported_tag_is_reported() -> None:
    errors, _ = response_problems(response("<speak><b>Go</b></speak>", end=True))
    assert any("<b>" in e for e in errors)


def test_speech_of_8000_characters_is_reported() -> None:
    errors, _ = response_problems(response("<speak>" + "go " * 2700 + "</speak>", end=True))
    assert any("8000" in e for e in errors)


def test_an_open_session_without_a_reprompt_is_a_warning() -> None:
    errors, warnings = response_problems(response("<speak>How many?</speak>", end=False))
    assert errors == []
    assert any("reprompt" in w for w in warnings)
