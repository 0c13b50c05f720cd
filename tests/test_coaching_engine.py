"""The coaching engine without Alexa: tempo timing, rest countdowns, plans, budget, escaping."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest
from legcoach.coach.ladder import SLOTS, Prescription, Tempo, ladder, prescription, start_rung
from legcoach.coach.workout import Verdict, Workout, default_blocks, judge
from legcoach.speech import workout_speech as ws
from legcoach.speech.lines import Lines
from legcoach.speech.ssml import Speech, estimate_speech_seconds
from support.alexa_rules import check_ssml

ALL_RUNGS = [(slot.key, i) for slot in SLOTS for i in range(len(ladder(slot.key)))]


@pytest.fixture
def say() -> Lines:
    return Lines.for_locale("en-US", random.Random(3))


@pytest.mark.parametrize(("slot", "rung"), ALL_RUNGS)
def test_every_rep_of_every_prescription_takes_its_tempo_within_ten_percent(
    slot: str, rung: int, say: Lines
):
    rx = prescription(slot, rung)
    for n in range(1, rx.reps + 1):
        rep = ws.rep_speech(rx, n, rx.reps, say)
        assert rep.seconds == pytest.approx(rx.rep_seconds, rel=0.10), (rx, n, rep.text)


def test_a_three_one_one_rep_is_five_seconds_with_each_count_on_its_second(say: Lines):
    rx = Prescription("bulgarian_split_squat", 10, tempo=Tempo(3, 1, 1))
    for n in range(1, 11):
        rep = ws.rep_speech(rx, n, 10, say)
        assert rep.seconds == pytest.approx(5.0, rel=0.10)
    # Beat by beat for a plain rep: word + break == one second.
    plain = ws.rep_speech(rx, 1, 10, say)
    words = [p for p in plain.parts if hasattr(p, "value")]
    assert [w.value for w in words] == ["one, down", "three", "hold", "drive up"]
    assert [w.ms for w in words] == [2000, 1000, 1000, 1000]
    assert plain.seconds == pytest.approx(5.0, abs=0.05)


def test_counts_say_the_rep_number_down_then_three_hold_drive_up(say: Lines):
    rep = ws.rep_speech(prescription("squat", start_rung("squat")), 4, 10, say)
    assert rep.text.startswith("four, down three hold")
    assert "drive up" in rep.text


def test_squeeze_cue_on_some_reps_not_every_one(say: Lines):
    rx = prescription("bridge", start_rung("bridge"))
    texts = [ws.rep_speech(rx, n, rx.reps, say).text for n in range(1, rx.reps + 1)]
    squeezed = [t for t in texts if "squeeze" in t]
    assert 0 < len(squeezed) < len(texts) / 2


def test_encouragement_comes_near_the_end_of_the_set(say: Lines):
    rx = prescription("lateral", start_rung("lateral"))
    texts = [ws.rep_speech(rx, n, rx.reps, say).text for n in range(1, rx.reps + 1)]
    assert "two more" in texts[-3] and "last one" in texts[-1]
    assert not any("two more" in t or "last one" in t for t in texts[:-3])


def test_slower_tempo_and_pulses_lengthen_the_rep(say: Lines):
    base = Prescription("air_squat", 10)
    slow = replace(base, tempo=Tempo(4, 1, 1))
    pulsed = replace(base, pulses=True)
    assert ws.rep_speech(slow, 1, 10, say).seconds == pytest.approx(6.0, rel=0.1)
    assert ws.rep_speech(pulsed, 1, 10, say).seconds == pytest.approx(7.0, rel=0.1)
    assert "half up" in ws.rep_speech(pulsed, 1, 10, say).text


@pytest.mark.parametrize("seconds", [10, 15, 25, 40, 60, 90])
def test_a_rest_of_n_seconds_is_n_seconds_of_breaks_and_marks(seconds: int, say: Lines):
    rest = ws.rest_speech(seconds, say, switch_to=None, next_intro=None)
    assert rest.seconds == pytest.approx(seconds, abs=0.05)
    assert rest.text.endswith("three two one")
    if seconds >= 40:
        assert "thirty seconds" in rest.text
    if seconds >= 15:
        assert "ten seconds" in rest.text
    check_ssml(rest.ssml(), "rest")


def test_a_rest_that_introduces_the_next_move_still_lasts_its_length(say: Lines):
    block = default_blocks()[1]
    rest = ws.rest_speech(40, say, switch_to=None, next_intro=ws.intro_text(block, "left", say))
    assert rest.seconds == pytest.approx(40, abs=0.05)
    assert "Single-leg glute bridge" in rest.text and "get" in rest.text.lower()


def test_long_pauses_are_chains_of_breaks_of_at_most_ten_seconds():
    ssml = Speech().say("wait").pause(25).say("go").ssml()
    assert ssml.count('<break time="10s"/>') == 2 and '<break time="5000ms"/>' in ssml
    check_ssml(ssml, "chain")


def test_dynamic_text_is_escaped():
    ssml = Speech().say("Tom & Jerry <3 > 2").ssml()
    assert "&amp;" in ssml and "&lt;3" in ssml
    assert check_ssml(ssml, "escape") == "Tom & Jerry <3 > 2"


def test_speech_estimate_grows_with_syllables():
    assert estimate_speech_seconds("two") < estimate_speech_seconds("Bulgarian split squat")
    assert estimate_speech_seconds("") == 0


def test_default_workout_lasts_about_fifteen_minutes():
    workout = Workout("w", "2026-11-24", default_blocks())
    minutes = workout.estimated_seconds() / 60
    assert 12 <= minutes <= 18
    names = [b.prescription.exercise for b in workout.blocks]
    assert names == [
        "bulgarian_split_squat",
        "single_leg_glute_bridge",
        "lateral_lunge",
        "air_squat",
    ]
    assert workout.blocks[-1].prescription.pulses  # the finisher squats pulse


def test_single_leg_moves_do_both_sides_and_rest_briefly_between_them():
    workout = Workout("w", "2026-11-24", default_blocks())
    first, second = workout.sets[0], workout.sets[1]
    assert (first.side, second.side) == ("left", "right")
    assert workout.rest_after(first) == 10
    assert workout.rest_after(second) == 40


@pytest.mark.parametrize(
    ("count", "target", "verdict"),
    [
        (12, 10, Verdict.BEAT),
        (10, 10, Verdict.HIT),
        (8, 10, Verdict.CLOSE),
        (7, 10, Verdict.WELL_UNDER),
    ],
)
def test_counts_are_judged_against_the_target(count: int, target: int, verdict: Verdict):
    assert judge(count, target) is verdict


def test_workout_state_from_a_client_is_validated():
    workout = Workout("w", "2026-11-24", default_blocks())
    data = workout.to_dict()
    data["cursor"] = 999
    data["counts"] = [5000, -3]
    loaded = Workout.from_dict(data)
    assert loaded.cursor == len(loaded.sets)
    assert loaded.counts[0] <= 60 and loaded.counts[1] == 0
    with pytest.raises(ValueError):
        Workout.from_dict(
            {**data, "blocks": [{"slot": "nope", "rx": {"ex": "air_squat", "reps": 5}}]}
        )


def test_a_set_too_long_for_one_response_splits_cleanly_and_counts_every_rep(coachee):
    from legcoach.coach.profile import Profile
    from legcoach.speech.lines.en import number_words
    from legcoach.storage.keys import Owner

    workout = Workout("w", coachee.day.isoformat(), default_blocks())
    data = workout.to_dict()
    huge = {"ex": "air_squat", "reps": 50, "pulse": True, "stop": True, "tempo": [8, 2, 2]}
    data["blocks"] = [{"slot": "finisher", "rx": huge, "sets": 1}]
    data["counts"], data["cursor"] = [], 0
    profile = Profile(safety_noted=True, active=Workout.from_dict(data))
    coachee.store.items[Owner(coachee.user_id)] = profile.to_dict()

    reply = coachee.say("ask leg workout to resume")
    spoken = [reply.text]
    turns = 1
    assert reply.state.get("phase") == "ready" and "fifty reps" in reply.text.lower()  # intro first
    while reply.state.get("phase") == "ready":
        assert turns == 1 or "ready for the last" in reply.text.lower()
        reply = coachee.say("ready")
        spoken.append(reply.text)
        turns += 1
    assert turns > 1, "a 50-rep slow set cannot fit one response"
    assert reply.state["phase"] == "count" and "How many did you" in reply.text
    everything = " ".join(spoken)
    for n in range(1, 51):
        assert len(re.findall(rf"(?<![\w-]){number_words(n)}, down", everything)) == 1, n


def test_a_workout_paused_before_utc_midnight_is_still_resumable_just_after_it():
    from datetime import UTC, datetime

    from legcoach.coach.profile import Profile
    from legcoach.coach.progression import close_stale

    evening = datetime(2026, 11, 24, 23, 55, tzinfo=UTC)  # 6:55 pm in New York
    workout = Workout("w", "2026-11-24", default_blocks(), touched=int(evening.timestamp()))
    workout.record(8)
    profile = Profile(active=workout)
    assert close_stale(profile, datetime(2026, 11, 25, 0, 5, tzinfo=UTC)) is False
    assert profile.active is workout
    assert close_stale(profile, datetime(2026, 11, 25, 12, 30, tzinfo=UTC)) is True
    assert profile.active is None and profile.recent[0].completed is False
