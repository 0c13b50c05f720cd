"""Today's shape and the place kept, through the handler: the launch's talk before the first
rep, every move introduced before its first count on every path, praise never repeated within
a workout, and today's shape never logged as a count."""

from __future__ import annotations

import re

import pytest
from legcoach.coach.opening import SPEECH_BEFORE_FIRST_REP_S
from legcoach.coach.workout import Workout
from legcoach.speech.cues import WHISTLE
from legcoach.speech.lines import Lines
from legcoach.speech.ssml import estimate_speech_seconds
from legcoach.speech.words import move_name
from support.coachee import Coachee, Reply, current_target

_TAG = re.compile(r"<[^>]+>")


def talk_before_whistle(reply: Reply) -> float:
    """Seconds of words (timed silences aside) before the first rep's first count, in either
    audio mode (the text of an APLA document has no whistle tag to cut at)."""
    text = reply.text
    cut = text.find("one, down")
    assert cut > 0, "the first set starts in this response"
    return estimate_speech_seconds(" ".join(_TAG.sub(" ", text[:cut]).split()))


def test_the_launch_reaches_the_first_rep_quickly_first_visit_and_returning(coachee: Coachee):
    first = coachee.say("open leg workout")
    first_talk = talk_before_whistle(first)
    coachee.finish_workout()
    coachee.next_day(2)
    back = coachee.say("open leg workout")
    back_talk = talk_before_whistle(back)
    print(f"talk before the first rep: first visit {first_talk:.1f} s, returning {back_talk:.1f} s")
    assert back_talk < SPEECH_BEFORE_FIRST_REP_S, back.text
    assert back_talk < first_talk  # the first-time welcome and safety note are the long one
    assert "to interrupt me" not in back.text.lower()  # a tip is said once


def _current(reply: Reply) -> str:
    workout = Workout.from_dict(reply.state["workout"])
    assert workout.current is not None
    return workout.current.block.prescription.exercise


def _introduced(said: list[str], exercise: str) -> bool:
    say = Lines.for_locale("en-US")
    names = {move_name(say, exercise).lower(), move_name(say, exercise, 2).lower()}
    return any(name in text.lower() for text in said for name in names)


@pytest.mark.parametrize(
    "path",
    [
        ["skip this one"],
        ["give me a minute", "ready"],
        ["this is too hard"],
        ["$target", "again"],
        ["I only have ten minutes today"],
        ["no lunges today"],
    ],
    ids=["skip", "break", "swap", "redo", "time_box", "drop"],
)
def test_every_move_is_introduced_before_its_first_count(coachee: Coachee, path: list[str]):
    """Whatever led to a set, its move was named and introduced in this session before the
    count starts (a set counted in a response contains the whistle)."""
    reply = coachee.say("start leg workout")
    said = [reply.text]
    for words in [*path, "$target", "$target", "$target"]:
        if words == "$target":
            words = str(current_target(reply))
        if reply.state.get("phase") == "ready" and words.isdigit():
            words = "ready"
        reply = coachee.say(words)
        said.append(reply.text)
        if reply.state.get("phase") == "count" and WHISTLE.source in reply.ssml:
            exercise = _current(reply)
            assert _introduced(said, exercise), f"{exercise} counted unannounced: {reply.text}"


def test_praise_is_never_repeated_within_a_workout(coachee: Coachee):
    """Eight sets on target: seven different praises, then the count alone (the count is the
    one phrase that may repeat)."""
    said = on_target_to_the_end(coachee, coachee.say("start leg workout"))
    heard = praises_in(said)
    assert len(said) == 8 and len(heard) == 7, said
    assert len(set(heard)) == len(heard), heard


def test_praise_said_before_a_stop_is_not_said_again_when_the_workout_resumes(coachee: Coachee):
    reply = coachee.say("start leg workout")
    said = []
    for _ in range(3):
        reply = coachee.say(str(current_target(reply)))
        said.append(reply.text)
    coachee.say("stop")
    coachee.next_day()
    assert "pick up there" in coachee.say("start leg workout").text.lower()
    said += on_target_to_the_end(coachee, coachee.say("resume"))
    heard = praises_in(said)
    assert len(said) == 8 and len(heard) == 7, said
    assert len(set(heard)) == len(heard), heard


def on_target_to_the_end(coachee: Coachee, reply: Reply) -> list[str]:
    """Every set answered with its target until the last; what the coach said after each."""
    said = []
    while reply.ask not in ("cool_down", "reminder") and reply.open:
        if reply.state.get("phase") == "ready":
            reply = coachee.say("ready")
            continue
        reply = coachee.say(str(current_target(reply)))
        said.append(reply.text)
    return said


