"""Answers on demand: every question family, asked wherever the user happens to be.

Asked one-shot ("Alexa, ask leg workout ..."), the answer is given and the session closes; asked
at the launch menu, the menu question comes back; asked mid-set, the floor goes back to the same
set and the workout is untouched. The issue's own questions (and a paraphrase of each that is
not a sample) resolve through the local NLU to the right intent and get the right answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from legcoach.coach.answers import QUESTION_INTENTS
from legcoach.coach.exercises import CATALOGUE as MOVES
from legcoach.coach.workout import Workout
from legcoach.speech.lines import Lines
from legcoach.speech.lines.en import MESSAGES, number_words
from legcoach_dev.local.nlu import FALLBACK_INTENT, Nlu, normalise
from support.coachee import Coachee, Reply, current_target
from test_answers import KEY_FACTS

ONE_SHOT = "ask leg workout {}"
VOICE_PHRASES = {"en": MESSAGES}
EXAMPLES = {"en": MESSAGES["help_example"]}
EN = Lines.for_locale("en-US")


@dataclass(frozen=True)
class Move:
    """A catalogue move and its English lines."""

    key: str

    @property
    def name(self) -> str:
        return EN(f"ex_{self.key}_name", count=1)

    @property
    def target(self) -> str:
        return EN(f"ex_{self.key}_target")

    @property
    def cue(self) -> str:
        return EN(f"ex_{self.key}_cue")


CATALOGUE = {key: Move(key) for key in MOVES}
LIGHT_OR_FULL_QUESTIONS = VOICE_PHRASES["en"]["light_or_full_ask"]
BACK_TO_SET = re.compile(
    r"Now, back to set \w+ of your [A-Za-z -]+(, (left|right) leg)?\. How many did you get\? "
    r"If you haven't done it yet, say again\.$"
)
CANT_ANSWER = "i can't answer that one"


@dataclass(frozen=True)
class Family:
    """One question intent: a way to ask it, and what its answer must contain."""

    question: str
    facts: tuple[str, ...]


def how_to_facts(key: str) -> tuple[str, ...]:
    move = CATALOGUE[key]
    return (move.name, move.target, move.cue.lower(), "three slow counts down")


FAMILIES: dict[str, Family] = {
    "FrequencyIntent": Family("how often should i train legs", KEY_FACTS["frequency"]),
    "NoWeightsIntent": Family("can i tone my legs without weights", KEY_FACTS["no_weights"]),
    "ResultsTimeIntent": Family("how long until i see results", KEY_FACTS["results_time"]),
    "ToningIntent": Family("what does toning mean", KEY_FACTS["toning"]),
    "BulkyIntent": Family("will i get bulky", KEY_FACTS["bulky"]),
    "TimeUnderTensionIntent": Family("what is time under tension", KEY_FACTS["time_under_tension"]),
    "ProgressiveOverloadIntent": Family(
        "what is progressive overload", KEY_FACTS["progressive_overload"]
    ),
    "NotWorkingIntent": Family("why is my leg workout not working", KEY_FACTS["not_working"]),
    "BestExerciseIntent": Family(
        "what is the best leg exercise at home", KEY_FACTS["best_exercise"]
    ),
    "InnerThighsIntent": Family("how do i work my inner thighs", KEY_FACTS["inner_thighs"]),
    "GlutesIntent": Family("how do i work my glutes", KEY_FACTS["glutes"]),
    "PulsesIntent": Family("what are pulses", KEY_FACTS["pulses"]),
    "DeadStopIntent": Family("what is a dead stop", KEY_FACTS["dead_stop"]),
    "UnilateralIntent": Family("why one leg at a time", KEY_FACTS["unilateral"]),
    # Named, so the answer is the lateral lunge's even mid-set on another move.
    "HowToIntent": Family("how do i do a lateral lunge", how_to_facts("lateral_lunge")),
}


@dataclass(frozen=True)
class IssueQuestion:
    """A question exactly as the issue lists it, with a paraphrase that is not a sample."""

    question: str
    intent: str
    paraphrase: str
    exercise: str | None = None  # the EXERCISE id a how-to question must resolve to

    @property
    def facts(self) -> tuple[str, ...]:
        if self.exercise is not None:
            return how_to_facts(self.exercise)
        return KEY_FACTS[QUESTION_INTENTS[self.intent]]


ISSUE_QUESTIONS = (
    IssueQuestion(
        "How often should I train legs?",
        "FrequencyIntent",
        "how often should i be training my legs",
    ),
    IssueQuestion(
        "Can I tone my legs without weights?",
        "NoWeightsIntent",
        "can i really tone up my legs without any weights",
    ),
    IssueQuestion(
        "Do I need weights or a gym?", "NoWeightsIntent", "do i really need weights or a gym"
    ),
    IssueQuestion(
        "How long until I see results?",
        "ResultsTimeIntent",
        "how long until i start to see results",
    ),
    IssueQuestion("What does toning mean?", "ToningIntent", "what does toning really mean"),
    IssueQuestion("Will I get bulky?", "BulkyIntent", "will i get too bulky"),
    IssueQuestion(
        "What is time under tension?",
        "TimeUnderTensionIntent",
        "what exactly is time under tension",
    ),
    IssueQuestion("Why slow reps?", "TimeUnderTensionIntent", "why are my reps so slow"),
    IssueQuestion(
        "What is progressive overload?",
        "ProgressiveOverloadIntent",
        "so what is progressive overload",
    ),
    IssueQuestion(
        "How do I do progressive overload without weights?",
        "ProgressiveOverloadIntent",
        "how can i do progressive overload without any weights",
    ),
    IssueQuestion(
        "Why is my leg workout not working?",
        "NotWorkingIntent",
        "why is my leg workout just not working",
    ),
    IssueQuestion(
        "What is the best leg exercise at home?",
        "BestExerciseIntent",
        "what is the very best leg exercise to do at home",
    ),
    IssueQuestion(
        "How do I work my inner thighs?",
        "InnerThighsIntent",
        "how should i work my inner thighs",
    ),
    IssueQuestion("How do I work my glutes?", "GlutesIntent", "how should i work my glutes"),
    IssueQuestion("What are pulses?", "PulsesIntent", "what are pulses exactly"),
    IssueQuestion("What is a dead stop?", "DeadStopIntent", "what exactly is a dead stop"),
    IssueQuestion("Why one leg at a time?", "UnilateralIntent", "why just one leg at a time"),
    IssueQuestion(
        "How do I do a Bulgarian split squat?",
        "HowToIntent",
        "how would i do a bulgarian split squat",
        "bulgarian_split_squat",
    ),
    IssueQuestion(
        "How do I do a single-leg glute bridge?",
        "HowToIntent",
        "how would i do a single leg glute bridge",
        "single_leg_glute_bridge",
    ),
    IssueQuestion(
        "How do I do a lateral lunge?",
        "HowToIntent",
        "how would i do a lateral lunge",
        "lateral_lunge",
    ),
    IssueQuestion(
        "How do I do a pulse squat?",
        "HowToIntent",
        "how would i do a pulse squat",
        "air_squat",
    ),
)


# ----------------------------------------------------------------------------------- helpers


def assert_facts(reply: Reply, facts: tuple[str, ...]) -> None:
    text = reply.text.lower()
    missing = [fact for fact in facts if fact.lower() not in text]
    assert not missing, f"{missing} not in {reply.text!r}"


def at_launch_menu(coachee: Coachee) -> Reply:
    """A user who trained yesterday opens the skill: 'light or full?' is pending."""
    coachee.finish_workout()
    coachee.next_day(1)
    menu = coachee.say("start leg workout")
    assert menu.open and menu.ask is not None, menu.text
    assert menu.ask == "light_or_full"
    assert menu.text.endswith(LIGHT_OR_FULL_QUESTIONS), menu.text
    return menu


def mid_set(coachee: Coachee) -> Reply:
    """A fresh user starts the workout and logs one set: the next set waits for its count."""
    first = coachee.say("start leg workout")
    assert first.state.get("phase") == "count", first.text
    reply = coachee.say(str(current_target(first)))
    assert reply.open and reply.state.get("phase") == "count", reply.text
    assert reply.state["workout"]["cursor"] == 1
    return reply


def current_exercise(reply: Reply) -> str:
    workout = Workout.from_dict(reply.state["workout"])
    assert workout.current is not None
    return workout.current.block.prescription.exercise


def assert_workout_continues(coachee: Coachee, before: Reply) -> None:
    """The next count is logged against the set that was waiting before the interruption."""
    target = current_target(before)
    cursor = before.state["workout"]["cursor"]
    counts = before.state["workout"]["counts"]
    after = coachee.say(str(target))
    assert after.open, after.text
    assert after.state["workout"]["cursor"] == cursor + 1
    assert after.state["workout"]["counts"] == [*counts, target]
    assert coachee.stored()["active"]["counts"] == [*counts, target]


def examples_in(text: str) -> list[str]:
    lowered = text.lower()
    return [example for example in EXAMPLES["en"] if example.lower() in lowered]


# ------------------------------------------------------- 1. every family, wherever it is asked


def test_every_question_intent_has_a_family_here() -> None:
    assert set(FAMILIES) == set(QUESTION_INTENTS)


@pytest.mark.parametrize("intent", sorted(FAMILIES))
def test_one_shot_question_is_answered_and_the_session_closes(
    coachee: Coachee, nlu: Nlu, intent: str
) -> None:
    family = FAMILIES[intent]
    assert nlu.resolve(family.question).intent == intent
    reply = coachee.say(ONE_SHOT.format(family.question))
    assert_facts(reply, family.facts)
    assert not reply.open, reply.text
    assert not reply.reprompt
    assert not reply.text.endswith("?"), reply.text


@pytest.mark.parametrize("intent", sorted(FAMILIES))
def test_question_at_the_launch_menu_is_answered_then_the_menu_question_returns(
    coachee: Coachee, intent: str
) -> None:
    at_launch_menu(coachee)
    family = FAMILIES[intent]
    reply = coachee.say(family.question)
    assert_facts(reply, family.facts)
    assert reply.open
    assert reply.ask is not None
    assert reply.ask == "light_or_full"
    assert reply.text.endswith(LIGHT_OR_FULL_QUESTIONS), reply.text
    assert reply.reprompt in LIGHT_OR_FULL_QUESTIONS
    # ...and the pending question still works.
    light = coachee.say("light session")
    assert light.open and light.state.get("workout", {}).get("light") is True


@pytest.mark.parametrize("intent", sorted(FAMILIES))
def test_question_mid_set_is_answered_then_back_to_the_same_set(
    coachee: Coachee, intent: str
) -> None:
    waiting = mid_set(coachee)
    stored = coachee.stored()["active"]
    family = FAMILIES[intent]
    reply = coachee.say(family.question)
    assert_facts(reply, family.facts)
    assert reply.open
    assert reply.state.get("phase") == "count"
    assert BACK_TO_SET.search(reply.text), reply.text
    assert reply.state["workout"] == waiting.state["workout"]
    assert coachee.stored()["active"] == stored
    assert reply.reprompt in VOICE_PHRASES["en"]["reprompt_count"]
    assert_workout_continues(coachee, waiting)


# ------------------------------------------ 2. the issue's questions, and paraphrases of them


@pytest.mark.parametrize("case", ISSUE_QUESTIONS, ids=lambda c: normalise(c.question))
def test_issue_question_resolves_to_its_intent(nlu: Nlu, case: IssueQuestion) -> None:
    resolution = nlu.resolve(case.question)
    assert resolution.intent == case.intent, resolution.describe()
    assert resolution.score == 1.0, f"only a fuzzy match: {resolution.describe()}"
    assert_exercise(resolution.slots, case.exercise)


@pytest.mark.parametrize("case", ISSUE_QUESTIONS, ids=lambda c: normalise(c.question))
def test_issue_question_gets_the_right_answer(coachee: Coachee, case: IssueQuestion) -> None:
    reply = coachee.say(ONE_SHOT.format(case.question))
    assert_facts(reply, case.facts)
    assert not reply.open


@pytest.mark.parametrize("case", ISSUE_QUESTIONS, ids=lambda c: c.paraphrase)
def test_paraphrase_that_is_not_a_sample_resolves_to_the_same_intent(
    nlu: Nlu, case: IssueQuestion
) -> None:
    paraphrase = normalise(case.paraphrase)
    every_sample = {text for intent in nlu.intents for text in nlu.samples_of(intent)}
    assert paraphrase not in every_sample
    original = set(normalise(case.question).split())
    shared = original & set(paraphrase.split())
    assert len(shared) > len(original) / 2, f"{case.paraphrase!r} shares only {shared}"
    resolution = nlu.resolve(case.paraphrase)
    # A template may hear it whole (fillers such as "so" are skipped), never as a copy of it.
    assert resolution.sample != paraphrase, f"matched a sample exactly: {resolution.describe()}"
    assert resolution.intent == case.intent, resolution.describe()
    assert_exercise(resolution.slots, case.exercise)


@pytest.mark.parametrize("case", ISSUE_QUESTIONS, ids=lambda c: c.paraphrase)
def test_paraphrase_gets_the_right_answer(coachee: Coachee, case: IssueQuestion) -> None:
    reply = coachee.say(ONE_SHOT.format(case.paraphrase))
    assert_facts(reply, case.facts)
    assert not reply.open


def assert_exercise(slots: dict, exercise: str | None) -> None:
    if exercise is None:
        assert not any("value" in slot for slot in slots.values()), slots
        return
    authorities = slots["exercise"]["resolutions"]["resolutionsPerAuthority"]
    assert authorities[0]["status"]["code"] == "ER_SUCCESS_MATCH", slots
    assert authorities[0]["values"][0]["value"]["id"] == exercise


@pytest.mark.parametrize("text", ["what's the capital of france", "what's the weather"])
def test_off_topic_question_falls_back(nlu: Nlu, text: str) -> None:
    # Off-topic requests the model knows ("what's the weather") have their own intent.
    intent = nlu.resolve(text).intent
    assert intent in (FALLBACK_INTENT, "OffTopicIntent"), nlu.resolve(text).describe()


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("why do we do such slow reps", "TimeUnderTensionIntent"),
        ("how do i do a lateral lunge safely", "HowToIntent"),
    ],
)
def test_unfitting_slot_value_does_not_beat_a_close_sample(
    nlu: Nlu, text: str, intent: str
) -> None:
    resolution = nlu.resolve(text)
    assert resolution.intent == intent, resolution.describe()
    if intent == "HowToIntent":
        assert_exercise(resolution.slots, "lateral_lunge")


# -------------------------------------------------------------------------- 3. personal lines


def train_every_other_day(coachee: Coachee, sessions: int) -> None:
    for _ in range(sessions):
        coachee.finish_workout()
        coachee.next_day(2)


def test_results_answer_counts_sessions_and_weeks(coachee: Coachee) -> None:
    train_every_other_day(coachee, 14)  # four weeks of training, then two days off
    done = coachee.profile().sessions_completed
    assert done == 14
    reply = coachee.say(ONE_SHOT.format("how long until i see results"))
    assert_facts(reply, KEY_FACTS["results_time"])
    assert f"{number_words(done)} sessions over four weeks" in reply.text, reply.text


def test_results_answer_for_a_first_week_user(coachee: Coachee) -> None:
    train_every_other_day(coachee, 2)
    reply = coachee.say(ONE_SHOT.format("when will i see results"))
    assert "two sessions in your first week" in reply.text, reply.text


def test_results_answer_for_a_new_user_is_not_personal(coachee: Coachee) -> None:
    reply = coachee.say(ONE_SHOT.format("how long until i see results"))
    assert "you've done" not in reply.text.lower()


@pytest.mark.parametrize(
    ("days_off", "expected"),
    [
        (0, "already trained today"),
        (1, "last trained yesterday"),
        (2, "last trained two days ago"),
        (5, "five days since your last session"),
        (30, "been a while since your last session"),
    ],
)
def test_frequency_answer_says_when_they_last_trained(
    coachee: Coachee, days_off: int, expected: str
) -> None:
    coachee.finish_workout()
    coachee.next_day(days_off)
    reply = coachee.say(ONE_SHOT.format("how often should i train legs"))
    assert_facts(reply, KEY_FACTS["frequency"])
    assert expected in reply.text, reply.text


def test_frequency_answer_mid_workout_still_says_when_they_last_trained(
    coachee: Coachee,
) -> None:
    coachee.finish_workout()
    coachee.next_day(3)
    first = coachee.say("start leg workout")
    assert first.state.get("phase") == "count", first.text
    reply = coachee.say("how often should i train legs")
    assert "three days since your last session" in reply.text, reply.text
    assert BACK_TO_SET.search(reply.text), reply.text


# ------------------------------------------------- 4. help, and questions we can't answer


def test_help_at_the_start_lists_example_questions(coachee: Coachee) -> None:
    reply = coachee.say("help")
    assert len(examples_in(reply.text)) == 2, reply.text
    assert reply.open and reply.text.endswith("?")


def test_help_at_the_launch_menu_lists_examples_and_asks_again(coachee: Coachee) -> None:
    at_launch_menu(coachee)
    reply = coachee.say("what can i say")
    assert len(examples_in(reply.text)) == 2, reply.text
    assert reply.text.endswith(LIGHT_OR_FULL_QUESTIONS), reply.text
    assert reply.ask == "light_or_full"


def test_example_questions_offered_in_help_are_answered(coachee: Coachee, nlu: Nlu) -> None:
    offered = examples_in(coachee.say("help").text)
    assert offered
    for example in offered:
        assert nlu.resolve(example).intent in QUESTION_INTENTS, example
        reply = coachee.say(example)
        assert CANT_ANSWER not in reply.text.lower()


UNANSWERABLE = [
    pytest.param(("say", "what's the capital of france"), id="capital-of-france"),
    pytest.param(("intent", FALLBACK_INTENT), id="fallback-intent"),
    pytest.param(("intent", "CapitalCityIntent"), id="unknown-intent"),
]


def ask_unanswerable(coachee: Coachee, how: tuple[str, str]) -> Reply:
    kind, what = how
    return coachee.say(what) if kind == "say" else coachee.send(what)


@pytest.mark.parametrize("how", UNANSWERABLE)
def test_unanswerable_question_outside_a_workout_is_honest_with_two_examples(
    coachee: Coachee, how: tuple[str, str]
) -> None:
    reply = ask_unanswerable(coachee, how)
    assert CANT_ANSWER in reply.text.lower(), reply.text
    assert len(examples_in(reply.text)) == 2, reply.text
    assert reply.open and reply.text.endswith("?")
    assert reply.state.get("phase") == "menu" and reply.ask is None


@pytest.mark.parametrize("how", UNANSWERABLE)
def test_unanswerable_question_at_the_launch_menu_keeps_the_menu_question(
    coachee: Coachee, how: tuple[str, str]
) -> None:
    at_launch_menu(coachee)
    reply = ask_unanswerable(coachee, how)
    assert CANT_ANSWER in reply.text.lower(), reply.text
    assert len(examples_in(reply.text)) == 2, reply.text
    assert reply.text.endswith(LIGHT_OR_FULL_QUESTIONS), reply.text
    assert reply.ask == "light_or_full"


@pytest.mark.parametrize("how", UNANSWERABLE)
def test_unanswerable_question_mid_set_asks_for_the_count_again(
    coachee: Coachee, how: tuple[str, str]
) -> None:
    waiting = mid_set(coachee)
    stored = coachee.stored()["active"]
    reply = ask_unanswerable(coachee, how)
    assert reply.open
    assert reply.state.get("phase") == "count"
    assert "how many reps did you do" in reply.text.lower(), reply.text
    assert reply.state["workout"] == waiting.state["workout"]
    assert coachee.stored()["active"] == stored
    assert_workout_continues(coachee, waiting)


# ----------------------------------------------------------- 5. "how do I do this one?"


def test_how_do_i_do_this_one_mid_set_explains_the_exercise_in_progress(
    coachee: Coachee,
) -> None:
    waiting = mid_set(coachee)
    move = CATALOGUE[current_exercise(waiting)]
    reply = coachee.say("how do i do this one")
    assert_facts(reply, how_to_facts(move.key))
    assert BACK_TO_SET.search(reply.text), reply.text
    assert reply.state["workout"] == waiting.state["workout"]
    assert_workout_continues(coachee, waiting)


def test_how_do_i_do_this_one_follows_the_workout_to_the_next_exercise(
    coachee: Coachee,
) -> None:
    reply = coachee.say("start leg workout")
    first = current_exercise(reply)
    for _ in range(20):
        if current_exercise(reply) != first:
            break
        assert reply.state.get("phase") == "count", reply.text
        reply = coachee.say(str(current_target(reply)))
    else:
        raise AssertionError("the workout never moved past its first exercise")
    if reply.state.get("phase") == "ready":
        reply = coachee.say("ready")
    second = CATALOGUE[current_exercise(reply)]
    answer = coachee.say("how does this one go")
    assert_facts(answer, how_to_facts(second.key))
    assert CATALOGUE[first].name not in answer.text.lower().split(" now, back to")[0]


def test_naming_an_unknown_move_mid_set_does_not_describe_the_current_one(
    coachee: Coachee,
) -> None:
    waiting = mid_set(coachee)
    move = CATALOGUE[current_exercise(waiting)]
    reply = coachee.say("how do i do a burpee")
    answer = reply.text.split("Now, back to")[0]
    assert move.cue not in answer, answer
    assert "three slow counts down" in answer
    assert BACK_TO_SET.search(reply.text), reply.text
    assert reply.state["workout"] == waiting.state["workout"]


def test_how_do_i_do_this_one_outside_a_workout_is_general(coachee: Coachee) -> None:
    reply = coachee.say(ONE_SHOT.format("how do i do this one"))
    assert_facts(reply, KEY_FACTS["how_to"])
    assert not reply.open
