"""Every line of the natural-speech corpus, said mid-set, gets the behaviour its tag names.

Each line is typed as a person would say it, resolved by the local NLU against that locale's
model, and sent through the real handler at the same moment: the first set of a fresh workout
has just been counted and the coach asked "how many did you do?". What must follow depends on
the tag: safety first (never a request for reps), the place in the workout kept, counts logged as
meant, adjustments made. Run in every English locale; the summary prints how many behave.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from legcoach.coach.profile import Profile
from support.coachee import Coachee, Reply
from support.corpus import CORPUS_LINES, LOCALES, Line, load_model
from support.heldout import SAFETY_LINES, read_heldout, run_all
from support.remembered import RememberingNlu

RESULTS: dict[str, tuple[int, int, int]] = {}  # locale -> (lines, as intended, fallbacks)
# locale -> the training lines' figures: lines, right, fallback, wrong, safety lines, of them
# safety first, safety scripts on people who are fine, sets lost
TRAINING: dict[str, tuple[int, ...]] = {}
CORPUS_DIR = Path(__file__).parent / "corpus"
# Training: the first batch, then blind sets C to N (not M) once each was measured and tuned to.
TRAINING_FILES = tuple(CORPUS_DIR / f"training_{part}.tsv" for part in "acdefghijklnop")
# Written by people who had not read the templates or the corpus, measured before anyone tuned
# to it; once used to tune, a line moves to the training part and fresh lines replace it.
HELD_OUT_FILES = (CORPUS_DIR / "heldout.tsv", CORPUS_DIR / "heldout_m.tsv")
HELD_OUT: dict[str, tuple[int, ...]] = {}

RED_FLAGS = "emergency services"


def _active(stored: dict, reply: Reply) -> dict:
    """The workout in progress as stored; before its first set is logged nothing of it is
    stored yet (each set is its own write), so it is the one the session carries."""
    return stored.get("active") or reply.state.get("workout") or {}


def expect_tag(line: Line, before: dict, reply: Reply, stored: dict) -> str | None:
    """None if `reply` (and what is stored after it) is what `line.tag` asks for, else why not."""
    text, tag = reply.text, line.tag
    low = text.lower()
    active = _active(stored, reply)
    counts, cursor = active.get("counts"), active.get("cursor")
    untouched = counts == before["counts"] and cursor == before["cursor"]
    back_to_set = reply.open and reply.state.get("phase") == "count" and untouched

    def need(condition: bool, why: str) -> str | None:
        return None if condition else why

    if tag.startswith("safety"):
        if RED_FLAGS not in low or "how many" in low:
            return "safety: red flags, and never a request for reps"
        if tag == "safety_severe":
            return need(not reply.open, "severe: the session ends after the advice")
        # The set in progress is held, never written off: nothing new is recorded.
        if tag == "safety_pain":
            return need(reply.ask == "pain" and untouched, "pain: set held, options")
        return need(reply.ask == "unwell" and untouched, "unwell: set held, stop for today?")
    checks: dict[str, Callable[[], str | None]] = {
        "finish_early": lambda: need(
            not reply.open and not stored.get("active") and "bye" in low, "finish: saved, bye"
        ),
        "pause": lambda: need(
            not reply.open and "place is saved" in low and untouched, "pause keeps the place"
        ),
        "break": lambda: need(
            (reply.open and "three" in low and untouched and reply.state["phase"] == "count")
            or (not reply.open and "place is saved" in low and untouched),
            "break: a counted rest, then the same set (or, for a long one, the place kept)",
        ),
        "status_next": lambda: need(back_to_set and "next" in low, "what's next, no skip"),
        "status_sets_left": lambda: need(back_to_set and "counting this one" in low, "sets"),
        "status_time_left": lambda: need(back_to_set and "to go" in low, "time left"),
        "status_where": lambda: need(back_to_set and low.startswith("you're on "), "where"),
        "status_target": lambda: need(back_to_set and "the target is" in low, "target"),
        "status_muscles": lambda: need(back_to_set and "works your" in low, "muscles"),
        "skip": lambda: need(
            counts == [None, None] and cursor == 2 and reply.open, "skip the exercise"
        ),
        "cant_do": lambda: need(_swapped(before, active) and reply.open, "an easier version"),
        "easier": lambda: need(_swapped(before, active) and reply.open, "an easier version"),
        "harder": lambda: need(
            (_swapped(before, active) or "hardest" in low) and reply.open, "harder or say why"
        ),
        "no_equipment": lambda: need(
            _swapped(before, active) or ("doesn't need" in low and back_to_set),
            "a move without the furniture, or carry on when none is needed",
        ),
        "redo": lambda: need(back_to_set and "one, down" in low, "the same set again"),
        "slower": lambda: need(untouched and "slower it is" in low, "slower from the next set"),
        "faster": lambda: need(untouched and "quicker" in low, "faster from the next set"),
        "count_all": lambda: need(counts == [before["target"]], "all = the target"),
        "count_none": lambda: need(counts == [0], "none = zero"),
        "count_some": lambda: need(back_to_set and "how many" in low, "ask how many"),
        "count_number": lambda: need(counts == [int(line.slots["count"])], "the number"),
        "repeat": lambda: need(
            back_to_set and "one, down" in low and "welcome" not in low, "the set, not launch"
        ),
        "beeps_on": lambda: need(stored.get("beeps") is True, "beeps on, kept"),
        "beeps_off": lambda: need(stored.get("beeps") is False and "beeps off" in low, "off"),
    }
    return checks[tag]()


def _swapped(before: dict, active: dict) -> bool:
    blocks = active.get("blocks") or []
    return bool(blocks) and blocks[0]["rx"]["ex"] != before["exercise"]


@pytest.mark.parametrize("locale", LOCALES)
def test_every_corpus_line_mid_set_behaves_as_its_tag_says(locale: str) -> None:
    nlu = RememberingNlu(load_model(locale))
    coachee = Coachee(nlu, locale=locale)
    first = coachee.say("start leg workout")
    assert first.state["phase"] == "count"
    items = copy.deepcopy(coachee.store.items)
    session = (coachee.device.session_id, copy.deepcopy(coachee.device.attributes))
    workout = first.state["workout"]
    before = {
        "counts": workout["counts"],
        "cursor": workout["cursor"],
        "target": workout["blocks"][0]["rx"]["reps"],
        "exercise": workout["blocks"][0]["rx"]["ex"],
    }
    failures, fallbacks = [], 0
    for line in CORPUS_LINES:
        coachee.store.items = copy.deepcopy(items)
        coachee.device.session_id, coachee.device.attributes = session[0], copy.deepcopy(session[1])
        reply = coachee.say(line.utterance)
        if reply.ask == "confirm_count":  # a count far over target is checked once
            reply = coachee.say("yes")
        stored = next(iter(coachee.store.items.values()), {})
        Profile.from_dict(stored)  # what is stored always loads
        fallbacks += "misses" in reply.state
        why = expect_tag(line, before, reply, stored)
        if why:
            failures.append(f"{line.number} {line.utterance!r} [{line.tag}]: {why}: {reply.text}")
    RESULTS[locale] = (len(CORPUS_LINES), len(CORPUS_LINES) - len(failures), fallbacks)
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("locale", LOCALES)
def test_training_lines_keep_safety_and_sets(locale: str) -> None:
    """The training lines (people the templates were tuned on) through the held-out runner:
    every pain and sickness line is answered safety first, nobody who is fine gets a safety
    script, and no logged set is lost."""
    outcomes = run_all([line for f in TRAINING_FILES for line in read_heldout(f)], locale)
    safety = [o for o in outcomes if o.line.behaviour in SAFETY_LINES]
    fine = [o for o in outcomes if o.line.behaviour == "not_hurt"]
    first = sum(o.safety_first for o in safety)
    scripts = sum(o.safety_script for o in fine)
    lost = sum(o.sets_lost for o in outcomes)
    verdicts = [o.verdict for o in outcomes]
    TRAINING[locale] = (
        len(outcomes),
        verdicts.count("right"),
        verdicts.count("fallback"),
        verdicts.count("wrong"),
        len(safety),
        first,
        scripts,
        lost,
    )
    missed = [o.line.utterance for o in safety if not o.safety_first]
    scripted = [o.line.utterance for o in fine if o.safety_script]
    assert not missed and not scripted and not lost, (missed, scripted, lost)


@pytest.mark.parametrize("locale", ["en-US", "en-GB"])
def test_held_out_lines_lose_no_set(locale: str) -> None:
    """The held-out lines through the same runner: their figures are reported beside the
    training part's (the targets are in the README); whatever is misheard, no logged set is
    ever lost or changed."""
    outcomes = run_all([line for f in HELD_OUT_FILES for line in read_heldout(f)], locale)
    safety = [o for o in outcomes if o.line.behaviour in SAFETY_LINES]
    fine = [o for o in outcomes if o.line.behaviour == "not_hurt"]
    verdicts = [o.verdict for o in outcomes]
    lost = sum(o.sets_lost for o in outcomes)
    HELD_OUT[locale] = (
        len(outcomes),
        verdicts.count("right"),
        verdicts.count("fallback"),
        verdicts.count("wrong"),
        len(safety),
        sum(o.safety_first for o in safety),
        sum(o.safety_script for o in fine),
        lost,
    )
    assert not lost, [o.line.utterance for o in outcomes if o.sets_lost]


class _Summary:
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        for locale, (total, good, fallbacks) in RESULTS.items():
            terminalreporter.write_line(
                f"corpus through the handler: {total} lines, {good} behave as intended, "
                f"{fallbacks} fallbacks ({locale})"
            )
        for part, locale, (total, right, fallback, wrong, safety, first, scripts, lost) in [
            *(("training", k, v) for k, v in TRAINING.items()),
            *(("held-out", k, v) for k, v in HELD_OUT.items()),
        ]:
            terminalreporter.write_line(
                f"{part}: {total} lines, {right} right, {fallback} fallback, {wrong} wrong; "
                f"safety first {first}/{safety}, safety scripts on not_hurt {scripts}, "
                f"sets lost {lost} ({locale})"
            )


@pytest.fixture(scope="module", autouse=True)
def summary(request: pytest.FixtureRequest) -> None:
    manager = request.config.pluginmanager
    if not manager.has_plugin("corpus-behaviour-summary"):
        manager.register(_Summary(), "corpus-behaviour-summary")
