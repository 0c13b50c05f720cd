#!/usr/bin/env python3
"""Generate and check every locale's interaction model from one source.

    python -m legcoach_dev.models generate   write interaction_models/<locale>.json
    python -m legcoach_dev.models check      exit 1, one line per problem, if anything is wrong
    python -m legcoach_dev.models size       each locale's size against Alexa's limits

Source (interaction_models/source/):

- ``model.toml``: ``invocation_name``, ``locales``, optional ``[[types]]`` (``name``,
  ``values = [{ value, id?, synonyms = [] }]``) and ``[regional."en-GB"]`` tables with
  ``replace = { "word" = "regional word" }``. Optional there too: ``invocation_name`` (a
  locale-specific name) and ``keep_original`` (default true, see below).
- ``intents/*.toml`` (files in name order, intents in file order): ``[[intent]]`` tables with
  ``name``, optional ``slots = [{ name, type, samples? }]``, ``samples = [...]`` and
  ``[intent.regional."en-GB"] samples = [...]`` extra samples for one locale.
- ``types/*.toml`` (optional): more ``[[types]]`` tables, same shape as in model.toml.

Regional replacement: each ``replace`` key is matched as a whole word (or whole phrase),
case-insensitively, outside ``{slot}`` placeholders, all keys at once (no chaining). The
regional form is *added right after* the original sample, because most users in that locale
understand and say both ("sneakers" and "trainers"); set ``keep_original = false`` in the
locale's table to replace instead. Intent-level regional samples come after the common ones.
Samples are whitespace-collapsed and deduplicated case-insensitively, the first one kept.

Samples and example phrases are read by `legcoach_dev.utterances`, the same code the local NLU
reads typed text with: a duplicate here is a duplicate there, and an example phrase that passes
the check is one the local NLU resolves to the same request and intent.

Every check is a pure function of dicts (``validate(model, manifest, locale)``,
``check_invocation_name(name)``, ...), so tests can feed broken models directly.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from hassil.expression import Sentence

from .grammar import Grammar, IntentGrammar, parse, sample_intent
from .utterances import (
    LAUNCH_VERBS,
    ONE_SHOT_VERBS,
    Matcher,
    SlotType,
    invocation_kind,
    request_candidates,
    sample_key,
    split_invocation,
    split_wake_word,
)

ROOT = Path(__file__).resolve().parents[2]
MODELS_DIR = "interaction_models"
SOURCE_DIR = f"{MODELS_DIR}/source"
MANIFEST = "skill/skill.json"

REQUIRED_BUILTINS = (
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.CancelIntent",
    "AMAZON.FallbackIntent",
    "AMAZON.NavigateHomeIntent",
)
# Words that start a skill (Amazon's launch phrases) and so cannot be in its name.
LAUNCH_WORDS = frozenset(
    {
        "ask",
        "begin",
        "enable",
        "launch",
        "load",
        "open",
        "play",
        "resume",
        "run",
        "start",
        "talk",
        "tell",
        "use",
    }
)
WAKE_WORDS = frozenset(
    {"alexa", "amazon", "echo", "computer", "ziggy", "skill", "skills", "app", "apps"}
)
# A two-word name cannot be an article or preposition plus one word ("the hero", "for a").
FILLER_WORDS = frozenset(
    {"a", "an", "the", "for", "to", "of", "with", "by", "from", "in", "on", "at"}
)

# Alexa's interaction-model limits (Amazon's "Interaction model limits"; where a figure could
# not be confirmed we stay well under the smallest one published), and our own budget.
MAX_INTENTS = 250
MAX_SLOTS_PER_SKILL = 250
MAX_SAMPLE_CHARS = 200
MAX_SAMPLES_PER_SKILL = 200_000
MAX_SLOT_VALUES = 50_000  # values of every custom type together, synonyms included
MAX_SLOT_VALUE_CHARS = 140
MAX_TYPE_SYNONYMS = 100  # per value
MAX_MODEL_BYTES = 1_500_000  # the JSON of one locale's model
SAMPLES_PER_INTENT = 400  # our budget: diverse samples beat near-copies
MAX_SAMPLES_PER_INTENT = 2_000  # the most any intent may take with its own `budget`

SLOT_RE = re.compile(r"\{([^{}]*)\}")
SLOT_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
INTENT_NAME_RE = re.compile(r"^(AMAZON\.)?[A-Za-z][A-Za-z_]*$")
# Periods are allowed in abbreviations only: dotted letters (a.m., u.s.) or a title (dr.).
ABBREVIATION_RE = re.compile(
    r"^(?:(?:[^\W\d_]\.)+|(?:mr|mrs|ms|dr|st|jr|sr|vs|mt|ft|approx)\.)$", re.IGNORECASE
)


# --------------------------------------------------------------------------- source -> model


class SourceError(Exception):
    """The source files cannot be read into a model (one message per problem)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def collapse(text: str) -> str:
    return " ".join(text.split())


