"""legcoach_dev.models: generation from the TOML source, and each check on a broken model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


from legcoach_dev import models  # noqa: E402

BUILTINS = [{"name": name, "samples": []} for name in models.REQUIRED_BUILTINS]


def make_model(
    intents: list[dict[str, Any]],
    invocation: str = "leg workout",
    types: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": invocation,
                "intents": [*intents, *BUILTINS],
                "types": types or [],
            }
        }
    }


GOOD_INTENTS = [
    {"name": "StartWorkoutIntent", "samples": ["start my workout", "let's do legs"]},
    {
        "name": "LogSetIntent",
        "slots": [{"name": "count", "type": "AMAZON.NUMBER"}],
        "samples": ["{count}", "i did {count} reps"],
    },
    {"name": "AMAZON.ResumeIntent", "samples": ["resume"]},
]


def manifest_for(locale: str, phrases: list[str]) -> dict[str, Any]:
    return {
        "manifest": {
            "publishingInformation": {"locales": {locale: {"examplePhrases": phrases}}},
        }
    }


def test_good_model_has_no_problems():
    manifest = manifest_for(
        "en-US",
        [
            "Alexa, open leg workout",
            "Alexa, ask leg workout I did twelve reps",
            "Alexa, ask leg workout to resume",
        ],
    )
    assert models.validate(make_model(GOOD_INTENTS), manifest, "en-US") == []


# --------------------------------------------------------------------------- invocation name


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("legs", "at least two words"),
        ("Leg Workout", "lower-case"),
        ("leg workout two", None),
        ("leg workout 2", "spell numbers out"),
        ("open leg workout", "launch word 'open'"),
        ("leg workout start", "launch word 'start'"),
        ("tell leg coach", "launch word 'tell'"),
        ("resume legs now", "launch word 'resume'"),
        ("alexa legs", "wake word 'alexa'"),
        ("leg workout skill", "wake word 'skill'"),
        ("echo legs", "wake word 'echo'"),
        ("computer leg workout", "wake word 'computer'"),
        ("the legs", "article or preposition"),
        ("leg  workout", "double spaces"),
        ("leg-workout coach", "lower-case letters and spaces"),
    ],
)
def test_invocation_name(name, why):
    problems = models.check_invocation_name(name)
    if why is None:
        assert problems == []
    else:
        assert any(why in p for p in problems), problems
        assert any(why in p for p in models.validate(make_model(GOOD_INTENTS, name), None, "x"))


# --------------------------------------------------------------------------- samples


def test_sample_in_two_intents():
    intents = [
        {"name": "StartWorkoutIntent", "samples": ["Start my workout"]},
        {"name": "OtherIntent", "samples": ["start  my WORKOUT"]},
    ]
    problems = models.validate(make_model(intents), None, "en-US")
    assert problems == [
        "sample 'start  my WORKOUT' in OtherIntent duplicates 'Start my workout' in "
        "StartWorkoutIntent"
    ]


def test_samples_differing_only_in_slot_name_collide_when_types_match():
    number = "AMAZON.NUMBER"
    intents = [
        {"name": "A", "slots": [{"name": "count", "type": number}], "samples": ["do {count}"]},
        {"name": "B", "slots": [{"name": "reps", "type": number}], "samples": ["do {reps}"]},
        {
            "name": "C",
            "slots": [{"name": "exercise", "type": "EXERCISE"}],
            "samples": ["do {exercise}"],
        },
    ]
    types = [{"name": "EXERCISE", "values": [{"name": {"value": "squats"}}]}]
    problems = models.validate(make_model(intents, types=types), None, "en-US")
    assert len(problems) == 1 and "in B duplicates" in problems[0], problems


def test_sample_repeated_within_an_intent():
    intents = [{"name": "A", "samples": ["go now", "Go now"]}]
    problems = models.validate(make_model(intents), None, "en-US")
    assert problems == ["intent A: sample 'Go now' repeated"]


def test_slot_used_but_not_declared():
    intents = [{"name": "LogSetIntent", "samples": ["i did {count}"]}]
    problems = models.validate(make_model(intents), None, "en-US")
    assert problems == ["intent LogSetIntent: sample 'i did {count}' uses undeclared slot {count}"]


def test_slot_declared_but_unused():
    intents = [
        {
            "name": "LogSetIntent",
            "slots": [
                {"name": "count", "type": "AMAZON.NUMBER"},
                {"name": "extra", "type": "AMAZON.NUMBER"},
            ],
            "samples": ["i did {count}"],
        }
    ]
    problems = models.validate(make_model(intents), None, "en-US")
    assert problems == ["intent LogSetIntent: slot {extra} declared but used in no sample"]


def test_slot_of_undeclared_custom_type():
    intents = [
        {"name": "A", "slots": [{"name": "move", "type": "EXERCISE"}], "samples": ["do {move}"]}
    ]
    problems = models.validate(make_model(intents), None, "en-US")
    assert problems == ["intent A: slot {move} has undeclared type 'EXERCISE'"]


@pytest.mark.parametrize(
    ("sample", "why"),
    [
        ("do 5 squats", "digits"),
        ("how often should i train legs?", "characters Alexa rejects: '?'"),
        ("squats, lunges", "characters Alexa rejects: ','"),
        ("leg-day", "characters Alexa rejects: '-'"),
        ("train legs.", "period outside an abbreviation"),
        ("let’s go", "typographic apostrophe"),
        ("i did {count", "unbalanced"),
        ("i did {count}{count}", "nothing between them"),
        ("i did {two words}", "bad slot placeholder"),
        ("go & train", "characters Alexa rejects: '&'"),
    ],
)
def test_sample_characters_alexa_rejects(sample, why):
    intents = [{"name": "A", "samples": [sample]}]
    problems = models.validate(make_model(intents), None, "en-US")
    assert any(why in p and sample in p for p in problems), problems


@pytest.mark.parametrize("sample", ["train at six a.m.", "ask dr. legs", "let's go", "o'clock"])
def test_sample_characters_alexa_accepts(sample):
    assert models.check_sample_text(sample) is None


def test_custom_intent_without_samples():
    problems = models.validate(make_model([{"name": "A", "samples": []}]), None, "en-US")
    assert problems == ["intent A: a custom intent needs at least one sample"]


@pytest.mark.parametrize("missing", models.REQUIRED_BUILTINS)
def test_missing_required_builtin(missing):
    model = make_model(GOOD_INTENTS)
    lm = model["interactionModel"]["languageModel"]
    lm["intents"] = [i for i in lm["intents"] if i["name"] != missing]
    assert models.validate(model, None, "en-US") == [f"missing required built-in intent {missing}"]


# --------------------------------------------------------------------------- example phrases


@pytest.mark.parametrize(
    "phrase",
    [
        "Alexa, open leg workout",
        "Alexa, start leg workout",
        "Alexa, launch leg workout.",
        "Alexa, ask leg workout to resume",
        "Alexa, ask leg workout resume",
        "Alexa, ask leg workout I did twelve reps",
        "Alexa, tell leg workout twelve",
    ],
)
def test_example_phrase_matches(phrase):
    assert models.match_example_phrase(phrase, make_model(GOOD_INTENTS)) is None


@pytest.mark.parametrize(
    ("phrase", "why"),
    [
        ("Alexa, ask leg workout to fly me to the moon", "no sample matches"),
        ("Alexa, ask leg workout", "needs an utterance"),
        ("Alexa, open leg coach", "does not name the invocation name"),
        ("Alexa, open leg workout and resume", "nothing may follow"),
        ("Open leg workout", "must start with 'Alexa"),
        ("Alexa, jump leg workout", "unsupported verb"),
    ],
)
def test_example_phrase_mismatch(phrase, why):
    manifest = manifest_for("en-GB", [phrase])
    problems = models.validate(make_model(GOOD_INTENTS), manifest, "en-GB")
    assert len(problems) == 1 and why in problems[0] and phrase in problems[0], problems


def test_example_phrase_slots_match_their_type():
    intents = [
        {
            "name": "DoIntent",
            "slots": [{"name": "Move", "type": "EXERCISE"}, {"name": "n", "type": "AMAZON.NUMBER"}],
            "samples": ["do {n} {Move}", "{n}"],
        }
    ]
    types = [
        {
            "name": "EXERCISE",
            "values": [{"name": {"value": "squat", "synonyms": ["wall sits"]}}],
        }
    ]
    model = make_model(intents, types=types)
    match = models.match_example_phrase
    assert match("Alexa, ask leg workout to do twenty-five wall sits", model) is None
    assert match("Alexa, ask leg workout to do 12 squat", model) is None
    assert match("Alexa, ask leg workout one hundred and twenty", model) is None
    assert match("Alexa, ask leg workout to do twelve push ups", model)
    assert match("Alexa, ask leg workout how often should i train", model)


def test_example_phrases_need_the_locale_and_at_most_three():
    model = make_model(GOOD_INTENTS)
    assert models.validate(model, manifest_for("en-US", []), "en-AU") == [
        "skill.json has no publishingInformation.locales.en-AU"
    ]
    four = ["Alexa, open leg workout"] * 4
    problems = models.validate(model, manifest_for("en-US", four), "en-US")
    assert problems == ["skill.json en-US: needs 1 to 3 examplePhrases, has 4"]


# --------------------------------------------------------------------------- generation


def write_source(root: Path, model_toml: str, intents_toml: str) -> None:
    source = root / "interaction_models/source"
    (source / "intents").mkdir(parents=True)
    (source / "model.toml").write_text(model_toml)
    (source / "intents/core.toml").write_text(intents_toml)


MODEL_TOML = """
invocation_name = "leg workout"
locales = ["en-US", "en-GB"]

