"""Answers to questions (coach/answers.py decides, speech/coaching.py says) and their samples:
intents/questions.toml and types/exercise.toml."""

from __future__ import annotations

import random
import re
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from legcoach.coach.answers import QUESTION_INTENTS, UserFacts
from legcoach.coach.exercises import CATALOGUE
from legcoach.speech.coaching import example_questions, render_answer
from legcoach.speech.lines import Lines, locales
from legcoach.speech.lines.en import MESSAGES
from legcoach_dev.own_words import FINGERPRINT, runs

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "interaction_models" / "source"
QUESTIONS = SOURCE / "intents" / "questions.toml"
EXERCISE_TYPES = SOURCE / "types" / "exercise.toml"

TODAY = date(2026, 3, 18)
TOPICS = sorted(set(QUESTION_INTENTS.values()))

# The facts each answer must carry (lower-case substrings).
KEY_FACTS: dict[str, tuple[str, ...]] = {
    "frequency": ("two", "three", "week", "every other day", "recover"),
    "no_weights": ("yes", "one leg", "slow", "failure"),
    "results_time": ("two to three weeks", "six to eight weeks", "eat"),
    "toning": ("muscle", "body fat", "bulky"),
    "bulky": ("bulk", "calorie surplus", "heavy"),
    "time_under_tension": ("time under tension", "slow", "three", "pause"),
    "progressive_overload": (
        "harder",
        "fifteen or twenty",
        "rest",
        "range",
        "pulses",
        "dead stop",
        "slower tempo",
        "harder version",
    ),
    "not_working": ("tension", "bouncing", "rushing", "same workout", "harder"),
    "best_exercise": ("bulgarian split squat", "eighty to ninety percent", "front leg"),
    "inner_thighs": ("lateral lunge", "adductors", "glute medius", "side"),
    "glutes": ("single-leg glute bridge", "split squat", "squeeze", "top"),
    "pulses": ("half", "all the way"),
    "dead_stop": ("second", "bottom", "bounce"),
    "unilateral": ("one leg at a time", "imbalances", "intensity"),
    "how_to": ("three slow counts", "bulgarian split squat"),
}

EXAMPLES = MESSAGES["help_example"]
GENERAL_HOW_TO = MESSAGES["answer_how_to"][0]


def answer(
    topic: str,
    facts: UserFacts | None = None,
    *,
    exercise_key: str | None = None,
    language: str = "en-US",
) -> str:
    return render_answer(Lines.for_locale(language, random.Random(0)), topic, facts, exercise_key)


def move_words(key: str) -> dict[str, str]:
    say = Lines.for_locale("en-US")
    words = {part: say(f"ex_{key}_{part}") for part in ("target", "setup", "cue", "squeeze")}
    return {"name": say(f"ex_{key}_name", count=1), **words}


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
SAMPLE_RE = re.compile(r"^[a-z']+(?: [a-z']+)*$")


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text.strip()) if s]


def words(text: str) -> list[str]:
    text = text.lower().replace("’", "'")
    return re.findall(r"[a-z0-9']+", text)


def facts(
    sessions: int = 0,
    first_days_ago: int | None = None,
    last_days_ago: int | None = None,
    this_week: int = 0,
) -> UserFacts:
    return UserFacts(
        sessions_completed=sessions,
        first_day=None if first_days_ago is None else TODAY - timedelta(days=first_days_ago),
        last_day=None if last_days_ago is None else TODAY - timedelta(days=last_days_ago),
        today=TODAY,
        sessions_this_week=this_week,
    )


# Histories that reach every personal branch.
FACT_VARIANTS: list[UserFacts | None] = [
    None,
    UserFacts(),
    facts(1, 0, 0, 1),
    facts(2, 3, 1, 2),
    facts(3, 5, 1, 3),
    facts(4, 9, 2, 2),
    facts(2, 28, 5, 0),
    facts(9, 28, 2, 2),
    facts(16, 45, 3, 1),
    facts(30, 100, 40, 0),
    facts(5, None, 2, 1),
    UserFacts(sessions_completed=3, first_day=TODAY + timedelta(days=2), today=TODAY),
    UserFacts(sessions_completed=3, last_day=TODAY + timedelta(days=1), today=TODAY),
]