def _read_toml(path: Path, root: Path, problems: list[str]) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        problems.append(f"{_rel(path, root)}: missing")
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{_rel(path, root)}: invalid TOML: {exc}")
    return {}


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def load_source(root: Path = ROOT) -> dict[str, Any]:
    """Read model.toml, intents/*.toml and types/*.toml into one plain dict.

    Returns ``{"invocation_name", "locales", "types", "regional", "intents"}``; raises
    SourceError listing every unreadable or malformed piece.
    """
    problems: list[str] = []
    source = root / SOURCE_DIR
    top = _read_toml(source / "model.toml", root, problems)
    types: list[dict[str, Any]] = list(top.get("types", []))
    for path in sorted((source / "types").glob("*.toml")):
        data = _read_toml(path, root, problems)
        types.extend(data.get("types", []))
        types.extend(data.get("type", []))
    intents: list[dict[str, Any]] = []
    intent_files = sorted((source / "intents").glob("*.toml"))
    if not intent_files:
        problems.append(f"{SOURCE_DIR}/intents/: no *.toml files")
    for path in intent_files:
        data = _read_toml(path, root, problems)
        for i, intent in enumerate(data.get("intent", [])):
            where = f"{_rel(path, root)}: intent #{i + 1}"
            if not isinstance(intent.get("name"), str):
                problems.append(f"{where}: missing name")
                continue
            if not isinstance(intent.get("samples", []), list):
                problems.append(f"{where} ({intent['name']}): samples must be a list")
                continue
            intents.append(intent)
    if top:
        if not isinstance(top.get("invocation_name"), str):
            problems.append(f"{SOURCE_DIR}/model.toml: invocation_name missing")
        if not isinstance(top.get("locales"), list) or not top.get("locales"):
            problems.append(f"{SOURCE_DIR}/model.toml: locales missing or empty")
    if problems:
        raise SourceError(problems)
    return {
        "invocation_name": top["invocation_name"],
        "locales": list(top["locales"]),
        "types": types,
        "regional": dict(top.get("regional", {})),
        "rules": dict(top.get("rules", {})),
        "intents": intents,
    }


def grammar(source: Mapping[str, Any], locale: str) -> Grammar:
    """hassil's matcher over one locale's templates (the local NLU's and the checker's ears)."""
    regional = source.get("regional", {})
    types = {t["name"]: SlotType.from_json(_type_json(t)).phrases for t in source.get("types", [])}
    intents = [
        IntentGrammar(
            intent["name"],
            {s["name"]: s["type"] for s in intent.get("slots", [])},
            tuple(locale_samples(intent, locale, regional)),
        )
        for intent in source["intents"]
    ]
    return Grammar(intents, types, source.get("rules", {}))


