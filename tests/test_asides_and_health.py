"""Off-topic, asides, health questions and counts said in other ways, as a user notices them:
the line said, the session kept open on the current question, what is stored."""

from __future__ import annotations

from itertools import pairwise

import pytest
from legcoach_dev.local.nlu import Nlu
from support.coachee import Coachee
from support.corpus import load_model


@pytest.fixture(scope="module")
def nlu() -> Nlu:
    return Nlu(load_model("en-US"))


def _first_sentence(text: str) -> str:
    return text.split(".")[0]


def test_off_topic_never_says_the_same_line_twice_in_a_row(nlu: Nlu) -> None:
    coachee = Coachee(nlu)
    coachee.say("start leg workout")
    said = []
    for words in ["what's the weather", "play music", "what's the weather"] * 3:
        reply = coachee.say(words)
        assert reply.open and reply.state["phase"] == "count", reply.text
        assert "reps" in reply.reprompt.lower(), reply.reprompt
        said.append(_first_sentence(reply.text))
    assert all(a != b for a, b in pairwise(said)), said
    assert not (coachee.stored().get("active") or {}).get("counts")  # nothing logged


def test_an_aside_keeps_the_place_and_the_open_question(nlu: Nlu) -> None:
    coachee = Coachee(nlu)
    coachee.say("start leg workout")
    coachee.say("twenty")  # far over target: "shall I log twenty?"
    reply = coachee.say("wait, my mother is calling me")
    assert reply.ask == "confirm_count" and reply.open, reply.text
    assert "twenty" in reply.text.lower()


def test_pregnancy_said_of_oneself_is_kept_as_a_caution(nlu: Nlu) -> None:
    coachee = Coachee(nlu)
    coachee.say("start leg workout")
    reply = coachee.say("I'm twenty weeks pregnant, is it okay to keep doing these")
    assert "midwife" in reply.text and "emergency services" not in reply.text
    assert coachee.stored()["cautions"] == {"back": coachee.day.isoformat()}
    again = coachee.say("I'm pregnant, can I still do this")
    assert "check in before" not in again.text  # said once, not every time


def test_an_unknown_condition_gets_the_general_answer_and_no_caution(nlu: Nlu) -> None:
    coachee = Coachee(nlu)
    coachee.say("start leg workout")
    reply = coachee.send("HealthQuestionIntent", condition="gout")
    assert "doctor or physio" in reply.text and reply.open
    assert not coachee.stored().get("cautions")


def test_an_unknown_count_phrase_is_asked_again_and_nothing_logged(nlu: Nlu) -> None:
    coachee = Coachee(nlu)
    coachee.say("start leg workout")
    reply = coachee.send("CountPhraseIntent", amount="a smidge")
    assert "didn't catch a number" in reply.text and reply.state["phase"] == "count"
    assert not (coachee.stored().get("active") or {}).get("counts")  # nothing logged


def test_feeling_great_is_encouraged_never_the_safety_script(nlu: Nlu) -> None:
    coachee = Coachee(nlu)
    coachee.say("start leg workout")
    reply = coachee.say("I'm feeling great today")
    assert "emergency services" not in reply.text and reply.ask is None
    assert reply.state["phase"] == "count" and reply.open