def every_answer() -> list[str]:
    texts = [answer(topic, f) for topic in TOPICS for f in FACT_VARIANTS]
    texts += [answer("how_to", exercise_key=key) for key in [*CATALOGUE, None, "nope"]]
    return texts


def load_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        return tomllib.load(f)


def question_intents() -> list[dict[str, Any]]:
    return load_toml(QUESTIONS)["intent"]


def exercise_type() -> dict[str, Any]:
    (type_,) = [t for t in load_toml(EXERCISE_TYPES)["types"] if t["name"] == "EXERCISE"]
    return type_


# --------------------------------------------------------------------------- answers


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize("variant", range(len(FACT_VARIANTS)))
def test_two_to_four_plain_sentences(topic: str, variant: int) -> None:
    text = answer(topic, FACT_VARIANTS[variant])
    assert 2 <= len(sentences(text)) <= 4, text
    assert not re.search(r"[<>&{}\[\]\"*_#\\]", text), text
    assert not re.search(r"\d", text), f"spell numbers out: {text}"
    assert text == text.strip() and "  " not in text
    assert text[-1] in ".!?"


@pytest.mark.parametrize("key", [*CATALOGUE, None, "no_such_move"])
def test_how_to_answers_are_plain_and_short(key: str | None) -> None:
    text = answer("how_to", exercise_key=key)
    assert 2 <= len(sentences(text)) <= 4, text
    assert not re.search(r"[<>&\d]", text), text


@pytest.mark.parametrize("topic", TOPICS)
def test_key_facts(topic: str) -> None:
    text = answer(topic).lower()
    if topic == "how_to":
        text = answer("how_to", exercise_key=None).lower()
    for fact in KEY_FACTS[topic]:
        assert fact in text, f"{topic}: {fact!r} missing from {text!r}"


def test_every_topic_has_an_answer_in_every_locale() -> None:
    assert set(KEY_FACTS) == set(TOPICS)
    for locale in locales():
        for topic in TOPICS:
            assert answer(topic, language=locale)


def test_regional_and_unknown_locales_fall_back_to_english() -> None:
    assert answer("pulses", language="en-GB") == answer("pulses")
    assert answer("pulses", language="xx") == answer("pulses")


def test_unknown_topic_raises() -> None:
    with pytest.raises(KeyError):
        answer("astrology")


# --------------------------------------------------------------------------- personal lines


def test_results_mention_weeks_and_sessions() -> None:
    text = answer("results_time", facts(9, 28, 2, 2))
    assert "four weeks" in text and "nine" in text
    assert "two to three weeks" in text and "six to eight weeks" in text


def test_results_say_nothing_personal_to_a_new_user() -> None:
    base = answer("results_time")
    assert answer("results_time", UserFacts(today=TODAY)) == base
    assert answer("results_time", UserFacts()) == base
    assert "you've done" not in base.lower()


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        (facts(1, 2, 2, 1), "one session in your first week"),
        (facts(3, 9, 1, 2), "three sessions over a week"),
        (facts(2, 28, 3, 0), "two to three a week from here"),
        (facts(9, 28, 2, 2), "about when legs start to feel firmer"),
        (facts(16, 45, 2, 2), "six weeks"),
        (facts(16, 45, 2, 2), "visible definition"),
        (facts(5, None, 2, 1), "five sessions so far"),
    ],
)
def test_results_personal_stages(history: UserFacts, expected: str) -> None:
    assert expected in answer("results_time", history)