def dedupe(samples: Iterable[str]) -> list[str]:
    """Collapse whitespace, drop empties and case-insensitive repeats (the first one wins)."""
    seen: set[str] = set()
    out: list[str] = []
    for sample in samples:
        text = collapse(sample)
        key = text.lower()
        if text and key not in seen:
            seen.add(key)
            out.append(text)
    return out


def apply_replacements(sample: str, replace: Mapping[str, str]) -> str:
    """Replace whole words/phrases (case-insensitive) outside {slot} placeholders."""
    if not replace:
        return sample
    keys = sorted(replace, key=len, reverse=True)
    lookup = {collapse(k).lower(): v for k, v in replace.items()}
    pattern = re.compile(
        r"(?<![\w'])(?:"
        + "|".join(r"\s+".join(map(re.escape, k.split())) for k in keys)
        + r")(?![\w'])",
        re.IGNORECASE,
    )
    parts = re.split(r"(\{[^{}]*\}|<[^<>]*>)", sample)  # slots and rule names stay
    return "".join(
        part
        if part.startswith(("{", "<"))
        else pattern.sub(lambda m: lookup[collapse(m.group(0)).lower()], part)
        for part in parts
    )


def locale_samples(intent: Mapping[str, Any], locale: str, regional: Mapping[str, Any]) -> list:
    settings = regional.get(locale, {})
    replace = settings.get("replace", {})
    keep_original = settings.get("keep_original", True)
    samples: list[str] = []
    for sample in intent.get("samples", []):
        regional_form = apply_replacements(sample, replace)
        if keep_original or regional_form == sample:
            samples.append(sample)
        if regional_form != sample:
            samples.append(regional_form)
    samples.extend(intent.get("regional", {}).get(locale, {}).get("samples", []))
    return dedupe(samples)


def _type_json(type_: Mapping[str, Any]) -> dict[str, Any]:
    values = []
    for value in type_.get("values", []):
        if isinstance(value, str):
            value = {"value": value}
        entry: dict[str, Any] = {}
        if value.get("id"):
            entry["id"] = value["id"]
        name: dict[str, Any] = {"value": value["value"]}
        if value.get("synonyms"):
            name["synonyms"] = dedupe(value["synonyms"])
        entry["name"] = name
        values.append(entry)
    return {"name": type_["name"], "values": values}


def _rules(source: Mapping[str, Any]) -> dict[str, Sentence]:
    return {name: parse(body) for name, body in source.get("rules", {}).items()}


def build_model(source: Mapping[str, Any], locale: str) -> dict[str, Any]:
    """The ASK interaction model of one locale, as a dict: each intent's samples generated from
    its templates (the locale's own forms included), within the per-intent budget."""
    regional = source.get("regional", {})
    invocation = regional.get(locale, {}).get("invocation_name", source["invocation_name"])
    rules = _rules(source)
    intents = []
    for intent in source["intents"]:
        entry: dict[str, Any] = {"name": intent["name"]}
        if intent.get("slots"):
            entry["slots"] = [
                {k: slot[k] for k in ("name", "type", "samples") if k in slot}
                for slot in intent["slots"]
            ]
        templates = locale_samples(intent, locale, regional)
        budget = int(intent.get("budget", SAMPLES_PER_INTENT))
        entry["samples"] = dedupe(sample_intent(intent["name"], templates, rules, budget))
        intents.append(entry)
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": invocation,
                "intents": intents,
                "types": [_type_json(t) for t in source.get("types", [])],
            }
        }
    }


def render(model: Mapping[str, Any]) -> str:
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def model_path(root: Path, locale: str) -> Path:
    return root / MODELS_DIR / f"{locale}.json"


def generate(root: Path = ROOT) -> list[Path]:
    source = load_source(root)
    written = []
    for locale in source["locales"]:
        path = model_path(root, locale)
        path.write_text(render(build_model(source, locale)), encoding="utf-8")
        written.append(path)
    return written


# --------------------------------------------------------------------------- checks (pure)


