"""The speech budget: what fits in one response, in SSML characters or in APLA seconds.

The voice layer asks `fits(mode, *parts)` before it speaks a set; when a set does not fit, it
splits at a clean point (between reps), never mid-rep. The planner's budgets sit below Alexa's
limits (`limits`) to leave room for an appended note such as a failed save.
"""

from __future__ import annotations

from .limits import MAX_APLA_SECONDS, MAX_SSML_CHARS
from .ssml import Speech

__all__ = ["MAX_SSML_CHARS", "PLAN_BUDGET", "PLAN_SECONDS", "fits", "seconds_bound"]

# What the planner aims for in SSML characters.
PLAN_BUDGET = 7400
# What the planner aims for in APLA audio seconds.
PLAN_SECONDS = MAX_APLA_SECONDS - 10
# Free speech (not in a beat) is estimated; a real voice may be this much slower.
FREE_SPEECH_MARGIN = 0.25
MODES = ("ssml", "apla")


def seconds_bound(*parts: Speech) -> float:
    """An upper bound on how long the parts play: beats and pauses exactly, words with a margin."""
    exact = sum(p.exact_seconds for p in parts)
    free = sum(p.seconds - p.exact_seconds for p in parts)
    return exact + free * (1 + FREE_SPEECH_MARGIN)


def ssml_chars(*parts: Speech) -> int:
    return sum(len(p.inner_ssml()) + 1 for p in parts) + len("<speak></speak>")


def fits(mode: str, *parts: Speech) -> bool:
    """Whether the parts, spoken one after another, fit one response in `mode`."""
    if mode == "apla":
        return seconds_bound(*parts) <= PLAN_SECONDS
    if mode == "ssml":
        return ssml_chars(*parts) <= PLAN_BUDGET
    raise ValueError(f"unknown audio mode {mode!r}")
