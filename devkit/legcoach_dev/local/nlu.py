"""Typed text to an Alexa request, straight from the interaction model JSON (local use only).

This stands in for Alexa's speech recognition and intent resolution when someone types what they
would say. It reads the same `interaction_models/en-US.json` the skill ships, so a sample added
there works here at once:

- launch forms ("open leg workout", "alexa, start leg workout") give a LaunchRequest;
- one-shot forms ("ask leg workout how often should i train legs",
  "start leg workout and ...") give a new session plus the intent;
- otherwise an exact sample match whose slot values fit their slots (slots captured), or a
  built-in AMAZON phrase; then a fuzzy match (overlap of informative words, see `Nlu._fuzzy`);
  then an exact sample match whose captured words fit no slot value (a number slot sends "?",
  a custom slot ER_SUCCESS_NO_MATCH); then AMAZON.FallbackIntent.

AMAZON.NUMBER values come out like Alexa sends them: "twelve" -> "12", a mishearing -> "?".
Custom slot types get Alexa's entity-resolution block (ER_SUCCESS_MATCH / ER_SUCCESS_NO_MATCH).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

DEFAULT_SKILL_ID = "amzn1.ask.skill.local-leg-workout"
NUMBER_TYPE = "AMAZON.NUMBER"
FALLBACK_INTENT = "AMAZON.FallbackIntent"
UNRECOGNISED_NUMBER = "?"
# Weighted Dice similarity a paraphrase needs to reach to count as a sample (1.0 = the same
# words). Words weigh their inverse document frequency over every sample, filler words far less.
FUZZY_THRESHOLD = 0.6
# Filler words carry this fraction of their IDF weight, and never count as a shared topic.
STOPWORD_FACTOR = 0.5
# Words that say nothing about what is asked: sharing only these (and no filled slot) with a
# sample is no match at all ("what's the capital of france" is not "what's the point of pulses").
STOPWORDS = frozenset(
    word
    for line in (
        "a an the this that these those it it's its there here",
        "i i'm i'd i've i'll me my mine myself we we're us our you you're your yours",
        "he him his she her hers they they're them their theirs",
        "what what's which who whose whom when where why how how's",
        "is are am was were be been being do does did doing don't doesn't didn't",
        "can could would should will shall may might must have has had",
        "of to for in on at by with from into about as and or but so if then than",
        "some any just really very exactly actually please tell",
    )
    for word in line.split()
)
WAKE_WORD = "alexa"
LAUNCH_WORDS = ("open", "start", "launch", "begin", "load")
ASK_WORDS = ("ask", "tell")
# Words Alexa drops between "ask <invocation name>" and the request itself.
CONNECTORS = ("to", "for", "about", "that", "if", "whether")
# What the person can type to stay silent (blank lines are skipped in scripts).
SILENCE_MARKERS = frozenset({"", "...", "…", "(silence)", "<silence>", "[silence]", "silence()"})

# Built-in intents rarely list samples in the model, yet Alexa resolves them: these phrases
# stand in for Amazon's own training, for the intents the model declares.
BUILTIN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.HelpIntent": ("help", "help me", "what can i say", "what can i do"),
    "AMAZON.StopIntent": ("stop", "quit", "exit", "off", "shut up", "goodbye", "bye"),
    "AMAZON.CancelIntent": ("cancel", "never mind", "nevermind", "forget it"),
    "AMAZON.PauseIntent": ("pause", "hold on", "wait"),
    "AMAZON.ResumeIntent": ("resume", "continue", "keep going", "go on"),
    "AMAZON.RepeatIntent": ("repeat", "say that again", "what", "repeat that", "come again"),
    "AMAZON.NextIntent": ("next", "skip", "skip it", "next one"),
    "AMAZON.StartOverIntent": ("start over", "restart", "start again", "begin again"),
    "AMAZON.YesIntent": ("yes", "yeah", "yep", "sure", "ok", "okay", "yes please"),
    "AMAZON.NoIntent": ("no", "nope", "no thanks", "no thank you"),
    "AMAZON.NavigateHomeIntent": ("go home", "home"),
}

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NEGATIVE = ("minus", "negative")
_MAX_NUMBER_WORDS = 8

_SLOT = re.compile(r"\{([^{}]+)\}")
_DIGIT_GROUPS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_SLOT_SPLIT = re.compile(r"(\{[^{}]+\})")
_NOT_WORD = re.compile(r"[^a-z0-9'\s]+")

Kind = Literal["launch", "intent", "end"]


def normalise(text: str) -> str:
    """Lowercase, punctuation (except apostrophes inside words) to spaces, spaces collapsed."""
    text = _DIGIT_GROUPS.sub("", text.lower().replace("\u2019", "'"))
    words = (w.strip("'") for w in _NOT_WORD.sub(" ", text).split())
    return " ".join(w for w in words if w)


def parse_number(words: Sequence[str]) -> int | None:
    """English number words or digits -> int ("twenty one" -> 21, "a hundred" -> 100), else None."""
    tokens = list(words)
    sign = 1
    if tokens and tokens[0] in _NEGATIVE:
        sign, tokens = -1, tokens[1:]
    if not tokens or len(tokens) > _MAX_NUMBER_WORDS:
        return None
    if len(tokens) == 1 and tokens[0].isdigit():
        return sign * int(tokens[0])
    total = 0  # completed thousands/millions
    current = 0  # the group under construction (< 1000)
    last = ""  # "unit", "teen", "tens", "hundred", "scale", "a", "and"
    last_scale = 0
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok == "a":
            if last not in ("", "scale", "and") or nxt not in ("hundred", *_SCALES):
                return None
            current, last = 1, "a"
        elif tok == "and":
            if last not in ("hundred", "scale") or not nxt:
                return None
            last = "and"
        elif tok.isdigit():
            value = int(tok)
            if last not in ("", "scale", "hundred", "and") or value >= 1000:
                return None
            if last in ("hundred", "and") and current % 100:
                return None
            current += value
            last = "unit" if value < 10 else "teen"
        elif tok in _UNITS:
            value = _UNITS[tok]
            if last in ("unit", "teen", "a"):
                return None
            if last == "tens" and (value >= 10 or value == 0):
                return None
            current += value
            last = "unit" if value < 10 else "teen"
        elif tok in _TENS:
            if last in ("unit", "teen", "tens", "a") or current % 100:
                return None
            current += _TENS[tok]
            last = "tens"
        elif tok == "hundred":
            if last not in ("unit", "teen", "tens", "a") or current == 0 or current >= 100:
                return None
            current *= 100
            last = "hundred"
        elif tok in _SCALES:
            scale = _SCALES[tok]
            if last in ("", "and", "scale") or current == 0 or (last_scale and scale >= last_scale):
                return None
            total += current * scale
            current, last, last_scale = 0, "scale", scale
        else:
            return None
    if last in ("a", "and"):
        return None
    return sign * (total + current)


@dataclass(frozen=True)
class SlotType:
    """A custom slot type: every value and synonym (normalised) -> (canonical value, id)."""

    name: str
    phrases: dict[str, tuple[str, str | None]]
    longest: int

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SlotType:
        phrases: dict[str, tuple[str, str | None]] = {}
        for entry in data.get("values", []):
            value = entry.get("name", {})
            canonical = value.get("value", "")
            ident = entry.get("id")
            for phrase in [canonical, *value.get("synonyms", [])]:
                key = normalise(phrase)
                if key:
                    phrases.setdefault(key, (canonical, ident))
        longest = max((len(p.split()) for p in phrases), default=0)
        return cls(data["name"], phrases, longest)


@dataclass(frozen=True)
class _Sample:
    intent: str
    text: str  # normalised, with {slot} placeholders
    pattern: re.Pattern[str]
    slot_order: tuple[str, ...]  # slot names in capture-group order
    literal: frozenset[str]  # the sample's words outside placeholders
    literal_count: int
    slot_names: frozenset[str]
    order: int  # position in the model, for deterministic ties
    weight: float = 0.0  # the summed weight of its literal words (set once all samples are in)


# A matched sample, the slot values heard (words), and the score (1.0 for an exact match).
_Match = tuple[_Sample, dict[str, str], float]


@dataclass
class Resolution:
    """What Alexa would send for one typed line.

    kind: "launch" (LaunchRequest), "intent" (IntentRequest) or "end" (the person said nothing:
    the session times out). `intent` is None for a launch, for silence, or when nothing matched
    and the model declares no AMAZON.FallbackIntent.
    """

    kind: Kind
    intent: str | None = None
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_session: bool = False
    text: str = ""  # the normalised utterance that was resolved
    sample: str | None = None  # the sample it matched, for --verbose
    score: float = 0.0  # 1.0 exact, the similarity for fuzzy matches, 0.0 otherwise

    def describe(self) -> str:
        """A one-line summary, e.g. `CountIntent count=12 (exact: "i did {count}")`."""
        if self.kind == "launch":
            return "LaunchRequest (new session)"
        if self.kind == "end":
            return "silence"
        values = []
        for name, slot in self.slots.items():
            if "value" not in slot:
                continue
            shown = slot["value"]
            matched = _resolved_value(slot)
            if matched is not None and matched != shown:
                shown = f"{shown}->{matched}"
            values.append(f"{name}={shown}")
        how = "no match"
        if self.sample is not None:
            how = "exact" if self.score >= 1.0 else f"fuzzy {self.score:.2f}"
            how = f'{how}: "{self.sample}"'
        parts = [self.intent or "(no intent)", *values, f"({how})"]
        if self.new_session:
            parts.append("[one-shot, new session]")
        return " ".join(parts)


def _resolved_value(slot: dict[str, Any]) -> str | None:
    for authority in slot.get("resolutions", {}).get("resolutionsPerAuthority", []):
        for value in authority.get("values", []):
            return value["value"]["name"]
    return None


class Nlu:
    """Resolves typed utterances against one interaction model."""

    def __init__(self, model: dict[str, Any], *, skill_id: str = DEFAULT_SKILL_ID) -> None:
        language = model.get("interactionModel", model).get("languageModel", {})
        self.invocation_name: str = normalise(language.get("invocationName", ""))
        if not self.invocation_name:
            raise ValueError("the interaction model has no invocationName")
        self.skill_id = skill_id
        self.types: dict[str, SlotType] = {
            t["name"]: SlotType.from_json(t) for t in language.get("types", [])
        }
        self.intents: dict[str, dict[str, str]] = {}  # intent -> {slot name: slot type}
        self._samples: list[_Sample] = []
        self._builtin: list[_Sample] = []
        seen: set[tuple[str, str]] = set()
        for intent in language.get("intents", []):
            name = intent["name"]
            slots = {s["name"]: s.get("type", "") for s in intent.get("slots", [])}
            self.intents[name] = slots
            for sample in intent.get("samples", []):
                self._add(self._samples, name, sample, seen)
        for name, phrases in BUILTIN_PHRASES.items():
            if name in self.intents:
                for phrase in phrases:
                    self._add(self._builtin, name, phrase, seen)
        # Word weights for fuzzy matching: inverse document frequency over every sample.
        frequency: Counter[str] = Counter()
        for sample in (*self._samples, *self._builtin):
            frequency.update(sample.literal)
        self._documents = len(self._samples) + len(self._builtin) + 1
        self._weights = {w: self._idf(w, n) for w, n in frequency.items()}
        self._slot_weight = self._idf("", 1)  # a slot weighs a word only one sample uses
        self._samples = [self._weighed(s) for s in self._samples]
        self._builtin = [self._weighed(s) for s in self._builtin]
        self._all = self._samples + self._builtin
        # Plain (slot-free) samples by text, per group: the model's own, then built-in phrases.
        self._plain: list[dict[str, _Sample]] = [{}, {}]
        for group, samples in enumerate((self._samples, self._builtin)):
            for sample in samples:
                if not sample.slot_order:
                    self._plain[group].setdefault(sample.text, sample)

    @classmethod
    def from_file(cls, path: str | Path, *, skill_id: str = DEFAULT_SKILL_ID) -> Nlu:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")), skill_id=skill_id)

    def _add(self, into: list[_Sample], intent: str, raw: str, seen: set[tuple[str, str]]) -> None:
        tokens: list[str] = []  # words, and "{slot}" placeholders (slot names keep their case)
        for piece in _SLOT_SPLIT.split(raw):
            if _SLOT.fullmatch(piece):
                slot = piece[1:-1].strip()
                if slot not in self.intents[intent]:
                    raise ValueError(f"sample {raw!r} of {intent} uses undeclared slot {piece}")
                tokens.append("{" + slot + "}")
            else:
                tokens.extend(normalise(piece).split())
        text = " ".join(tokens)
        if not text or (intent, text) in seen:
            return
        seen.add((intent, text))
        slot_order = [t[1:-1] for t in tokens if _SLOT.fullmatch(t)]
        literal = [t for t in tokens if not _SLOT.fullmatch(t)]
        regex = " ".join(r"(.+?)" if _SLOT.fullmatch(t) else re.escape(t) for t in tokens)
        into.append(
            _Sample(
                intent=intent,
                text=text,
                pattern=re.compile(f"^{regex}$"),
                slot_order=tuple(slot_order),
                literal=frozenset(literal),
                literal_count=len(literal),
                slot_names=frozenset(slot_order),
                order=len(self._samples) + len(self._builtin),
            )
        )

    def _idf(self, word: str, frequency: int) -> float:
        """Smoothed inverse document frequency over the samples; filler words weigh less."""
        idf = math.log(self._documents / (frequency + 1)) + 1.0
        return idf * STOPWORD_FACTOR if word in STOPWORDS else idf

    def _weight(self, word: str) -> float:
        weight = self._weights.get(word)
        return self._idf(word, 0) if weight is None else weight

    def _weighed(self, sample: _Sample) -> _Sample:
        return replace(sample, weight=sum(self._weights[w] for w in sample.literal))

    # ----------------------------------------------------------------------------- resolving

    def resolve(self, text: str) -> Resolution:
        """Resolve one typed line the way Alexa would hear it."""
        if text.strip() in SILENCE_MARKERS:
            return Resolution("end")
        words = normalise(text).split()
        if words and words[0] == WAKE_WORD:
            words = words[1:]
        if not words:
            return Resolution("end")
        utterance = " ".join(words)

        launch = self._launch_form(utterance)
        if launch is not None:
            return launch
        return self._intent(utterance, new_session=False)

    def _launch_form(self, utterance: str) -> Resolution | None:
        name = self.invocation_name
        for word in (*LAUNCH_WORDS, *ASK_WORDS):
            head = f"{word} {name}"
            if utterance == head:
                return Resolution("launch", new_session=True, text=utterance, score=1.0)
            if not utterance.startswith(head + " "):
                continue
            rest = utterance[len(head) + 1 :]
            if word in ASK_WORDS:
                return self._one_shot(rest)
            if rest.startswith("and "):
                return self._one_shot(rest[len("and ") :])
        return None

    def _one_shot(self, rest: str) -> Resolution:
        first, _, remainder = rest.partition(" ")
        if first in CONNECTORS and remainder:
            stripped = self._intent(remainder, new_session=True)
            if stripped.score >= 1.0:
                return stripped
            whole = self._intent(rest, new_session=True)
            return whole if whole.score > stripped.score else stripped
        return self._intent(rest, new_session=True)

    def _intent(self, utterance: str, *, new_session: bool) -> Resolution:
        fitting, unfitting = self._exact(utterance)
        # An exact match whose captured words fit no slot value only counts when no fuzzy
        # match can do better ("why do we do such slow reps" is not "{count} reps").
        found = fitting or self._fuzzy(utterance, complete=unfitting is not None) or unfitting
        if found is not None:
            sample, slots, score = found
            return Resolution(
                "intent",
                sample.intent,
                self._slot_json(sample.intent, slots),
                new_session,
                utterance,
                sample.text,
                score,
            )
        intent = FALLBACK_INTENT if FALLBACK_INTENT in self.intents else None
        return Resolution(
            "intent",
            intent,
            self._slot_json(intent, {}) if intent else {},
            new_session,
            utterance,
        )

    def _exact(self, utterance: str) -> tuple[_Match | None, _Match | None]:
        """Exact sample matches: (the best whose slot values fit, the best with unfitting ones).

        The model's samples first (plain, then with slots), then the built-in phrases; among
        samples with slots the one with the most words of its own wins. A slot value fits when a
        number slot's words are a number and a custom slot's words are a value or synonym of its
        type. Once a fitting match is found the unfitting one is not needed (None).
        """
        unfitting: _Match | None = None
        for group, samples in enumerate((self._samples, self._builtin)):
            plain = self._plain[group].get(utterance)
            if plain is not None:
                return (plain, {}, 1.0), None
            best: tuple[tuple[int, int, int], _Sample, dict[str, str]] | None = None
            for sample in samples:
                if not sample.slot_order:
                    continue
                match = sample.pattern.match(utterance)
                if match is None:
                    continue
                captured: dict[str, str] = {}
                for slot, value in zip(sample.slot_order, match.groups(), strict=True):
                    captured.setdefault(slot, value.strip())
                bad = sum(
                    not self._fits(self.intents[sample.intent][slot], value)
                    for slot, value in captured.items()
                )
                if sample.literal_count == 0 and bad:
                    continue  # a sample of bare slots only matches values that fit them
                # Prefer values that fit their slots, then the most specific sample.
                key = (bad, -sample.literal_count, sample.order)
                if best is None or key < best[0]:
                    best = (key, sample, captured)
            if best is None:
                continue
            (bad, _, _), sample, captured = best
            if not bad:
                return (sample, captured, 1.0), None
            if unfitting is None:
                unfitting = (sample, captured, 1.0)
        return None, unfitting

    def _fits(self, slot_type: str, value: str) -> bool:
        if slot_type == NUMBER_TYPE:
            return parse_number(value.split()) is not None
        if slot_type in self.types:
            return value in self.types[slot_type].phrases
        return True

    def _fuzzy(self, utterance: str, *, complete: bool = False) -> _Match | None:
        """The sample closest to the utterance by a weighted Dice score, if close enough.

        Each word weighs its smoothed IDF over all samples (filler words in STOPWORDS a fraction
        of it; a word no sample uses the most), and the score is twice the weight of what both
        share over the weight of both. A slot of the sample is filled from the words it does not
        use itself (a number, or a value or synonym of the slot's type) and weighs one rare
        word, filled or not; its words in the utterance count as that one word. A sample must
        share a topic with the utterance: a word outside STOPWORDS, or a filled slot. Samples of
        bare slots ("{count}") only match exactly. With `complete`, only samples whose slots are
        all filled count (the alternative is an exact match whose slot values do not fit, which
        a half-filled paraphrase is no better than).
        """
        words = utterance.split()
        user = frozenset(words)
        user_weight = sum(self._weight(w) for w in user)
        best: tuple[tuple[float, int, int], _Sample, dict[str, str], float] | None = None
        for sample in self._all:
            if not sample.literal_count:
                continue  # a sample of bare slots would take any sentence with a number in it
            common = user & sample.literal
            topical = not common <= STOPWORDS
            if not topical and not sample.slot_names:
                continue
            spare = [i for i, w in enumerate(words) if w not in sample.literal]
            filled = self._fill_slots(sample, words, spare)
            if complete and len(filled) < len(sample.slot_names):
                continue
            if not topical and not filled:
                continue
            # A filled slot stands for the words that fill it, on both sides, as one rare word.
            used = {words[i] for span in filled.values() for i in span}
            shared = sum(self._weight(w) for w in common) + len(filled) * self._slot_weight
            heard = user_weight - sum(self._weight(w) for w in used)
            heard += len(filled) * self._slot_weight
            total = heard + sample.weight + len(sample.slot_names) * self._slot_weight
            score = 2 * shared / total if total else 0.0
            key = (-score, -(len(common) + len(filled)), sample.order)
            if best is None or key < best[0]:
                values = {slot: " ".join(words[i] for i in span) for slot, span in filled.items()}
                best = (key, sample, values, score)
        if best is None:
            return None
        _, sample, values, score = best
        lenient = FALLBACK_INTENT not in self.intents and not complete
        if score >= FUZZY_THRESHOLD or (lenient and score > 0):
            return sample, values, round(score, 3)
        return None

    def _fill_slots(
        self, sample: _Sample, words: list[str], spare: list[int]
    ) -> dict[str, list[int]]:
        """For a fuzzy match: find a value for each number/custom slot among the spare words."""
        free = set(spare)
        filled: dict[str, list[int]] = {}
        for slot in sorted(sample.slot_names):
            slot_type = self.intents[sample.intent][slot]
            span = self._find_span(slot_type, words, free)
            if span is not None:
                filled[slot] = span
                free -= set(span)
        return filled

    def _find_span(self, slot_type: str, words: list[str], free: set[int]) -> list[int] | None:
        if slot_type == NUMBER_TYPE:
            longest = _MAX_NUMBER_WORDS
        elif slot_type in self.types:
            longest = self.types[slot_type].longest
        else:
            return None
        for length in range(min(longest, len(words)), 0, -1):
            for start in range(len(words) - length + 1):
                span = list(range(start, start + length))
                if not free.issuperset(span):
                    continue
                chunk = " ".join(words[i] for i in span)
                if self._fits(slot_type, chunk):
                    return span
        return None

    # ---------------------------------------------------------------------------- slot JSON

    def _slot_json(self, intent: str | None, values: dict[str, str]) -> dict[str, dict[str, Any]]:
        """Every declared slot of the intent, as Alexa sends them (unfilled ones without value)."""
        if intent is None:
            return {}
        slots: dict[str, dict[str, Any]] = {}
        for name, slot_type in self.intents.get(intent, {}).items():
            slot: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
            if name in values:
                slot.update(self.slot_value(slot_type, values[name]))
            slots[name] = slot
        return slots

    def slot_value(self, slot_type: str, heard: str) -> dict[str, Any]:
        """The value part of Alexa's slot JSON for `heard` words in a slot of `slot_type`."""
        value = heard
        resolutions: dict[str, Any] | None = None
        if slot_type == NUMBER_TYPE:
            number = parse_number(heard.split())
            value = UNRECOGNISED_NUMBER if number is None else str(number)
        elif slot_type in self.types:
            authority = f"amzn1.er-authority.echo-sdk.{self.skill_id}.{slot_type}"
            entry = self.types[slot_type].phrases.get(heard)
            if entry is None:
                resolution = {"authority": authority, "status": {"code": "ER_SUCCESS_NO_MATCH"}}
            else:
                canonical, ident = entry
                named: dict[str, Any] = {"name": canonical}
                if ident is not None:
                    named["id"] = ident
                resolution = {
                    "authority": authority,
                    "status": {"code": "ER_SUCCESS_MATCH"},
                    "values": [{"value": named}],
                }
            resolutions = {"resolutionsPerAuthority": [resolution]}
        out: dict[str, Any] = {"value": value, "source": "USER"}
        simple: dict[str, Any] = {"type": "Simple", "value": value}
        if resolutions is not None:
            out["resolutions"] = resolutions
            simple["resolutions"] = resolutions
        out["slotValue"] = simple
        return out

    def samples_of(self, intent: str) -> Iterable[str]:
        """The normalised samples (model and built-in phrases) that resolve to `intent`."""
        return (s.text for s in self._all if s.intent == intent)
