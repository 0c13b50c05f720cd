"""A skill response as a person reads it in a terminal: words, visible pauses, spoken length.

`<break time="1200ms"/>` shows as `[1.2 s]` (a chain of breaks is one figure), other tags go,
entities are unescaped. The spoken length is the pauses plus
`legcoach.speech.ssml.estimate_speech_seconds` for each run of words, so for speech built with
`legcoach.speech.ssml.Speech` it equals `Speech.seconds`.

It also points out what a real Echo would refuse: SSML that is not well-formed XML (Alexa then
fails the whole response), tags Alexa does not support, breaks over 10 s, speech of 8000
characters or more, a session left open without a reprompt.

An APL for Audio response (an `Alexa.Presentation.APLA.RenderDocument` directive) shows the
same way: its timeline is laid out from the document (`apla_layout`: a Sequencer plays its
children one after another, a Mixer together, a `trimToParent` child is cut to its parent),
silences show as `[1.0 s]`, sound cues as `<whistle>`, and the length is computed from it.
"""

from __future__ import annotations

import html
import re
import shutil
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from legcoach.speech.cues import BY_SOURCE, CUES
from legcoach.speech.limits import (
    APLA_COMPONENTS,
    MAX_APLA_AUDIO_FILES,
    MAX_APLA_SECONDS,
    MAX_BREAK_MS,
    MAX_SSML_CHARS,
    SUPPORTED_SSML_TAGS,
)
from legcoach.speech.ssml import estimate_speech_seconds

APLA_DIRECTIVE = "Alexa.Presentation.APLA.RenderDocument"
# How long a sound the display cannot know plays, untrimmed (soundbank clips run 1 to 3 s).
UNKNOWN_SOUND_SECONDS = 1.0

# Approximate lengths of `<break strength="…"/>` (Alexa: medium = comma, strong = sentence,
# x-strong = paragraph); a bare `<break/>` is medium.
STRENGTH_SECONDS = {
    "none": 0.0,
    "x-weak": 0.1,
    "weak": 0.25,
    "medium": 0.4,
    "strong": 0.75,
    "x-strong": 1.0,
}
DEFAULT_WIDTH = 100
_NBSP = "\u00a0"

_TAG = re.compile(r"<(/?)\s*([A-Za-z][\w:.-]*)([^>]*?)(/?)>", re.DOTALL)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Pause:
    seconds: float


@dataclass(frozen=True)
class Words:
    text: str


@dataclass(frozen=True)
class Sound:
    name: str


Segment = Pause | Words | Sound


