"""The Echo Show screen: shown only where APL is supported, timed by the speech's own beats."""

from __future__ import annotations

import random
from typing import Any

import pytest
from legcoach.coach.exercises import CATALOGUE
from legcoach.coach.ladder import SLOTS, ladder
from legcoach.coach.workout import Workout
from legcoach.screen.documents import SCREENS, document, figures
from legcoach.screen.timing import set_timing
from legcoach.speech import workout_speech as ws
from legcoach.speech.cues import WHISTLE
from legcoach.speech.lines import Lines
from legcoach.speech.ssml import Beat, Speech
from legcoach_dev.local.envelope import Conversation, Identity
from support.coachee import Coachee, Reply


def with_screen(coachee: Coachee) -> Coachee:
    coachee.device = Conversation(
        handler=coachee.handler,
        identity=Identity(user_id=coachee.user_id, screen=True),
        clock=coachee._now,
    )
    return coachee


def screen_of(reply: Reply) -> dict[str, Any] | None:
    found = [
        d
        for d in reply.response["response"].get("directives") or []
        if d["type"] == "Alexa.Presentation.APL.RenderDocument"
    ]
    return found[0] if found else None


def words_at(speech_reply: Reply) -> str:
    return speech_reply.text


@pytest.fixture
def show(nlu) -> Coachee:
    return with_screen(Coachee(nlu))


def test_a_speaker_gets_no_screen_and_an_echo_show_hears_the_same_words(nlu):
    plain, show = Coachee(nlu), with_screen(Coachee(nlu))
    for line in ("start leg workout", "8", "how often should i train legs", "7"):
        heard, seen = plain.say(line), show.say(line)
        assert screen_of(heard) is None
        assert seen.text == heard.text and seen.reprompt == heard.reprompt
        assert seen.open == heard.open
    assert screen_of(seen) is not None


def test_the_first_set_screen_counts_in_step_with_the_spoken_reps(show: Coachee):
    reply = show.say("start leg workout")
    directive = screen_of(reply)
    assert directive is not None and directive["token"] == "legcoach-set"
    data = directive["datasources"]["screen"]
    workout = Workout.from_dict(reply.state["workout"])
    spec = workout.current
    rx = spec.block.prescription
    assert data["name"].lower() == rx.exercise.replace("_", " ")
    assert data["setLine"] == "Set 1 of 1 · Left leg"
    assert data["ofTotal"] == f"of {rx.reps}" and len(data["reps"]) == rx.reps
    assert data["countdownLabel"] == "Get into position"
    # The counter's clock: every rep's onset is a beat where the rep's number is said.
    say = Lines.for_locale("en-US")
    onsets = [r["onset"] for r in data["reps"]]
    assert onsets == [data["setStart"] + k * data["repMs"] for k in range(rx.reps)]
    assert data["repMs"] == rx.rep_seconds * 1000
    assert data["whistle"] < data["setStart"] and data["countdownStart"] < data["whistle"]
    assert data["firstRep"] == 1 and data["lastRep"] == rx.reps
    assert say.number(1) in reply.text


def test_after_a_set_the_screen_counts_the_rest_down_to_the_whistle(show: Coachee):
    first = show.say("start leg workout")
    done = Workout.from_dict(first.state["workout"])
    rest_seconds = done.rest_after(done.current)
    reply = show.say("8")
    data = screen_of(reply)["datasources"]["screen"]
    assert data["countdownLabel"] == "Rest"
    assert data["setLine"] == "Set 1 of 1 · Right leg"
    # The countdown runs from the rest's first spoken beat to the whistle: the rest's length.
    assert data["whistle"] - data["countdownStart"] >= rest_seconds * 1000
    assert data["setStart"] == data["whistle"] + round(WHISTLE.seconds * 1000)


@pytest.mark.parametrize("slot", [s.key for s in SLOTS])
def test_every_rung_of_every_ladder_counts_on_its_beats(slot: str):
    """The counter steps every rep_ms from the first rep: true for every prescription."""
    say = Lines.for_locale("en-US", random.Random(1))
    for rx in ladder(slot):
        speech = Speech().cue(WHISTLE.name).extend(ws.reps_speech(rx, 1, rx.reps, say))
        timing = set_timing(speech, rx.rep_seconds * 1000, rx.reps)
        assert timing is not None and timing.reps == rx.reps, rx
        beats = {}
        t = 0
        for part in speech.parts:
            if isinstance(part, Beat):
                beats[t] = part.text
            t += round(part.seconds * 1000)
        for number, onset in enumerate(timing.rep_onsets, start=1):
            assert beats[onset].startswith(say.number(number)), (rx, number, beats[onset])


def test_a_set_split_across_turns_keeps_counting_from_where_it_stopped():
    say = Lines.for_locale("en-US", random.Random(1))
    rx = ladder("squat")[0]
    speech = Speech().cue(WHISTLE.name).extend(ws.reps_speech(rx, 4, rx.reps, say))
    timing = set_timing(speech, rx.rep_seconds * 1000, rx.reps)
    assert timing is not None and timing.reps == rx.reps - 3


def test_no_whistle_no_timing():
    assert set_timing(Speech().say("Hello there."), 5000, 8) is None


def test_how_am_i_doing_on_a_screen_draws_the_last_sessions(nlu):
    plain, show = Coachee(nlu), with_screen(Coachee(nlu))
    for person in (plain, show):
        for _ in range(3):
            person.finish_workout()
            person.next_day(2)
    heard, seen = plain.say("how am i doing"), show.say("how am i doing")
    assert seen.text == heard.text
    directive = screen_of(seen)
    assert directive is not None and directive["token"] == "legcoach-progress"
    data = directive["datasources"]["screen"]
    assert data["subtitle"].startswith("Reps per move, last 3 sessions")
    drawn = [line for line in data["lines"] if line]
    assert len(drawn) == len(data["legend"]) == len(SLOTS)
    for line in drawn:  # three sessions: a line through three points
        assert line.count("L") == 2


def test_every_move_has_a_drawing_of_its_start_and_end():
    data = figures()
    assert set(data["moves"]) == set(CATALOGUE)
    for family in data["moves"].values():
        assert set(data["families"][family]) == {"start", "end"}


@pytest.mark.parametrize("name", SCREENS)
def test_every_screen_is_data_without_imports(name: str):
    doc = document(name)
    assert doc["type"] == "APL" and not doc.get("import")
    assert doc["mainTemplate"]["parameters"] == ["screen"]
