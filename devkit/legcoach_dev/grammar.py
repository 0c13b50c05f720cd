"""The interaction model's phrasings as hassil templates: one grammar, two uses.

Templates are Home Assistant's template language (`hassil`): ``(a|b)`` alternatives, ``[x]``
optional words, ``{slot}`` slots (the intent's own slot names), ``<rule>`` shared expansions
(model.toml ``[rules]``: fillers, contractions, carriers). From the same templates:

- `expand` / `sample_intent`: the Alexa samples, generated deterministically (hassil's sampler
  where a template is small enough to list whole, a seeded walk through the template where it is
  not), within a per-intent budget;
- `Grammar`: hassil's matcher over the templates, with slot lists built from the slot types
  (custom values and synonyms with their ids, number words, durations as wildcards): what the
  local NLU and the model checker hear.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from hassil import Intents, recognize_all
from hassil.expression import (
    Alternative,
    Expression,
    Group,
    ListReference,
    Permutation,
    RuleReference,
    Sentence,
    TextChunk,
)
from hassil.expression import Sequence as HSequence
from hassil.intents import Intent, IntentData, TextSlotList, WildcardSlotList
from hassil.parse_expression import parse_sentence
from hassil.recognize import RecognizeResult
from hassil.sample import sample_expression
from legcoach.speech.lines.en import ONES, TENS

from .utterances import (
    DURATION_TYPE,
    NUMBER_TYPES,
    ORDINAL_TYPE,
    normalise,
    parse_clock,
    parse_duration,
    parse_number,
    parse_ordinal,
)

# Words a speaker wraps round a request that carry nothing: skipped by the matcher (hassil tries
# with and without them), and sprinkled into some generated samples for Alexa.
FILLERS = (
    "um",
    "uh",
    "uhh",
    "umm",
    "erm",
    "eh",
    "ehn",
    "lol",
    "lmao",
    "lordy",
    "lawd",
    "er",
    "like",
    "so",
    "okay so",
    "ok so",
    "oh",
    "ah",
    "well",
    "alexa",
    "please",
    "sorry",
    "i think",
    "honestly",
    "mate",
    "actually",
    "just",
    "right",
    "hey",
    "hmm",
    "phew",
    "oof",
    "ugh",
    "argh",
    "wow",
    "gosh",
    "blimey",
    "crikey",
    "jeez",
    "man",
    "thanks",
    "thank you",
    "okay",
    "ok",
)
LEAD_FILLERS = ("um", "so", "okay", "sorry", "oh", "well", "alexa")
TAIL_FILLERS = ("please", "i think", "sorry")
# A template whose expansions fit this budget is listed whole by hassil's sampler.
WHOLE_TEMPLATE = 24
# Alexa samples generated per template beyond its bare form, at most.
PER_TEMPLATE = 24
NUMBER_WORDS_UP_TO = 300
FILLER_FROM = 20
HEARD_CACHE_SIZE = 20_000  # matches kept per grammar (a training run asks about ~25 per line)

_SLOT = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)\}")


def _rule_body(rules: Mapping[str, Sentence], name: str) -> Expression:
    if name not in rules:
        raise ValueError(f"template uses an undefined rule <{name}>")
    return rules[name].expression


def parse(template: str) -> Sentence:
    return parse_sentence(template, keep_text=True)


def count(expr: Expression, rules: Mapping[str, Sentence], cap: int = 10**9) -> int:
    """How many texts an expression expands to (capped, slots count once)."""
    if isinstance(expr, TextChunk | ListReference):
        return 1
    if isinstance(expr, RuleReference):
        return count(_rule_body(rules, expr.rule_name), rules, cap)
    if isinstance(expr, Alternative):
        return min(cap, sum(count(i, rules, cap) for i in expr.items))
    if isinstance(expr, Group):
        total = 1
        for item in expr.items:
            total = min(cap, total * count(item, rules, cap))
        if isinstance(expr, Permutation):
            for n in range(2, len(expr.items) + 1):
                total = min(cap, total * n)
        return total
    return 1


def _walk(expr: Expression, rules: Mapping[str, Sentence], rng: random.Random) -> str:
    if isinstance(expr, TextChunk):
        return expr.original_text
    if isinstance(expr, ListReference):
        return "{" + expr.slot_name + "}"
    if isinstance(expr, RuleReference):
        return _walk(_rule_body(rules, expr.rule_name), rules, rng)
    if isinstance(expr, Alternative):
        return _walk(rng.choice(expr.items), rules, rng)
    if isinstance(expr, Permutation):
        items = list(expr.items)
        rng.shuffle(items)
        return " ".join(_walk(i, rules, rng) for i in items)
    if isinstance(expr, HSequence):
        return "".join(_walk(i, rules, rng) for i in expr.items)
    raise ValueError(f"unexpected template part {expr!r}")


def _bare(expr: Expression, rules: Mapping[str, Sentence]) -> str:
    """The template's plainest form: the first alternative, optional words left out."""
    return next(
        iter(sample_expression(expr, {}, dict(rules), expand_lists=False, skip_optionals=True))
    )


