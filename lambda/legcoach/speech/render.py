"""The one entry the voice layer calls to turn speech into what a response carries.

`render_reply(speech, reprompt, mode=...)` renders the same speech either way:

- "apla": the whole answer, ending on its question, is an APL for Audio document (exact beats,
  sound cues); the response then has no outputSpeech, so the microphone opens when the audio
  ends. The reprompt stays plain SSML.
- "ssml": today's outputSpeech (breaks chained up to 10 s), for platforms or tests without APLA.

Handlers and the coach never know which one runs. Limits are checked here as the last guard:
the planner (`budget.fits`) keeps every response well inside them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .apla import apla, audio_sources
from .budget import MODES, seconds_bound
from .limits import MAX_APLA_AUDIO_FILES, MAX_APLA_SECONDS, MAX_RESPONSE_BYTES, MAX_SSML_CHARS
from .ssml import Speech


@dataclass(frozen=True)
class RenderedReply:
    ssml: str | None  # outputSpeech SSML, or None when the directive carries the speech
    directive: dict[str, Any] | None  # the APLA RenderDocument directive, as JSON
    reprompt_ssml: str | None
    seconds: float  # how long the answer plays (words estimated, beats and pauses exact)


def render_reply(
    speech: Speech, reprompt: Speech | None = None, *, mode: str = "ssml", ticks: bool = False
) -> RenderedReply:
    if mode not in MODES:
        raise ValueError(f"unknown audio mode {mode!r} (use one of {', '.join(MODES)})")
    reprompt_ssml = reprompt.ssml() if reprompt is not None else None
    if reprompt_ssml is not None and len(reprompt_ssml) >= MAX_SSML_CHARS:
        raise ValueError(f"reprompt of {len(reprompt_ssml)} characters exceeds Alexa's limit")
    if mode == "ssml":
        ssml = speech.ssml()
        if len(ssml) >= MAX_SSML_CHARS:
            raise ValueError(f"speech of {len(ssml)} characters exceeds Alexa's limit")
        return RenderedReply(ssml, None, reprompt_ssml, speech.seconds)
    bound = seconds_bound(speech)
    if bound > MAX_APLA_SECONDS:
        raise ValueError(f"audio of up to {bound:.0f} s exceeds Alexa's {MAX_APLA_SECONDS:.0f} s")
    if len(audio_sources(speech, ticks=ticks)) > MAX_APLA_AUDIO_FILES:
        raise ValueError("more audio files than Alexa plays in one response")
    directive = apla(speech, ticks=ticks)
    size = len(json.dumps(directive, separators=(",", ":")).encode())
    if size >= MAX_RESPONSE_BYTES // 2:
        raise ValueError(f"an APLA document of {size} bytes leaves no room in the response")
    return RenderedReply(None, directive, reprompt_ssml, speech.seconds)