def praises_in(replies: list[str]) -> list[str]:
    from legcoach.speech.lines.en import MESSAGES

    fragments = []
    for key, value in MESSAGES.items():
        if key.startswith("praise_hit_"):
            template = value[0] if isinstance(value, tuple) else str(value)
            fragments.append(template.split("}", 1)[1].split("{", 1)[0])
    return [f for f in fragments for text in replies if text.split(" Rest")[0].count(f)]


def test_a_time_box_mid_set_is_never_logged_as_a_count(coachee: Coachee):
    coachee.say("start leg workout")
    reply = coachee.send("TimeBoxIntent", minutes="10")
    assert "ten minutes" in reply.text.lower() and reply.open
    assert not (coachee.stored().get("active") or {}).get("counts")  # nothing logged
    assert reply.state["shape"] == {"min": 10}


def test_a_move_not_in_the_plan_is_said_plainly_and_nothing_changes(coachee: Coachee):
    before = coachee.say("start leg workout")
    reply = coachee.say("no jumping today")
    assert "nothing in today's workout has any jumping" in reply.text.lower() and reply.open
    assert reply.state["workout"]["blocks"] == before.state["workout"]["blocks"]


def test_leaving_out_the_last_move_is_refused_and_the_earlier_drops_stand(coachee: Coachee):
    coachee.say("start leg workout")
    for move in ("squats", "lunges", "bridges"):
        coachee.say(f"no {move} today")
    kept = coachee.say("no split squats today")
    assert "would leave nothing to do" in kept.text.lower() and kept.open
    blocks = kept.state["workout"]["blocks"]
    assert len(blocks) == 1 and "split_squat" in str(blocks[0])
    assert "split" not in str(kept.state.get("shape", {}).get("drop", []))


def test_arms_mid_set_is_one_line_and_the_set_is_still_waiting(coachee: Coachee):
    coachee.say("start leg workout")
    reply = coachee.send("OtherBodyPartIntent", area="arms")
    assert "I'm a leg coach, so I can't train your arms." in reply.text
    assert "Which would you like" not in reply.text and "How many" in reply.text
    assert reply.state["phase"] == "count"


@pytest.mark.parametrize("mid_set", [False, True], ids=["one-shot", "mid-set"])
def test_a_body_part_it_has_no_word_for_is_never_echoed(coachee: Coachee, mid_set: bool):
    # The slot is open: what Alexa heard (here, markup) must not be read back or shown.
    if mid_set:
        coachee.say("start leg workout")
    reply = coachee.send("OtherBodyPartIntent", area="<speak>&earlobes")
    assert "legs are all I train" in reply.text and reply.open
    assert "earlobes" not in reply.text and "<speak>&" not in str(reply.response)
    if mid_set:
        assert "How many" in reply.text and reply.state["phase"] == "count"
    else:
        assert "Which would you like" in reply.text


def test_shut_up_and_count_keeps_the_workout_going(coachee: Coachee):
    coachee.say("start leg workout")
    reply = coachee.send("QuietIntent")
    assert reply.open and reply.state["phase"] == "count" and "How many" in reply.text


def test_a_time_box_at_the_resume_offer_picks_the_workout_up_fitted(coachee: Coachee):
    reply = coachee.say("start leg workout")
    reply = coachee.say(str(current_target(reply)))
    coachee.say("stop")
    coachee.next_day()
    assert coachee.say("open leg workout").ask == "resume"
    reply = coachee.send("TimeBoxIntent", minutes="5")
    assert "Okay, five minutes." in reply.text and reply.state["phase"] in ("count", "ready")
    assert coachee.stored()["active"]["counts"][0] == 8  # what was logged stays


def test_an_easy_day_asked_mid_workout_is_what_the_coach_says_it_is(coachee: Coachee):
    """'Go easy on me' after two sets: the rest is one set each at fewer reps, as said; the
    sets already logged stay."""
    coachee.say("start leg workout")
    coachee.say("eight")
    before = Workout.from_dict(coachee.say("eight").state["workout"])
    reply = coachee.say("I'm wrecked, go easy on me")
    assert "fewer reps, one set each" in reply.text and reply.open
    after = Workout.from_dict(reply.state["workout"])
    assert after.counts[:2] == [8, 8] and after.cursor == 2
    assert after.light
    for block, was in zip(after.blocks[1:], before.blocks[1:], strict=True):
        assert block.sets_per_side == 1
        assert block.prescription.reps < was.prescription.reps