def tidy(text: str) -> str:
    return " ".join(text.split())


def expand(template: str, rules: Mapping[str, Sentence], seed: str) -> list[str]:
    """The samples one template gives Alexa, best first: its bare form, then every expansion
    when there are few, else a seeded walk (the same every run)."""
    expr = parse(template).expression
    out = [tidy(_bare(expr, rules))]
    if count(expr, rules, WHOLE_TEMPLATE + 1) <= WHOLE_TEMPLATE:
        out += [tidy(t) for t in sample_expression(expr, {}, dict(rules), expand_lists=False)]
    else:
        rng = random.Random(int(hashlib.sha256(seed.encode()).hexdigest()[:12], 16))
        for _ in range(PER_TEMPLATE * 3):
            out.append(tidy(_walk(expr, rules, rng)))
    seen: set[str] = set()
    kept: list[str] = []
    for text in out:
        if text and text not in seen:
            seen.add(text)
            kept.append(text)
    return kept[: PER_TEMPLATE + 1]


def sample_intent(
    name: str, templates: Sequence[str], rules: Mapping[str, Sentence], budget: int
) -> list[str]:
    """An intent's Alexa samples from its templates: every template's bare form first, then the
    other expansions round-robin, a filler now and then, at most `budget`."""
    per_template = [expand(t, rules, f"{name}|{t}") for t in templates]
    ordered: list[str] = [forms[0] for forms in per_template if forms]
    rest = [forms[1:] for forms in per_template]
    depth = max((len(r) for r in rest), default=0)
    for i in range(depth):
        ordered += [r[i] for r in rest if i < len(r)]
    rng = random.Random(int(hashlib.sha256(name.encode()).hexdigest()[:12], 16))
    with_fillers: list[str] = []
    for i, text in enumerate(ordered):
        with_fillers.append(text)
        # Fillers only where an intent has many samples: a short list keeps its own words.
        if len(ordered) >= FILLER_FROM and i % 9 == 4 and not text.startswith("{"):
            if rng.random() < 0.5:
                with_fillers.append(f"{rng.choice(LEAD_FILLERS)} {text}")
            else:
                with_fillers.append(f"{text} {rng.choice(TAIL_FILLERS)}")
    seen: set[str] = set()
    out: list[str] = []
    for text in with_fillers:
        key = text.lower()
        if key not in seen:
            seen.add(key)
            out.append(text)
    return out[:budget]


# --------------------------------------------------------------------------- number words

_UNIT_WORDS = ONES
_TENS_WORDS = [word for word in TENS if word]


def number_words(n: int) -> list[str]:
    """The ways "n" is written: digits, and words ("twenty one", "a hundred and five")."""
    forms = [str(n)]
    if n < 20:
        forms.append(_UNIT_WORDS[n])
    elif n < 100:
        tens, unit = divmod(n, 10)
        word = _TENS_WORDS[tens - 2]
        forms += (
            [word] if not unit else [f"{word} {_UNIT_WORDS[unit]}", f"{word}-{_UNIT_WORDS[unit]}"]
        )
    else:
        hundreds, rest = divmod(n, 100)
        heads = [f"{_UNIT_WORDS[hundreds]} hundred"] + (["a hundred"] if hundreds == 1 else [])
        tails = (
            [""]
            if not rest
            else [t for w in number_words(rest)[1:] for t in (f" and {w}", f" {w}")]
        )
        forms += [h + t for h in heads for t in tails]
    return forms


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class IntentGrammar:
    name: str
    slots: dict[str, str]  # slot name -> slot type
    templates: tuple[str, ...]


@dataclass(frozen=True)
class Heard:
    """What the matcher heard: the intent, each slot's words and value, and how."""

    intent: str
    words: dict[str, str]  # slot -> the words said
    values: dict[str, Any]  # slot -> the list value (a custom value's id, a number), if listed
    template: str
    literal: int  # words matched by the template's own text


