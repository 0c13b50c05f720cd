"""Typed text to an Alexa request, straight from the interaction model JSON (local use only).

This stands in for Alexa's speech recognition and intent resolution when someone types what they
would say. It reads the same `interaction_models/<locale>.json` the skill ships, so a sample added
there works here at once. Reading the words (normalising, invocation forms, slot values, exact
sample matches) is `legcoach_dev.utterances`, shared with the model checker; this module adds
what only Alexa's NLU does on top:

- launch forms ("open leg workout", "alexa, start leg workout") give a LaunchRequest;
- one-shot forms ("ask leg workout how often should i train legs",
  "start leg workout and ...") give a new session plus the intent;
- otherwise an exact sample match whose slot values fit their slots (slots captured), or a
  built-in AMAZON phrase; then a fuzzy match (overlap of informative words, see `Nlu._fuzzy`);
  then an exact sample match whose captured words fit no slot value (a number slot sends "?",
  a custom slot ER_SUCCESS_NO_MATCH); then AMAZON.FallbackIntent.

Slot values come out like Alexa sends them: AMAZON.NUMBER "twelve" -> "12" (a mishearing ->
"?"), AMAZON.DURATION "two minutes" -> "PT2M"; custom slot types carry Alexa's
entity-resolution block (ER_SUCCESS_MATCH with the value's id and name / ER_SUCCESS_NO_MATCH);
slots not said are sent without a value. "um", "uh", "erm" are dropped, as speech recognition
drops them.
"""

from __future__ import annotations

import copy
import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .. import models
from ..grammar import Grammar, Heard, from_model, reads_as
from ..utterances import (
    DURATION_TYPE,
    NUMBER_TYPE,
    NUMBER_TYPES,
    ORDINAL_TYPE,
    TIME_TYPE,
    UNRECOGNISED,
    Match,
    Matcher,
    Sample,
    SlotType,
    heard,
    invocation_kind,
    normalise,
    parse_clock,
    parse_duration,
    parse_number,
    parse_ordinal,
    request_candidates,
    split_invocation,
)

__all__ = [
    "DURATION_TYPE",
    "FALLBACK_INTENT",
    "NUMBER_TYPE",
    "Nlu",
    "Resolution",
    "SlotType",
    "normalise",
    "parse_duration",
    "parse_number",
]

DEFAULT_SKILL_ID = "amzn1.ask.skill.local-leg-workout"
FALLBACK_INTENT = "AMAZON.FallbackIntent"
UNRECOGNISED_NUMBER = UNRECOGNISED
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
        "just really very exactly actually please tell sorry",
        # what a tired person wraps around the words that matter
        "oh ah ahh ugh oof phew argh ooh okay ok alright well yeah like right now",
        "honestly afraid",
    )
    for word in line.split()
)
# Words that turn a sentence round: a sample with one of them is no paraphrase of an utterance
# without ("i don't want the ticking" is not "i want the ticking"), and the other way round.
NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "don't",
        "doesn't",
        "didn't",
        "can't",
        "cannot",
        "couldn't",
        "won't",
        "wasn't",
        "isn't",
        "aren't",
        "haven't",
        "hasn't",
        "none",
        "nothing",
    ]
)
# A paraphrase whose polarity differs from the sample's keeps this fraction of its score.
POLARITY_FACTOR = 0.7
# What the person can type to stay silent (blank lines are skipped in scripts).
SILENCE_MARKERS = frozenset({"", "...", "…", "(silence)", "<silence>", "[silence]", "silence()"})

# Built-in intents rarely list samples in the model, yet Alexa resolves them: these phrases
# stand in for Amazon's own training, for the intents the model declares.
BUILTIN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.HelpIntent": ("help", "help me", "what can i say", "what can i do"),
    "AMAZON.StopIntent": ("stop", "quit", "exit", "off", "shut up", "goodbye", "bye"),
    "AMAZON.CancelIntent": ("cancel", "never mind", "nevermind", "forget it"),
    "AMAZON.PauseIntent": ("pause", "hold on"),
    "AMAZON.ResumeIntent": ("resume", "continue", "keep going", "go on"),
    "AMAZON.RepeatIntent": ("repeat", "say that again", "repeat that", "come again"),
    "AMAZON.NextIntent": ("next", "skip", "skip it", "next one"),
    "AMAZON.PreviousIntent": ("previous", "go back", "back"),
    "AMAZON.StartOverIntent": ("start over", "restart", "start again", "begin again"),
    "AMAZON.YesIntent": ("yes", "yeah", "yep", "sure", "ok", "okay", "yes please"),
    "AMAZON.NoIntent": ("no", "nope", "no thanks", "no thank you"),
    "AMAZON.NavigateHomeIntent": ("go home", "home"),
}

Kind = Literal["launch", "intent", "end"]


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
        """A one-line summary, e.g. `LogSetIntent count=12 (exact: "i did {count}")`."""
        if self.kind == "launch":
            return "LaunchRequest (new session)"
        if self.kind == "end":
            return "silence"
        values = []
        for name, slot in self.slots.items():
            if "value" not in slot:
                continue
            shown = slot["value"]
            matched = resolved_id(slot)
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

    def slot_values(self) -> dict[str, str]:
        """What a handler can act on in each filled slot: the entity-resolution id of a custom
        value that matched (a value no entity matched is left out), else the value as sent
        ("12", "PT2M", "?")."""
        out = {}
        for name, slot in self.slots.items():
            if "value" not in slot:
                continue
            if "resolutions" in slot:
                matched = resolved_id(slot)
                if matched is not None:
                    out[name] = matched
            else:
                out[name] = slot["value"]
        return out