[[types]]
name = "EXERCISE"
values = [{ value = "squat", id = "SQUAT", synonyms = ["squats", "Squats"] }, { value = "lunge" }]

[regional."en-GB"]
replace = { "sneakers" = "trainers", "work out" = "train" }
"""

INTENTS_TOML = """
[[intent]]
name = "StartWorkoutIntent"
samples = ["put my sneakers on", "let's work out", "Let's work  out", "work out {exercise}"]
slots = [{ name = "exercise", type = "EXERCISE" }]

[intent.regional."en-GB"]
samples = ["let's get cracking", "let's train"]

[[intent]]
name = "AMAZON.HelpIntent"
samples = ["help me"]

[[intent]]
name = "AMAZON.StopIntent"
[[intent]]
name = "AMAZON.CancelIntent"
[[intent]]
name = "AMAZON.FallbackIntent"
[[intent]]
name = "AMAZON.NavigateHomeIntent"
"""

PHRASES = ["Alexa, open leg workout", "Alexa, ask leg workout help me"]
MANIFEST = {
    "manifest": {
        "publishingInformation": {
            "locales": {loc: {"examplePhrases": PHRASES} for loc in ("en-US", "en-GB")}
        }
    }
}


@pytest.fixture
def repo(tmp_path):
    write_source(tmp_path, MODEL_TOML, INTENTS_TOML)
    (tmp_path / "skill").mkdir()
    (tmp_path / "skill/skill.json").write_text(json.dumps(MANIFEST))
    return tmp_path


def test_generate_writes_each_locale(repo):
    models.generate(repo)
    us = json.loads((repo / "interaction_models/en-US.json").read_text())
    gb = json.loads((repo / "interaction_models/en-GB.json").read_text())
    us_lm, gb_lm = us["interactionModel"]["languageModel"], gb["interactionModel"]["languageModel"]
    assert us_lm["invocationName"] == gb_lm["invocationName"] == "leg workout"
    assert [i["name"] for i in us_lm["intents"]][:2] == ["StartWorkoutIntent", "AMAZON.HelpIntent"]
    start_us, start_gb = us_lm["intents"][0], gb_lm["intents"][0]
    # Deduplicated case-insensitively, first kept, whitespace collapsed.
    assert start_us["samples"] == ["put my sneakers on", "let's work out", "work out {exercise}"]
    # Regional form added right after the original; slot names never replaced; extras last;
    # the extra "let's train" is a duplicate of a replaced sample and is dropped.
    assert start_gb["samples"] == [
        "put my sneakers on",
        "put my trainers on",
        "let's work out",
        "let's train",
        "work out {exercise}",
        "train {exercise}",
        "let's get cracking",
    ]
    assert start_us["slots"] == [{"name": "exercise", "type": "EXERCISE"}]
    assert us_lm["types"] == [
        {
            "name": "EXERCISE",
            "values": [
                {"id": "SQUAT", "name": {"value": "squat", "synonyms": ["squats"]}},
                {"name": {"value": "lunge"}},
            ],
        }
    ]
    assert models.check(repo) == []
    assert models.main(["check", "--root", str(repo)]) == 0


def test_keep_original_false_replaces(repo):
    source = models.load_source(repo)
    source["regional"]["en-GB"]["keep_original"] = False
    samples = models.build_model(source, "en-GB")["interactionModel"]["languageModel"]
    assert samples["intents"][0]["samples"][:2] == ["put my trainers on", "let's train"]


def test_check_reports_drift_and_missing_files(repo, capsys):
    models.generate(repo)
    path = repo / "interaction_models/en-GB.json"
    path.write_text(path.read_text().replace("trainers", "sneakers"))
    (repo / "interaction_models/en-US.json").unlink()
    (repo / "interaction_models/fr-FR.json").write_text("{}")
    problems = models.check(repo)
    assert problems == [
        "interaction_models/en-US.json: missing (run: python -m legcoach_dev.models generate)",
        "interaction_models/en-GB.json: differs from the source "
        "(run: python -m legcoach_dev.models generate)",
        "interaction_models/fr-FR.json: not a locale in model.toml (delete it)",
    ]
    assert models.main(["check", "--root", str(repo)]) == 1
    assert capsys.readouterr().out.splitlines()[-3:] == problems


def test_check_reports_source_errors(tmp_path):
    write_source(tmp_path, 'locales = ["en-US"]', "[[intent]]\nsamples = []\n")
    assert models.check(tmp_path) == [
        "interaction_models/source/intents/core.toml: intent #1: missing name",
        "interaction_models/source/model.toml: invocation_name missing",
    ]


def test_check_validates_manifest_locales(repo):
    manifest = json.loads(json.dumps(MANIFEST))
    manifest["manifest"]["publishingInformation"]["locales"]["en-GB"]["examplePhrases"] = [
        "Alexa, ask leg workout to fly"
    ]
    manifest["manifest"]["publishingInformation"]["locales"]["de-DE"] = {}
    (repo / "skill/skill.json").write_text(json.dumps(manifest))
    models.generate(repo)
    assert models.check(repo) == [
        "en-GB: skill.json en-GB: example phrase 'Alexa, ask leg workout to fly': "
        "no sample matches 'to fly'",
        "skill/skill.json: locale de-DE has no interaction model",
    ]


# --------------------------------------------------------------------------- the repository


def test_committed_models_have_no_drift():
    source = models.load_source(ROOT)
    for locale in source["locales"]:
        path = models.model_path(ROOT, locale)
        assert path.exists(), f"{path} missing: run python -m legcoach_dev.models generate"
        expected = models.render(models.build_model(source, locale))
        assert path.read_text(encoding="utf-8") == expected, f"{path}: drift, regenerate"


def test_every_locale_has_the_invocation_name():
    source = models.load_source(ROOT)
    assert set(source["locales"]) == {"en-US", "en-GB", "en-CA", "en-AU", "en-IN"}
    for locale in source["locales"]:
        data = json.loads(models.model_path(ROOT, locale).read_text(encoding="utf-8"))
        assert data["interactionModel"]["languageModel"]["invocationName"] == "leg workout"


def test_repository_models_validate():
    source = models.load_source(ROOT)
    for locale in source["locales"]:
        assert models.validate(models.build_model(source, locale), None, locale) == []


# --------------------------------------------------------------------------- one reading


@pytest.mark.parametrize(
    "phrase",
    [
        "Alexa, open leg workout",
        "Alexa, use leg workout",
        "Alexa, run leg workout",
        "Alexa, launch leg workout.",
        "Alexa, ask leg workout to resume",
        "Alexa, ask leg workout resume",
        "Alexa, ask leg workout I did twelve reps",
        "Alexa, tell leg workout twelve",
        "Alexa, ask leg workout um twelve",
    ],
)
def test_the_checker_and_the_local_nlu_read_a_phrase_alike(phrase):
    """What the checker accepts, the local NLU resolves to the same request and intent."""
    from legcoach_dev.local.nlu import Nlu

    model = make_model(GOOD_INTENTS)
    reason, target = models.read_example_phrase(phrase, model)
    assert reason is None, reason
    res = Nlu(model).resolve(phrase)
    assert res.new_session
    if target == "LaunchRequest":
        assert res.kind == "launch", res.describe()
    else:
        assert (res.kind, res.intent, res.score) == ("intent", target, 1.0), res.describe()


def test_samples_differing_only_in_punctuation_are_duplicates():
    # Besides being rejected for its characters, a comma does not make a sample new.
    intents = [
        {"name": "A", "samples": ["i'm done"]},
        {"name": "B", "samples": ["I'm, done"]},
    ]
    problems = models.validate(make_model(intents), None, "en-US")
    assert 'sample "I\'m, done" in B duplicates "i\'m done" in A' in problems


MID_WORKOUT = {
    "PainIntent": 40,
    "UnwellIntent": 30,
    "FinishEarlyIntent": 30,
    "BreakIntent": 30,
    "WhatsNextIntent": 20,
    "SetsLeftIntent": 20,
    "TimeLeftIntent": 20,
    "WhereAmIIntent": 20,
    "TargetRepsIntent": 20,
    "MusclesIntent": 20,
    "SkipIntent": 20,
    "CantDoIntent": 20,
    "RedoIntent": 30,
    "SlowerIntent": 20,
    "FasterIntent": 20,
    "EasierIntent": 30,
    "HarderIntent": 20,
    "NoEquipmentIntent": 20,
    "AllRepsIntent": 20,
    "NoRepsIntent": 15,
    "SomeRepsIntent": 20,
    "BeepsOnIntent": 15,
    "BeepsOffIntent": 15,
}
SLOTS = {
    "PainIntent": [{"name": "part", "type": "BODY_PART"}],
    "EasierIntent": [{"name": "part", "type": "BODY_PART"}],
    "UnwellIntent": [{"name": "symptom", "type": "SYMPTOM"}],
    "BreakIntent": [{"name": "duration", "type": "AMAZON.DURATION"}],
    "NoEquipmentIntent": [{"name": "equipment", "type": "EQUIPMENT"}],
}


def test_the_mid_workout_intents_have_many_samples_and_their_slots():
    source = models.load_source(ROOT)
    for locale in source["locales"]:
        lm = models.build_model(source, locale)["interactionModel"]["languageModel"]
        intents = {i["name"]: i for i in lm["intents"]}
        for name, least in MID_WORKOUT.items():
            assert len(intents[name]["samples"]) >= least, (locale, name)
            assert intents[name].get("slots", []) == SLOTS.get(name, []), (locale, name)
        assert "AMAZON.PreviousIntent" in intents
        assert "hold on" in intents["AMAZON.PauseIntent"]["samples"]
        ids = {t["name"]: {v["id"] for v in t["values"]} for t in lm["types"]}
        assert ids["SYMPTOM"] == {
            "dizzy",
            "faint",
            "passed_out",
            "nauseous",
            "winded",
            "breathless",
            "palpitations",
        }
        assert ids["EQUIPMENT"] == {"chair", "couch", "bench", "step", "wall", "bed"}
        assert {"knee", "back", "chest", "arm", "jaw", "muscle"} <= ids["BODY_PART"]
