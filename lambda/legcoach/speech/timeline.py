"""Timed speech: words placed at given seconds, with breaks filling the gaps.

Counting a rep "in time" means each word must start on its beat. Alexa gives no timing control
but breaks, so each gap is the beat length minus the estimated length of the words before it.
If words overrun their beat the next gap shrinks; a timeline never runs short of its total.
"""

from __future__ import annotations

from collections.abc import Sequence

from .ssml import Speech, estimate_speech_seconds

# Breaks shorter than this are inaudible; skipping them keeps the SSML small.
MIN_BREAK = 0.05
# When words overrun their beat, the next word still gets this much air so the two don't blur
# ("hold, halfway ... lift", not "hold, halfway lift"); the beats after absorb it.
MIN_SEPARATION = 0.25


def timeline(events: Sequence[tuple[float, str]], total: float) -> Speech:
    """Say each (onset, text) at its onset (or as soon after as the words before allow)."""
    out = Speech()
    now = 0.0
    for onset, text in sorted(events, key=lambda e: e[0]):
        gap = onset - now
        if gap >= MIN_BREAK:
            out.pause(gap)
            now = onset
        elif out.parts:
            out.pause(MIN_SEPARATION)
            now += MIN_SEPARATION
        out.say(text)
        now += estimate_speech_seconds(text)
    if total - now >= MIN_BREAK:
        out.pause(total - now)
    elif out.parts:
        out.pause(MIN_SEPARATION)  # timelines are chained: the next one's first word needs air
    return out