def resolved_id(slot: dict[str, Any]) -> str | None:
    """The id (else the name) entity resolution matched for a custom slot, or None."""
    for authority in slot.get("resolutions", {}).get("resolutionsPerAuthority", []):
        if authority.get("status", {}).get("code") != "ER_SUCCESS_MATCH":
            continue
        for value in authority.get("values", []):
            return value["value"].get("id") or value["value"]["name"]
    return None


class _Spans:
    """The word spans of one utterance that are values of a slot type, longest first, then
    leftmost: worked out once per type, however many samples ask."""

    def __init__(self, matcher: Matcher, words: list[str]) -> None:
        self.matcher = matcher
        self.words = words
        self._by_type: dict[str, list[list[int]]] = {}

    def of(self, slot_type: str) -> list[list[int]]:
        if slot_type not in self._by_type:
            words = self.words
            longest = min(self.matcher.longest_value(slot_type), len(words))
            self._by_type[slot_type] = [
                list(range(start, start + length))
                for length in range(longest, 0, -1)
                for start in range(len(words) - length + 1)
                if self.matcher.fits(slot_type, " ".join(words[start : start + length]))
            ]
        return self._by_type[slot_type]


# Longest utterance whose word spans are tried one by one when the whole does not match.
MAX_SPAN_WORDS = 20
# Answers to "how many did you do?" that may lead a longer sentence.
COUNT_ANSWERS = frozenset(
    {
        "LogSetIntent",
        "NoRepsIntent",
        "AllRepsIntent",
        "SomeRepsIntent",
        "CountPhraseIntent",
        "CountBothSidesIntent",
    }
)
MAX_ANSWER_WORDS = 6
# A pain or sickness heard in part of a sentence outranks any paraphrase of the whole.
HURTS = frozenset({"PainIntent", "UnwellIntent"})
# Reassurance is only ever heard whole: a near miss could hide a safety concern.
ALL_CLEAR = frozenset({"FeelingGoodIntent"})
# Amounts too vague to lead a sentence that asks for something else.
VAGUE_ANSWERS = frozenset({"SomeRepsIntent", "CountPhraseIntent", "AllRepsIntent"})
ASIDES = frozenset(
    {
        FALLBACK_INTENT,
        "AsideIntent",
        "OffTopicIntent",
        "FeelingGoodIntent",
        "AMAZON.NoIntent",
        "AMAZON.PauseIntent",
    }
)
# Words that open a question: a number at the end of one is part of it, not a count.
QUESTION_WORDS = frozenset(
    [
        "what",
        "what's",
        "whats",
        "how",
        "how's",
        "why",
        "when",
        "where",
        "who",
        "which",
        "is",
        "are",
        "can",
        "could",
        "should",
        "would",
        "do",
        "does",
        "will",
    ]
)
# Acknowledgements that may come before a count ("sweet as, twelve").
ACKS = frozenset({"AMAZON.YesIntent"})
# Requests that may lead a reason said after them ("pause, someone's at the door", "a quick
# one, the swell's picking up"), when the reason asks for nothing else.
LEADING_REQUESTS = frozenset(
    {
        "AMAZON.PauseIntent",
        "SkipIntent",
        "BreakIntent",
        "RedoIntent",
        "FinishEarlyIntent",
        "TimeBoxIntent",
        "EasyDayIntent",
        "HardDayIntent",
        "OnlyMoveIntent",
        "DropMoveIntent",
        "SkipWarmupIntent",
        "AMAZON.StartOverIntent",
        "AMAZON.ResumeIntent",
        "EasierIntent",
        "HarderIntent",
        "SlowerIntent",
        "FasterIntent",
        "TimeLeftIntent",
        "SetsLeftIntent",
        "WhatsNextIntent",
        "WhereAmIIntent",
        "TargetRepsIntent",
    }
)
# One word that is a request on its own ("pause, someone's at the door").
COMMANDS = frozenset(
    {"pause", "skip", "next", "resume", "continue", "stop", "harder", "easier", "slower", "faster"}
)
# Custom types whose value an action or an answer needs nearly whole (a move, a family, a piece
# of kit, a health condition: "i'm sweating through my flannel" names none); a body area takes
# words outside its list, as Alexa's custom slots do.
GATED_TYPES = frozenset(
    {"EXERCISE", "MOVE_FAMILY", "EQUIPMENT", "SESSION_LENGTH", "COUNT_PHRASE", "HEALTH_CONDITION"}
)
# Intents that outrank an answer said before them: safety first.
CONCERNS = frozenset({"PainIntent", "UnwellIntent", "UnclearHurtIntent"})
# Words that make a leading number part of something else ("ten minutes", "one more set").
BOUND_TO_NUMBER = frozenset(
    [
        "more",
        "minute",
        "minutes",
        "min",
        "mins",
        "second",
        "seconds",
        "sec",
        "secs",
        "set",
        "sets",
        "hour",
        "hours",
        "week",
        "weeks",
        "day",
        "days",
        "month",
        "months",
        "year",
        "years",
        "kilo",
        "kilos",
        "kg",
        "pound",
        "pounds",
        "percent",
        "o'clock",
        "am",
        "pm",
        "leg",
        "legs",
        "side",
        "sides",
        "exercise",
        "exercises",
        "move",
        "moves",
        "round",
        "rounds",
        "of",
        "quarter",
        "quarters",
        "half",
        "thirds",
        "percent",
    ]
)
# Words between a count and the one a speaker corrects it to ("eight, nah, make that nine").
CORRECTION_WORDS = frozenset(
    [
        "no",
        "nah",
        "nope",
        "naw",
        "sorry",
        "wait",
        "actually",
        "i",
        "mean",
        "or",
        "maybe",
        "make",
        "that",
        "say",
        "hang",
        "on",
        "hold",
        "lol",
        "yeah",
        "yes",
        "ok",
        "okay",
        "um",
        "uh",
        "er",
        "was",
        "it",
        "think",
        "hmm",
        "well",
        "call",
    ]
)


