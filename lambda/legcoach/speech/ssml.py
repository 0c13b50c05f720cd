"""The speech model and its SSML renderer: text is always escaped, breaks never exceed 10 s.

Speech is built, never concatenated, so an `&` in a name or a 12 s pause cannot reach Alexa.
A `Speech` is an ordered list of parts:

- `Text`: free speech, as long as the voice takes (estimated by syllables);
- `Pause`: an exact silence;
- `Beat`: an exact slot of `ms` holding optional words and an optional sound cue. Counts and
  rest marks are beats, so a rep or a rest lasts its length whatever the voice's speed.

The same parts render to SSML here (the fallback), to an APL for Audio document (`apla`), and
to a local audio preview (devkit). In SSML a beat is its words then a break of the slot minus
the words' estimated length; in APLA it is exact.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .cues import CUES, Cue
from .limits import MAX_BREAK_MS

__all__ = ["MAX_BREAK_MS", "Beat", "Pause", "Speech", "Text", "estimate_speech_seconds"]

# Seconds of speech per syllable at Alexa's default rate (about 4.5 syllables a second).
SECONDS_PER_SYLLABLE = 0.22
# Audible pause Alexa leaves at a comma or sentence end inside a run of text.
PUNCTUATION_PAUSE = {",": 0.15, ";": 0.2, ":": 0.2, ".": 0.3, "!": 0.3, "?": 0.3}
# Breaks shorter than this are inaudible; skipping them keeps the SSML small.
MIN_BREAK_MS = 50

# XML escaping as xml.sax.saxutils does it, without importing xml.sax at cold start (~8 ms).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)


def escape(text: str) -> str:
    """`text` safe as XML character data."""
    return text.translate(_ESCAPES)


_MARKUP = re.compile(r"[<>\x00-\x08\x0b-\x1f\x7f]")


def plain_text(text: str) -> str:
    """`text` for a plain-text field (a card, an APLA PlainText Speech): markup and control
    characters removed, so a stray '<' from a slot value never reads as a tag."""
    return _MARKUP.sub("", text)


def quoteattr(value: str) -> str:
    """`value` as a double-quoted XML attribute value, quotes and newlines escaped."""
    return f'"{value.translate(_ATTRIBUTE_ESCAPES)}"'


_WORD = re.compile(r"[A-Za-z']+|\d+")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


def _syllables(word: str) -> int:
    if word.isdigit():
        # Digits are read as words: roughly two syllables per digit is a fair average.
        return 2 * len(word)
    w = word.lower().strip("'")
    count = len(_VOWEL_GROUPS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee")) and count > 1:
        count -= 1  # silent final e: "drive", "three" keeps its ee
    return max(1, count)


# A workout's speech repeats a few hundred phrases ("one", "two", "push through"): a turn asks
# about the same ones dozens of times, so the estimate is kept per phrase.
@lru_cache(maxsize=4096)
def estimate_speech_seconds(text: str) -> float:
    """How long Alexa takes to say plain `text`, by syllable count plus inner punctuation."""
    seconds = sum(_syllables(w) for w in _WORD.findall(text)) * SECONDS_PER_SYLLABLE
    inner = text.rstrip(" .,!?;:")
    seconds += sum(PUNCTUATION_PAUSE.get(ch, 0.0) for ch in inner)
    return round(seconds, 3)


def _breaks(ms: int) -> str:
    """A silence of `ms` as SSML: a chain of breaks, each within Alexa's limit."""
    full, rest = divmod(ms, MAX_BREAK_MS)
    parts = ['<break time="10s"/>'] * full
    if rest:
        parts.append(f'<break time="{rest}ms"/>')
    return "".join(parts)


@dataclass(frozen=True)
class Text:
    value: str

    @property
    def seconds(self) -> float:
        return estimate_speech_seconds(self.value)

    def ssml(self) -> str:
        return escape(self.value)


@dataclass(frozen=True)
class Pause:
    ms: int

    @property
    def seconds(self) -> float:
        return self.ms / 1000

    def ssml(self) -> str:
        return _breaks(self.ms)