def check_invocation_name(name: str) -> list[str]:
    problems = []
    if re.search(r"\d", name):
        problems.append(f"invocation name {name!r}: spell numbers out ('two', not '2')")
    elif not re.fullmatch(r"[a-z ]+", name):
        problems.append(f"invocation name {name!r}: only lower-case letters and spaces allowed")
    if name != collapse(name):
        problems.append(f"invocation name {name!r}: leading, trailing or double spaces")
    words = name.split()
    if len(words) < 2:
        problems.append(f"invocation name {name!r}: needs at least two words")
    if len(words) == 2 and any(w in FILLER_WORDS for w in words):
        problems.append(
            f"invocation name {name!r}: a two-word name cannot use an article or preposition"
        )
    for word in words:
        if word in LAUNCH_WORDS:
            problems.append(f"invocation name {name!r}: contains the launch word {word!r}")
        if word in WAKE_WORDS:
            problems.append(f"invocation name {name!r}: contains the wake word {word!r}")
    return problems


def check_sample_text(sample: str) -> str | None:
    """Why Alexa would reject this sample's characters, or None if it is fine."""
    if re.search(r"\d", sample):
        return "digits (spell numbers out)"
    if sample.count("{") != sample.count("}") or re.search(r"\{[^}]*\{|\}[^{]*\}", sample):
        return "unbalanced {slot} braces"
    for slot in SLOT_RE.findall(sample):
        if not SLOT_NAME_RE.match(slot):
            return f"bad slot placeholder {{{slot}}}"
    if "}{" in sample:
        return "two slots with nothing between them"
    text = SLOT_RE.sub(" ", sample)
    if "’" in text:
        return "typographic apostrophe (use ')"
    for token in text.split():
        if "." in token and not ABBREVIATION_RE.match(token.strip("'")):
            return f"period outside an abbreviation in {token!r}"
        bad = sorted({c for c in token if not (c.isalpha() or c in "'.")})
        if bad:
            return "characters Alexa rejects: " + " ".join(repr(c) for c in bad)
    return None


