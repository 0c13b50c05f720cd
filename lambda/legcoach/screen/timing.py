"""When things happen on the screen, read from the same speech the user hears.

A response's `Speech` is a run of parts whose lengths are known: beats and pauses exactly, free
words by the same syllable estimate the renderers use. The set screen takes its clock from it:
the countdown before the whistle (a rest, or getting into position), the whistle, and the onset
of every counted rep. Nothing here is computed a second way, so the screen cannot run ahead of
or behind the voice by more than the estimate of the words before the first beat.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..speech.cues import WHISTLE
from ..speech.ssml import Beat, Speech

# A rep's beats are whole milliseconds; onsets within this of the expected one count as on it.
TOLERANCE_MS = 1


@dataclass(frozen=True)
class SetTiming:
    """Milliseconds from the start of the response's audio."""

    countdown_start: int  # the run of timed beats before the whistle (-1: none)
    whistle: int  # the whistle's onset: the countdown reaches zero here
    first_rep_onset: int
    rep_ms: int
    rep_onsets: tuple[int, ...]  # one per rep counted in this response
    end: int  # when the last counted rep ends

    @property
    def reps(self) -> int:
        return len(self.rep_onsets)


def offsets(speech: Speech) -> list[tuple[int, object]]:
    """Each part with its onset in ms (words estimated, beats and pauses exact)."""
    out: list[tuple[int, object]] = []
    t = 0.0
    for part in speech.parts:
        out.append((round(t * 1000), part))
        t += part.seconds
    return out


def set_timing(speech: Speech, rep_ms: int, reps: int) -> SetTiming | None:
    """The timing of a counted set in `speech`: the last whistle, then `reps` runs of tempo beats
    of `rep_ms` each (fewer when the set splits across turns). None when no set is counted."""
    parts = offsets(speech)
    whistles = [
        i for i, (_, p) in enumerate(parts) if isinstance(p, Beat) and p.cue == WHISTLE.name
    ]
    if not whistles or rep_ms <= 0:
        return None
    w = whistles[-1]
    whistle_at = parts[w][0]
    start = w
    while start > 0:
        _, before = parts[start - 1]
        if not isinstance(before, Beat) or before.tempo:
            break
        start -= 1
    countdown = parts[start][0] if start < w else -1
    tempo = [(t, p) for t, p in parts[w + 1 :] if isinstance(p, Beat) and p.tempo]
    if not tempo:
        return None
    first = tempo[0][0]
    beat_onsets = {t for t, _ in tempo}
    run_end = tempo[-1][0] + tempo[-1][1].ms
    onsets: list[int] = []
    for k in range(reps):
        onset = first + k * rep_ms
        if onset >= run_end:
            break
        if not any(abs(onset - b) <= TOLERANCE_MS for b in beat_onsets):
            # A rep that does not start on a beat would put the counter out of step: show none.
            return None
        onsets.append(onset)
    return SetTiming(countdown, whistle_at, first, rep_ms, tuple(onsets), run_end)
