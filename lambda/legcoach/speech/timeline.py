"""Timed speech: words placed at given seconds, each in an exact slot up to the next.

Counting a rep "in time" means each word must start on its beat. A timeline is a run of
`Beat`s: the slot from one onset to the next holds that onset's words. Rendered as APL for
Audio, each slot lasts exactly its length whatever the voice's speed; as SSML, each slot is its
words plus a break of the slot minus their estimated length.

Words whose estimate (plus a margin for a slower voice) overruns their slot push the next onset
back, so they are never cut; the slots after absorb it. Outside a rep (rests, the setup, the
warm-up) the estimate is a slow voice's (`slow_seconds`: about 150 words a minute, fitted to
phrases measured with a neural voice), so a long introduction gets all the room it needs.
Inside a rep every beat holds one short word chosen to fit (see `workout_speech`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from .ssml import Speech, estimate_speech_seconds

# Gaps shorter than this are inaudible: such an onset counts as overrun.
MIN_BREAK = 0.05
# When words overrun their beat, the next word still gets this much air so the two don't blur
# ("hold, halfway ... lift", not "hold, halfway lift"); the beats after absorb it.
MIN_SEPARATION = 0.25
# A real voice may be this much slower than the estimate: words get that much room in a slot,
# since APL for Audio cuts anything longer at the slot's end.
VOICE_MARGIN = 0.10


# A slow voice (150 words a minute), per sentence: letters, words, comma pauses and a start,
# plus the pause between two sentences, and 8 % to spare. Fitted so that no sentence of the
# measured table (Piper's en_US joe at 150 words a minute) takes longer; long ones come out
# about 20 % over.
SLOW_LETTER = 0.048
SLOW_WORD = 0.18
SLOW_COMMA = 0.50
SLOW_START = 0.575
SLOW_SENTENCE_GAP = 0.31
SLOW_SPARE = 1.08
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_LETTER = re.compile(r"[A-Za-z0-9]")


@lru_cache(maxsize=4096)
def slow_seconds(text: str) -> float:
    """How long `text` may take said slowly (about 150 words a minute).

    Sentences get the slow voice's room; a mark without a full stop ("three", "ten seconds")
    is a word or two chosen to fit its beat (the APLA checker measures it), so it keeps the
    plain estimate and a countdown stays one word a second."""
    text = " ".join(text.split())
    if not text.endswith((".", "!", "?")):
        return _needs(text)
    sentences = [s for s in _SENTENCE_END.split(text) if s]
    seconds = SLOW_SENTENCE_GAP * max(0, len(sentences) - 1)
    for sentence in sentences:
        seconds += (
            SLOW_START
            + SLOW_LETTER * len(_LETTER.findall(sentence))
            + SLOW_WORD * len(sentence.split())
            + SLOW_COMMA * sum(sentence.rstrip(" .,!?;:").count(c) for c in ",;:")
        )
    return round(seconds * SLOW_SPARE, 3)


def _needs(text: str) -> float:
    return estimate_speech_seconds(text) * (1 + VOICE_MARGIN)


def _place(
    events: Sequence[tuple[float, str]], needs: Callable[[str], float] = _needs
) -> tuple[list[tuple[float, str]], float]:
    """Each text's start (its onset, or later if the words before overrun) and when all end."""
    starts: list[tuple[float, str]] = []
    busy = 0.0  # when the words so far end
    for onset, text in events:
        if onset - busy >= MIN_BREAK or not starts:
            start = max(onset, busy)
        else:
            start = busy + MIN_SEPARATION
        starts.append((start, text))
        busy = start + needs(text)
    return starts, busy


def _fitted(events: list[tuple[float, str]], total: float) -> list[tuple[float, str]]:
    """The events of a rep, made to fit `total`: first the added phrases lose their comma pause
    ("drive up, squeeze" said as "drive up squeeze"), latest first; if that is not enough, the
    latest added phrase goes ("hover, halfway" becomes "hover"). The count words always stay."""
    merged = list(events)
    for i in range(len(merged) - 1, -1, -1):
        onset, text = merged[i]
        while ", " in text:
            head, _, tail = text.rpartition(", ")
            text = f"{head} {tail}"
            merged[i] = (onset, text)
            if _place(merged)[1] <= total:
                return merged
    shortened = list(events)
    for i in range(len(shortened) - 1, -1, -1):
        onset, text = shortened[i]
        while ", " in text:
            text = text.rpartition(", ")[0]
            shortened[i] = (onset, text)
            if _place(shortened)[1] <= total:
                return shortened
    return list(events)


def timeline(events: Sequence[tuple[float, str]], total: float, *, tempo: bool = False) -> Speech:
    """Say each (onset, text) at its onset (or as soon after as the words before allow).

    With `tempo` the slots are the beats of a rep: the timeline lasts exactly `total`, and words
    that cannot fit are said without their comma pause or lose their added phrase (`_fitted`),
    so the next rep starts on time. Tempo beats are where an optional tick plays.
    """
    ordered = sorted(events, key=lambda e: e[0])
    starts, busy = _place(ordered) if tempo else _place(ordered, slow_seconds)
    if tempo and busy > total:
        starts, busy = _place(_fitted(ordered, total))
    if total - busy >= MIN_BREAK or (tempo and busy <= total):
        end = total
    else:
        end = busy + (MIN_SEPARATION if starts else 0.0)
    out = Speech()
    edges = [round(s * 1000) for s, _ in starts] + [round(end * 1000)]
    if edges[0] > 0:
        out.beat(edges[0])  # silence before the first onset
    for (_, text), begin, finish in zip(starts, edges, edges[1:], strict=False):
        out.beat(finish - begin, text, tempo=tempo)
    return out
