"""How an utterance is read against an interaction model: one module for the model checker
(`legcoach_dev.models`: example phrases, duplicate samples) and the local NLU
(`legcoach_dev.local.nlu`), so the two cannot disagree about what a phrase means.

- `normalise` / `heard`: the text Alexa would hand on (case, punctuation, digit groups; `heard`
  also drops the disfluencies speech recognition leaves out: "um", "uh", "erm");
- `parse_number`, `parse_duration`, `parse_ordinal`: slot values as Alexa sends them
  ("twelve" -> 12, "two minutes" -> "PT2M");
- `split_wake_word`, `split_invocation`, `request_candidates`: "Alexa, ask leg workout to resume"
  -> the verb, and the request to match ("resume", then "to resume");
- `sample_key`: the key two samples collide on (case, spacing and slot names ignored);
- `Matcher`: a model's samples compiled once; `Matcher.exact(utterance)` is the word-for-word
  match both the checker and the NLU use, `Matcher.fits` whether heard words fit a slot type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

NUMBER_TYPE = "AMAZON.NUMBER"
DURATION_TYPE = "AMAZON.DURATION"
ORDINAL_TYPE = "AMAZON.Ordinal"
NUMBER_TYPES = frozenset({NUMBER_TYPE, "AMAZON.FOUR_DIGIT_NUMBER"})
# What Alexa sends for a number or duration it heard but could not read.
UNRECOGNISED = "?"

WAKE_WORD = "alexa"
# "Alexa, open leg workout": a launch ("... and <request>" is a one-shot).
LAUNCH_VERBS = (
    "open",
    "start",
    "launch",
    "begin",
    "load",
    "run",
    "play",
    "use",
    "enable",
    "resume",
)
# "Alexa, ask leg workout (to) <request>": a one-shot.
ONE_SHOT_VERBS = ("ask", "tell")
# Words Alexa drops between "ask <invocation name>" and the request itself.
CONNECTORS = ("to", "for", "about", "whether", "if", "that")
# Hesitations speech recognition does not write down.
DISFLUENCIES = frozenset(
    {"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ehm", "ehmm", "hmm", "hm", "mm", "mmm"}
)

Kind = Literal["launch", "one_shot"]

# --------------------------------------------------------------------------- text

_SLOT = re.compile(r"\{([^{}]+)\}")
_SLOT_SPLIT = re.compile(r"(\{[^{}]+\})")
_DIGIT_GROUPS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_NOT_WORD = re.compile(r"[^a-z0-9'\s]+")


def normalise(text: str) -> str:
    """Lowercase, punctuation (except apostrophes inside words) to spaces, spaces collapsed."""
    text = _DIGIT_GROUPS.sub("", text.lower().replace("\u2019", "'"))
    words = (w.strip("'") for w in _NOT_WORD.sub(" ", text).split())
    return " ".join(w for w in words if w)


# Speech recognition writes dictionary words, whatever the accent: a dropped g ("killin'"),
# and the common Scots, Northern and Caribbean spellings people type, arrive spelt out.
ASR_SPELLINGS = {
    "heid": "head",
    "doon": "down",
    "roond": "round",
    "oot": "out",
    "aboot": "about",
    "ah'm": "i'm",
    "awright": "alright",
    "tae": "to",
    "fae": "from",
    "gie": "give",
    "dinnae": "don't",
    "didnae": "didn't",
    "cannae": "can't",
    "havenae": "haven't",
    "wasnae": "wasn't",
    "isnae": "isn't",
    "cyaan": "can't",
    "nuff": "enough",
    "gotta": "got to",
    "y'all": "you",
    "ya": "you",
    "ye": "you",
    "ngl": "",
    "tbh": "",
    "leh": "",
    "lah": "",
    "sef": "",
    "o'": "of",
    "em": "them",
    "bout": "about",
    "couldnae": "couldn't",
    "wouldnae": "wouldn't",
    "dae": "do",
    "wan": "one",
    "twenny": "twenty",
    "staht": "start",
    "stahted": "started",
    "tryna": "trying to",
    "innit": "",
    "abeg": "",
    "muna": "",
    "lang": "",
    "anot": "",
    "lor": "",
    "howay": "",
    "leven": "eleven",
    "gimme": "give me",
    "gannin": "going",
    "gannin'": "going",
    "deein": "doing",
    "dee": "do",
    "gan": "go",
    "nae": "no",
    "nowt": "nothing",
    "da": "the",
    "dem": "them",
    "dis": "this",
    "dat": "that",
    "du": "you",
    "peerie": "little",
    "likkle": "little",
    "mek": "make",
    "summat": "something",
    "don": "",
    "aul": "old",
    "een": "one",
    "ar": "yeah",
    "eina": "ouch",
    "chur": "cheers",
    "b'y": "",
    "muh": "my",
    "wuh": "what's",
    "de": "the",
    "a'm": "i'm",
    "mair": "more",
    "tomorrer": "tomorrow",
    "tomorra": "tomorrow",
    # Contractions typed without their apostrophe, which recognition always writes.
    "im": "i'm",
    "ive": "i've",
    "dont": "don't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "cant": "can't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "havent": "haven't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "thats": "that's",
    "whats": "what's",
    "theres": "there's",
    "todays": "today's",
    "youre": "you're",
    "aint": "ain't",
    "lemme": "let me",
    "one'd": "one would",
    # Scots, Caribbean and West African spellings, and particles that carry nothing here.
    "nane": "none",
    "aff": "off",
    "gaun": "going",
    "wis": "was",
    "auld": "old",
    "daein": "doing",
    "naw": "no",
    "weh": "where",
    "fi": "for",
    "haffi": "have to",
    "nuh": "don't",
    "ach": "",
    "mun": "",
    "fr": "",
    "eish": "",
    "chai": "",
    "naku": "",
    "hayi": "",
    "bro": "",
    "po": "",
    "dang": "",
    "wi": "with",
    "hing": "hang",
    "cyah": "can't",
    "mih": "my",
    "ope": "",
    "loupin": "throbbing",
    "louping": "throbbing",
}
# Words spelt one way in one place and another in the next: read by where they stand.
_HOW_LANG = re.compile(r"\bhow lang\b")  # Scots "long"; elsewhere "lang" is a particle
_TRAILING_O = re.compile(r"\s+o\s*$")  # West African "o" closing a sentence, not "of"
_CLAUSE_O = re.compile(r"\s+o(?=\s*[,.!?;:])")  # and closing a clause ("no o, i'll manage")
# A dropped g is spelt out only where the word is one ("killin" -> killing, not "cousin").
_G_DROPPED = frozenset(
    [
        "killin",
        "gettin",
        "spinnin",
        "catchin",
        "sweatin",
        "burnin",
        "goin",
        "doin",
        "feelin",
        "achin",
        "throbbin",
        "hurtin",
        "stingin",
        "twingin",
        "pullin",
        "crampin",
        "pukin",
        "shakin",
        "comin",
        "runnin",
        "walkin",
        "workin",
        "thinkin",
        "talkin",
        "somethin",
        "nothin",
        "lookin",
        "breathin",
        "cryin",
        "dyin",
        "tryin",
        "fixin",
        "bein",
        "havin",
        "makin",
        "takin",
        "racin",
        "poundin",
        "thumpin",
        "nippin",
        "stoppin",
        "screamin",
        "givin",
        "pinchin",
        "grabbin",
        "actin",
        "beginnin",
        "mornin",
        "evenin",
    ]
)


_G_APOSTROPHE = re.compile(r"\b([A-Za-z]+in)'(?=[\s,.!?;:]|$)")


def _spelt(word: str) -> str:
    word = ASR_SPELLINGS.get(word, word)
    bare = word.rstrip("'")
    return bare + "g" if bare in _G_DROPPED else word


def heard(text: str) -> str:
    """What speech recognition passes on: normalised, spelt as dictionary words, without
    "um", "uh", "erm"."""
    text = _CLAUSE_O.sub("", _G_APOSTROPHE.sub(r"\1g", text))  # "swimmin'" -> "swimming"
    text = _TRAILING_O.sub("", _HOW_LANG.sub("how long", normalise(text)))
    words = ("of" if w == "o" else _spelt(w) for w in text.split() if w not in DISFLUENCIES)
    return " ".join(w for w in " ".join(words).split() if w)


def split_wake_word(text: str) -> tuple[bool, str]:
    """("alexa ..." said?, the rest), on heard text."""
    words = heard(text).split()
    if words and words[0] == WAKE_WORD:
        return True, " ".join(words[1:])
    return False, " ".join(words)


def split_invocation(utterance: str, invocation_name: str) -> tuple[str, str] | None:
    """(verb, request) when `utterance` is "<verb> <invocation name> [request]", else None.
    The verb may be any word; `invocation_kind` says whether Alexa knows it."""
    verb, _, rest = utterance.partition(" ")
    name = normalise(invocation_name)
    if not verb or not name or not (rest == name or rest.startswith(name + " ")):
        return None
    return verb, rest[len(name) :].strip()


def invocation_kind(verb: str) -> Kind | None:
    if verb in LAUNCH_VERBS:
        return "launch"
    if verb in ONE_SHOT_VERBS:
        return "one_shot"
    return None


def request_candidates(verb: str, request: str) -> tuple[str, ...]:
    """The texts to match as the request, best first.

    One-shot: "to resume" -> ("resume", "to resume") (a leading connector is usually dropped,
    but "tell me about ..." may be the request itself). Launch: "and i did eight" ->
    ("i did eight",); any other words after a launch are not a request (()).
    """
    if not request:
        return ()
    if invocation_kind(verb) == "launch":
        if request.startswith("and "):
            return (request[len("and ") :],)
        return ()
    first, _, rest = request.partition(" ")
    if first in CONNECTORS and rest:
        return (rest, request)
    return (request,)


# --------------------------------------------------------------------------- numbers

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
MAX_NUMBER_WORDS = 8
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
}


_DOZENS = {"a dozen": 12, "one dozen": 12, "dozen": 12, "half a dozen": 6, "a half dozen": 6}


def parse_number(words: Sequence[str]) -> int | None:
    """English number words or digits -> int ("twenty one" -> 21, "a hundred" -> 100), else None."""
    tokens = [t for w in words for t in w.split("-")]
    if " ".join(tokens) in _DOZENS:
        return _DOZENS[" ".join(tokens)]
    sign = 1
    if tokens and tokens[0] in _NEGATIVE:
        sign, tokens = -1, tokens[1:]
    if not tokens or len(tokens) > MAX_NUMBER_WORDS:
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


def parse_ordinal(words: Sequence[str]) -> int | None:
    """ "third" -> 3, "3rd" -> 3 (AMAZON.Ordinal), else None."""
    if len(words) != 1:
        return None
    word = words[0]
    if word in _ORDINALS:
        return _ORDINALS[word]
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word)
    return int(match.group(1)) if match else None


# --------------------------------------------------------------------------- durations

_DURATION_UNITS = {
    "second": "S",
    "seconds": "S",
    "sec": "S",
    "secs": "S",
    "minute": "M",
    "minutes": "M",
    "min": "M",
    "mins": "M",
    "hour": "H",
    "hours": "H",
}
MAX_DURATION_WORDS = 8


def parse_duration(words: Sequence[str]) -> str | None:
    """Spoken time -> ISO-8601 as AMAZON.DURATION sends it, else None.

    Each unit keeps the amount said: "two minutes" -> "PT2M", "a minute" -> "PT1M", "ninety
    seconds" -> "PT90S", "a sec" -> "PT1S", "a couple of minutes" -> "PT2M", "two minutes and
    ten seconds" -> "PT2M10S", "five more minutes" -> "PT5M"; a half goes to the unit below: "half a minute" -> "PT30S",
    "a minute and a half" and "one and a half minutes" -> "PT1M30S".
    """
    tokens = [t for w in words for t in w.split("-")]
    if not tokens or len(tokens) > MAX_DURATION_WORDS:
        return None
    amounts = _duration_amounts(tokens)
    if amounts is None or not any(amounts.values()):
        return None
    return "PT" + "".join(f"{amounts[u]}{u}" for u in "HMS" if amounts[u])


_HALF = {"H": ("M", 30), "M": ("S", 30), "S": ("S", 0)}


def _duration_amounts(tokens: list[str]) -> dict[str, int] | None:
    amounts = dict.fromkeys("HMS", 0)
    # "a half hour", "half hour", "a quarter of an hour", "quarter hour", "three quarters of
    # an hour": parts of an hour as minutes
    parts = {"half": 30, "quarter": 15, "three quarters": 45, "three quarter": 45}
    spoken = " ".join(t for t in tokens if t not in ("a", "an", "of"))
    for part, minutes in parts.items():
        if spoken in (f"{part} hour", f"{part} hours"):
            amounts["M"] = minutes
            return amounts
    # "half a minute", "half an hour"
    if len(tokens) == 3 and tokens[0] == "half" and tokens[1] in ("a", "an"):
        unit = _DURATION_UNITS.get(tokens[2])
        if unit is None or unit == "S":
            return None
        lower, size = _HALF[unit]
        amounts[lower] = size
        return amounts
    i = 0
    while i < len(tokens):
        # one "<amount> <unit> [and a half]" part
        unit_at = next((j for j in range(i, len(tokens)) if tokens[j] in _DURATION_UNITS), None)
        if unit_at is None:
            return None
        amount_words = [w for w in tokens[i:unit_at] if w not in ("more", "extra")]
        half = False
        if amount_words[-3:] == ["and", "a", "half"]:  # "one and a half minutes"
            amount_words, half = amount_words[:-3], True
        amount = _amount(amount_words)
        unit = _DURATION_UNITS[tokens[unit_at]]
        if amount is None or amounts[unit]:
            return None
        i = unit_at + 1
        if tokens[i : i + 3] == ["and", "a", "half"]:  # "a minute and a half"
            half, i = True, i + 3
        amounts[unit] = amount
        if half:
            lower, size = _HALF[unit]
            if not size:
                return None
            amounts[lower] += size
        if i < len(tokens) and tokens[i] == "and":
            i += 1
            if i == len(tokens):
                return None
    return amounts


def _amount(words: list[str]) -> int | None:
    if words in (["a"], ["an"], ["one"]):
        return 1
    if words in (["a", "couple", "of"], ["a", "couple"], ["couple", "of"]):
        return 2
    return parse_number(words) if words else None


# --------------------------------------------------------------------------- slot types


@dataclass(frozen=True)
class SlotType:
    """A custom slot type: every value and synonym (normalised) -> (canonical value, id)."""

    name: str
    phrases: dict[str, tuple[str, str | None]]
    longest: int

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SlotType:
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


# --------------------------------------------------------------------------- samples


def sample_key(sample: str, slot_types: Mapping[str, str]) -> str:
    """Key for comparing samples across intents: case, punctuation, spacing and slot names
    ignored ("do {count}" and "do {reps}" collide when both slots are AMAZON.NUMBER)."""
    out: list[str] = []
    for piece in _SLOT_SPLIT.split(sample):
        if _SLOT.fullmatch(piece):
            slot = piece[1:-1].strip()
            out.append("{" + slot_types.get(slot, slot) + "}")
        else:
            out.extend(normalise(piece).split())
    return " ".join(out)


@dataclass(frozen=True)
class Sample:
    """One sample, compiled: its normalised text, a regex capturing each slot's words."""

    intent: str
    text: str  # normalised, with {slot} placeholders
    pattern: re.Pattern[str]
    slot_order: tuple[str, ...]  # slot names in capture-group order
    tokens: tuple[str, ...]  # words, and "{slot}" placeholders
    literal: frozenset[str]  # the sample's words outside placeholders
    literal_count: int
    order: int  # position among all compiled samples, for deterministic ties

    @property
    def slot_names(self) -> frozenset[str]:
        return frozenset(self.slot_order)


