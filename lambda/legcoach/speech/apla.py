"""The APL for Audio renderer: a `Speech` as an `Alexa.Presentation.APLA.RenderDocument`.

The document is one Sequencer, one child per part:

- free text: a `Speech` (PlainText), as long as the voice takes;
- a pause: a `Silence` of exactly its length (Silence has no 10 s cap);
- a beat: a `Mixer` of a `Silence` of exactly the slot and the slot's content with
  `"duration": "trimToParent"`, so the slot lasts exactly its length whatever the voice does.
  The content is the words, or the cue then the words (a cue gets its own trimmed slot first,
  so a sound never covers a count); with ticks on, a rep's beat starts with a short tick.

Mixing happens on the device, so the timing never depends on Alexa's speaking rate.
"""

from __future__ import annotations

from typing import Any

from .cues import CUES, TICK
from .limits import APLA_VERSION
from .ssml import Beat, Pause, Speech, Text, plain_text

DIRECTIVE_TYPE = "Alexa.Presentation.APLA.RenderDocument"
TOKEN = "legcoach"

Component = dict[str, Any]


def _words(text: str) -> Component:
    # "${" would start a data-binding expression in any APL string.
    content = plain_text(text).replace("${", "$ {")
    return {"type": "Speech", "contentType": "PlainText", "content": content}


def _silence(ms: int) -> Component:
    return {"type": "Silence", "duration": int(ms)}


def _trimmed(component: Component) -> Component:
    return {**component, "duration": "trimToParent"}


def _slot(ms: int, content: Component) -> Component:
    """Exactly `ms` long: silence of that length, with `content` cut to it."""
    return {"type": "Mixer", "items": [_silence(ms), _trimmed(content)]}


def _sound_slot(cue_name: str) -> Component:
    cue = CUES[cue_name]
    return _slot(round(cue.seconds * 1000), {"type": "Audio", "source": cue.source})


def _beat(beat: Beat, ticks: bool) -> Component:
    lead: list[Component] = []
    if beat.cue:
        lead.append(_sound_slot(beat.cue))
    elif ticks and beat.tempo:
        lead.append(_sound_slot(TICK.name))
    if not lead and not beat.text:
        return _silence(beat.ms)
    if not lead:
        return _slot(beat.ms, _words(beat.text))
    content = lead + ([_words(beat.text)] if beat.text else [])
    inner = content[0] if len(content) == 1 else {"type": "Sequencer", "items": content}
    return _slot(beat.ms, inner)


def component(part: Text | Pause | Beat, *, ticks: bool = False) -> Component:
    if isinstance(part, Text):
        return _words(part.value)
    if isinstance(part, Pause):
        return _silence(part.ms)
    return _beat(part, ticks)


def apla_document(speech: Speech, *, ticks: bool = False) -> dict[str, Any]:
    items = [component(p, ticks=ticks) for p in speech.parts]
    if not items or all(i["type"] == "Silence" for i in items):
        raise ValueError("an APLA document needs something to play besides silence")
    return {
        "type": "APLA",
        "version": APLA_VERSION,
        "mainTemplate": {
            "parameters": ["payload"],
            "item": {"type": "Sequencer", "items": items},
        },
    }


def apla(speech: Speech, *, ticks: bool = False) -> dict[str, Any]:
    """The RenderDocument directive (as JSON) that plays `speech`."""
    return {
        "type": DIRECTIVE_TYPE,
        "token": TOKEN,
        "document": apla_document(speech, ticks=ticks),
        "datasources": {"payload": {}},
    }


def audio_sources(speech: Speech, *, ticks: bool = False) -> set[str]:
    """The distinct audio files the document plays (Alexa allows 15)."""
    names = {p.cue for p in speech.parts if isinstance(p, Beat) and p.cue}
    if ticks and any(isinstance(p, Beat) and p.tempo and not p.cue for p in speech.parts):
        names.add(TICK.name)
    return {CUES[n].source for n in names}
