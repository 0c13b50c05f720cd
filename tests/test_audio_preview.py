"""The audio preview, measured: one whole set rendered to a WAV (the neural voice's words,
stand-in tones for the cues, exact silences) as Alexa would mix the APLA document; each rep must
start within 1 ms of its scheduled time and a 40 s rest must last 40 s, measured by
onset detection (a rest within 10 ms: its first word follows speech directly). The voice and
the mixing are pip packages, so these run on a fresh clone."""

from __future__ import annotations

import wave
from array import array

import pytest
from legcoach_dev.local.audio import (
    FADE_SAMPLES,
    RATE,
    Preview,
    exercises,
    measure_set,
    missing_tools,
    onsets,
    read_wav,
)

MISSING = missing_tools()
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"the audio preview needs the pip packages {', '.join(MISSING)} "
    "(python3 dev.py check installs the pins in pyproject.toml)",
)
TOLERANCE_MS = 1.0
# A rest's first word follows the acknowledgement with no silence between, so its onset is
# found within a few ms of where it is (the mix itself is exact to the sample).
REST_TOLERANCE_MS = 10.0


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> Preview:
    return Preview(tmp_path_factory.mktemp("clips"))


@pytest.mark.parametrize("exercise", exercises())
def test_every_rep_starts_on_time_and_the_rest_lasts_forty_seconds(preview, exercise, tmp_path):
    timing = measure_set(preview, exercise, rest=40, wav=tmp_path / "set.wav")
    assert len(timing.errors_ms) == timing.reps
    assert timing.cut == [], "every word said whole"
    assert timing.max_ms <= TOLERANCE_MS, (exercise, timing.errors_ms)
    assert abs(timing.rest_ms - 40_000) <= REST_TOLERANCE_MS, timing.rest_ms
    with wave.open(str(tmp_path / "set.wav")) as f:
        assert f.getframerate() == RATE and f.getnframes() > 40 * RATE


def test_a_slow_voice_keeps_every_rep_on_time(tmp_path):
    # 150 words a minute, the slow end of natural speech: every word still fits its beat.
    timing = measure_set(Preview(tmp_path / "slow", speed=150), "glute_bridge")
    assert timing.cut == [], "no word cut off by its slot, even said slowly"
    assert timing.max_ms <= TOLERANCE_MS, timing.errors_ms
    assert abs(timing.rest_ms - 40_000) <= REST_TOLERANCE_MS


def test_with_ticks_each_rep_starts_with_its_tick_on_time(preview):
    timing = measure_set(preview, "air_squat", ticks=True)
    assert timing.max_ms <= TOLERANCE_MS, timing.errors_ms
    assert timing.cut == [], "the words after each tick still fit"


def test_the_onset_detector_finds_sounds_after_a_pause_and_after_a_cut(preview):
    tone = preview.cue("soundbank://soundlibrary/sports/whistles/sports_whistles_01")
    word = preview.speech("three")
    samples = array("h", bytes(2 * RATE))  # 1 s of silence
    samples[RATE // 4 : RATE // 4 + len(word)] = word[: RATE * 3 // 4]
    cut = RATE // 2  # the word cut off at 0.5 s by the next sound, its tail faded as the mixer does
    for i in range(FADE_SAMPLES):
        at = cut - FADE_SAMPLES + i
        samples[at] = samples[at] * (FADE_SAMPLES - i) // FADE_SAMPLES
    samples[cut : cut + len(tone[: RATE // 2])] = tone[: RATE // 2]
    found = onsets(samples)
    assert min(abs(t - 0.25) for t in found) < 0.005
    assert min(abs(t - 0.5) for t in found) < 0.005


def test_the_chat_writes_each_answer_as_a_wav(tmp_path, nlu):
    from legcoach_dev.local.chat import run_chat
    from legcoach_dev.local.envelope import Conversation, Identity
    from support.coachee import Coachee

    coachee = Coachee(nlu, audio_mode="apla")
    conversation = Conversation(coachee.handler, Identity(), coachee._now)
    lines = ["start leg workout", "eight", "stop"]
    out = tmp_path / "chat.txt"
    with out.open("w") as f:
        run_chat(lines, coachee.handler, nlu, out=f, conversation=conversation, audio=tmp_path)
    wavs = sorted(tmp_path.glob("*.wav"))
    assert [w.name for w in wavs] == ["01.wav", "02.wav", "03.wav"]
    first = read_wav(wavs[0])
    assert len(first) / RATE > 60, "the first answer holds the warm-up and a whole set"
    assert "APLA" in out.read_text() and "<whistle>" in out.read_text()
