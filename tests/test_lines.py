"""Words in one place per locale: the lines tables, the `Lines` API, and no sentences elsewhere."""

from __future__ import annotations

import ast
import random
import re
import string
from pathlib import Path

import pytest
from legcoach.coach.answers import TOPICS, Note
from legcoach.coach.changes import ChangeCode
from legcoach.coach.exercises import (
    CATALOGUE,
    COOL_DOWN,
    COUNT_STYLES,
    EQUIPMENT,
    JOINTS,
    WARMUP,
)
from legcoach.coach.history import Easier
from legcoach.coach.ladder import Step
from legcoach.coach.opening import TIPS
from legcoach.coach.reports import WeekPace
from legcoach.coach.schedule import TooSoon
from legcoach.coach.workout import SIDES, Summary, Verdict
from legcoach.speech import workout_speech as ws
from legcoach.speech.lines import Lines, en, en_AU, en_CA, en_GB, en_IN, resolve_locale
from legcoach.voice.moves.health import CONDITIONS
from legcoach_dev.local.envelope import Identity
from legcoach_dev.local.nlu import Nlu
from support.coachee import Coachee

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lambda" / "legcoach"
OVERLAYS = {"en-GB": en_GB, "en-AU": en_AU, "en-IN": en_IN, "en-CA": en_CA}
FORMATTER = string.Formatter()


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in FORMATTER.parse(text) if name is not None}


def variants_of(message: object) -> list[str]:
    if isinstance(message, dict):
        return [v for form in message.values() for v in form]
    return list(message)  # type: ignore[call-overload]


def expected_names(message: object) -> set[str]:
    """The placeholders a message takes: `{count}` may be left out of a singular form."""
    names: set[str] = set()
    for text in variants_of(message):
        names |= placeholders(text)
    return names


# ----------------------------------------------------------------------- the tables


