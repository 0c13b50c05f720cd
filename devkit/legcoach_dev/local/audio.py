"""An audio preview of the skill's answers: each response as a WAV you can listen to and measure.

The same timeline Alexa plays is rendered locally: an APLA document is laid out exactly as the
device mixes it (`render.apla_layout`: Sequencer one after another, Mixer together, a
`trimToParent` child cut to its parent), an SSML answer as its words and breaks in order.
Speech comes from espeak-ng, the soundbank cues are tones made with sox, silences are exact
runs of zero samples. espeak-ng and sox are Debian packages (`apt-get install espeak-ng sox`).

`onsets()` finds where sounds start in a WAV (an energy envelope: a frame that rises above a
threshold after a quiet stretch), so timing claims are measured from the audio itself:

    python -m legcoach_dev.local.audio --measure    # onset error of every rep, every exercise
"""

from __future__ import annotations

import argparse
import hashlib
import html
import shutil
import subprocess
import sys
import tempfile
import wave
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from legcoach.speech.cues import BY_SOURCE, CUES

from .render import Pause, Sound, Words, _root, apla_document, apla_layout, ssml_segments

RATE = 22_050
TOOLS = ("espeak-ng", "sox")
# espeak-ng's words per minute: about the pace the speech estimator assumes for Alexa.
ESPEAK_SPEED = 210
# How each soundbank cue sounds in the preview (sox synth arguments).
TONES = {
    "whistle": ["synth", "0.8", "sine", "2700-3300", "vol", "0.6"],
    "bell": ["synth", "1.5", "pluck", "A5", "fade", "0", "1.5", "1.2"],
    "tick": ["synth", "0.04", "sine", "1800", "vol", "0.5"],
}
OTHER_TONE = ["synth", "0.5", "sine", "440", "vol", "0.5"]
# A clip cut by its slot fades over this many samples, as a mixer does to avoid a click.
FADE_SAMPLES = RATE * 20 // 1000
SILENT = 300  # |sample| at or below this is silence (of 32767)


class MissingTools(RuntimeError):
    pass


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def require_tools() -> None:
    missing = missing_tools()
    if missing:
        raise MissingTools(
            f"the audio preview needs {' and '.join(missing)}: "
            f"install the Debian packages with `apt-get install {' '.join(TOOLS)}`"
        )


def read_wav(path: Path) -> array:
    with wave.open(str(path), "rb") as f:
        if f.getnchannels() != 1 or f.getsampwidth() != 2 or f.getframerate() != RATE:
            raise ValueError(f"{path}: expected 16-bit mono at {RATE} Hz")
        samples = array("h")
        samples.frombytes(f.readframes(f.getnframes()))
    return samples


def write_wav(path: Path, samples: array) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(RATE)
        f.writeframes(samples.tobytes())


def _lead_trimmed(samples: array) -> array:
    """Without the silence espeak-ng puts before the first word (Alexa starts speaking at once)."""
    for i, value in enumerate(samples):
        if abs(value) > SILENT:
            return samples[i:]
    return array("h")


