"""What people really say mid-workout (tests/corpus/mid_workout.tsv) reaches the right intent,
with the right slots, through the local NLU, against every locale's shipped model.

No corpus line is a sample of any model: each one is heard the way a person says it (panting,
"um", "I think", "please", British, Australian and Indian phrasings), so the test measures how
the model copes with paraphrase, not whether a sample was copied in.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
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


@pytest.fixture(scope="module", params=LOCALES)
def locale_nlu(request: pytest.FixtureRequest) -> Iterator[tuple[str, Nlu]]:
    yield request.param, Nlu(load_model(request.param))


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
def test_no_corpus_line_is_a_model_sample(locale: str):
    matcher = Matcher(load_model(locale))
    samples = {sample.text for sample in matcher.samples}
    copied = [line.utterance for line in CORPUS_LINES if heard(line.utterance) in samples]
    assert not copied, f"{locale}: these corpus lines are samples: {copied}"
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
