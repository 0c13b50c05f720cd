"""A tiny SSML builder: text is always escaped and pauses never exceed Alexa's 10 s break.

Speech is built, never concatenated, so an `&` in a name or a 12 s pause cannot reach Alexa.
The builder also keeps a running estimate of how long the speech lasts, which the tempo and rest
arithmetic relies on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

MAX_BREAK_MS = 10_000
# Seconds of speech per syllable at Alexa's default rate (about 4.5 syllables a second).
SECONDS_PER_SYLLABLE = 0.22
# Audible pause Alexa leaves at a comma or sentence end inside a run of text.
PUNCTUATION_PAUSE = {",": 0.15, ";": 0.2, ":": 0.2, ".": 0.3, "!": 0.3, "?": 0.3}

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


def estimate_speech_seconds(text: str) -> float:
    """How long Alexa takes to say plain `text`, by syllable count plus inner punctuation."""
    seconds = sum(_syllables(w) for w in _WORD.findall(text)) * SECONDS_PER_SYLLABLE
    inner = text.rstrip(" .,!?;:")
    seconds += sum(PUNCTUATION_PAUSE.get(ch, 0.0) for ch in inner)
    return round(seconds, 3)


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
        # Longer silences are chains of breaks, each within Alexa's limit.
        full, rest = divmod(self.ms, MAX_BREAK_MS)
        parts = ['<break time="10s"/>'] * full
        if rest:
            parts.append(f'<break time="{rest}ms"/>')
        return "".join(parts)


Part = Text | Pause


@dataclass
class Speech:
    """An ordered list of spoken text and pauses, rendered to SSML on demand."""

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

    def extend(self, other: Speech | Iterable[Part]) -> Speech:
        for part in other.parts if isinstance(other, Speech) else other:
            if isinstance(part, Text):
                self.say(part.value)
            else:
                self.pause(part.seconds)
        return self

    @property
    def seconds(self) -> float:
        return round(sum(p.seconds for p in self.parts), 3)

    @property
    def text(self) -> str:
        """The words only, for logs and tests."""
        return " ".join(p.value for p in self.parts if isinstance(p, Text))

    def inner_ssml(self) -> str:
        return " ".join(p.ssml() for p in self.parts)

    def ssml(self) -> str:
        return f"<speak>{self.inner_ssml()}</speak>"

    def __len__(self) -> int:
        return len(self.ssml())

    def __bool__(self) -> bool:
        return bool(self.parts)


def speech(*texts: str) -> Speech:
    return Speech().say(*texts)
