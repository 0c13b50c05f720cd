"""One checker of Alexa's response rules, applied to every response every test produces.

Rules (see shared/ALEXA.md): well-formed SSML with supported tags only, breaks of at most 10 s
with a unit, outputSpeech under 8000 characters, an open session carries a question and a
reprompt, the response deserialises with ask-sdk-model, and it stays within size limits.
A response may speak through an APL for Audio document instead: `apla_rules` checks it.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from legcoach.speech.limits import (
    MAX_BREAK_MS,
    MAX_RESPONSE_BYTES,
    MAX_SESSION_ATTRIBUTES_BYTES,  # the older, stricter documented limit
    MAX_SSML_AUDIO_TAGS,
)
from legcoach.speech.limits import MAX_SSML_CHARS as MAX_SSML
from legcoach.speech.limits import SUPPORTED_SSML_TAGS as SUPPORTED_TAGS
from legcoach.speech.ssml import estimate_speech_seconds

from support.apl_rules import check_response_apl
from support.apla_rules import check_response_apla

GENERIC_FAILURE = "There was a problem with the requested skill's response"
_BREAK_TIME = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)$")

_serializer = DefaultSerializer()


class Stats:
    checked = 0
    open_sessions = 0
    longest_ssml = 0
    matrix_cases = 0  # intent x state cases tried by test_matrix
    cards = 0  # home cards checked


def _tag(element: ET.Element) -> str:
    tag = element.tag
    if tag.startswith("{"):
        uri, local = tag[1:].split("}")
        return f"amazon:{local}" if "amazon" in uri else local
    return tag


def check_ssml(ssml: str, where: str) -> str:
    """Validate one SSML string; returns its plain words."""
    assert len(ssml) < MAX_SSML, f"{where}: SSML of {len(ssml)} characters"
    assert GENERIC_FAILURE not in ssml, f"{where}: the generic failure text"
    wrapped = ssml.replace("<speak>", '<speak xmlns:amazon="https://amazon.com/ssml">', 1)
    try:
        root = ET.fromstring(wrapped)
    except ET.ParseError as exc:
        raise AssertionError(f"{where}: SSML is not well-formed XML ({exc}): {ssml[:300]}") from exc
    assert _tag(root) == "speak", f"{where}: SSML root is <{_tag(root)}>, not <speak>"
    audio = sum(1 for e in root.iter() if _tag(e) == "audio")
    assert audio <= MAX_SSML_AUDIO_TAGS, f"{where}: {audio} audio clips"
    for element in root.iter():
        tag = _tag(element)
        assert tag in SUPPORTED_TAGS, f"{where}: unsupported SSML tag <{tag}>"
        if tag == "break":
            time = element.get("time", "")
            match = _BREAK_TIME.match(time)
            assert match, f"{where}: break time {time!r} has no valid unit"
            ms = float(match[1]) * (1000 if match[2] == "s" else 1)
            assert 0 < ms <= MAX_BREAK_MS, f"{where}: break of {ms} ms"
    return " ".join("".join(root.itertext()).split())


def ssml_seconds(ssml: str) -> float:
    """How long well-formed SSML plays: its breaks plus the estimate for its words."""
    seconds = 0.0
    for match in re.finditer(r'<break time="(\d+(?:\.\d+)?)(ms|s)"/>', ssml):
        seconds += float(match[1]) / (1000 if match[2] == "ms" else 1)
    words = re.sub(r"<[^>]+>", " ", ssml)
    return round(seconds + estimate_speech_seconds(words), 3)


def check_response(envelope: dict[str, Any], request_type: str = "IntentRequest") -> None:
    """Assert that `envelope` (a handler's return value) is a response Alexa accepts."""
    Stats.checked += 1
    raw = json.dumps(envelope)
    assert len(raw.encode()) < MAX_RESPONSE_BYTES, f"response of {len(raw)} bytes"
    attributes = envelope.get("sessionAttributes") or {}
    size = len(json.dumps(attributes).encode())
    assert size < MAX_SESSION_ATTRIBUTES_BYTES, f"session attributes of {size} bytes"
    model = _serializer.deserialize(raw, "ask_sdk_model.ResponseEnvelope")
    assert model is not None and model.response is not None, "no response object"
    response = envelope["response"]
    check_card(response.get("card"))
    speech = response.get("outputSpeech")
    audio = check_response_apla(response)
    check_response_apl(response)
    if _asks_for_permission(response):
        # Alexa itself asks for the permission and sends the answer as Connections.Response:
        # the response carries no question or reprompt of its own and leaves the session open.
        assert not response.get("reprompt"), "a permission request has no reprompt"
        assert response.get("shouldEndSession") is None, "leave the session to Alexa"
        return
    if request_type in ("SessionEndedRequest", "AlexaSkillEvent.SkillDisabled"):
        assert speech is None and audio is None, f"{request_type} must not speak"
        return
    assert speech or audio, "every answer speaks (SSML or an APLA document)"
    text = ""
    if speech:
        assert speech.get("type") == "SSML", "every answer speaks SSML"
        text = check_ssml(speech["ssml"], "outputSpeech")
        Stats.longest_ssml = max(Stats.longest_ssml, len(speech["ssml"]))
    if audio is not None:
        # outputSpeech (if any) plays before the document, which ends on the question.
        text = f"{text} {audio.text}".strip()
    ends = response.get("shouldEndSession")
    if ends is False:
        Stats.open_sessions += 1
        reprompt = (response.get("reprompt") or {}).get("outputSpeech")
        assert reprompt, "an open session needs a reprompt"
        check_ssml(reprompt["ssml"], "reprompt")
        assert "?" in text, f"an open session must ask a question: {text[-200:]!r}"
        if audio is not None:
            last = audio.speech[-1] if audio.speech else ""
            assert "?" in last, f"the audio must end on the question: {text[-200:]!r}"
    else:
        assert ends is True, "shouldEndSession must be set explicitly"
        assert "reprompt" not in response or not response["reprompt"], (
            "a closed session has no reprompt"
        )


CARD_TYPES = frozenset({"Simple", "Standard", "LinkAccount", "AskForPermissionsConsent"})
MAX_CARD_CHARS = 8000  # title and content together


def check_card(card: dict[str, Any] | None) -> None:
    """A home card the Alexa app shows: a known type; a Standard card has a title and text
    under 8,000 characters together, no markup, and images only at https PNG/JPEG URLs."""
    if card is None:
        return
    kind = card.get("type")
    assert kind in CARD_TYPES, f"card type {kind!r}"
    if kind == "AskForPermissionsConsent":
        assert card.get("permissions"), "a consent card names its permissions"
        return
    if kind not in ("Simple", "Standard"):
        return
    Stats.cards += 1
    title = card.get("title") or ""
    body = card.get("text") if kind == "Standard" else card.get("content")
    assert isinstance(title, str) and title.strip(), "a card needs a title"
    assert isinstance(body, str) and body.strip(), "a card needs text"
    assert len(title) + len(body) < MAX_CARD_CHARS, "card over 8,000 characters"
    assert not re.search(r"[<>]", title + body), f"markup on a card: {title!r} {body!r}"
    for url in (card.get("image") or {}).values():
        assert re.fullmatch(r"https://\S+\.(png|jpe?g)", url, re.I), f"card image {url!r}"


def _asks_for_permission(response: dict[str, Any]) -> bool:
    return any(
        d.get("type") == "Connections.SendRequest" and d.get("name") == "AskFor"
        for d in response.get("directives") or []
    )