# Symptoms a hard set is expected to bring on.
EXPECTED_EFFORT = frozenset({"winded"})
# Words that make a concern an emergency when a run of words names them.
SEVERE_WORDS = frozenset({"chest", "arm", "jaw", "breathe", "breath", "breathing", "fainted"})
# Words that start a clause of its own after a request.
CLAUSE_STARTS = frozenset({"i", "i'm", "i've", "it", "it's", "my", "me", "we", "she", "he", "they"})
# Words that give the reason for a request said first ("faster please, i have to go to work").
ANSWER_LEADS = frozenset(
    {
        ("no",),
        ("nah",),
        ("naw",),
        ("nope",),
        ("no", "thanks"),
        ("not", "now"),
        ("not", "right", "now"),
        ("not", "today"),
    }
)
REASON_LEADS = (
    ("i", "have", "to"),
    ("i've", "got", "to"),
    ("i", "got", "to"),
    ("because",),
    ("cause",),
    ("cos",),
    ("since",),
    ("i", "need", "to", "go"),
    ("i", "must", "go"),
)

# Words after which the number said is the one a speaker settles on.
SETTLING_WORDS = frozenset(
    {"say", "call", "make", "no", "sorry", "actually", "so", "yeah", "ah", "oh"}
)

# Words that give two counts a side each ("ten on each leg" is both sides alike).
SIDE_WORDS = frozenset({"left", "right", "each", "both", "side", "sides", "per", "apiece"})


def _numbers(words: list[str]) -> list[tuple[int, str]]:
    """The counts said in `words`, each as (where it ends, its words), two-word numbers whole
    ("twenty one")."""
    found: list[tuple[int, str]] = []
    i = 0
    while i < len(words):
        for length in (2, 1):
            part = words[i : i + length]
            if len(part) == length and parse_number(part) is not None:
                found.append((i + length - 1, " ".join(part)))
                i += length
                break
        else:
            i += 1
    return found


_COUNTING = frozenset({"count", "counting", "counted"})
_UNCOUNTED = frozenset({"lost", "didn't", "wasn't", "not", "no", "nuh", "never", "don't", "forgot"})


def _uncounted(words: list[str]) -> bool:
    """Words saying the reps went uncounted ("I lost count when the dog came in", "I wasn't
    really counting"): a vague amount said before them is the answer."""
    return bool(set(words) & _COUNTING) and bool(set(words) & _UNCOUNTED)


def _effort(found: Resolution) -> bool:
    """Out of breath after a hard set ("i'm fair puffed, nine"): expected, so no concern that
    outranks the count said with it."""
    symptom = found.slots.get("symptom") or {}
    return found.intent == "UnwellIntent" and resolved_id(symptom) in EXPECTED_EFFORT


def _gives_reason(words: list[str]) -> bool:
    return any(tuple(words[: len(lead)]) == lead for lead in REASON_LEADS)


def _sided(words: list[str]) -> bool:
    """A count said for one side ("fifteen on the right"): a second number is the other."""
    return "left" in words or "right" in words


# A pain word denied by a word just before it ("no knee pain", "didn't hurt").
_DENIALS = frozenset(
    [
        "no",
        "not",
        "never",
        "didn't",
        "doesn't",
        "don't",
        "isn't",
        "wasn't",
        "nothing",
        "without",
        "zero",
        "hardly",
    ]
)
_PAIN_WORDS = frozenset(
    [
        "pain",
        "pains",
        "hurt",
        "hurts",
        "hurting",
        "sore",
        "ache",
        "aches",
        "aching",
        "twinge",
        "twinges",
        "painful",
        "paining",
    ]
)


def denied(words: list[str]) -> bool:
    """Whether every pain word in `words` has a denial one or two words before it."""
    pains = [i for i, w in enumerate(words) if w in _PAIN_WORDS]
    return bool(pains) and all(any(w in _DENIALS for w in words[max(0, i - 2) : i]) for i in pains)


CACHE_SIZE = 4096
_SHIPPED: dict[str, tuple[float, dict[str, Any]]] = {}
_GRAMMARS: dict[str, Grammar] = {}


def shipped_locale(model: dict[str, Any]) -> str | None:
    """The locale whose shipped interaction model this is, if it is one (its templates are
    then what the NLU hears with)."""
    root = models.ROOT / models.MODELS_DIR
    for path in sorted(root.glob("*.json")):
        stamp = path.stat().st_mtime
        cached = _SHIPPED.get(str(path))
        if cached is None or cached[0] != stamp:
            cached = (stamp, json.loads(path.read_text(encoding="utf-8")))
            _SHIPPED[str(path)] = cached
        if cached[1] == model:
            return path.stem
    return None