def ids_said_in_code() -> set[str]:
    """Every message id passed as a literal to a `say(...)`-like call anywhere in the skill."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in ("say", "line", "pick", "variants") and isinstance(first, ast.Constant):
                found.add(first.value)
    return found


def ids_built_in_code() -> set[str]:
    """The ids code builds from domain values (f"praise_{verdict}_{n}", f"ex_{key}_cue", ...)."""
    ids = {f"ex_{key}_{part}" for key in CATALOGUE for part in en._MOVES["air_squat"]}
    ids |= {f"count_{style}_{beat}" for style in COUNT_STYLES for beat in ("lower", "hold", "rise")}
    ids |= {f"change_{c.value}" for c in ChangeCode}
    ids |= {f"step_{s.value}" for s in Step}
    ids |= {f"joint_{j}" for j in JOINTS}
    ids |= {f"side_{s}" for s in SIDES}
    ids |= {f"too_soon_{t.value}" for t in TooSoon}
    ids |= {f"report_week_{p.value}" for p in WeekPace}
    ids |= {f"answer_{t}" for t in TOPICS} | {f"answer_{n.value}" for n in Note}
    ids |= {f"warmup_{m.key}" for m in WARMUP}
    ids |= {f"equipment_{e}" for e in EQUIPMENT}
    ids |= {f"praise_{v.value}_{n}" for v in Verdict for n in range(1, 20)} & set(en.MESSAGES)
    ids |= {f"health_{c}" for c in CONDITIONS} | {"health_general"}
    ids |= {f"easier_{e.value}" for e in Easier}
    ids |= {f"tip_{t}" for t in TIPS}
    ids |= {f"cool_down_{m.key}" for m in COOL_DOWN}
    ids |= {"resume_when_0", "resume_when_1"}  # the days since the stop, when under two
    # A body part is named by the user, not the domain: any part may have its own words.
    ids |= {i for i in en.MESSAGES if i.startswith("body_part_")}
    return ids


def test_every_id_the_code_says_is_in_the_english_table():
    said = ids_said_in_code()
    assert len(said) > 60  # the scan really finds the calls
    missing = (said | ids_built_in_code()) - set(en.MESSAGES)
    assert not missing, sorted(missing)


def test_every_exercise_has_its_lines_and_no_lines_lack_an_exercise():
    moves = {key.split("_", 1)[1].rsplit("_", 1)[0] for key in en.MESSAGES if key.startswith("ex_")}
    assert moves == set(CATALOGUE)


@pytest.mark.parametrize("locale", sorted(OVERLAYS))
def test_overlays_only_reword_existing_ids_with_the_same_placeholders(locale: str):
    overlay = OVERLAYS[locale].MESSAGES
    assert overlay, f"{locale} overlay is empty"
    for key, message in overlay.items():
        assert key in en.MESSAGES, f"{locale} adds {key!r}, which en lacks"
        assert expected_names(message) == expected_names(en.MESSAGES[key]), key
        assert isinstance(message, dict) == isinstance(en.MESSAGES[key], dict), key


@pytest.mark.parametrize("locale", [*sorted(OVERLAYS), "en-US"])
def test_every_variant_of_a_message_takes_the_same_placeholders(locale: str):
    table = Lines.for_locale(locale).table
    for key, message in table.items():
        names = expected_names(message)
        for text in variants_of(message):
            # A singular form may say "one" instead of using {count}.
            assert placeholders(text) - {"count"} == names - {"count"}, (
                f"{locale} {key!r}: {text!r}"
            )
            assert text == text.strip() and "  " not in text, key


def test_plural_messages_have_one_and_other_forms():
    plurals = {k: m for k, m in en.MESSAGES.items() if isinstance(m, dict)}
    assert "n_sets" in plurals and "n_reps" in plurals
    for key, message in plurals.items():
        assert {"one", "other"} <= set(message) <= {"zero", "one", "other"}, key
        assert all(message[form] for form in message), key
        assert all("{count}" in v for v in message["other"] if not key.startswith("ex_")), key


def test_every_message_formats_with_its_placeholders():
    say = Lines.for_locale("en-US", random.Random(1))
    for key, message in en.MESSAGES.items():
        params = {name: 3 if name == "count" else "x" for name in expected_names(message)}
        count = params.pop("count", 2 if isinstance(message, dict) else None)
        assert say(key, count=count, **params)


# ----------------------------------------------------------------------- the API


def test_a_missing_id_raises_key_error():
    with pytest.raises(KeyError):
        Lines.for_locale("en-US")("no_such_line")


@pytest.mark.parametrize(
    ("asked", "resolved"),
    [
        ("en-GB", "en-GB"),
        ("en_gb", "en-GB"),
        ("en-AU", "en-AU"),
        ("en-NZ", "en-US"),
        ("en", "en-US"),
        ("fr-FR", "en-US"),
        (None, "en-US"),
        ("", "en-US"),
    ],
)
def test_locales_resolve_to_a_table_we_have(asked: str | None, resolved: str):
    assert resolve_locale(asked) == resolved
    assert Lines.for_locale(asked).locale == resolved


def test_numbers_are_spelled_and_count_picks_the_plural_form():
    say = Lines.for_locale("en-US")
    assert say("n_sets", count=1) == "one set"
    assert say("n_sets", count=3) == "three sets"
    assert say("n_reps", count=1) == "one rep"
    assert say("n_workouts", count=0) == "no workouts"
    assert say("count_too_many", count=72).startswith("Seventy-two sounds like")
    with pytest.raises(ValueError):
        say("n_sets")


def test_variants_are_picked_with_the_injected_random_source():
    first = [Lines.for_locale("en-US", random.Random(5))("welcome_back") for _ in range(1)]
    again = [Lines.for_locale("en-US", random.Random(5))("welcome_back") for _ in range(1)]
    assert first == again
    say = Lines.for_locale("en-US", random.Random(5))
    assert {say("welcome_back") for _ in range(40)} == set(en.MESSAGES["welcome_back"])


def test_the_regional_overlay_reaches_the_rendered_line():
    summary = Summary(sets_done=8, total_reps=64, tension_seconds=320, skipped=0)
    gb = ws.summary_speech(summary, Lines.for_locale("en-GB", random.Random(0))).text
    us = ws.summary_speech(summary, Lines.for_locale("en-US", random.Random(0))).text
    assert gb.startswith("Session done!") and us.startswith("Workout done!")
    rest = ws.rest_speech(40, Lines.for_locale("en-GB"), switch_to=None, next_intro=None)
    assert rest.text.startswith("Have a rest, forty seconds.")
    au = Lines.for_locale("en-AU", random.Random(0))
    assert au("goodbye_menu").startswith("No worries")


def test_a_british_user_hears_british_wording_through_the_skill(nlu: Nlu):
    coachee = Coachee(nlu)
    coachee.device.identity = Identity(user_id=coachee.user_id, locale="en-GB")
    coachee.finish_workout()
    assert "Session done!" in coachee.summary and "Workout done!" not in coachee.summary


# ----------------------------------------------------------------------- grammar


def test_a_one_set_workout_says_one_set_not_one_sets():
    say = Lines.for_locale("en-US", random.Random(0))
    text = ws.summary_speech(Summary(1, 1, 5, 1), say).text
    assert "You finished one set and one rep, with five seconds under tension." in text
    assert "You skipped one set," in text
    assert "one sets" not in text and "one reps" not in text
    many = ws.summary_speech(Summary(2, 16, 61, 2), say).text
    assert "two sets and sixteen reps, with a minute and one second under tension" in many
    assert "You skipped two sets," in many


def test_where_and_intro_use_the_plural_name_and_counted_reps():
    from legcoach.coach.workout import Workout, default_blocks

    say = Lines.for_locale("en-US", random.Random(0))
    workout = Workout("w", "2026-11-24", default_blocks())
    assert ws.where_text(workout.sets[0], say) == "set one of your Bulgarian split squats, left leg"
    intro = ws.intro_text(workout.blocks[0], "left", say)
    assert intro.startswith("Bulgarian split squat, for your quads and glutes of the front leg.")
    assert intro.endswith("Left leg first, eight reps.")


# ----------------------------------------------------------------------- no sentences elsewhere


def _exempt(tree: ast.AST) -> set[int]:
    """ids of string nodes that are not spoken: docstrings, log and exception messages, regexes."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            skip.add(id(first.value))
        silent = isinstance(node, ast.Raise)
        if isinstance(node, ast.Call):
            func = node.func
            owner = getattr(func, "value", None)
            silent = (isinstance(owner, ast.Name) and owner.id in ("log", "logging", "re")) or (
                isinstance(func, ast.Name) and func.id in ("ValueError", "TypeError", "KeyError")
            )
        if silent:
            skip.update(id(n) for n in ast.walk(node))
    return skip