def compile_sample(intent: str, raw: str, slots: Mapping[str, str], order: int) -> Sample | None:
    """The compiled sample, None when it is empty; ValueError for an undeclared slot."""
    tokens: list[str] = []  # words, and "{slot}" placeholders (slot names keep their case)
    for piece in _SLOT_SPLIT.split(raw):
        if _SLOT.fullmatch(piece):
            slot = piece[1:-1].strip()
            if slot not in slots:
                raise ValueError(f"sample {raw!r} of {intent} uses undeclared slot {piece}")
            tokens.append("{" + slot + "}")
        else:
            tokens.extend(normalise(piece).split())
    if not tokens:
        return None
    slot_order = tuple(t[1:-1] for t in tokens if _SLOT.fullmatch(t))
    literal = [t for t in tokens if not _SLOT.fullmatch(t)]
    regex = " ".join(r"(.+?)" if _SLOT.fullmatch(t) else re.escape(t) for t in tokens)
    return Sample(
        intent=intent,
        text=" ".join(tokens),
        pattern=re.compile(f"^{regex}$"),
        slot_order=slot_order,
        tokens=tuple(tokens),
        literal=frozenset(literal),
        literal_count=len(literal),
        order=order,
    )


@dataclass(frozen=True)
class Match:
    """A sample an utterance matched, the words heard for each slot, and how closely
    (1.0 for word for word)."""

    sample: Sample
    values: dict[str, str]
    score: float = 1.0

    @property
    def intent(self) -> str:
        return self.sample.intent


