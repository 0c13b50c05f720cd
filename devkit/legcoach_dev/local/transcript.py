"""What a chat transcript's summary counts: turns, fallbacks, spoken minutes, and per session
the speech before the first rep and the phrases said more than once.

"Before the first rep" is everything Alexa plays from the session's first request up to the
whistle that starts the first set, across turns (a resume offer, then the set); "words" leaves
out the timed silences (the warm-up's activity, getting into position). A phrase is a sentence of
four words or more; the counting beats ("three", "hold", "drive up") are not phrases.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from legcoach.speech.ssml import estimate_speech_seconds

from .render import Pause, Segment, Sound, Words, apla_document, render_apla, render_speech

WHISTLE = "whistle"
PHRASE_WORDS = 4
_PAUSE_LABEL = re.compile(r"\[\d+(?:\.\d+)? s\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Session:
    """One session's figures, from its first request to its end."""

    opened: str  # what the person said to open it
    words_s: float = 0.0  # seconds of words before the first rep
    audio_s: float = 0.0  # seconds of everything before the first rep
    counting: bool = False  # the first rep's whistle has played
    phrases: Counter[str] = field(default_factory=Counter)

    @property
    def repeated(self) -> dict[str, int]:
        return {p: n for p, n in self.phrases.items() if n > 1}


def _segments(response: dict[str, Any]) -> list[Segment]:
    document = apla_document(response)
    if document is not None:
        return render_apla(document).segments
    body = response.get("response") or {}
    return render_speech(body.get("outputSpeech")).segments


def _words(segment: Words) -> str:
    return " ".join(_PAUSE_LABEL.sub(" ", segment.text).split())


class Tally:
    def __init__(self) -> None:
        self.turns = 0
        self.fallbacks = 0
        self.seconds = 0.0
        self.sessions: list[Session] = []

    def add(self, response: dict[str, Any] | None, *, opened: str | None = None) -> None:
        """One response; `opened` is what the person said when this request opened a session."""
        if opened is not None or not self.sessions:
            self.sessions.append(Session(opened or ""))
        if not response:
            return
        self.turns += 1
        state = (response.get("sessionAttributes") or {}).get("state") or {}
        self.fallbacks += bool(state.get("misses"))
        body = response.get("response") or {}
        self.seconds += render_speech(body.get("outputSpeech")).seconds
        document = apla_document(response)
        if document is not None:
            self.seconds += render_apla(document).seconds
        self._session_figures(self.sessions[-1], _segments(response))

    @staticmethod
    def _session_figures(session: Session, segments: list[Segment]) -> None:
        for segment in segments:
            if isinstance(segment, Sound) and segment.name == WHISTLE:
                session.counting = True
            if isinstance(segment, Words):
                text = _words(segment)
                seconds = estimate_speech_seconds(text)
                for sentence in _SENTENCE_END.split(text):
                    if len(sentence.split()) >= PHRASE_WORDS:
                        session.phrases[sentence.strip()] += 1
            else:
                seconds = segment.seconds if isinstance(segment, Pause) else 0.0
            if not session.counting:
                session.audio_s += seconds
                session.words_s += seconds if isinstance(segment, Words) else 0.0

    def summary(self) -> str:
        lines = [
            f"transcript: {self.turns} turns, {self.fallbacks} fallbacks, "
            f"{self.seconds / 60:.1f} spoken minutes"
        ]
        for n, session in enumerate(self.sessions, 1):
            before = (
                f"{session.words_s:.0f} s of words ({session.audio_s:.0f} s in all) before "
                "the first rep"
                if session.counting
                else "no rep counted"
            )
            repeats = session.repeated
            said = "; ".join(f'"{p}" x{c}' for p, c in sorted(repeats.items(), key=lambda i: -i[1]))
            phrases = "phrase" if len(repeats) == 1 else "phrases"
            lines.append(
                f"session {n} ({session.opened}): {before}; "
                f"{len(repeats)} {phrases} said more than once" + (f": {said}" if said else "")
            )
        return "\n".join(lines)