@pytest.mark.parametrize(
    ("last_days_ago", "this_week", "expected"),
    [
        (0, 1, "already trained today"),
        (1, 1, "yesterday"),
        (1, 1, "light session"),
        (1, 3, "three sessions this week"),
        (2, 1, "two days ago, so today is a good day"),
        (5, 0, "five days since your last session"),
        (30, 0, "a while"),
    ],
)
def test_frequency_mentions_the_last_session(
    last_days_ago: int, this_week: int, expected: str
) -> None:
    text = answer("frequency", facts(6, 40, last_days_ago, this_week))
    assert expected in text
    assert len(sentences(text)) == 4


def test_frequency_says_nothing_personal_when_the_last_day_is_unknown() -> None:
    base = answer("frequency")
    assert answer("frequency", facts(0)) == base
    assert answer("frequency", UserFacts(sessions_completed=3, today=TODAY)) == base
    future = UserFacts(last_day=TODAY + timedelta(days=1), today=TODAY)
    assert answer("frequency", future) == base


def test_other_topics_ignore_facts() -> None:
    for topic in TOPICS:
        if topic not in ("frequency", "results_time"):
            assert answer(topic, facts(9, 28, 2, 2)) == answer(topic)


# --------------------------------------------------------------------------- how to


@pytest.mark.parametrize("key", list(CATALOGUE))
def test_how_to_uses_the_catalogue(key: str) -> None:
    move = move_words(key)
    text = answer("how_to", exercise_key=key)
    assert move["name"] in text and move["target"] in text
    assert move["setup"] in text and move["cue"] in text
    assert move["squeeze"] in text
    assert ("one side" in text) == CATALOGUE[key].unilateral


@pytest.mark.parametrize("key", [None, "", "burpee"])
def test_how_to_without_a_known_move_is_generic(key: str | None) -> None:
    text = answer("how_to", exercise_key=key)
    assert text == GENERAL_HOW_TO
    assert "this one" in text


# --------------------------------------------------------------------------- own words


def test_no_spoken_line_copies_eight_words_of_the_article() -> None:
    fingerprint = set(FINGERPRINT.read_text(encoding="utf-8").split())
    assert len(fingerprint) > 500  # the whole article, not an empty file
    spoken = [*every_answer(), *EXAMPLES, *every_line()]
    for text in spoken:
        copied = runs(text) & fingerprint
        assert not copied, f"eight words of the article in: {text!r}"


def every_line() -> list[str]:
    """Every variant of every message, in every locale's table."""
    from legcoach.speech.lines import en, en_AU, en_CA, en_GB, en_IN

    texts: list[str] = []
    for table in (en, en_GB, en_AU, en_IN, en_CA):
        for value in table.MESSAGES.values():
            variants = [*value.values()] if isinstance(value, dict) else [value]
            for group in variants:
                texts += [v for v in group if isinstance(v, str)]
    return texts


# --------------------------------------------------------------------------- examples


def test_examples_are_different_random_questions() -> None:
    say = Lines.for_locale("en-US", random.Random(7))
    assert len(say.pick("help_example", 3)) == 3
    assert say.pick("help_example", 0) == []
    assert len(say.pick("help_example", 1000)) == len(EXAMPLES)
    picked = say.pick("help_example", 3)
    assert len(set(picked)) == 3 and set(picked) <= set(EXAMPLES)
    again = Lines.for_locale("en-US", random.Random(7))
    assert again.pick("help_example", 3) == Lines.for_locale("en-US", random.Random(7)).pick(
        "help_example", 3
    )
    text = example_questions(Lines.for_locale("en-AU", random.Random(1)))
    first, second = text.split(" or ")
    assert first in EXAMPLES and second in EXAMPLES and first != second


def test_every_example_is_a_question_sample() -> None:
    values = [
        v
        for value in exercise_type()["values"]
        for v in [value["value"], *value.get("synonyms", [])]
    ]
    slot = "(?:" + "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True)) + ")"
    patterns = [
        re.compile(re.escape(s).replace(re.escape("{exercise}"), slot) + r"\Z")
        for intent in question_intents()
        for s in intent["samples"]
    ]
    for example in EXAMPLES:
        text = example.lower()
        assert any(p.match(text) for p in patterns), f"example {example!r} is no sample"