def _intents(model: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return model.get("interactionModel", {}).get("languageModel", {}).get("intents", [])


def _language_model(model: Mapping[str, Any]) -> Mapping[str, Any]:
    return model.get("interactionModel", {}).get("languageModel", {})


def check_intents(model: Mapping[str, Any]) -> list[str]:
    """Names, built-ins, slots and sample text of every intent."""
    problems: list[str] = []
    lm = _language_model(model)
    declared_types = {t.get("name") for t in lm.get("types", [])}
    names = [i.get("name", "") for i in _intents(model)]
    for required in REQUIRED_BUILTINS:
        if required not in names:
            problems.append(f"missing required built-in intent {required}")
    seen_names: set[str] = set()
    for intent in _intents(model):
        name = intent.get("name", "")
        if name in seen_names:
            problems.append(f"intent {name}: declared twice")
        seen_names.add(name)
        if not INTENT_NAME_RE.match(name):
            problems.append(f"intent {name!r}: names are letters and underscores only")
        samples = intent.get("samples", [])
        if not name.startswith("AMAZON.") and not samples:
            problems.append(f"intent {name}: a custom intent needs at least one sample")
        slots = intent.get("slots", [])
        slot_names = [s.get("name", "") for s in slots]
        for dup in sorted({s for s in slot_names if slot_names.count(s) > 1}):
            problems.append(f"intent {name}: slot {{{dup}}} declared twice")
        for slot in slots:
            slot_type = slot.get("type", "")
            if not slot_type.startswith("AMAZON.") and slot_type not in declared_types:
                problems.append(
                    f"intent {name}: slot {{{slot.get('name')}}} has undeclared type {slot_type!r}"
                )
        used: set[str] = set()
        for sample in samples:
            reason = check_sample_text(sample)
            if reason:
                problems.append(f"intent {name}: sample {sample!r}: {reason}")
            for slot in SLOT_RE.findall(sample):
                used.add(slot)
                if slot not in slot_names:
                    problems.append(
                        f"intent {name}: sample {sample!r} uses undeclared slot {{{slot}}}"
                    )
        for slot in slot_names:
            if slot not in used:
                problems.append(f"intent {name}: slot {{{slot}}} declared but used in no sample")
    return problems


def check_duplicate_samples(model: Mapping[str, Any]) -> list[str]:
    """A sample (after normalisation) in two intents, or twice in one."""
    problems: list[str] = []
    owner: dict[str, tuple[str, str]] = {}
    for intent in _intents(model):
        name = intent.get("name", "")
        slot_types = {s.get("name", ""): s.get("type", "") for s in intent.get("slots", [])}
        for sample in intent.get("samples", []):
            key = sample_key(sample, slot_types)
            if key in owner:
                other, first = owner[key]
                if other == name:
                    problems.append(f"intent {name}: sample {sample!r} repeated")
                else:
                    problems.append(f"sample {sample!r} in {name} duplicates {first!r} in {other}")
            else:
                owner[key] = (name, sample)
    return problems


def read_example_phrase(phrase: str, model: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(why the example phrase does not work with this model or None, what it starts:
    "LaunchRequest" or the intent its request matches word for word).

    Read with `legcoach_dev.utterances`, as the local NLU reads it.
    """
    invocation = _language_model(model).get("invocationName", "")
    addressed, text = split_wake_word(phrase)
    verb = text.partition(" ")[0]
    if not addressed or not verb:
        return "must start with 'Alexa, <verb> <invocation name>'", None
    split = split_invocation(text, invocation)
    if split is None:
        return f"does not name the invocation name {invocation!r} after {verb!r}", None
    verb, request = split
    kind = invocation_kind(verb)
    if kind == "launch":
        if request:
            return f"'{verb} {invocation}' launches the skill: nothing may follow it", None
        return None, "LaunchRequest"
    if kind is None:
        verbs = "/".join(LAUNCH_VERBS[:3]) + ", or " + "/".join(ONE_SHOT_VERBS)
        return f"unsupported verb {verb!r} (use {verbs})", None
    if not request:
        return f"'{verb} {invocation}' needs an utterance after it", None
    matcher = Matcher(model)
    for candidate in request_candidates(verb, request):
        found = matcher.match(candidate)
        if found is not None:
            return None, found.intent
    return f"no sample matches {request!r}", None


def match_example_phrase(phrase: str, model: Mapping[str, Any]) -> str | None:
    """Why an example phrase does not work with this model, or None if it does."""
    return read_example_phrase(phrase, model)[0]


def check_example_phrases(
    model: Mapping[str, Any], manifest: Mapping[str, Any], locale: str
) -> list[str]:
    locales = manifest.get("manifest", {}).get("publishingInformation", {}).get("locales", {})
    if locale not in locales:
        return [f"skill.json has no publishingInformation.locales.{locale}"]
    phrases = locales[locale].get("examplePhrases", [])
    problems = []
    if not 1 <= len(phrases) <= 3:
        problems.append(f"skill.json {locale}: needs 1 to 3 examplePhrases, has {len(phrases)}")
    for phrase in phrases:
        reason = match_example_phrase(phrase, model)
        if reason:
            problems.append(f"skill.json {locale}: example phrase {phrase!r}: {reason}")
    return problems


def model_size(model: Mapping[str, Any]) -> dict[str, int]:
    """The figures Alexa's limits are about."""
    lm = _language_model(model)
    intents = _intents(model)
    values = [v for t in lm.get("types", []) for v in t.get("values", [])]
    return {
        "intents": len(intents),
        "slots": sum(len(i.get("slots", [])) for i in intents),
        "samples": sum(len(i.get("samples", [])) for i in intents),
        "most_samples": max((len(i.get("samples", [])) for i in intents), default=0),
        "slot_values": sum(1 + len(v.get("name", {}).get("synonyms", [])) for v in values),
        "bytes": len(render(model).encode("utf-8")),
    }


def check_limits(model: Mapping[str, Any]) -> list[str]:
    """Alexa's interaction-model limits: counts, lengths and the model's size."""
    problems: list[str] = []
    size = model_size(model)
    if size["intents"] > MAX_INTENTS:
        problems.append(f"{size['intents']} intents (Alexa allows {MAX_INTENTS})")
    if size["slots"] > MAX_SLOTS_PER_SKILL:
        problems.append(f"{size['slots']} slots (Alexa allows {MAX_SLOTS_PER_SKILL})")
    if size["samples"] > MAX_SAMPLES_PER_SKILL:
        problems.append(f"{size['samples']} samples (Alexa allows {MAX_SAMPLES_PER_SKILL})")
    if size["slot_values"] > MAX_SLOT_VALUES:
        problems.append(f"{size['slot_values']} slot values (Alexa allows {MAX_SLOT_VALUES})")
    if size["bytes"] > MAX_MODEL_BYTES:
        problems.append(f"model is {size['bytes']} bytes (Alexa allows {MAX_MODEL_BYTES})")
    for intent in _intents(model):
        samples = intent.get("samples", [])
        if len(samples) > MAX_SAMPLES_PER_INTENT:
            problems.append(
                f"intent {intent.get('name')}: {len(samples)} samples "
                f"(at most {MAX_SAMPLES_PER_INTENT})"
            )
        for sample in samples:
            if len(sample) > MAX_SAMPLE_CHARS:
                problems.append(
                    f"intent {intent.get('name')}: sample {sample[:40]!r}... is longer than "
                    f"{MAX_SAMPLE_CHARS} characters"
                )
    for type_ in _language_model(model).get("types", []):
        for value in type_.get("values", []):
            name = value.get("name", {})
            for text in [name.get("value", ""), *name.get("synonyms", [])]:
                if len(text) > MAX_SLOT_VALUE_CHARS:
                    problems.append(f"type {type_.get('name')}: value {text[:40]!r} too long")
            if len(name.get("synonyms", [])) > MAX_TYPE_SYNONYMS:
                problems.append(
                    f"type {type_.get('name')}: {name.get('value')!r} has too many synonyms"
                )
    return problems


def validate(
    model: Mapping[str, Any], manifest: Mapping[str, Any] | None, locale: str
) -> list[str]:
    """Every problem of one locale's model (and its manifest entry, when given)."""
    problems = [
        *check_invocation_name(_language_model(model).get("invocationName", "")),
        *check_intents(model),
        *check_duplicate_samples(model),
        *check_limits(model),
    ]
    if manifest is not None:
        problems += check_example_phrases(model, manifest, locale)
    return problems


# --------------------------------------------------------------------------- template conflicts

# A stand-in value per built-in slot type, to say a sample aloud.
_SPOKEN = {
    "AMAZON.NUMBER": "twelve",
    "AMAZON.FOUR_DIGIT_NUMBER": "twelve",
    "AMAZON.DURATION": "two minutes",
    "AMAZON.Ordinal": "third",
    "AMAZON.TIME": "seven pm",
}


def spoken(sample: str, slots: Mapping[str, str], types: Mapping[str, Any]) -> str | None:
    """The sample said with a value in each slot (a custom type's first value), or None."""

    def fill(m: re.Match[str]) -> str:
        slot_type = slots.get(m.group(1), "")
        if slot_type in _SPOKEN:
            return _SPOKEN[slot_type]
        phrases = types.get(slot_type)
        if phrases:
            return next(iter(phrases))
        raise KeyError(slot_type)

    try:
        return collapse(SLOT_RE.sub(fill, sample)).lower()
    except KeyError:
        return None


def check_template_conflicts(
    source: Mapping[str, Any],
    locale: str,
    model: Mapping[str, Any],
    skip: Mapping[str, set[str]] | None = None,
) -> list[str]:
    """Like Alexa's utterance-conflict check, with the templates: a sample of one intent (its
    slots filled with a listed value) that another intent's templates hear word for word.
    `skip`: samples per intent already checked (another locale's, the same words)."""
    heard_by = grammar(source, locale)
    problems: list[str] = []
    for intent in _intents(model):
        name = intent.get("name", "")
        slots = {s.get("name", ""): s.get("type", "") for s in intent.get("slots", [])}
        done = (skip or {}).get(name, set())
        for sample in intent.get("samples", []):
            if sample in done:
                continue
            text = spoken(sample, slots, heard_by.types)
            if text is None:
                continue
            others = sorted({h.intent for h in heard_by.hear_all(text, skip=False)} - {name})
            if others:
                problems.append(
                    f"sample {sample!r} of {name} is heard by the templates of {', '.join(others)}"
                )
    return problems


# --------------------------------------------------------------------------- repository check


def check(root: Path = ROOT) -> list[str]:
    """Every problem in the repository: source, drift, each locale's model, the manifest."""
    try:
        source = load_source(root)
    except SourceError as exc:
        return exc.problems
    problems: list[str] = []
    manifest_path = root / MANIFEST
    manifest: dict[str, Any] | None = None
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(f"{MANIFEST}: missing (example phrases cannot be checked)")
    except json.JSONDecodeError as exc:
        problems.append(f"{MANIFEST}: invalid JSON: {exc}")
    locales = source["locales"]
    checked: dict[str, set[str]] = {}
    for locale in locales:
        model = build_model(source, locale)
        path = model_path(root, locale)
        rel = _rel(path, root)
        if not path.exists():
            problems.append(f"{rel}: missing (run: python -m legcoach_dev.models generate)")
        elif path.read_text(encoding="utf-8") != render(model):
            problems.append(
                f"{rel}: differs from the source (run: python -m legcoach_dev.models generate)"
            )
        problems += [f"{locale}: {p}" for p in validate(model, manifest, locale)]
        # The first locale is checked whole; the others only for the samples it lacks.
        problems += [
            f"{locale}: {p}" for p in check_template_conflicts(source, locale, model, checked)
        ]
        if not checked:
            checked = {i["name"]: set(i.get("samples", [])) for i in _intents(model)}
    for path in sorted((root / MODELS_DIR).glob("*.json")):
        if path.stem not in locales:
            problems.append(f"{_rel(path, root)}: not a locale in model.toml (delete it)")
    if manifest is not None:
        listed = manifest.get("manifest", {}).get("publishingInformation", {}).get("locales", {})
        for extra in sorted(set(listed) - set(locales)):
            problems.append(f"{MANIFEST}: locale {extra} has no interaction model")
    return problems


# --------------------------------------------------------------------------- NLU evaluation


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["generate", "check", "size"])
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root")
    args = parser.parse_args(argv)
    if args.command == "size":
        source = load_source(args.root)
        for locale in source["locales"]:
            size = model_size(build_model(source, locale))
            print(
                f"{locale}: {size['intents']}/{MAX_INTENTS} intents, {size['slots']} slots, "
                f"{size['samples']} samples (most in one intent {size['most_samples']}, "
                f"budget {SAMPLES_PER_INTENT}), {size['slot_values']}/{MAX_SLOT_VALUES} slot "
                f"values, {size['bytes']}/{MAX_MODEL_BYTES} bytes"
            )
        return 0
    if args.command == "generate":
        try:
            written = generate(args.root)
        except SourceError as exc:
            print("\n".join(exc.problems))
            return 1
        for path in written:
            print(f"wrote {_rel(path, args.root)}")
        return 0
    problems = check(args.root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"interaction models: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("interaction models: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
