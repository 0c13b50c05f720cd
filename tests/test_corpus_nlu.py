"""What people really say mid-workout (tests/corpus/mid_workout.tsv) reaches the right intent,
with the right slots, through the local NLU, against every locale's shipped model.

No corpus line is a sample of any model: each one is heard the way a person says it (panting,
"um", "I think", "please", British, Australian and Indian phrasings), so the test measures how
the model copes with paraphrase, not whether a sample was copied in.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from legcoach_dev import models
from legcoach_dev.local.nlu import Nlu
from legcoach_dev.utterances import Matcher, heard
from support.corpus import (  # noqa: F401
    CORPUS,
    CORPUS_LINES,
    LOCALES,
    MIN_LINES,
    ROOT,
    TAGS,
    Line,
    load_model,
    read_corpus,
)
from support.remembered import RememberingNlu


@pytest.fixture(scope="module", params=LOCALES)
def locale_nlu(request: pytest.FixtureRequest) -> Iterator[tuple[str, Nlu]]:
    yield request.param, RememberingNlu(load_model(request.param))


# Figures for the terminal summary: locale -> (lines, resolved as intended).
RESULTS: dict[str, tuple[int, int]] = {}


class _Summary:
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        for locale, (total, good) in RESULTS.items():
            terminalreporter.write_line(
                f"corpus: {total} lines, {good} resolve as intended ({locale})"
            )


@pytest.fixture(scope="module", autouse=True)
def summary(request: pytest.FixtureRequest) -> None:
    manager = request.config.pluginmanager
    if not manager.has_plugin("corpus-summary"):
        manager.register(_Summary(), "corpus-summary")


def test_the_corpus_is_big_enough_and_tagged():
    assert len(CORPUS_LINES) >= MIN_LINES
    tags = {line.tag for line in CORPUS_LINES}
    assert tags <= TAGS, tags - TAGS
    assert tags == TAGS, f"no corpus line for {sorted(TAGS - tags)}"
    utterances = [heard(line.utterance) for line in CORPUS_LINES]
    repeated = sorted({u for u in utterances if utterances.count(u) > 1})
    assert not repeated, repeated


@pytest.mark.parametrize("locale", LOCALES)
def test_no_corpus_line_is_copied_into_the_templates(locale: str):
    # The templates may generate a corpus line (that is generalising); a line written into the
    # source as a template of its own would only be the corpus grading itself.
    matcher = Matcher(load_model(locale))
    source = models.load_source(ROOT)
    written = {
        heard(template)
        for intent in source["intents"]
        for template in models.locale_samples(intent, locale, source["regional"])
        if not any(c in template for c in "[](){}<>|")
    }
    copied = [line.utterance for line in CORPUS_LINES if heard(line.utterance) in written]
    assert not copied, f"{locale}: these corpus lines are written as templates: {copied}"
    unknown = {line.intent for line in CORPUS_LINES} - set(matcher.intents)
    assert not unknown, f"{locale}: the model lacks {sorted(unknown)}"


def test_every_corpus_line_resolves_as_intended(locale_nlu: tuple[str, Nlu]):
    locale, nlu = locale_nlu
    wrong = []
    for line in CORPUS_LINES:
        res = nlu.resolve(line.utterance)
        got = res.slot_values()
        if res.kind != "intent" or res.intent != line.intent or got != line.slots:
            wrong.append(f"  line {line.number}: {line.utterance!r} -> {res.describe()}")
    good = len(CORPUS_LINES) - len(wrong)
    RESULTS[locale] = (len(CORPUS_LINES), good)
    print(f"corpus: {len(CORPUS_LINES)} lines, {good} resolve as intended ({locale})")
    assert not wrong, f"{locale}: {len(wrong)} lines resolve otherwise:\n" + "\n".join(wrong)


# --------------------------------------------------------------------------- the second batch

TRAINING_A = ROOT / "tests" / "corpus" / "training_a.tsv"
SAFETY_INTENTS = frozenset({"PainIntent", "UnwellIntent"})
# The share of the batch that must resolve as intended (intent, and every slot it names): en-GB
# hears 200 of the 211 lines, the lowest locale; safety is held to every line below.
TRAINING_A_TARGET = 0.94


@dataclass(frozen=True)
class ContextLine:
    persona: str
    context: str
    utterance: str
    intent: str
    slots: dict[str, str]
    tag: str


def read_training_a() -> list[ContextLine]:
    lines = []
    for raw in TRAINING_A.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith(("#", "persona\t")):
            continue
        persona, context, utterance, intent, slots, tag = raw.split("\t")
        values = dict(p.split("=") for p in slots.split(",")) if slots != "-" else {}
        lines.append(ContextLine(persona, context, utterance, intent, values, tag))
    return lines


def test_the_second_batch_is_many_people_in_many_moments():
    lines = read_training_a()
    assert len(lines) >= 200
    assert len({line.persona for line in lines}) >= 11
    assert {line.context for line in lines} >= {"midset", "launch", "resume_offer", "pain_offer"}


@pytest.mark.parametrize("locale", LOCALES)
def test_the_second_batch_resolves_and_safety_never_misses(locale: str):
    nlu = Nlu(load_model(locale))
    wrong, safety_missed, safety_misfired = [], [], []
    lines = read_training_a()
    for line in lines:
        res = nlu.resolve(line.utterance)
        got = res.slot_values()
        ok = res.intent == line.intent and all(got.get(k) == v for k, v in line.slots.items())
        if not ok:
            wrong.append(f"  {line.utterance!r} -> {res.describe()} (want {line.intent})")
        if line.intent in SAFETY_INTENTS and res.intent not in SAFETY_INTENTS:
            safety_missed.append(line.utterance)
        if line.intent not in SAFETY_INTENTS and res.intent in SAFETY_INTENTS:
            safety_misfired.append(line.utterance)
    good = len(lines) - len(wrong)
    print(f"training batch: {len(lines)} lines, {good} resolve as intended ({locale})")
    assert not safety_missed, f"{locale}: safety lines heard as something else: {safety_missed}"
    assert not safety_misfired, (
        f"{locale}: safety intent for lines not about hurt: {safety_misfired}"
    )
    assert good >= TRAINING_A_TARGET * len(lines), f"{locale}: {good}/{len(lines)}:\n" + "\n".join(
        wrong
    )
