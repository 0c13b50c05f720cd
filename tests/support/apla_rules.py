"""The checker for APL for Audio documents, run on every response like the SSML rules.

Rules (see shared/ALEXA.md and speech/limits.py): the directive deserialises with ask-sdk-model;
the document is APLA of a known version; only documented component types and properties;
Speech is PlainText or well-formed SSML; Silence has an integer duration in ms; Audio plays an
https or soundbank source; filters are the documented ones; data-binding expressions are
well formed and name something bound; the audio lasts at most 240 s (computed from the
document: Silence exactly, Speech by the speech estimate, trimmed children cut to their parent);
at most 15 audio files; a document is more than silence; and every Speech cut to its slot
(`trimToParent`) fits that slot when said at 150 words a minute, by the committed table of
phrases measured with a neural voice (`legcoach_dev.phrases`): a cue longer than its beat would
be heard cut off, and a phrase never measured fails with the command that measures it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.interfaces.alexa.presentation.apla import RenderDocumentDirective
from legcoach.speech.limits import (
    APLA_BASE_PROPERTIES,
    APLA_COMPONENTS,
    APLA_FILTERS,
    MAX_APLA_AUDIO_FILES,
    MAX_APLA_SECONDS,
)
from legcoach.speech.ssml import estimate_speech_seconds
from legcoach_dev.phrases import fit_problems

DIRECTIVE = "Alexa.Presentation.APLA.RenderDocument"
VERSIONS = {"0.8", "0.9", "0.91"}
DOCUMENT_KEYS = {"type", "version", "description", "mainTemplate", "resources", "compositions"}
TEMPLATE_KEYS = {"parameters", "item", "items"}
FILTER_BASE = {"type", "description", "when"}
# A soundbank clip of unknown length that is not trimmed counts as this long (none is longer).
UNKNOWN_CLIP_SECONDS = 10.0
# Names a binding may start with besides the template's parameters.
BINDING_NAMES = {"data", "index", "length", "ordinal", "environment", "Math", "String"}
_BINDING = re.compile(r"\$\{([^{}]*)\}")
_IDENTIFIER = re.compile(r"^\s*!?\s*\(?\s*([A-Za-z_][A-Za-z0-9_]*)")
_serializer = DefaultSerializer()


# Set to a file path to list unmeasured phrases there (for `phrases measure --from`) instead
# of failing on them; overruns still fail.
UNMEASURED = os.environ.get("LEGCOACH_UNMEASURED_PHRASES")


class Stats:
    documents = 0
    longest_seconds = 0.0
    largest_bytes = 0
    most_sources = 0


@dataclass
class Checked:
    """What a document plays: its length, audio files, words in order, and size."""

    seconds: float = 0.0
    sources: set[str] = field(default_factory=set)
    audio_components: int = 0
    speech: list[str] = field(default_factory=list)
    bytes: int = 0

    @property
    def text(self) -> str:
        return " ".join(self.speech)


def _bindings(value: Any, names: set[str], where: str) -> None:
    """Every `${...}` in every string is closed, non-empty and names something bound."""
    if isinstance(value, dict):
        for key, item in value.items():
            _bindings(item, names, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _bindings(item, names, f"{where}[{i}]")
    elif isinstance(value, str) and "${" in value:
        stripped = _BINDING.sub("", value)
        assert "${" not in stripped, f"{where}: unclosed data binding in {value!r}"
        for expression in _BINDING.findall(value):
            assert expression.strip(), f"{where}: empty data binding"
            match = _IDENTIFIER.match(expression)
            if match is None:
                continue  # a literal expression: ${1 + 2}, ${'text'}
            assert match[1] in names, f"{where}: binding {expression!r} names nothing bound"


def _children(component: dict, where: str) -> list[dict]:
    items = component.get("items", component.get("item", []))
    if isinstance(items, dict):
        items = [items]
    assert isinstance(items, list), f"{where}: items must be a list"
    for item in items:
        assert isinstance(item, dict), f"{where}: a child is not a component"
    return items


def _filters(component: dict, where: str) -> list[dict]:
    filters = component.get("filters", [])
    assert isinstance(filters, list), f"{where}: filters must be a list"
    for f in filters:
        assert isinstance(f, dict) and f.get("type") in APLA_FILTERS, (
            f"{where}: unknown filter {f!r}"
        )
        extra = set(f) - FILTER_BASE - APLA_FILTERS[f["type"]]
        assert not extra, f"{where}: filter {f['type']} has unknown properties {sorted(extra)}"
    return filters


def _apply_filters(seconds: float, filters: list[dict]) -> float:
    for f in filters:
        if f["type"] == "Trim" and isinstance(f.get("end"), int):
            seconds = min(seconds, max(0, f["end"] - int(f.get("start", 0))) / 1000)
        elif f["type"] == "Repeat" and isinstance(f.get("repetitionCount"), int):
            count = f["repetitionCount"]
            seconds = MAX_APLA_SECONDS + 1 if count < 0 else seconds * (count + 1)
    return seconds


def _speech(component: dict, where: str, out: Checked) -> float:
    content = component.get("content")
    kind = component.get("contentType", "PlainText")
    assert kind in ("PlainText", "SSML"), f"{where}: contentType {kind!r}"
    assert isinstance(content, str) and content.strip(), f"{where}: Speech without content"
    if kind == "SSML":
        from support.alexa_rules import check_ssml, ssml_seconds  # the SSML rules, one place

        words = check_ssml(content, where)
        out.speech.append(words)
        return ssml_seconds(content)
    assert "<speak" not in content, f"{where}: SSML markup in PlainText speech"
    out.speech.append(" ".join(content.split()))
    return estimate_speech_seconds(content)


def _component(component: dict, where: str, out: Checked) -> float:
    """Validate one component and return how long it plays, untrimmed."""
    kind = component.get("type")
    assert kind in APLA_COMPONENTS, f"{where}: unknown component type {kind!r}"
    extra = set(component) - APLA_BASE_PROPERTIES - APLA_COMPONENTS[kind]
    assert not extra, f"{where}: {kind} has unknown properties {sorted(extra)}"
    duration = component.get("duration", "auto")
    filters = _filters(component, where)
    if kind == "Silence":
        assert isinstance(duration, int) and not isinstance(duration, bool) and duration > 0, (
            f"{where}: Silence needs a positive integer duration in ms, not {duration!r}"
        )
        return _apply_filters(duration / 1000, filters)
    assert duration in ("auto", "trimToParent"), f"{where}: duration {duration!r}"
    if kind == "Speech":
        seconds = _speech(component, where, out)
    elif kind == "Audio":
        source = component.get("source")
        assert isinstance(source, str) and (
            source.startswith("https://") or source.startswith("soundbank://soundlibrary/")
        ), f"{where}: Audio source {source!r} is neither https nor the soundbank"
        out.sources.add(source)
        out.audio_components += 1
        seconds = UNKNOWN_CLIP_SECONDS
    else:
        children = _children(component, where)
        assert children, f"{where}: {kind} without children"
        data = component.get("data")
        repeat = len(data) if isinstance(data, list) else 1
        lengths = [
            (_component(c, f"{where}.{kind}[{i}]", out), c.get("duration") == "trimToParent")
            for i, c in enumerate(children)
        ]
        if kind == "Sequencer":
            seconds = sum(s for s, trimmed in lengths if not trimmed) * repeat
        elif kind == "Mixer":
            seconds = max((s for s, trimmed in lengths if not trimmed), default=0.0)
        else:  # Selector plays one child: count the longest
            seconds = max(s for s, _ in lengths)
    return _apply_filters(seconds, filters)


def check_apla(directive: dict[str, Any], where: str = "APLA", *, fit: bool = True) -> Checked:
    """Validate one RenderDocument directive (as JSON); returns what it plays. With `fit`
    (always, but for the checker's own tests of made-up documents), every trimmed phrase must
    fit its slot at 150 words a minute."""
    assert directive.get("type") == DIRECTIVE, f"{where}: not an APLA RenderDocument"
    raw = json.dumps(directive)
    model = _serializer.deserialize(raw, "ask_sdk_model.Directive")
    assert isinstance(model, RenderDocumentDirective), f"{where}: ask-sdk-model reads {model!r}"
    document = directive.get("document")
    assert isinstance(document, dict) and document == model.document, f"{where}: no document"
    assert document.get("type") == "APLA", f"{where}: document type {document.get('type')!r}"
    assert document.get("version") in VERSIONS, f"{where}: version {document.get('version')!r}"
    extra = set(document) - DOCUMENT_KEYS
    assert not extra, f"{where}: unknown document properties {sorted(extra)}"
    assert "compositions" not in document, f"{where}: custom compositions are not checked"
    template = document.get("mainTemplate")
    assert isinstance(template, dict), f"{where}: no mainTemplate"
    assert not set(template) - TEMPLATE_KEYS, f"{where}: unknown mainTemplate properties"
    parameters = template.get("parameters", ["payload"])
    assert isinstance(parameters, list) and all(
        isinstance(p, str) and re.fullmatch(r"[A-Za-z_]\w*", p) for p in parameters
    ), f"{where}: parameters must be names"
    datasources = directive.get("datasources") or {}
    assert isinstance(datasources, dict), f"{where}: datasources must be an object"
    json.loads(raw)  # valid JSON, round trip
    _bindings(template, set(parameters) | BINDING_NAMES, f"{where}.mainTemplate")
    roots = _children(template, f"{where}.mainTemplate")
    assert roots, f"{where}: mainTemplate has no item"
    out = Checked(bytes=len(json.dumps(directive, separators=(",", ":")).encode()))
    # Several mainTemplate items: Alexa plays the first whose `when` holds; count the longest.
    out.seconds = round(max(_component(r, f"{where}.item", out) for r in roots), 3)
    assert out.speech or out.sources, f"{where}: a document of nothing but silence"
    assert out.seconds <= MAX_APLA_SECONDS, f"{where}: {out.seconds:.1f} s of audio (max 240)"
    assert len(out.sources) <= MAX_APLA_AUDIO_FILES, f"{where}: {len(out.sources)} audio files"
    if fit:
        unmeasured = Path(UNMEASURED) if UNMEASURED else None
        problems = fit_problems(document, unmeasured=unmeasured)
        assert not problems, f"{where}: words cut off by their slot:\n  " + "\n  ".join(
            problems[:5]
        )
    return out


def apla_directives(container: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [
        d
        for d in (container or {}).get("directives") or []
        if isinstance(d, dict) and d.get("type") == DIRECTIVE
    ]


def check_response_apla(response: dict[str, Any]) -> Checked | None:
    """Check the response's APLA directives (speech and reprompt); the speech one is returned."""
    found = apla_directives(response)
    assert len(found) <= 1, "more than one APLA document in one response"
    for i, directive in enumerate(apla_directives(response.get("reprompt"))):
        check_apla(directive, f"reprompt APLA {i}")
    if not found:
        return None
    out = check_apla(found[0], "APLA")
    Stats.documents += 1
    Stats.longest_seconds = max(Stats.longest_seconds, out.seconds)
    Stats.largest_bytes = max(Stats.largest_bytes, out.bytes)
    Stats.most_sources = max(Stats.most_sources, len(out.sources))
    return out