@dataclass
class Rendered:
    """Readable text, spoken length in seconds, and what Alexa would object to."""

    text: str
    seconds: float
    segments: list[Segment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _attrs(raw: str) -> dict[str, str]:
    return {
        m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
        for m in _ATTR.finditer(raw)
    }


def break_seconds(attrs: dict[str, str]) -> tuple[float, str | None]:
    """The length of one `<break>` and a problem with it, if any."""
    if "time" in attrs:
        match = _DURATION.match(attrs["time"])
        if match is None:
            return 0.0, f'break time="{attrs["time"]}" is not a duration (a unit is required)'
        value = float(match.group(1))
        ms = value if match.group(2).lower() == "ms" else value * 1000
        if ms > MAX_BREAK_MS:
            return ms / 1000, f'break time="{attrs["time"]}" is over Alexa\'s 10 s limit'
        return ms / 1000, None
    strength = attrs.get("strength", "medium")
    if strength not in STRENGTH_SECONDS:
        return 0.0, f'break strength="{strength}" is not a valid strength'
    return STRENGTH_SECONDS[strength], None


# Tags that start a new sentence or paragraph: their edges separate words.
_BLOCK_TAGS = frozenset({"speak", "p", "s"})


def _flush(segments: list[Segment], buffer: list[str]) -> None:
    text = " ".join("".join(buffer).split())
    buffer.clear()
    if not text:
        return
    if segments and isinstance(segments[-1], Words):
        segments[-1] = Words(f"{segments[-1].text} {text}")
    else:
        segments.append(Words(text))


def _add_pause(segments: list[Segment], seconds: float) -> None:
    if segments and isinstance(segments[-1], Pause):
        segments[-1] = Pause(segments[-1].seconds + seconds)
    else:
        segments.append(Pause(seconds))


def ssml_segments(ssml: str) -> tuple[list[Segment], list[str]]:
    """Split SSML into runs of words and (merged) pauses; also return tag problems found."""
    segments: list[Segment] = []
    problems: list[str] = []
    buffer: list[str] = []  # the words since the last pause, unescaped
    pos = 0
    skip_until: str | None = None  # inside <sub alias="…">: the alias is what is spoken
    for match in _TAG.finditer(ssml):
        closing, name, raw_attrs = match.group(1), match.group(2), match.group(3)
        if skip_until is None:
            buffer.append(html.unescape(ssml[pos : match.start()]))
        pos = match.end()
        if skip_until is not None:
            if closing and name == skip_until:
                skip_until = None
            continue
        if name not in SUPPORTED_SSML_TAGS:
            problems.append(f"<{name}> is not an SSML tag Alexa supports")
        if name in _BLOCK_TAGS:
            buffer.append(" ")
        if closing:
            continue
        attrs = {k: html.unescape(v) for k, v in _attrs(raw_attrs).items()}
        if name == "break":
            seconds, problem = break_seconds(attrs)
            if problem:
                problems.append(problem)
            _flush(segments, buffer)
            _add_pause(segments, seconds)
        elif name == "sub" and "alias" in attrs:
            buffer.append(attrs["alias"])
            if not match.group(4):
                skip_until = "sub"
        elif name == "audio":
            _flush(segments, buffer)
            cue = BY_SOURCE.get(attrs.get("src", ""))
            segments.append(Sound(cue.name if cue else "audio"))
    if skip_until is None:
        buffer.append(html.unescape(ssml[pos:]))
    _flush(segments, buffer)
    return segments, problems


def _xml_problem(ssml: str) -> str | None:
    # Alexa takes <amazon:effect> without a namespace declaration; XML would not.
    ssml = re.sub(r"<(/?)amazon:", r"<\1amazon-", ssml)
    try:
        root = ET.fromstring(ssml)
    except ET.ParseError as exc:
        return f"SSML is not well-formed XML ({exc}): Alexa would reject the whole response"
    if root.tag != "speak":
        return "SSML must be wrapped in <speak>…</speak>"
    return None


def _pause_label(seconds: float) -> str:
    return f"[{seconds:.1f} s]"


def render_ssml(ssml: str) -> Rendered:
    """Readable text with inline pauses, the spoken length, and problems Alexa would have."""
    segments, problems = ssml_segments(ssml)
    if xml_problem := _xml_problem(ssml.strip()):
        problems.insert(0, xml_problem)
    if len(ssml) >= MAX_SSML_CHARS:
        problems.append(f"speech is {len(ssml)} characters: Alexa's limit is under 8000")
    seconds = 0.0
    parts: list[str] = []
    for segment in segments:
        if isinstance(segment, Pause):
            seconds += segment.seconds
            parts.append(_pause_label(segment.seconds))
        elif isinstance(segment, Sound):
            cue = CUES.get(segment.name)
            seconds += cue.seconds if cue else UNKNOWN_SOUND_SECONDS
            parts.append(f"<{segment.name}>")
        else:
            seconds += estimate_speech_seconds(segment.text)
            parts.append(segment.text)
    return Rendered(" ".join(parts), round(seconds, 3), segments, problems)


def render_speech(output_speech: dict[str, Any] | None) -> Rendered:
    """An `outputSpeech` object (SSML or PlainText) as readable text."""
    if not output_speech:
        return Rendered("", 0.0)
    if output_speech.get("type") == "PlainText" or "ssml" not in output_speech:
        text = output_speech.get("text") or ""
        return Rendered(text, estimate_speech_seconds(text), [Words(text)] if text else [])
    return render_ssml(output_speech.get("ssml") or "")


@dataclass(frozen=True)
class Placed:
    """One sound in an APLA timeline: when it starts and how long it plays (after trimming)."""

    start: float
    length: float
    component: dict[str, Any]

    @property
    def end(self) -> float:
        return self.start + self.length


def apla_layout(
    component: dict[str, Any], length_of: Callable[[dict[str, Any]], float], start: float = 0.0
) -> tuple[float, list[Placed]]:
    """Where each Speech and Audio of `component` plays, and how long `component` lasts.

    `length_of(leaf)` is a Speech's or Audio's natural length (an estimate, or a real clip's).
    """
    kind = component.get("type")
    if kind == "Silence":
        return float(component.get("duration", 0)) / 1000, []
    if kind in ("Speech", "Audio"):
        length = length_of(component)
        return length, [Placed(start, length, component)]
    children = component.get("items", component.get("item", []))
    children = [children] if isinstance(children, dict) else list(children)
    if kind == "Selector":
        children = children[:1]
    if kind == "Mixer":
        placed: list[Placed] = []
        natural = [c for c in children if c.get("duration") != "trimToParent"]
        lengths = []
        for child in natural:
            length, events = apla_layout(child, length_of, start)
            lengths.append(length)
            placed += events
        total = max(lengths, default=0.0)
        end = start + total
        for child in children:
            if child.get("duration") == "trimToParent":
                _, events = apla_layout(child, length_of, start)
                placed += [
                    Placed(e.start, min(e.end, end) - e.start, e.component)
                    for e in events
                    if e.start < end - 1e-9
                ]
        return total, placed
    now, placed = start, []
    for child in children:  # Sequencer (and a mainTemplate's item)
        length, events = apla_layout(child, length_of, now)
        placed += events
        now += length
    return now - start, placed


def apla_document(response: dict[str, Any]) -> dict[str, Any] | None:
    """The APLA document a response envelope carries, if any."""
    body = response.get("response") if "response" in response else response
    for directive in (body or {}).get("directives") or []:
        if isinstance(directive, dict) and directive.get("type") == APLA_DIRECTIVE:
            return directive.get("document")
    return None


def _root(document: dict[str, Any]) -> dict[str, Any]:
    template = document.get("mainTemplate") or {}
    item = template.get("item", template.get("items", []))
    return item[0] if isinstance(item, list) and item else item or {"type": "Sequencer"}


def _estimated_length(leaf: dict[str, Any]) -> float:
    if leaf.get("type") == "Audio":
        cue = BY_SOURCE.get(str(leaf.get("source")))
        return cue.seconds if cue else UNKNOWN_SOUND_SECONDS
    content = str(leaf.get("content", ""))
    if leaf.get("contentType") == "SSML":
        return render_ssml(content).seconds
    return estimate_speech_seconds(content)


def _leaf_segment(leaf: dict[str, Any]) -> Segment:
    if leaf.get("type") == "Audio":
        cue = BY_SOURCE.get(str(leaf.get("source")))
        return Sound(cue.name if cue else "sound")
    content = str(leaf.get("content", ""))
    if leaf.get("contentType") == "SSML":
        return Words(render_ssml(content).text)
    return Words(" ".join(content.split()))


def _apla_problems(component: Any, problems: list[str], sources: set[str]) -> None:
    if not isinstance(component, dict) or component.get("type") not in APLA_COMPONENTS:
        kind = component.get("type") if isinstance(component, dict) else component
        problems.append(f"APLA: {kind!r} is not an APL for Audio component")
        return
    kind = component["type"]
    if kind == "Silence" and not isinstance(component.get("duration"), int):
        problems.append("APLA: a Silence needs an integer duration in ms")
    if kind == "Audio":
        source = str(component.get("source", ""))
        sources.add(source)
        if not source.startswith(("https://", "soundbank://soundlibrary/")):
            problems.append(f"APLA: audio source {source!r} is neither https nor the soundbank")
    if kind == "Speech" and component.get("contentType") == "SSML":
        problems += [f"APLA speech: {p}" for p in render_ssml(str(component["content"])).problems]
    children = component.get("items", component.get("item", []))
    for child in [children] if isinstance(children, dict) else children:
        _apla_problems(child, problems, sources)


def render_apla(document: dict[str, Any]) -> Rendered:
    """An APLA document as readable text: words, `[1.0 s]` silences, `<whistle>` cues."""
    problems: list[str] = []
    sources: set[str] = set()
    root = _root(document)
    _apla_problems(root, problems, sources)
    if problems:
        return Rendered("", 0.0, [], problems)
    total, placed = apla_layout(root, _estimated_length)
    segments: list[Segment] = []
    now = 0.0
    for event in sorted(placed, key=lambda e: e.start):
        if event.start - now >= 0.05:
            _add_pause(segments, event.start - now)
        segments.append(_leaf_segment(event.component))
        now = max(now, event.end)
    if total - now >= 0.05:
        _add_pause(segments, total - now)
    if total > MAX_APLA_SECONDS:
        problems.append(f"APLA audio of {total:.1f} s: Alexa's limit is {MAX_APLA_SECONDS:.0f} s")
    if len(sources) > MAX_APLA_AUDIO_FILES:
        problems.append(f"APLA plays {len(sources)} audio files: Alexa's limit is 15")
    parts = []
    for segment in segments:
        if isinstance(segment, Pause):
            parts.append(_pause_label(segment.seconds))
        elif isinstance(segment, Sound):
            parts.append(f"<{segment.name}>")
        else:
            parts.append(segment.text)
    return Rendered(" ".join(parts), round(total, 3), segments, problems)


def speech_seconds(ssml: str) -> float:
    """How long Alexa takes to say `ssml`: its pauses plus the estimate for its words."""
    return render_ssml(ssml).seconds


def _wrap(label: str, text: str, width: int, indent: str) -> str:
    """`label` then `text`, wrapped to `width`, never splitting a pause marker."""
    protected = re.sub(r"\[(\d+\.\d) s\]", rf"[\1{_NBSP}s]", text)
    wrapped = textwrap.fill(
        protected,
        width=width,
        initial_indent=label,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return wrapped.replace(_NBSP, " ")


def terminal_width() -> int:
    return min(shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns, DEFAULT_WIDTH)


def response_problems(response: dict[str, Any]) -> tuple[list[str], list[str]]:
    """What is wrong with a response envelope: (errors Alexa rejects, warnings).

    Errors make a real Echo say "There was a problem with the requested skill's response":
    malformed or unsupported SSML, breaks over 10 s, speech of 8000 characters or more.
    Warnings are what certification objects to, like an open session without a reprompt.
    """
    body = response.get("response")
    if not isinstance(body, dict):
        return ["the envelope has no 'response' object"], []
    errors: list[str] = []
    warnings: list[str] = []
    speech = body.get("outputSpeech")
    reprompt = (body.get("reprompt") or {}).get("outputSpeech")
    for label, output in (("speech", speech), ("reprompt", reprompt)):
        if output and output.get("type", "SSML") == "SSML":
            errors += [f"{label}: {p}" for p in render_ssml(output.get("ssml") or "").problems]
    document = apla_document(response)
    if document is not None:
        errors += render_apla(document).problems
    if body.get("shouldEndSession") is False and not reprompt:
        warnings.append("the session stays open but there is no reprompt")
    if body.get("shouldEndSession") is False and not speech and document is None:
        warnings.append("the session stays open but nothing was said")
    return errors, warnings


def format_response(response: dict[str, Any], *, width: int | None = None) -> str:
    """The lines the chat prints for one response envelope.

    `Alexa (62.4 s): Rest, forty seconds [1.2 s] ...`, then `  reprompt: …`, directives, and
    `  [session ends]` when the session closes.
    """
    width = width or terminal_width()
    body = response.get("response") or {}
    speech = render_speech(body.get("outputSpeech"))
    lines = []
    document = apla_document(response)
    if body.get("outputSpeech"):
        lines.append(_wrap(f"Alexa ({speech.seconds:.1f} s): ", speech.text, width, "    "))
    if document is not None:
        audio = render_apla(document)
        lines.append(_wrap(f"Alexa ({audio.seconds:.1f} s, APLA): ", audio.text, width, "    "))
    if not lines:
        lines.append("Alexa: (says nothing)")
    reprompt = render_speech((body.get("reprompt") or {}).get("outputSpeech"))
    if reprompt.text:
        lines.append(_wrap("  reprompt: ", reprompt.text, width, "    "))
    directives = [d.get("type", "?") for d in body.get("directives") or []]
    if directives:
        lines.append(f"  directives: {', '.join(directives)}")
    should_end = body.get("shouldEndSession")
    if should_end is True:
        lines.append("  [session ends]")
    elif should_end is None:
        lines.append("  [session ends: shouldEndSession not set]")
    return "\n".join(lines)