def grammar_for(model: dict[str, Any]) -> Grammar:
    """hassil's matcher for a model: the template source for a shipped locale, else the
    model's own samples; Amazon's built-in phrases added for the built-ins it declares."""
    locale = shipped_locale(model)
    if locale is None:
        return from_model(model, BUILTIN_PHRASES)
    if locale not in _GRAMMARS:
        source = models.load_source()
        _GRAMMARS[locale] = models.grammar(source, locale).with_extra(BUILTIN_PHRASES)
    return _GRAMMARS[locale]


class Nlu:
    """Resolves typed utterances against one interaction model."""

    def __init__(
        self,
        model: dict[str, Any],
        *,
        skill_id: str = DEFAULT_SKILL_ID,
        grammar: Grammar | None = None,
    ) -> None:
        self.grammar = grammar or grammar_for(model)
        self._cache: dict[tuple[str, bool], Resolution] = {}
        self.matcher = Matcher(model, BUILTIN_PHRASES)
        self.invocation_name: str = self.matcher.invocation_name
        if not self.invocation_name:
            raise ValueError("the interaction model has no invocationName")
        self.skill_id = skill_id
        self.types: dict[str, SlotType] = self.matcher.types
        self.intents: dict[str, dict[str, str]] = self.matcher.intents
        samples = [*self.matcher.samples, *self.matcher.extra]
        # Word weights for fuzzy matching: inverse document frequency over every sample.
        frequency: Counter[str] = Counter()
        for sample in samples:
            frequency.update(sample.literal)
        self._documents = len(samples) + 1
        self._weights = {w: self._idf(w, n) for w, n in frequency.items()}
        self._slot_weight = self._idf("", 1)  # a slot weighs a word only one sample uses
        self._sample_weight = {s.order: sum(self._weights[w] for w in s.literal) for s in samples}
        self._all = samples
        self._vocabularies: dict[str, frozenset[str]] = {}
        # Every word the model knows: a dropped g ("squeezin") is spelt out when only the
        # spelt-out word is one of them (so "insulin" and "cousin" stay as they are).
        self._words = frozenset(self._weights) | frozenset(
            w for t in self.types.values() for p in t.phrases for w in p.split()
        )

    @classmethod
    def from_file(cls, path: str | Path, *, skill_id: str = DEFAULT_SKILL_ID) -> Nlu:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")), skill_id=skill_id)

    def _idf(self, word: str, frequency: int) -> float:
        """Smoothed inverse document frequency over the samples; filler words weigh less."""
        idf = math.log(self._documents / (frequency + 1)) + 1.0
        return idf * STOPWORD_FACTOR if word in STOPWORDS else idf

    def _weight(self, word: str) -> float:
        weight = self._weights.get(word)
        return self._idf(word, 0) if weight is None else weight

    # ----------------------------------------------------------------------------- resolving

    def resolve(self, text: str) -> Resolution:
        """Resolve one typed line the way Alexa would hear it."""
        if text.strip() in SILENCE_MARKERS:
            return Resolution("end")
        words = [self._g_restored(w) for w in heard(text).split()]
        if words and words[0] == "alexa":
            words = words[1:]
        if not words:
            return Resolution("end")
        utterance = " ".join(words)
        invoked = self._invocation(utterance)
        if invoked is not None:
            return invoked
        return self._intent(utterance, new_session=False)

    def _g_restored(self, word: str) -> str:
        if word.endswith("in") and word not in self._words and word + "g" in self._words:
            return word + "g"
        return word

    def _invocation(self, utterance: str) -> Resolution | None:
        """A launch or one-shot form ("open leg workout", "ask leg workout to resume"), or None
        when the utterance is not addressed to the skill by name."""
        split = split_invocation(utterance, self.invocation_name)
        if split is None:
            return None
        verb, request = split
        kind = invocation_kind(verb)
        if kind is None:
            return None
        if not request:  # "ask leg workout" on its own opens the skill too
            return Resolution("launch", new_session=True, text=utterance, score=1.0)
        candidates = request_candidates(verb, request)
        if not candidates:
            return None  # "start leg workout now": not a form Alexa knows; read as an utterance
        for candidate in candidates:  # the same order the model checker tries them in
            heard_ = self._strict(candidate)
            if heard_ is not None:
                return self._heard_resolution(heard_, candidate, new_session=True)
        best = max((self._intent(c, new_session=True) for c in candidates), key=lambda r: r.score)
        return best

    def _fits(self, found: Heard) -> bool:
        """Every slot heard as a value its type can carry (a duration that parses, ...)."""
        for slot, words in found.words.items():
            if slot in found.values:
                continue
            if not self.matcher.fits(self.matcher.slot_type(found.intent, slot), words):
                return False
        return True

    def _strict(self, utterance: str) -> Heard | None:
        """The whole utterance heard by a template, every slot a value of its type."""
        fitting = [h for h in self.grammar.hear_all(utterance) if self._fits(h)]
        from ..grammar import best

        return best(fitting)

    def _span(self, utterance: str, floor: float = 0.0) -> tuple[Heard, str] | None:
        """A template that hears a run of the words, the longest run first (then leftmost):
        "i did six before she climbed on me" is "i did six". Words dropped may not turn the
        sentence round ("i don't want to stop" is not "want to stop")."""
        words = utterance.split()
        if not 1 < len(words) <= MAX_SPAN_WORDS:
            return None
        spans: list[tuple[float, int, int]] = []
        for length in range(len(words) - 1, 0, -1):
            for start in range(len(words) - length + 1):
                covered = self._coverage(" ".join(words[start : start + length]), utterance)
                if covered >= floor:  # else it could not beat the paraphrase already found
                    spans.append((-covered, start, length))
        for _, start, length in sorted(spans):
            span = words[start : start + length]
            dropped = words[:start] + words[start + length :]
            # A negation turns the run round when said before it, or after it in the same
            # clause ("skip it, no, don't"); a clause of its own after it does not ("can you
            # make it easier, i can't go so low").
            after = words[start + length :]
            # A refusal said first as the answer ("no, i'm done for today", "not now, i'll
            # come back later") turns round nothing in a clause of its own after it.
            answered = tuple(words[:start]) in ANSWER_LEADS and span[0] in CLAUSE_STARTS
            turned = (set(words[:start]) & NEGATIONS and not answered) or (
                set(after) & NEGATIONS and (not after or after[0] not in CLAUSE_STARTS)
            )
            if turned and not self._raised(span, words):
                continue
            if parse_number(span[-1:]) is not None and after and after[0] in BOUND_TO_NUMBER:
                continue  # "i got ten" out of "i got ten minutes": the number is bound
            if length == 1:
                # A lone word only as a number said first ("seven, the dog walked under
                # me"), not the start of a longer one ("five hundred"): any other word alone
                # is too little to go on.
                if start != 0 or parse_number(span) is None or parse_number(words[:2]) is not None:
                    continue
                found = self._strict(span[0])
                if found is not None:
                    return self._complete(found, dropped), span[0]
                continue
            found = self._strict(" ".join(span))
            if found is not None and found.literal:
                if found.intent in CONCERNS and not set(span) & SEVERE_WORDS:
                    graver = self._graver(words, spans)
                    if graver is not None:
                        return graver
                return self._complete(found, dropped), " ".join(span)
        return None

    def _graver(
        self, words: list[str], spans: list[tuple[float, int, int]]
    ) -> tuple[Heard, str] | None:
        """Of two concerns said together ("my heart is racing and my chest is paining me"),
        the one that names the chest, an arm, the jaw or breathing: the emergency."""
        for _, start, length in sorted(spans):
            span = words[start : start + length]
            if length < 2 or not set(span) & SEVERE_WORDS:
                continue
            found = self._strict(" ".join(span))
            if found is not None and found.literal and found.intent in CONCERNS:
                dropped = words[:start] + words[start + length :]
                return self._complete(found, dropped), " ".join(span)
        return None

    def _raised(self, span: list[str], words: list[str]) -> bool:
        """A safety concern heard in a run of words stands whatever else was said ("not
        joking, my chest is hurting"), unless the pain itself is denied ("no knee pain")."""
        if len(span) < 2 or denied(words):
            return False
        found = self._strict(" ".join(span))
        return found is not None and found.intent in CONCERNS

    def _short_slots(self, found: Heard) -> bool:
        """An open custom slot holds a value's worth of words (its longest value and one more),
        not the rest of a sentence ("i'm gonna {symptom}" is not "i'm gonna have to bail")."""
        for slot, words in found.words.items():
            slot_type = self.matcher.slot_type(found.intent, slot)
            if slot_type in self.types:
                # Alexa sends such words unresolved; here they may hold a value and one
                # stray word at most ("my wonky knee"), never a clause ("no chair in the truck").
                tokens = words.split()
                if len(tokens) > 1 and parse_number(tokens[-1:]) is not None:
                    return False  # "fair puffed, nine": a count said after, not the value
                vocabulary = self._vocabulary(slot_type)
                if len(tokens) > self.types[slot_type].longest + 1:
                    return False
                unknown = sum(t not in vocabulary for t in tokens)
                known = len(tokens) - unknown
                # Safety keeps the benefit of the doubt ("my wonky knee hurts"); an action
                # needs its value nearly whole ("no i'll stop" names no move).
                spare = 1 if found.intent in CONCERNS or known >= 2 or len(tokens) == 1 else 0
                content = sum(t in vocabulary and t not in STOPWORDS for t in tokens)
                if found.intent in CONCERNS and len(tokens) > 1 and not content:
                    return False  # "i'm gonna {symptom}" is not "i'm gonna call it for today"
                if slot_type in GATED_TYPES and unknown > spare:
                    return False
            elif slot_type in NUMBER_TYPES:
                if len(words.split()) > 2:  # a misheard number, not a clause
                    return False
            elif not reads_as(slot_type, words):
                return False
        return True

    def _vocabulary(self, slot_type: str) -> frozenset[str]:
        if slot_type not in self._vocabularies:
            phrases = self.types[slot_type].phrases
            self._vocabularies[slot_type] = frozenset(w for p in phrases for w in p.split())
        return self._vocabularies[slot_type]

    def _leading_answer(self, utterance: str) -> Heard | None:
        """A count said first, whatever follows it ("five, the baby is crying", "none, I was
        making a brew", "seven, no, eight"): the answer to "how many?" leads, and the rest
        is an aside, unless the rest raises a safety concern, which always wins."""
        words = utterance.split()
        for length in range(min(len(words) - 1, MAX_ANSWER_WORDS), 0, -1):
            head, rest = words[:length], words[length:]
            if parse_number(head[-1:]) is not None and (
                rest[0] in BOUND_TO_NUMBER or parse_number(head[-1:] + rest[:1]) is not None
            ):
                continue  # "ten minutes", "one more set", "five hundred": not the answer
            if rest[0] == "of":
                continue  # "i'm so out | of breath": the phrase goes on
            found = self._strict(" ".join(head))
            if found is None or found.intent not in COUNT_ANSWERS | LEADING_REQUESTS:
                continue
            if self._concern(rest):
                return None
            if found.intent in LEADING_REQUESTS and len(head) == 1 and head[0] not in COMMANDS:
                continue  # "wait, my mother is calling me": an interjection, not a request
            if found.intent in VAGUE_ANSWERS and _numbers(rest):
                continue  # "some tired, but eleven": the count said wins over the vague amount
            # A request leads its reason, or says itself again ("slower, pet, slower").
            again = rest[-1] in COMMANDS and self._strict(rest[-1])
            reason = found.intent in LEADING_REQUESTS and (
                _gives_reason(rest) or (bool(again) and again.intent == found.intent)
            )
            if found.intent in VAGUE_ANSWERS | LEADING_REQUESTS and not (
                reason or self._aside(rest)
            ):
                continue  # "a little quicker please": a vague amount leads only an aside
            if found.intent == "LogSetIntent" and not _sided(head):
                corrected = self._correction(rest)
                if corrected is not None:
                    return corrected
            if found.intent == "LogSetIntent" and _sided(head) and _sided(rest) and _numbers(rest):
                # "nine on the right and eight on the left": both sides, placed by their words
                both = {"left": _numbers(head)[-1][1], "right": _numbers(rest)[-1][1]}
                return Heard("CountBothSidesIntent", both, {}, found.template, found.literal)
            return found
        return None

    def _trailing_answer(self, utterance: str) -> Heard | None:
        """A count said last, after words that ask for nothing ("my legs are on fire but in a
        good way, fourteen", "sweet as, twelve", "nine i have done"): the answer to "how
        many?". Words before it that raise a safety concern win, as they do before a count."""
        words = utterance.split()
        for length in range(min(len(words) - 1, MAX_ANSWER_WORDS), 0, -1):
            head, tail = words[:-length], words[-length:]
            said = [w for w in tail if parse_number([w]) is not None]
            if not said or said[0] == "one":
                continue  # a "one" after other words is a pronoun ("the easier one", "quick one")
            if head[-1] in BOUND_TO_NUMBER or parse_number(head[-1:] + tail[:1]) is not None:
                continue  # "one more set, eight" or "twenty one": the number starts earlier
            if head[0] in QUESTION_WORDS or _numbers(head):
                return None  # "what's two plus two", "give me ten, twelve": not an answer
            found = self._strict(" ".join(tail))
            if found is None or found.intent not in COUNT_ANSWERS - VAGUE_ANSWERS:
                continue
            if self._concern(head):
                return None
            lead = self._resolve_intent(" ".join(head), new_session=False)
            # An aside, a yes, the effort of the set or a word that all is well ("red and
            # sweaty but okay, eight") leaves the count the answer.
            if lead.intent in ASIDES | ACKS | ALL_CLEAR or _effort(lead):
                return found
            # A shorter answer may leave words that do ("okay, eight" after "i'm all sweaty
            # but i'm": "eight" after "... but i'm okay").
        return None

    def _correction(self, rest: list[str]) -> Heard | None:
        """The count a speaker settles on ("seven, no, eight", "ten, maybe eleven, say
        eleven"): a number that follows the first, past words of correction, counts."""
        words = list(rest)
        # The last correction said settles it ("thirteen, fourteen, say fourteen").
        marks = [i for i, w in enumerate(words[:-1]) if w in SETTLING_WORDS]
        if marks and parse_number(words[marks[-1] + 1 :]) is not None:
            words = words[marks[-1] + 1 :]
        while words and words[0] in CORRECTION_WORDS:
            words = words[1:]
        if not words or (words == rest and parse_number(words) is None):
            return None  # "nineteen, one niner for the logbook": a count said again, not changed
        found = self._leading_answer(" ".join(words)) if len(words) > 1 else None
        found = found or self._strict(" ".join(words))
        return found if found is not None and found.intent == "LogSetIntent" else None

    def _aside(self, words: list[str]) -> bool:
        """Whether words after an answer ask for nothing ("I lost count", "not heaps")."""
        if _uncounted(words):
            return True
        found = self._resolve_intent(" ".join(words), new_session=False)
        return found.intent in ASIDES or found.intent in COUNT_ANSWERS

    def _concern(self, words: list[str]) -> bool:
        """Whether words after an answer raise a safety concern (not a denied one: "and no
        knee pain", "the knee didn't hurt once")."""
        if denied(words):
            return False
        found = self._resolve_intent(" ".join(words), new_session=False) if words else None
        if found is None or found.intent not in CONCERNS or _effort(found):
            return False
        # An open slot that matched no symptom ("i'm all red and sweaty but i'm") is no
        # concern on its own: the words after it may say all is well.
        symptom = found.slots.get("symptom")
        return not symptom or not symptom.get("value") or resolved_id(symptom) is not None

    def _coverage(self, span: str, utterance: str) -> float:
        """How much of the utterance a run of its words carries (by word weight)."""
        whole = sum(self._weight(w) for w in utterance.split())
        part = sum(self._weight(w) for w in span.split())
        return part / whole if whole else 0.0

    def _complete(self, found: Heard, dropped: list[str]) -> Heard:
        """Fill the intent's unfilled slots from the words a span left out ("ouch that hurt
        my knee": "ouch that hurt" heard, the knee found after it)."""
        words, values = dict(found.words), dict(found.values)
        taken: set[str] = set()
        for slot, slot_type in self.matcher.intents.get(found.intent, {}).items():
            if slot in words:
                continue
            longest = min(self.matcher.longest_value(slot_type), len(dropped))
            for length in range(longest, 0, -1):
                hit = next(
                    (
                        " ".join(dropped[i : i + length])
                        for i in range(len(dropped) - length + 1)
                        if self.matcher.fits(slot_type, " ".join(dropped[i : i + length]))
                    ),
                    None,
                )
                # A "one" left over is a pronoun ("the easier one"), and words fill one slot.
                if hit is not None and hit not in taken and hit != "one":
                    words[slot] = hit
                    taken.add(hit)
                    break
        return Heard(found.intent, words, values, found.template, found.literal)

    def _intent(self, utterance: str, *, new_session: bool) -> Resolution:
        """The intent for a request, remembered: the same words always resolve alike, and the
        tests say the same lines many times over."""
        key = (utterance, new_session)
        if key not in self._cache:
            if len(self._cache) > CACHE_SIZE:
                self._cache.clear()
            found = self._resolve_intent(utterance, new_session=new_session)
            self._cache[key] = self._sides_said(found)
        return copy.deepcopy(self._cache[key])

    def _sides_said(self, found: Resolution) -> Resolution:
        """Two counts go to the sides they were said with, in whichever order and shape
        ("right foot six, left foot eight", "nine on the right and eight on the left"); two
        counts with no side named are one count said twice ("diez, ten, I did ten")."""
        if found.intent != "CountBothSidesIntent":
            return found
        words = found.text.split()
        if not set(words) & SIDE_WORDS:
            said = _numbers(words)
            if not said:
                return found
            values = {"count": said[-1][1]}
            found.intent, found.slots = "LogSetIntent", self._slot_json("LogSetIntent", values)
            return found
        sides = [(i, w) for i, w in enumerate(words) if w in ("left", "right")]
        if len(sides) != 2 or sides[0][1] == sides[1][1]:
            return found
        numbers = _numbers(words)
        first = (numbers[0][0] < sides[0][0]) if numbers else False
        values: dict[str, str] = {}
        for n, (at, side) in enumerate(sides):
            if first:  # "seven on the left, six on the right": each count before its side
                start = sides[n - 1][0] if n else -1
                mine = [w for i, w in numbers if start < i < at]
            else:  # "left was nine and the right one seven": each count after its side
                end = sides[n + 1][0] if n + 1 < len(sides) else len(words)
                mine = [w for i, w in numbers if at < i < end]
            if not mine:
                return found
            values[side] = mine[-1]
        found.slots = self._slot_json("CountBothSidesIntent", values)
        return found

    def _resolve_intent(self, utterance: str, *, new_session: bool) -> Resolution:
        found_ = self._strict(utterance)
        if found_ is not None:
            return self._heard_resolution(found_, utterance, new_session=new_session)
        from ..grammar import best

        # An open slot (any words, as Alexa's custom slots take) only counts when no fuzzy
        # match can do better ("why do we do such slow reps" is not "{count} reps"); a
        # template of bare slots only hears values that fit them.
        leading = self._leading_answer(utterance) or self._trailing_answer(utterance)
        if leading is not None:
            return self._heard_resolution(leading, utterance, new_session=new_session, score=0.9)
        opened = best(
            [
                h
                for h in self.grammar.hear_all(utterance, open_=True)
                if (h.literal or len(h.values) == len(h.words)) and self._short_slots(h)
            ]
        )
        fuzzy = self._fuzzy(utterance, complete=opened is not None)
        # Runs carrying half the paraphrase's weight are still tried: one that agrees with it
        # on the intent brings the slots it missed.
        spanned = self._span(utterance, fuzzy.score / 2 if fuzzy is not None else 0.0)
        if spanned is not None:
            # The run heard, against the words it left out, weighed as the paraphrase is.
            found, span = spanned
            covered = self._coverage(span, utterance)
            raised = found.intent in HURTS and (
                fuzzy is None
                or fuzzy.sample.intent not in HURTS
                # the emergency of two concerns ("i'm fixing to pass out, my chest hurts")
                or bool(
                    set(span.split()) & SEVERE_WORDS and not fuzzy.sample.literal & SEVERE_WORDS
                )
            )
            if fuzzy is None or covered >= fuzzy.score or fuzzy.intent == found.intent or raised:
                return self._heard_resolution(
                    found, utterance, new_session=new_session, score=round(covered, 3)
                )
        if fuzzy is not None:
            return self._resolution(fuzzy, utterance, new_session=new_session)
        if opened is not None:
            return self._heard_resolution(opened, utterance, new_session=new_session)
        intent = FALLBACK_INTENT if FALLBACK_INTENT in self.intents else None
        return Resolution(
            "intent",
            intent,
            self._slot_json(intent, {}) if intent else {},
            new_session,
            utterance,
        )

    def _heard_resolution(
        self, found: Heard, utterance: str, *, new_session: bool, score: float = 1.0
    ) -> Resolution:
        return Resolution(
            "intent",
            found.intent,
            self._slot_json(found.intent, found.words),
            new_session,
            utterance,
            found.template,
            score,
        )

    def _resolution(self, found: Match, utterance: str, *, new_session: bool) -> Resolution:
        return Resolution(
            "intent",
            found.intent,
            self._slot_json(found.intent, found.values),
            new_session,
            utterance,
            found.sample.text,
            found.score,
        )

    def _fuzzy(self, utterance: str, *, complete: bool = False) -> Match | None:
        """The sample closest to the utterance by a weighted Dice score, if close enough.

        Each word weighs its smoothed IDF over all samples (filler words in STOPWORDS a fraction
        of it; a word no sample uses the most), and the score is twice the weight of what both
        share over the weight of both. A slot of the sample is filled from the words it does not
        use itself (a number, a duration, or a value or synonym of the slot's type) and weighs
        one rare word, filled or not; its words in the utterance count as that one word. A
        sample must share a topic with the utterance: a word outside STOPWORDS, or a filled
        slot. Samples of bare slots ("{count}") only match exactly. With `complete`, only
        samples whose slots are all filled count (the alternative is an exact match whose slot
        values do not fit, which a half-filled paraphrase is no better than).
        """
        words = utterance.split()
        spans = _Spans(self.matcher, words)
        user = frozenset(words)
        user_weight = sum(self._weight(w) for w in user)
        best: tuple[tuple[float, int, int], Sample, dict[str, str], float] | None = None
        for sample in self._all:
            if not sample.literal_count:
                continue  # a sample of bare slots would take any sentence with a number in it
            if sample.intent in ALL_CLEAR:
                continue  # "I'm fine" is heard as said, never guessed over "out of breath"
            common = user & sample.literal
            if not common:
                continue  # slots alone are no paraphrase ("what's two plus two")
            # A shared topic: a word that is not filler, or every word of the sample ("where
            # are we" in "where are we at").
            topical = not common <= STOPWORDS or common == sample.literal
            if not topical and not sample.slot_names:
                continue
            spare = [i for i, w in enumerate(words) if w not in sample.literal]
            filled = self._fill_slots(sample, spans, spare)
            if complete and len(filled) < len(sample.slot_names):
                continue
            if not topical and not filled:
                continue
            # A filled slot stands for the words that fill it, on both sides, as one rare word.
            used = {words[i] for span in filled.values() for i in span}
            shared = sum(self._weight(w) for w in common) + len(filled) * self._slot_weight
            heard_weight = user_weight - sum(self._weight(w) for w in used)
            heard_weight += len(filled) * self._slot_weight
            total = (
                heard_weight
                + self._sample_weight[sample.order]
                + len(sample.slot_names) * self._slot_weight
            )
            score = 2 * shared / total if total else 0.0
            if bool(user & NEGATIONS) != bool(sample.literal & NEGATIONS):
                score *= POLARITY_FACTOR
            key = (-score, -(len(common) + len(filled)), sample.order)
            if best is None or key < best[0]:
                values = {slot: " ".join(words[i] for i in span) for slot, span in filled.items()}
                best = (key, sample, values, score)
        if best is None:
            return None
        _, sample, values, score = best
        lenient = FALLBACK_INTENT not in self.intents and not complete
        if score >= FUZZY_THRESHOLD or (lenient and score > 0):
            return Match(sample, values, round(score, 3))
        return None

    def _fill_slots(self, sample: Sample, spans: _Spans, spare: list[int]) -> dict[str, list[int]]:
        """For a fuzzy match: find a value for each number, duration or custom slot among the
        spare words (the longest that fits, then the first)."""
        free = set(spare)
        filled: dict[str, list[int]] = {}
        for slot in sorted(sample.slot_names):
            slot_type = self.matcher.slot_type(sample.intent, slot)
            span = next((s for s in spans.of(slot_type) if free.issuperset(s)), None)
            if span is not None:
                filled[slot] = span
                free -= set(span)
        return filled

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

    def slot_value(self, slot_type: str, heard_words: str) -> dict[str, Any]:
        """The value part of Alexa's slot JSON for `heard_words` in a slot of `slot_type`."""
        value = heard_words
        resolutions: dict[str, Any] | None = None
        words = heard_words.split()
        if slot_type in NUMBER_TYPES:
            number = parse_number(words)
            value = UNRECOGNISED if number is None else str(number)
        elif slot_type == DURATION_TYPE:
            value = parse_duration(words) or UNRECOGNISED
        elif slot_type == TIME_TYPE:
            value = parse_clock(words) or UNRECOGNISED
        elif slot_type == ORDINAL_TYPE:
            ordinal = parse_ordinal(words)
            value = UNRECOGNISED if ordinal is None else str(ordinal)
        elif slot_type in self.types:
            authority = f"amzn1.er-authority.echo-sdk.{self.skill_id}.{slot_type}"
            entry = self.types[slot_type].phrases.get(heard_words)
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
