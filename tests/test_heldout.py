"""The held-out runner judges as a user would: a plain count is right, a pain report gets
safety first, gibberish is the fallback, and the safety script for someone who is fine is
wrong (never passed off as a fallback or as right)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.heldout import Heldout, Runner, read_heldout

HELD_OUT = Path(__file__).parent / "corpus" / "heldout.tsv"


@pytest.fixture(scope="module")
def runner() -> Runner:
    return Runner("en-US")


def line(context: str, utterance: str, behaviour: str, detail: str = "-") -> Heldout:
    return Heldout(1, "tester", context, utterance, behaviour, detail)


def test_a_plain_count_is_logged_and_right(runner: Runner) -> None:
    outcome = runner.run(line("midset", "eight", "count_number", "8"))
    assert outcome.verdict == "right", outcome.why
    assert runner.coachee.stored()["active"]["counts"] == [8]


def test_a_wrong_number_is_wrong(runner: Runner) -> None:
    outcome = runner.run(line("midset", "six", "count_number", "8"))
    assert outcome.verdict == "wrong"


def test_pain_gets_safety_first(runner: Runner) -> None:
    outcome = runner.run(line("midset", "my knee hurts", "safety_pain", "knee"))
    assert outcome.verdict == "right", outcome.why
    assert outcome.safety_first


def test_gibberish_is_the_fallback(runner: Runner) -> None:
    outcome = runner.run(line("midset", "purple monkey dishwasher", "count_number", "8"))
    assert outcome.verdict == "fallback"


def test_a_safety_script_for_someone_fine_is_wrong(runner: Runner) -> None:
    outcome = runner.run(line("midset", "my knee hurts", "not_hurt"))
    assert outcome.verdict == "wrong" and outcome.safety_script


def test_each_context_is_restored_before_a_line(runner: Runner) -> None:
    runner.run(line("midset", "eight", "count_number", "8"))
    outcome = runner.run(line("resume_offer", "yes", "resume"))
    assert outcome.verdict == "right", outcome.why
    assert runner.coachee.stored()["active"]["counts"] == [8, 8]


def test_the_held_out_set_reads() -> None:
    lines = read_heldout(HELD_OUT)
    assert len(lines) >= 300 and len({x.persona for x in lines}) >= 12


@pytest.mark.parametrize(
    ("typed", "behaviour"),
    [
        ("how many sets have I got left?", "status_sets_left"),
        ("where was I up to?", "status_where"),
    ],
)
def test_a_status_question_at_the_resume_offer_is_answered_then_the_offer_again(
    runner: Runner, typed: str, behaviour: str
) -> None:
    outcome = runner.run(line("resume_offer", typed, behaviour))
    assert outcome.verdict == "right", outcome.why


def test_a_status_question_at_the_resume_offer_that_resumes_is_wrong(runner: Runner) -> None:
    outcome = runner.run(line("resume_offer", "yes", "status_sets_left"))
    assert outcome.verdict == "wrong"