class Matcher:
    """A model's samples compiled once, plus optional extra phrases per intent (the local
    NLU's stand-ins for Amazon's built-in training), matched after the model's own."""

    def __init__(
        self,
        model: Mapping[str, Any],
        extra_phrases: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        language = model.get("interactionModel", model).get("languageModel", {})
        self.invocation_name: str = normalise(language.get("invocationName", ""))
        self.types: dict[str, SlotType] = {
            t["name"]: SlotType.from_json(t) for t in language.get("types", [])
        }
        self.intents: dict[str, dict[str, str]] = {}  # intent -> {slot name: slot type}
        self.samples: list[Sample] = []
        self.extra: list[Sample] = []
        seen: set[tuple[str, str]] = set()
        for intent in language.get("intents", []):
            name = intent["name"]
            self.intents[name] = {s["name"]: s.get("type", "") for s in intent.get("slots", [])}
            for raw in intent.get("samples", []):
                self._add(self.samples, name, raw, seen)
        for name, phrases in (extra_phrases or {}).items():
            if name in self.intents:
                for raw in phrases:
                    self._add(self.extra, name, raw, seen)
        # Plain (slot-free) samples by text, per group: the model's own, then the extras.
        self.plain: list[dict[str, Sample]] = [{}, {}]
        for group, samples in enumerate(self.groups):
            for sample in samples:
                if not sample.slot_order:
                    self.plain[group].setdefault(sample.text, sample)

    @property
    def groups(self) -> tuple[list[Sample], list[Sample]]:
        return self.samples, self.extra

    def _add(self, into: list[Sample], intent: str, raw: str, seen: set[tuple[str, str]]) -> None:
        order = len(self.samples) + len(self.extra)
        sample = compile_sample(intent, raw, self.intents[intent], order)
        if sample is None or (intent, sample.text) in seen:
            return
        seen.add((intent, sample.text))
        into.append(sample)

    def slot_type(self, intent: str, slot: str) -> str:
        return self.intents.get(intent, {}).get(slot, "")

    def fits(self, slot_type: str, value: str) -> bool:
        """Whether heard words are a value of the slot type (any words for other built-ins)."""
        words = value.split()
        if slot_type in NUMBER_TYPES:
            return parse_number(words) is not None
        if slot_type == DURATION_TYPE:
            return parse_duration(words) is not None
        if slot_type == ORDINAL_TYPE:
            return parse_ordinal(words) is not None
        if slot_type in self.types:
            return value in self.types[slot_type].phrases
        return bool(words)

    def longest_value(self, slot_type: str) -> int:
        """How many words a value of this type may have (0: any, not searched for)."""
        if slot_type in NUMBER_TYPES:
            return MAX_NUMBER_WORDS
        if slot_type == DURATION_TYPE:
            return MAX_DURATION_WORDS
        if slot_type == ORDINAL_TYPE:
            return 1
        if slot_type in self.types:
            return self.types[slot_type].longest
        return 0

    def exact(self, utterance: str) -> tuple[Match | None, Match | None]:
        """Word-for-word matches: (the best whose slot values fit, the best with unfitting ones).

        The model's samples first (plain, then with slots), then the extra phrases; among
        samples with slots the one with the most words of its own wins. Once a fitting match
        is found the unfitting one is not needed (None).
        """
        unfitting: Match | None = None
        for group, samples in enumerate(self.groups):
            plain = self.plain[group].get(utterance)
            if plain is not None:
                return Match(plain, {}), None
            best: tuple[tuple[int, int, int], Sample, dict[str, str]] | None = None
            for sample in samples:
                if not sample.slot_order:
                    continue
                found = sample.pattern.match(utterance)
                if found is None:
                    continue
                captured: dict[str, str] = {}
                for slot, value in zip(sample.slot_order, found.groups(), strict=True):
                    captured.setdefault(slot, value.strip())
                bad = sum(
                    not self.fits(self.slot_type(sample.intent, slot), value)
                    for slot, value in captured.items()
                )
                if bad:
                    # The first split of the words is not the only one: "do {n} {move}" reads
                    # "do twenty five wall sits" as 25 and "wall sits" only on a later try.
                    fitting = self._fitting_split(sample, utterance.split())
                    if fitting is not None:
                        captured, bad = fitting, 0
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
                return Match(sample, captured), None
            if unfitting is None:
                unfitting = Match(sample, captured)
        return None, unfitting

    def _fitting_split(self, sample: Sample, words: list[str]) -> dict[str, str] | None:
        """Slot values for `words` read as `sample`, every one fitting its type, or None."""
        tokens = sample.tokens

        def walk(t: int, w: int, values: dict[str, str]) -> dict[str, str] | None:
            if t == len(tokens):
                return values if w == len(words) else None
            token = tokens[t]
            if not token.startswith("{"):
                if w < len(words) and words[w] == token:
                    return walk(t + 1, w + 1, values)
                return None
            slot = token[1:-1]
            slot_type = self.slot_type(sample.intent, slot)
            for end in range(w + 1, len(words) + 1):
                value = " ".join(words[w:end])
                if slot in values and values[slot] != value:
                    continue
                if self.fits(slot_type, value):
                    found = walk(t + 1, end, {**values, slot: value})
                    if found is not None:
                        return found
            return None

        return walk(0, 0, {})

    def match(self, utterance: str) -> Match | None:
        """The word-for-word match whose slot values fit, if any."""
        return self.exact(utterance)[0]


# --------------------------------------------------------------------------- times

TIME_TYPE = "AMAZON.TIME"
_MORNING = ("am", "a.m.", "morning")
_EVENING = ("pm", "p.m.", "afternoon", "evening", "night", "tonight")


def parse_clock(words: list[str]) -> str | None:
    """AMAZON.TIME as Alexa sends it: "seven pm" -> "19:00", "six thirty" -> "06:30"."""
    text = [w for w in words if w not in ("at", "in", "the", "o'clock", "oclock")]
    if text in (["noon"], ["midday"]):
        return "12:00"
    half = next((w for w in text if w in _MORNING + _EVENING), None)
    digits = [w for w in text if w != half]
    if len(digits) == 1 and ":" in digits[0]:
        digits = digits[0].split(":")
    if not digits:
        return None
    hour = parse_number(digits[:1])
    minute = parse_number(digits[1:]) if len(digits) > 1 else 0
    if hour is None or minute is None or not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    if half in _EVENING and hour < 12:
        hour += 12
    elif half in _MORNING and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"