@dataclass(frozen=True)
class Beat:
    """A slot of exactly `ms`: optional words, an optional cue before them, silence after.

    `tempo` marks a beat of a rep, where the optional tick goes. The timeline keeps the words'
    estimated length within the slot; a real voice that runs over is cut at the slot's end (APLA).
    """

    ms: int
    text: str = ""
    cue: str | None = None  # a name in `cues.CUES`
    tempo: bool = False

    @property
    def value(self) -> str:
        """The words, like `Text.value`."""
        return self.text

    @property
    def seconds(self) -> float:
        return self.ms / 1000

    @property
    def sound(self) -> Cue | None:
        return CUES[self.cue] if self.cue else None

    def ssml(self) -> str:
        out: list[str] = []
        used = 0.0
        sound = self.sound
        if sound is not None and sound.in_ssml:
            out.append(f"<audio src={quoteattr(sound.source)}/>")
            used += sound.seconds
        if self.text:
            out.append(escape(self.text))
            used += estimate_speech_seconds(self.text)
        rest = self.ms - round(used * 1000)
        if rest >= MIN_BREAK_MS or not out:
            out.append(_breaks(max(rest, 0)) if rest > 0 else "")
        return " ".join(p for p in out if p)


Part = Text | Pause | Beat


@dataclass
class Speech:
    """An ordered list of free text, exact pauses and exact beats, rendered on demand."""

    parts: list[Part] = field(default_factory=list)

    def say(self, *texts: str) -> Speech:
        for text in texts:
            text = " ".join(text.split())
            if not text:
                continue
            if self.parts and isinstance(self.parts[-1], Text):
                self.parts[-1] = Text(f"{self.parts[-1].value} {text}")
            else:
                self.parts.append(Text(text))
        return self

    def pause(self, seconds: float) -> Speech:
        ms = round(seconds * 1000)
        if ms <= 0:
            return self
        if self.parts and isinstance(self.parts[-1], Pause):
            self.parts[-1] = Pause(self.parts[-1].ms + ms)
        else:
            self.parts.append(Pause(ms))
        return self

    def beat(
        self, ms: int, text: str = "", *, cue: str | None = None, tempo: bool = False
    ) -> Speech:
        """Append an exact slot of `ms` with optional words and cue."""
        if cue is not None and cue not in CUES:
            raise ValueError(f"unknown cue {cue!r}")
        if ms > 0:
            self.parts.append(Beat(int(ms), " ".join(text.split()), cue, tempo))
        return self

    def cue(self, name: str) -> Speech:
        """A sound cue in a slot of its own length, so it never covers a word."""
        return self.beat(round(CUES[name].seconds * 1000), cue=name)

    def extend(self, other: Speech | Iterable[Part]) -> Speech:
        for part in other.parts if isinstance(other, Speech) else other:
            if isinstance(part, Text):
                self.say(part.value)
            elif isinstance(part, Pause):
                self.pause(part.seconds)
            else:
                self.parts.append(part)
        return self

    @property
    def seconds(self) -> float:
        return round(sum(p.seconds for p in self.parts), 3)

    @property
    def exact_seconds(self) -> float:
        """The part of `seconds` that is exact (pauses and beats), not estimated."""
        return round(sum(p.seconds for p in self.parts if not isinstance(p, Text)), 3)

    @property
    def text(self) -> str:
        """The words only, for logs and tests."""
        return " ".join(p.value for p in self.parts if not isinstance(p, Pause) and p.value)

    def inner_ssml(self) -> str:
        return " ".join(s for s in (p.ssml() for p in self.parts) if s)

    def ssml(self) -> str:
        return f"<speak>{self.inner_ssml()}</speak>"

    def dumps(self) -> str:
        """A compact JSON form (for Repeat): text as strings, pauses as ms, beats as lists."""
        data: list[object] = []
        for p in self.parts:
            if isinstance(p, Text):
                data.append(p.value)
            elif isinstance(p, Pause):
                data.append(p.ms)
            else:
                data.append([p.ms, p.text, p.cue or "", int(p.tempo)])
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def loads(cls, raw: str) -> Speech:
        """The inverse of `dumps`; raises ValueError on anything else."""
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ValueError("not a dumped speech") from exc
        if not isinstance(data, list):
            raise ValueError("not a dumped speech")
        out = cls()
        for item in data:
            if isinstance(item, str):
                out.say(item)
            elif isinstance(item, int) and not isinstance(item, bool):
                out.pause(item / 1000)
            elif isinstance(item, list) and len(item) == 4:
                ms, text, cue, tempo = item
                if not isinstance(ms, int) or not isinstance(text, str) or ms > 600_000:
                    raise ValueError("bad beat")
                out.beat(ms, text, cue=str(cue) or None, tempo=bool(tempo))
            else:
                raise ValueError("bad part")
        return out

    def __len__(self) -> int:
        return len(self.ssml())

    def __bool__(self) -> bool:
        return bool(self.parts)
