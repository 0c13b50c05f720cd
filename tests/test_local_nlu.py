"""The typed-text NLU: what a person typing at the local chat gets resolved to."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from legcoach_dev.local.nlu import Nlu, normalise, parse_number

MODEL = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "leg workout",
            "intents": [
                {
                    "name": "LogSetIntent",
                    "slots": [{"name": "count", "type": "AMAZON.NUMBER"}],
                    "samples": ["{count}", "{count} reps", "i did {count}", "i managed {count}"],
                },
                {
                    "name": "FrequencyIntent",
                    "slots": [],
                    "samples": ["how often should i train legs", "how many times a week"],
                },
                {
                    "name": "ChooseExerciseIntent",
                    "slots": [{"name": "exercise", "type": "EXERCISE"}],
                    "samples": ["let's do {exercise}", "i want to do {exercise} today"],
                },
                {"name": "AMAZON.HelpIntent", "samples": ["i'm lost"]},
                {"name": "AMAZON.StopIntent", "samples": []},
                {"name": "AMAZON.CancelIntent", "samples": []},
                {"name": "AMAZON.YesIntent", "samples": ["ready"]},
                {"name": "AMAZON.NoIntent", "samples": []},
                {"name": "AMAZON.RepeatIntent", "samples": []},
                {"name": "AMAZON.FallbackIntent", "samples": []},
            ],
            "types": [
                {
                    "name": "EXERCISE",
                    "values": [
                        {
                            "id": "SQUAT",
                            "name": {"value": "squats", "synonyms": ["squat", "air squats"]},
                        },
                        {"id": "LUNGE", "name": {"value": "lunges", "synonyms": ["lunge"]}},
                    ],
                }
            ],
        }
    }
}


@pytest.fixture
def nlu(tmp_path: Path) -> Nlu:
    path = tmp_path / "en-US.json"
    path.write_text(json.dumps(MODEL))
    return Nlu.from_file(path)


def value(nlu: Nlu, text: str, slot: str) -> str | None:
    return nlu.resolve(text).slots[slot].get("value")


def test_i_did_twelve_logs_twelve_reps(nlu: Nlu) -> None:
    res = nlu.resolve("I did twelve")
    assert (res.kind, res.intent, res.new_session) == ("intent", "LogSetIntent", False)
    assert res.slots["count"]["value"] == "12"
    assert res.slots["count"]["confirmationStatus"] == "NONE"
    assert res.slots["count"]["name"] == "count"


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("ten", "10"),
        ("10", "10"),
        ("twenty one", "21"),
        ("twenty-one", "21"),
        ("a hundred", "100"),
        ("five hundred", "500"),
        ("one hundred and five", "105"),
        ("1,000", "1000"),
        ("minus five", "-5"),
    ],
)
def test_numbers_arrive_as_digits_like_alexa_sends_them(nlu: Nlu, typed: str, sent: str) -> None:
    assert value(nlu, typed, "count") == sent


def test_a_misheard_number_arrives_as_question_mark(nlu: Nlu) -> None:
    res = nlu.resolve("i did banana")
    assert res.intent == "LogSetIntent"
    assert res.slots["count"]["value"] == "?"


def test_a_bare_number_sample_does_not_swallow_other_sentences(nlu: Nlu) -> None:
    assert nlu.resolve("tell me a joke").intent == "AMAZON.FallbackIntent"


def test_typing_start_and_the_invocation_name_launches_the_skill(nlu: Nlu) -> None:
    for typed in ("start leg workout", "Alexa, open Leg Workout.", "launch leg workout"):
        res = nlu.resolve(typed)
        assert (res.kind, res.intent, res.new_session) == ("launch", None, True), typed


def test_ask_invocation_name_with_a_question_is_a_one_shot(nlu: Nlu) -> None:
    res = nlu.resolve("ask leg workout how often should i train legs")
    assert (res.kind, res.intent, res.new_session) == ("intent", "FrequencyIntent", True)
    res = nlu.resolve("Alexa, tell leg workout to let's do squats")
    assert (res.intent, res.new_session) == ("ChooseExerciseIntent", True)


def test_launch_word_invocation_and_utterance_is_a_one_shot(nlu: Nlu) -> None:
    res = nlu.resolve("start leg workout and i did eight")
    assert (res.kind, res.intent, res.new_session) == ("intent", "LogSetIntent", True)
    assert res.slots["count"]["value"] == "8"


def test_a_paraphrase_finds_the_intent_with_the_closest_sample(nlu: Nlu) -> None:
    res = nlu.resolve("how often do I need to train my legs?")
    assert (res.kind, res.intent) == ("intent", "FrequencyIntent")
    assert 0 < res.score < 1


def test_a_paraphrase_still_fills_the_number(nlu: Nlu) -> None:
    res = nlu.resolve("i think i did twelve of them")
    assert res.intent == "LogSetIntent"
    assert res.slots["count"]["value"] == "12"


def test_something_unrelated_goes_to_fallback(nlu: Nlu) -> None:
    assert nlu.resolve("what is the capital of france").intent == "AMAZON.FallbackIntent"


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("help", "AMAZON.HelpIntent"),
        ("what can I say", "AMAZON.HelpIntent"),
        ("i'm lost", "AMAZON.HelpIntent"),
        ("stop", "AMAZON.StopIntent"),
        ("Alexa, quit", "AMAZON.StopIntent"),
        ("never mind", "AMAZON.CancelIntent"),
        ("yeah", "AMAZON.YesIntent"),
        ("ready", "AMAZON.YesIntent"),
        ("nope", "AMAZON.NoIntent"),
        ("say that again", "AMAZON.RepeatIntent"),
    ],
)
def test_built_in_intents_resolve_without_samples_in_the_model(
    nlu: Nlu, typed: str, intent: str
) -> None:
    assert nlu.resolve(typed).intent == intent


def test_built_in_phrases_only_reach_intents_the_model_declares(nlu: Nlu) -> None:
    # The fixture declares no PauseIntent or NavigateHomeIntent.
    assert nlu.resolve("pause").intent == "AMAZON.FallbackIntent"
    assert nlu.resolve("go home").intent == "AMAZON.FallbackIntent"


def test_a_custom_slot_synonym_resolves_to_its_canonical_value(nlu: Nlu) -> None:
    slot = nlu.resolve("let's do air squats").slots["exercise"]
    assert slot["value"] == "air squats"
    authority = slot["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["status"]["code"] == "ER_SUCCESS_MATCH"
    assert authority["values"][0]["value"] == {"name": "squats", "id": "SQUAT"}
    assert authority["authority"].endswith(".EXERCISE")


def test_an_unknown_custom_slot_value_is_no_match(nlu: Nlu) -> None:
    slot = nlu.resolve("let's do cartwheels").slots["exercise"]
    assert slot["value"] == "cartwheels"
    authority = slot["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["status"]["code"] == "ER_SUCCESS_NO_MATCH"
    assert "values" not in authority


def test_slots_the_person_did_not_say_are_sent_without_a_value(tmp_path: Path) -> None:
    model = json.loads(json.dumps(MODEL))
    model["interactionModel"]["languageModel"]["intents"][0]["samples"].append("log a set")
    nlu = Nlu(model)
    slot = nlu.resolve("log a set").slots["count"]
    assert slot == {"name": "count", "confirmationStatus": "NONE"}


def test_case_and_punctuation_do_not_matter(nlu: Nlu) -> None:
    assert normalise("I DID Twelve!!!  ") == "i did twelve"
    assert normalise("I'm  lost...") == "i'm lost"
    assert value(nlu, "I DID TWELVE!!!", "count") == "12"


def test_saying_nothing_resolves_to_end(nlu: Nlu) -> None:
    for typed in ("", "...", "(silence)", "alexa"):
        assert nlu.resolve(typed).kind == "end"


def number(text: str) -> int | None:
    return parse_number(text.split())


def test_number_parser_rejects_word_salad() -> None:
    assert number("twelve five") is None
    assert number("twenty twelve") is None
    assert number("hundred") is None
    assert number("two thousand three hundred and forty five") == 2345


def test_resolution_is_fast_on_the_shipped_model() -> None:
    # The slow path: no template hears the whole sentence, so runs of its words are tried.
    nlu = Nlu.from_file(Path(__file__).resolve().parent.parent / "interaction_models/en-US.json")
    nlu.resolve("warm up")
    started = time.perf_counter()
    for _ in range(5):
        assert nlu.resolve("how often do i need to train my legs").intent == "FrequencyIntent"
    assert (time.perf_counter() - started) / 5 < 0.25


# ------------------------------------------- informative words, and slot values that do not fit

REAL_MODEL = Path(__file__).resolve().parent.parent / "interaction_models" / "en-US.json"


def with_questions() -> dict:
    """The fixture model plus a few question intents, a how-to with an exercise slot."""
    model = json.loads(json.dumps(MODEL))
    language = model["interactionModel"]["languageModel"]
    language["intents"] += [
        {
            "name": "HowToIntent",
            "slots": [{"name": "exercise", "type": "EXERCISE"}],
            "samples": ["how do i do a {exercise}", "how do i do this one", "explain {exercise}"],
        },
        {
            "name": "TimeUnderTensionIntent",
            "slots": [],
            "samples": ["why such slow reps", "why are the reps so slow", "what's tempo"],
        },
        {
            "name": "PulsesIntent",
            "slots": [],
            "samples": ["what are pulses", "what's the point of pulses", "tell me about pulses"],
        },
        {
            "name": "ProgressiveOverloadIntent",
            "slots": [],
            "samples": ["what's the progression", "what is the ladder"],
        },
    ]
    language["types"][0]["values"].append(
        {"id": "LATERAL_LUNGE", "name": {"value": "lateral lunge", "synonyms": ["side lunge"]}}
    )
    return model


@pytest.fixture
def questions() -> Nlu:
    return Nlu(with_questions())


@pytest.mark.parametrize(
    "typed",
    [
        "what's the capital of france",
        "what's the weather",
        "what is the capital of france",
        "what is the meaning of life",
        "tell me about the weather",
        "how do i cook pasta",
    ],
)
def test_sharing_only_filler_words_with_a_sample_is_no_match(questions: Nlu, typed: str) -> None:
    res = questions.resolve(typed)
    assert res.intent == "AMAZON.FallbackIntent", res.describe()


def test_one_shared_word_against_many_unknown_ones_is_no_match(questions: Nlu) -> None:
    # "tempo" is shared, but the rest of the sentence is about something else.
    res = questions.resolve("what's the tempo of this song on the radio")
    assert res.intent == "AMAZON.FallbackIntent", res.describe()


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("why are my reps so slow", "TimeUnderTensionIntent"),
        ("so what are pulses exactly", "PulsesIntent"),
        ("what's the point of doing pulses", "PulsesIntent"),
        ("how often do i need to train my legs", "FrequencyIntent"),
    ],
)
def test_a_paraphrase_sharing_the_content_words_still_matches(
    questions: Nlu, typed: str, intent: str
) -> None:
    res = questions.resolve(typed)
    assert res.intent == intent, res.describe()
    assert 0.6 <= res.score < 1


def test_a_recognised_slot_value_counts_as_a_shared_content_word(questions: Nlu) -> None:
    # Apart from the move, only filler words ("how", "i", "do", "a") are shared.
    res = questions.resolve("how would i do a side lunge")
    assert (res.intent, res.slots["exercise"]["value"]) == ("HowToIntent", "side lunge")
    assert res.score < 1
    authority = res.slots["exercise"]["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["values"][0]["value"]["id"] == "LATERAL_LUNGE"


def test_a_number_slot_that_catches_no_number_gives_way_to_a_close_sample(questions: Nlu) -> None:
    # "{count} reps" matches word for word, but "why do we do such slow" is no number.
    res = questions.resolve("why do we do such slow reps")
    assert res.intent == "TimeUnderTensionIntent", res.describe()
    assert res.sample == "why such slow reps"


def test_a_fuzzy_match_fills_the_custom_slot_from_the_words_said(questions: Nlu) -> None:
    # "how do i do a {exercise}" matches word for word, but "lateral lunge safely" is no move.
    res = questions.resolve("how do i do a lateral lunge safely")
    assert (res.intent, res.sample) == ("HowToIntent", "how do i do a {exercise}")
    assert 0.6 <= res.score < 1
    slot = res.slots["exercise"]
    assert slot["value"] == "lateral lunge"
    authority = slot["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["status"]["code"] == "ER_SUCCESS_MATCH"
    assert authority["values"][0]["value"] == {"name": "lateral lunge", "id": "LATERAL_LUNGE"}


def test_a_number_caught_by_a_closer_sample_beats_an_unfitting_exact_capture(nlu: Nlu) -> None:
    # "i did {count}" would catch "twelve reps i think" ("?"); "i did {count} reps" finds 12.
    res = nlu.resolve("i did twelve reps i think")
    assert (res.intent, res.slots["count"]["value"]) == ("LogSetIntent", "12")


def test_an_unrecognised_number_still_arrives_as_question_mark_when_nothing_fits_better(
    questions: Nlu,
) -> None:
    for typed in ("i did blah reps", "i did banana", "i managed loads"):
        res = questions.resolve(typed)
        assert (res.intent, res.score) == ("LogSetIntent", 1.0), res.describe()
        assert res.slots["count"]["value"] == "?", typed


def test_a_bare_number_is_still_an_exact_logged_set(questions: Nlu) -> None:
    for typed, sent in (("twelve", "12"), ("8", "8"), ("twelve reps", "12")):
        res = questions.resolve(typed)
        assert (res.intent, res.score) == ("LogSetIntent", 1.0), res.describe()
        assert res.slots["count"]["value"] == sent


def test_a_sentence_with_a_number_in_it_is_not_a_bare_number(questions: Nlu) -> None:
    res = questions.resolve("what's two plus two")
    assert res.intent == "AMAZON.FallbackIntent", res.describe()


def test_an_unknown_move_keeps_its_slot_sample_when_nothing_closer_exists(questions: Nlu) -> None:
    # Only filler words are shared with "how do i do this one": the move stays unrecognised,
    # so the skill can say it does not know it rather than describe another one.
    res = questions.resolve("how do i do a burpee")
    assert (res.intent, res.score) == ("HowToIntent", 1.0), res.describe()
    slot = res.slots["exercise"]
    assert slot["value"] == "burpee"
    authority = slot["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["status"]["code"] == "ER_SUCCESS_NO_MATCH"


def test_a_fitting_exact_match_beats_any_fuzzy_one(questions: Nlu) -> None:
    res = questions.resolve("how do i do a side lunge")
    assert (res.intent, res.score, res.sample) == ("HowToIntent", 1.0, "how do i do a {exercise}")


@pytest.mark.parametrize(
    "typed",
    [
        "what's the capital of france",
        "what is the meaning of life",
        "how do i cook pasta",
        "tell me about the weather",
        "what's two plus two",
    ],
)
def test_off_topic_questions_fall_back_with_the_real_model(typed: str) -> None:
    res = Nlu.from_file(REAL_MODEL).resolve(typed)
    # Never a coaching intent: the fallback, or the off-topic line that keeps the place.
    assert res.intent in ("AMAZON.FallbackIntent", "OffTopicIntent"), res.describe()


# ------------------------------------------------- durations, mid-workout intents, shared reading

from legcoach_dev.utterances import parse_duration  # noqa: E402

LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")


@pytest.fixture(scope="module")
def real() -> Nlu:
    return Nlu.from_file(REAL_MODEL)


@pytest.mark.parametrize(
    ("said", "iso"),
    [
        ("two minutes", "PT2M"),
        ("a minute", "PT1M"),
        ("one minute", "PT1M"),
        ("thirty seconds", "PT30S"),
        ("30 seconds", "PT30S"),
        ("a sec", "PT1S"),
        ("ninety seconds", "PT90S"),
        ("a couple of minutes", "PT2M"),
        ("half a minute", "PT30S"),
        ("a minute and a half", "PT1M30S"),
        ("one and a half minutes", "PT1M30S"),
        ("two minutes and ten seconds", "PT2M10S"),
        ("five more minutes", "PT5M"),
        ("half an hour", "PT30M"),
        ("a half hour", "PT30M"),
        ("a quarter of an hour", "PT15M"),
        ("three quarters of an hour", "PT45M"),
    ],
)
def test_durations_arrive_as_iso_8601_like_alexa_sends_them(said: str, iso: str) -> None:
    assert parse_duration(said.split()) == iso


@pytest.mark.parametrize("said", ["minutes", "a few minutes", "nine", "a while", "minutes two"])
def test_words_that_are_no_duration_are_not_read_as_one(said: str) -> None:
    assert parse_duration(said.split()) is None


@pytest.mark.parametrize(
    ("typed", "iso"),
    [
        ("give me two minutes", "PT2M"),
        ("a minute please", "PT1M"),
        ("can you give me thirty seconds please", "PT30S"),
        ("um I need five more minutes", "PT5M"),
    ],
)
def test_a_break_carries_its_duration(real: Nlu, typed: str, iso: str) -> None:
    res = real.resolve(typed)
    assert (res.intent, res.slots["duration"]["value"]) == ("BreakIntent", iso), res.describe()
    assert "resolutions" not in res.slots["duration"]


def test_a_break_without_a_duration_sends_the_slot_empty(real: Nlu) -> None:
    res = real.resolve("i need a break")
    assert res.intent == "BreakIntent"
    assert res.slots == {"duration": {"name": "duration", "confirmationStatus": "NONE"}}


def test_a_body_part_synonym_resolves_to_its_canonical_id(real: Nlu) -> None:
    res = real.resolve("my lower back is killing me")
    assert res.intent == "PainIntent"
    slot = res.slots["part"]
    assert slot["value"] == "lower back"
    authority = slot["resolutions"]["resolutionsPerAuthority"][0]
    assert authority["status"]["code"] == "ER_SUCCESS_MATCH"
    assert authority["values"][0]["value"] == {"name": "back", "id": "back"}
    assert authority["authority"].endswith(".BODY_PART")


def test_a_body_part_the_type_does_not_know_is_no_match(real: Nlu) -> None:
    res = real.resolve("my pinky hurts")
    slot = res.slots["part"]
    assert slot["value"] == "pinky"
    assert slot["resolutions"]["resolutionsPerAuthority"][0]["status"]["code"] == (
        "ER_SUCCESS_NO_MATCH"
    )
    assert res.intent == "PainIntent"
    assert res.slot_values() == {}  # nothing a handler can act on: pain, somewhere


@pytest.mark.parametrize(
    ("typed", "intent", "slots"),
    [
        ("ouch", "PainIntent", {}),
        ("my elbows hurt", "PainIntent", {"part": "arm"}),
        ("I have bad knees", "EasierIntent", {"part": "knee"}),
        ("this is too hard", "EasierIntent", {}),
        ("I can't breathe", "UnwellIntent", {"symptom": "breathless"}),
        ("I think I'm going to faint", "UnwellIntent", {"symptom": "faint"}),
        ("my heart is racing", "UnwellIntent", {"symptom": "palpitations"}),
        ("I don't have a sofa", "NoEquipmentIntent", {"equipment": "couch"}),
        ("I don't have one", "NoEquipmentIntent", {}),
        ("six on that side", "LogSetIntent", {"count": "6"}),
        ("um nine", "LogSetIntent", {"count": "9"}),
        ("all eight", "LogSetIntent", {"count": "8"}),
    ],
)
def test_mid_workout_slots_are_filled_or_left_empty(
    real: Nlu, typed: str, intent: str, slots: dict
) -> None:
    res = real.resolve(typed)
    assert (res.intent, res.slot_values()) == (intent, slots), res.describe()


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        # "what's next" asks where the workout goes; "next one" moves on.
        ("what's next", "WhatsNextIntent"),
        ("so what's next then", "WhatsNextIntent"),
        ("next one", "AMAZON.NextIntent"),
        ("skip this one", "SkipIntent"),
        # "say that again" repeats the speech; "again" and "one more time" redo the set.
        ("say that again", "AMAZON.RepeatIntent"),
        ("pardon", "AMAZON.RepeatIntent"),
        ("again", "RedoIntent"),
        ("one more time", "RedoIntent"),
        ("repeat", "AMAZON.RepeatIntent"),
        # "pause" and "hold on" pause; "wait" and "give me a minute" rest.
        ("pause", "AMAZON.PauseIntent"),
        ("hold on", "AMAZON.PauseIntent"),
        ("wait", "BreakIntent"),
        ("go back", "AMAZON.PreviousIntent"),
        ("start over", "AMAZON.StartOverIntent"),
        ("restart the set", "RedoIntent"),
    ],
)
def test_built_ins_and_their_neighbours_stay_apart(real: Nlu, typed: str, intent: str) -> None:
    assert real.resolve(typed).intent == intent


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("i don't want the ticking", "BeepsOffIntent"),
        ("i want the ticking back", "BeepsOnIntent"),
        ("i didn't do them all", "SomeRepsIntent"),
        ("i did them all", "AllRepsIntent"),
    ],
)
def test_a_negation_is_not_lost_in_a_paraphrase(real: Nlu, typed: str, intent: str) -> None:
    assert real.resolve(typed).intent == intent


@pytest.mark.parametrize("locale", LOCALES)
def test_questions_do_not_drift_into_the_mid_workout_intents(locale: str) -> None:
    nlu = Nlu.from_file(REAL_MODEL.with_name(f"{locale}.json"))
    for typed, intent in (
        ("can i go faster", "TimeUnderTensionIntent"),
        ("how many did i do", "LastWorkoutIntent"),
        ("how do i do this one", "HowToIntent"),
        ("what works the glutes", "GlutesIntent"),
        ("what happens when it gets too easy", "ProgressiveOverloadIntent"),
        ("go easy today", "LightSessionIntent"),
    ):
        assert nlu.resolve(typed).intent == intent, (locale, typed)


# ------------------------------------------- the templates: people's sentences, not the samples


@pytest.mark.parametrize(
    ("typed", "intent", "slots"),
    [
        # counts in real sentences
        ("I did six before she climbed on me", "LogSetIntent", {"count": "6"}),
        ("no I said twelve", "LogSetIntent", {"count": "12"}),
        ("twelve-ish", "LogSetIntent", {"count": "12"}),
        ("ten or eleven", "LogSetIntent", {"count": "10", "upper": "11"}),
        ("a dozen", "CountPhraseIntent", {"amount": "12"}),
        ("half a dozen I think", "CountPhraseIntent", {"amount": "6"}),
        ("just the one", "CountPhraseIntent", {"amount": "1"}),
        ("the whole lot", "AllRepsIntent", {}),
        ("every one of them", "AllRepsIntent", {}),
        ("none at all", "NoRepsIntent", {}),
        (
            "fifteen on the left and twelve on the right",
            "CountBothSidesIntent",
            {"left": "15", "right": "12"},
        ),
        ("left twelve right ten", "CountBothSidesIntent", {"left": "12", "right": "10"}),
        # yes and no with extra words
        ("yes, please give me the easy version", "AMAZON.YesIntent", {}),
        ("yeah log it", "AMAZON.YesIntent", {}),
        ("go on then", "AMAZON.YesIntent", {}),
        ("sure why not", "AMAZON.YesIntent", {}),
        ("nah, I am good", "AMAZON.NoIntent", {}),
        ("not really", "AMAZON.NoIntent", {}),
        ("I'd rather not", "AMAZON.NoIntent", {}),
        # safety in any shape
        ("my lower back twinges when I lift my hips", "PainIntent", {"part": "back"}),
        ("I feel like I might puke", "UnwellIntent", {"symptom": "nauseous"}),
        ("ouch that hurt my knee", "PainIntent", {"part": "knee"}),
        ("my chest feels tight", "PainIntent", {"part": "chest"}),
        ("I think I'm going to pass out", "UnwellIntent", {"symptom": "faint"}),
        # not safety
        ("I'm feeling great today", "FeelingGoodIntent", {}),
        ("I've got a knee thing", "UnclearHurtIntent", {"part": "knee"}),
        (
            "I'm twenty weeks pregnant, is lying on my back okay",
            "HealthQuestionIntent",
            {"weeks": "20"},
        ),
        (
            "is it safe if I have high blood pressure",
            "HealthQuestionIntent",
            {"condition": "high_blood_pressure"},
        ),
        ("is it normal my legs shake", "HealthQuestionIntent", {}),
        ("what's the weather like", "OffTopicIntent", {}),
        ("play some music", "OffTopicIntent", {}),
        ("not now sweetie", "AsideIntent", {}),
        # today's shape
        ("I only have ten minutes today", "TimeBoxIntent", {"duration": "PT10M"}),
        ("just a quick one today", "TimeBoxIntent", {"length": "short"}),
        ("no lunges today please", "DropMoveIntent", {"family": "lunges"}),
        ("skip the reverse lunges today", "DropMoveIntent", {"exercise": "reverse_lunge"}),
        ("just squats", "OnlyMoveIntent", {"exercise": "air_squat"}),
        ("skip the warm up", "SkipWarmupIntent", {}),
        ("can we do arms", "OtherBodyPartIntent", {"area": "arms"}),
        ("an easy day today please", "EasyDayIntent", {}),
        ("push me hard today", "HardDayIntent", {}),
        # at a resume offer
        ("carry on from where I left off", "AMAZON.ResumeIntent", {}),
    ],
)
def test_the_templates_hear_what_people_say(
    real: Nlu, typed: str, intent: str, slots: dict
) -> None:
    res = real.resolve(typed)
    assert (res.intent, res.slot_values()) == (intent, slots), res.describe()


@pytest.mark.parametrize(
    "typed",
    [
        "I've got a kettlebell, does that make it harder",
        "no I said twelve",
        "I'm feeling great today",
        "I've got a mat",
        "I'm done",
    ],
)
def test_no_carrier_swallows_a_sentence_into_safety_or_equipment(real: Nlu, typed: str) -> None:
    intent = real.resolve(typed).intent
    assert intent not in ("PainIntent", "UnwellIntent", "NoEquipmentIntent"), intent


def test_a_custom_value_outside_the_list_is_no_match_like_alexa(real: Nlu) -> None:
    res = real.resolve("I don't have a trampoline")
    assert res.intent == "NoEquipmentIntent"
    slot = res.slots["equipment"]
    code = slot["resolutions"]["resolutionsPerAuthority"][0]["status"]["code"]
    assert (slot["value"], code) == ("trampoline", "ER_SUCCESS_NO_MATCH")
    assert res.slot_values() == {}


@pytest.mark.parametrize(
    ("typed", "count"),
    [
        ("five, the baby is crying", "5"),
        ("seven, hold on, I'm dying", "7"),
        ("uh seven, no, eight", "8"),
        ("six and no knee pain", "6"),
        ("six, and the knee didn't hurt once", "6"),
        ("aye five", "5"),
        ("smashed out eight", "8"),
    ],
)
def test_a_count_said_first_is_the_answer_whatever_follows(
    real: Nlu, typed: str, count: str
) -> None:
    res = real.resolve(typed)
    assert (res.intent, res.slot_values().get("count")) == ("LogSetIntent", count)


@pytest.mark.parametrize(
    ("typed", "intent"),
    [
        ("seven, my knee hurts", "PainIntent"),
        ("not joking, my chest is hurting", "PainIntent"),
        ("none, I was making a brew", "NoRepsIntent"),
        ("a couple, not heaps", "SomeRepsIntent"),
        ("a little quicker please", "FasterIntent"),
        ("five hundred", "LogSetIntent"),
    ],
)
def test_safety_outranks_a_leading_count_and_vague_amounts_lead_only_asides(
    real: Nlu, typed: str, intent: str
) -> None:
    assert real.resolve(typed).intent == intent


@pytest.mark.parametrize(
    "typed", ["no chair in the truck, buddy", "skip this, I hate these", "no warmup, straight in"]
)
def test_an_open_slot_holds_a_value_not_a_clause(real: Nlu, typed: str) -> None:
    assert real.resolve(typed).intent not in ("DropMoveIntent", "NoEquipmentIntent")


@pytest.mark.parametrize(
    ("typed", "left", "right"),
    [
        ("right leg seven, left leg nine", "9", "7"),
        ("ten on the right and eight on the left", "8", "10"),
        ("the left one was six and the right one five", "6", "5"),
    ],
)
def test_two_counts_go_to_the_sides_they_were_said_with(
    real: Nlu, typed: str, left: str, right: str
) -> None:
    res = real.resolve(typed)
    assert res.intent == "CountBothSidesIntent", res.describe()
    assert (res.slot_values()["left"], res.slot_values()["right"]) == (left, right)


@pytest.mark.parametrize(
    ("typed", "count"),
    [
        ("ocho, eight, I did eight", "8"),  # said twice, no side named: one count
        ("fourteen, one four for the log", "14"),  # said again, not corrected
        ("nine, nah, make it eight", "8"),
    ],
)
def test_a_count_said_again_is_one_count_and_a_correction_needs_its_words(
    real: Nlu, typed: str, count: str
) -> None:
    res = real.resolve(typed)
    assert (res.intent, res.slot_values().get("count")) == ("LogSetIntent", count), res.describe()


def test_a_vague_amount_leads_words_saying_the_reps_went_uncounted(real: Nlu) -> None:
    assert real.resolve("I did a few, I lost count when the cat jumped up").intent == (
        "SomeRepsIntent"
    )


@pytest.mark.parametrize(
    ("typed", "intent", "count"),
    [
        ("my thighs are on fire but in a good way, thirteen", "LogSetIntent", "13"),
        ("sweet as, twelve", "LogSetIntent", "12"),
        ("phew that was a lot, i got seven", "LogSetIntent", "7"),
        ("that was savage, my knee hurts, six", "PainIntent", None),  # safety said first wins
        ("yes please, the easier one", "AMAZON.YesIntent", None),  # a closing "one" is no count
    ],
)
def test_a_count_said_last_is_the_answer_after_words_that_ask_nothing(
    real: Nlu, typed: str, intent: str, count: str | None
) -> None:
    res = real.resolve(typed)
    assert (res.intent, res.slot_values().get("count")) == (intent, count), res.describe()


@pytest.mark.parametrize(
    "typed",
    [
        "my heart is pounding and i have chest pain",
        "my chest hurts and my heart is racing",
        "i think i'm fixin' to pass out, my chest hurts",
    ],
)
def test_chest_pain_beside_a_racing_heart_is_heard_as_chest_pain(real: Nlu, typed: str) -> None:
    res = real.resolve(typed)
    assert (res.intent, res.slot_values().get("part")) == ("PainIntent", "chest"), res.describe()


@pytest.mark.parametrize(
    ("typed", "count"),
    [("i'm all red and sweaty but i'm okay, eight", "8"), ("feeling great though, nine", "9")],
)
def test_a_count_after_words_that_say_all_is_well_is_the_answer(
    real: Nlu, typed: str, count: str
) -> None:
    """An open slot that matched no symptom ("all red and sweaty but i'm") is no concern."""
    res = real.resolve(typed)
    assert (res.intent, res.slot_values().get("count")) == ("LogSetIntent", count), res.describe()


def test_a_west_african_o_closing_a_clause_is_not_of(real: Nlu) -> None:
    res = real.resolve("no o, I'll manage the normal one")
    assert res.intent == "AMAZON.NoIntent", res.describe()
