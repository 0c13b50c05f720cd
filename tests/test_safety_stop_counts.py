"""After a safety stop, only the set that was counted can take a number, once; the check on a
joint that hurt last time is one question, and what it cannot use escalates instead of looping."""

from __future__ import annotations

from legcoach.coach.ladder import SLOTS
from legcoach.coach.profile import Profile
from legcoach.storage.keys import Owner
from support.coachee import Coachee


def _counts(coachee: Coachee) -> list[int | None]:
    active = coachee.profile().active
    assert active is not None
    return list(active.counts)


def test_only_the_held_set_takes_a_number_at_the_pain_offer(coachee: Coachee) -> None:
    coachee.say("start leg workout")  # the first set is counted: "how many did you get?"
    offer = coachee.say("my knee hurts")
    assert offer.ask == "pain" and "tell me the number" in offer.text
    first = coachee.say("ten")
    assert "ten logged for that set" in first.text.lower()
    assert first.ask == "pain" and first.open
    assert _counts(coachee) == [10]
    for words in ("ten", "fourteen", "twelve"):
        again = coachee.say(words)
        assert "logged" not in again.text.lower(), again.text
        assert "no set waiting for a number" in again.text
        assert again.ask == "pain" and again.open and again.reprompt
    assert _counts(coachee) == [10]  # no set that was never counted is stored


def _knee_noted(coachee: Coachee) -> None:
    profile = Profile(safety_noted=True)
    profile.note_pain(SLOTS[0].key, "knee")
    coachee.store.items[Owner(coachee.user_id)] = profile.to_dict()


def test_a_number_after_a_stop_before_the_set_logs_nothing(coachee: Coachee) -> None:
    _knee_noted(coachee)
    assert coachee.say("start leg workout").state.get("phase") == "ready"  # nothing counted yet
    reply = coachee.say("I feel dizzy")
    assert reply.ask == "unwell" and "tell me the number" not in reply.text
    again = coachee.say("twelve")
    assert "logged" not in again.text.lower() and again.ask == "unwell"
    active = coachee.profile().active
    assert active is None or not active.counts


def test_the_knee_check_is_one_question_and_feeling_fine_carries_on(coachee: Coachee) -> None:
    _knee_noted(coachee)
    check = coachee.say("start leg workout")
    assert check.ask == "check_in"
    assert check.text.count("?") == 1 and check.text.endswith("Does it feel okay today?")
    reply = coachee.say("it feels fine")
    assert reply.ask is None and reply.open
    assert "how many" in reply.text.lower()  # the set was counted
    assert SLOTS[0].key not in coachee.profile().pain


def test_numbers_at_the_knee_check_escalate_to_a_way_out(coachee: Coachee) -> None:
    _knee_noted(coachee)
    coachee.say("start leg workout")
    texts = [coachee.say("twelve").text for _ in range(3)]
    assert len(set(texts)) == 3, texts  # never the same line twice in a row
    assert "yes, no, or stop" in texts[1]
    assert "skip" in texts[2] and "stop" in texts[2]
    assert not coachee.profile().active or not coachee.profile().active.counts


def test_a_pain_that_passed_carries_on_with_the_same_move_and_keeps_the_note(
    coachee: Coachee,
) -> None:
    coachee.say("start leg workout")
    coachee.say("ten")  # one set logged
    offer = coachee.say("my knee hurts")
    cursor = offer.state["workout"]["cursor"]
    reply = coachee.say("nah it was nothing, I'm fine, carry on")
    assert "eased" in reply.text and "stop the moment it comes back" in reply.text
    assert reply.ask is None and reply.open and reply.reprompt
    assert "emergency" not in reply.text.lower()
    active = coachee.profile().active
    assert active is not None and active.counts[0] == 10  # the logged set stays
    assert reply.state["workout"]["cursor"] == cursor  # the same set again, not skipped
    assert coachee.profile().pain  # the note waits for next time's check


def test_an_unlisted_symptom_with_a_sickness_word_in_it_is_safety_first(coachee: Coachee) -> None:
    coachee.say("start leg workout")
    reply = coachee.say("I've come over all queer and woozy")
    assert "emergency services" in reply.text and "how many reps" not in reply.text.lower()
    assert reply.open and reply.reprompt


def test_something_odd_in_the_arm_is_never_just_a_question(coachee: Coachee) -> None:
    coachee.say("start leg workout")
    reply = coachee.say("my left arm feels weird")
    assert "emergency services" in reply.text
    assert "Are you hurt, or shall we carry on?" not in reply.text