def english_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    skip = _exempt(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                v.value for v in node.values if isinstance(v, ast.Constant) and id(v) not in skip
            )
            skip.update(id(v) for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if sum(1 for word in text.split() if re.search("[A-Za-z]", word)) >= 3:
            found.append(f"{path.name}:{node.lineno}: {text!r}")
    return found


@pytest.mark.parametrize("layer", ["coach", "voice"])
def test_no_english_sentences_in_the_domain_or_the_voice_layer(layer: str):
    paths = sorted((PACKAGE / layer).rglob("*.py"))
    assert paths
    found = [hit for path in paths for hit in english_literals(path)]
    assert not found, "\n".join(found)


def test_the_literal_check_finds_a_sentence_but_not_a_docstring_or_log(tmp_path: Path):
    sample = tmp_path / "probe.py"
    sample.write_text(
        '"""Doc string of words."""\n'
        'LINE = "You did three sets today."\n'
        'log.info("this is only logged %s", LINE)\n'
        'SPOKEN = f"{LINE} and more words"\n'
    )
    assert [hit.split(": ", 1)[1] for hit in english_literals(sample)] == [
        "'You did three sets today.'",
        "' and more words'",
    ]


def test_every_id_in_the_english_table_is_said_by_the_skill():
    """A line no code names is dead weight that still has to be translated and reviewed."""
    named = {
        node.value
        for path in PACKAGE.rglob("*.py")
        if "lines" not in path.parts
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    unsaid = set(en.MESSAGES) - named - ids_built_in_code()
    assert not unsaid, sorted(unsaid)