class Grammar:
    """hassil's matcher over one locale's templates.

    `strict` lists only the values of each slot type (a custom slot heard as one of its values
    or synonyms, a number as number words or digits); `open` lets a custom slot take any words,
    as Alexa's slots do (the value then has no id: ER_SUCCESS_NO_MATCH).
    """

    def __init__(
        self,
        intents: Iterable[IntentGrammar],
        types: Mapping[str, Mapping[str, tuple[str, str | None]]],
        rules: Mapping[str, str],
    ) -> None:
        self.intents = {i.name: i for i in intents}
        self.types = types
        self.rule_text = dict(rules)
        self.rules = {name: parse(body) for name, body in rules.items()}
        # The NLU asks about the same run of words several times per line (spans, leading
        # and trailing answers, concerns); a grammar never changes once built, so its
        # matches are kept, a bounded number of them.
        self._heard_cache: dict[tuple[str, bool, bool], tuple[Heard, ...]] = {}

    def with_extra(self, extra: Mapping[str, Iterable[str]]) -> Grammar:
        """The same grammar with more templates for intents it declares (built-in phrases),
        each phrase only where the model's own templates do not hear it already (the model's
        "skip it" is SkipIntent, whatever Amazon's NextIntent would make of it)."""
        intents = [
            IntentGrammar(
                i.name,
                i.slots,
                tuple(
                    dict.fromkeys(
                        [
                            *i.templates,
                            *(
                                _escape(t)
                                for t in extra.get(i.name, ())
                                if self.hear(normalise(t)) is None
                            ),
                        ]
                    )
                ),
            )
            for i in self.intents.values()
        ]
        return Grammar(intents, self.types, self.rule_text)

    def _list_name(self, slot_type: str, open_: bool) -> str:
        return ("OPEN_" if open_ else "") + slot_type.replace(".", "_")

    def _rewrite(self, intent: IntentGrammar, template: str, open_: bool) -> str:
        def slot(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in intent.slots:
                raise ValueError(f"{intent.name}: template {template!r} uses undeclared {{{name}}}")
            return "{" + self._list_name(intent.slots[name], open_) + ":" + name + "}"

        return _SLOT.sub(slot, template)

    def _hassil(self, open_: bool) -> Intents:
        hassil_intents: dict[str, Intent] = {}
        for intent in self.intents.values():
            sentences = [self._rewrite(intent, t, open_) for t in intent.templates]
            if not sentences:
                continue
            data = IntentData(sentence_texts=sentences, metadata={"templates": intent.templates})
            hassil_intents[intent.name] = Intent(name=intent.name, data=[data])
        return Intents(
            language="en",
            intents=hassil_intents,
            slot_lists={},
            expansion_rules=dict(self.rules),
            skip_words=[],
        )

    @cached_property
    def strict(self) -> Intents:
        return self._hassil(open_=False)

    @cached_property
    def open(self) -> Intents:
        return self._hassil(open_=True)

    @cached_property
    def slot_lists(self) -> dict[str, Any]:
        lists: dict[str, Any] = {}
        numbers = [(w, n) for n in range(NUMBER_WORDS_UP_TO + 1) for w in number_words(n)]
        for slot_type in {t for i in self.intents.values() for t in i.slots.values()}:
            strict, open_ = self._list_name(slot_type, False), self._list_name(slot_type, True)
            if slot_type in NUMBER_TYPES:
                # Number words and digits up to a few hundred; any other number ("five
                # thousand", "minus five") is read by the number parser in the open pass.
                lists[strict] = TextSlotList.from_tuples(numbers, allow_template=False, name=strict)
                lists[open_] = WildcardSlotList(open_)
            elif slot_type in self.types:
                values = [(p, ident) for p, (_, ident) in self.types[slot_type].items()]
                lists[strict] = TextSlotList.from_tuples(values, allow_template=False, name=strict)
                lists[open_] = WildcardSlotList(open_)
            else:  # durations, ordinals, times, phrases: any words, checked by the reader
                lists[strict] = WildcardSlotList(strict)
                lists[open_] = WildcardSlotList(open_)
        return lists

    def hear(self, text: str, *, open_: bool = False, skip: bool = True) -> Heard | None:
        """The best template match for the whole of `text` (normalised), or None."""
        return best(self.hear_all(text, open_=open_, skip=skip))

    def hear_all(self, text: str, *, open_: bool = False, skip: bool = True) -> list[Heard]:
        """Every template match; in strict mode only those whose free slots (durations,
        ordinals, times) read as a value of their type."""
        key = (text, open_, skip)
        kept = self._heard_cache.get(key)
        if kept is None:
            intents = self.open if open_ else self.strict
            results = recognize_all(
                text,
                intents,
                slot_lists=self.slot_lists,
                skip_words=list(FILLERS) if skip else None,
            )
            heard = [h for h in (self._heard(r) for r in results) if h is not None]
            kept = tuple(heard if open_ else [h for h in heard if self.fits(h)])
            if len(self._heard_cache) >= HEARD_CACHE_SIZE:
                self._heard_cache.clear()
            self._heard_cache[key] = kept
        return list(kept)

    def fits(self, heard: Heard) -> bool:
        """Whether every slot heard outside a list reads as a value of its type."""
        slots = self.intents[heard.intent].slots
        for slot, words in heard.words.items():
            if slot in heard.values:
                continue
            if not reads_as(slots.get(slot, ""), words):
                return False
        return True

    def _heard(self, result: RecognizeResult) -> Heard | None:
        intent = self.intents[result.intent.name]
        words: dict[str, str] = {}
        values: dict[str, Any] = {}
        for name, entity in result.entities.items():
            said = normalise(str(entity.text or entity.value))
            if not said:
                return None
            if entity.is_wildcard:
                said = _trim(said)
                if not said:
                    return None
            words[name] = said
            slot_type = intent.slots.get(name, "")
            if not entity.is_wildcard:
                values[name] = entity.value
            elif slot_type in NUMBER_TYPES and parse_number(said.split()) is not None:
                values[name] = parse_number(said.split())
        template = result.intent_sentence.text if result.intent_sentence is not None else ""
        template = re.sub(r"\{[^{}:]+:([^{}]+)\}", r"{\1}", template or "")
        return Heard(intent.name, words, values, template, result.text_chunks_matched)


# Words a wildcard slot may pick up at its edges that belong to no value ("like two minutes").
_EDGE_WORDS = frozenset(
    [w for f in FILLERS if " " not in f for w in [f]]
    + ["about", "around", "maybe", "roughly", "another", "more", "a", "the", "then", "now"]
)


def _trim(words: str) -> str:
    tokens = words.split()
    while tokens and tokens[0] in _EDGE_WORDS - {"a", "another", "more"}:
        tokens = tokens[1:]
    while tokens and tokens[-1] in _EDGE_WORDS - {"a"}:
        tokens = tokens[:-1]
    return " ".join(tokens)


def reads_as(slot_type: str, words: str) -> bool:
    """Whether words heard in a free slot are a value of its built-in type."""
    tokens = words.split()
    if slot_type in NUMBER_TYPES:
        return parse_number(tokens) is not None
    if slot_type == DURATION_TYPE:
        return parse_duration(tokens) is not None
    if slot_type == ORDINAL_TYPE:
        return parse_ordinal(tokens) is not None
    if slot_type == "AMAZON.TIME":
        return parse_clock(tokens) is not None
    return bool(tokens)


def best(heard: Sequence[Heard]) -> Heard | None:
    """Prefer the most heard by the template itself (its own words, and slots heard as listed
    values), then the fewest free slots."""
    if not heard:
        return None
    order = {name: i for i, name in enumerate(sorted({h.intent for h in heard}))}
    return min(
        heard,
        key=lambda h: (
            -(h.literal + len(h.values)),
            len(h.words) - len(h.values),
            order[h.intent],
        ),
    )


def from_model(
    model: Mapping[str, Any], extra: Mapping[str, Iterable[str]] | None = None
) -> Grammar:
    """A grammar whose templates are a model's own samples (plus `extra` phrases per declared
    intent): how a model with no template source is heard."""
    from .utterances import SlotType

    language = model.get("interactionModel", model).get("languageModel", {})
    types = {t["name"]: SlotType.from_json(t).phrases for t in language.get("types", [])}
    intents = []
    for intent in language.get("intents", []):
        templates = [_escape(s) for s in intent.get("samples", [])]
        templates += [_escape(s) for s in (extra or {}).get(intent["name"], ())]
        slots = {s["name"]: s.get("type", "") for s in intent.get("slots", [])}
        intents.append(IntentGrammar(intent["name"], slots, tuple(dict.fromkeys(templates))))
    return Grammar(intents, types, {})


def _escape(sample: str) -> str:
    """A plain sample as a template: hassil's special characters outside {slots} dropped."""
    return re.sub(r"[\[\]()<>|]", " ", sample)


ORDINAL = ORDINAL_TYPE
DURATION = DURATION_TYPE