# --------------------------------------------------------------------------- samples


def test_intents_match_question_intents() -> None:
    names = [i["name"] for i in question_intents()]
    assert len(names) == len(set(names))
    assert set(names) == set(QUESTION_INTENTS)


@pytest.mark.parametrize("intent", question_intents(), ids=lambda i: i["name"])
def test_samples_obey_alexa_rules(intent: dict[str, Any]) -> None:
    samples = intent["samples"]
    assert 20 <= len(samples) <= 45, f"{intent['name']}: {len(samples)} samples"
    slots = {s["name"]: s["type"] for s in intent.get("slots", [])}
    used: set[str] = set()
    for sample in samples:
        names = re.findall(r"\{([^{}]*)\}", sample)
        used.update(names)
        assert set(names) <= set(slots), sample
        plain = re.sub(r"\{[a-z]+\}", "x", sample)
        assert SAMPLE_RE.match(plain), f"{intent['name']}: bad characters in {sample!r}"
        assert len(plain.split()) >= 2, f"{intent['name']}: too short: {sample!r}"
    assert used == set(slots)


def test_samples_unique_across_every_intent_file() -> None:
    owner: dict[str, str] = {}
    for path in sorted((SOURCE / "intents").glob("*.toml")):
        for intent in load_toml(path).get("intent", []):
            types = {s["name"]: s["type"] for s in intent.get("slots", [])}
            for sample in intent.get("samples", []):
                key = re.sub(
                    r"\{([^{}]*)\}", lambda m, t=types: "{" + t.get(m[1], m[1]) + "}", sample
                )
                key = " ".join(key.lower().split())
                where = f"{path.name}:{intent['name']}"
                assert key not in owner, f"{sample!r} in {where} and {owner[key]}"
                owner[key] = where


def test_how_to_has_slot_and_slotless_samples() -> None:
    (how_to,) = [i for i in question_intents() if i["name"] == "HowToIntent"]
    assert how_to["slots"] == [{"name": "exercise", "type": "EXERCISE"}]
    samples = how_to["samples"]
    assert "how do i do a {exercise}" in samples
    assert "how do i do this one" in samples and "how does this one go" in samples


# --------------------------------------------------------------------------- EXERCISE type


def test_exercise_type_ids_are_catalogue_keys() -> None:
    values = exercise_type()["values"]
    assert [v["id"] for v in values] == list(CATALOGUE)
    spoken: dict[str, str] = {}
    for value in values:
        for text in [value["value"], *value.get("synonyms", [])]:
            assert SAMPLE_RE.match(text), f"bad characters in {text!r}"
            assert text not in spoken, f"{text!r} in {value['id']} and {spoken[text]}"
            spoken[text] = value["id"]
    assert spoken["pulse squat"] == "air_squat"
    assert spoken["squat with pulses"] == "air_squat"
    assert spoken["bulgarian"] == "bulgarian_split_squat"
    assert spoken["split squats"] == "split_squat"
    assert spoken["bridge"] == "glute_bridge"
    assert spoken["side lunge"] == "lateral_lunge"
    for key in CATALOGUE:
        assert spoken[move_words(key)["name"].lower().replace("-", " ")] == key


# --------------------------------------------------------------------------- generator


def _load_generator() -> Any:
    path = ROOT / "scripts" / "models.py"
    if not path.exists():
        pytest.skip("legcoach_dev.models not present")
    from legcoach_dev import models

    return models


def test_generator_accepts_the_questions() -> None:
    models = _load_generator()
    source = models.load_source(ROOT)
    assert "EXERCISE" in {t["name"] for t in source["types"]}
    for locale in source["locales"]:
        model = models.build_model(source, locale)
        problems = models.validate(model, None, locale)
        ours = [
            p for p in problems if "EXERCISE" in p or any(name in p for name in QUESTION_INTENTS)
        ]
        assert not ours, ours