class Preview:
    """Renders responses to samples, caching each spoken phrase and each cue."""

    def __init__(self, cache: Path | None = None, *, speed: int = ESPEAK_SPEED) -> None:
        require_tools()
        self.speed = speed
        self.cache = cache or Path(tempfile.mkdtemp(prefix="legcoach-audio-"))
        self.cache.mkdir(parents=True, exist_ok=True)
        self._clips: dict[tuple[str, str], array] = {}

    def _run(self, args: list[str]) -> None:
        subprocess.run(args, check=True, capture_output=True)

    def speech(self, text: str, *, ssml: bool = False) -> array:
        key = (f"{'ssml' if ssml else 'text'}-{self.speed}", text)
        if key not in self._clips:
            name = hashlib.sha1(f"{key}".encode()).hexdigest()[:16]
            raw, fixed = self.cache / f"{name}.raw.wav", self.cache / f"{name}.wav"
            args = ["espeak-ng", "-s", str(self.speed), "-w", str(raw)]
            self._run([*args, *(["-m"] if ssml else []), "--", text])
            self._run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(fixed)])
            self._clips[key] = _lead_trimmed(read_wav(fixed))
        return self._clips[key]

    def cue(self, source: str) -> array:
        key = ("cue", source)
        if key not in self._clips:
            cue = BY_SOURCE.get(source)
            recipe = TONES.get(cue.name, OTHER_TONE) if cue else OTHER_TONE
            path = self.cache / f"cue-{cue.name if cue else 'other'}.wav"
            self._run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(path), *recipe])
            self._clips[key] = read_wav(path)
        return self._clips[key]

    def leaf(self, component: dict[str, Any]) -> array:
        if component.get("type") == "Audio":
            return self.cue(str(component.get("source", "")))
        ssml = component.get("contentType") == "SSML"
        return self.speech(str(component.get("content", "")), ssml=ssml)

    def document(self, document: dict[str, Any]) -> array:
        """An APLA document mixed as the device would: exact silences, trimmed slots."""
        total, placed = apla_layout(_root(document), lambda leaf: len(self.leaf(leaf)) / RATE)
        out = array("h", bytes(2 * round(total * RATE)))
        for event in placed:
            clip = self.leaf(event.component)
            start = round(event.start * RATE)
            count = min(len(clip), round(event.end * RATE) - start, len(out) - start)
            if count <= 0:
                continue
            piece = clip[:count]
            if count < len(clip):  # cut by its slot: fade the tail
                fade = min(FADE_SAMPLES, count)
                for i in range(fade):
                    piece[count - fade + i] = piece[count - fade + i] * (fade - i) // fade
            target = out[start : start + count]
            if any(target):
                mixed = (max(-32768, min(32767, a + b)) for a, b in zip(target, piece, strict=True))
                piece = array("h", mixed)
            out[start : start + count] = piece
        return out

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
    envelope = [
        max((abs(s) for s in samples[i : i + frame]), default=0)
        for i in range(0, len(samples), frame)
    ]
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
        found.append((j + 1) * frame / RATE)
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
    if mode == "apla":
        samples = preview.document(apla(speech, ticks=ticks)["document"])
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
    return SetTiming(exercise, rx.reps, errors, measured_rest, rest_part.seconds * 1000)


WHISTLE_SECONDS = CUES["whistle"].seconds


def exercises() -> list[str]:
    from legcoach.coach.exercises import CATALOGUE

    return list(CATALOGUE)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m legcoach_dev.local.audio")
    parser.add_argument("--measure", action="store_true", help="measure one set per exercise")
    parser.add_argument("--ticks", action="store_true", help="with a tick on each beat")
    parser.add_argument("--out", type=Path, help="also write each set's WAV into this folder")
    parser.add_argument("--mode", choices=("apla", "ssml"), default="apla")
    parser.add_argument("--speed", type=int, default=ESPEAK_SPEED, help="espeak-ng words a minute")
    args = parser.parse_args(argv)
    try:
        preview = Preview(speed=args.speed)
    except MissingTools as exc:
        print(exc, file=sys.stderr)
        return 2
    if not args.measure:
        parser.print_help()
        return 0
    worst = []
    for exercise in exercises():
        wav = args.out / f"{exercise}.wav" if args.out else None
        timing = measure_set(preview, exercise, ticks=args.ticks, mode=args.mode, wav=wav)
        worst.append(timing.max_ms)
        print(
            f"{exercise:24s} {timing.reps:2d} reps: onset error max {timing.max_ms:5.1f} ms, "
            f"mean {timing.mean_ms:5.1f} ms; rest {timing.rest_ms / 1000:.3f} s "
            f"(scheduled {timing.rest_scheduled_ms / 1000:.3f} s)"
        )
    print(f"largest rep onset error over all sets ({args.mode}): {max(worst):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
