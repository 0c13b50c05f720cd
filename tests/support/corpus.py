"""The natural-speech corpus (tests/corpus/mid_workout.tsv): what people really say mid-workout,
with the intent, slots and behaviour each line must get."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus" / "mid_workout.tsv"
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
TAGS = frozenset(
    [
        "safety_pain",
        "safety_severe",
        "safety_unwell",
        "finish_early",
        "break",
        "pause",
        "status_next",
        "status_sets_left",
        "status_time_left",
        "status_where",
        "status_target",
        "status_muscles",
        "skip",
        "cant_do",
        "redo",
        "slower",
        "faster",
        "easier",
        "harder",
        "no_equipment",
        "count_all",
        "count_none",
        "count_some",
        "count_number",
        "repeat",
        "beeps_on",
        "beeps_off",
    ]
)
MIN_LINES = 220


@dataclass(frozen=True)
class Line:
    number: int
    utterance: str
    intent: str
    slots: dict[str, str]
    tag: str


def read_corpus(path: Path = CORPUS) -> list[Line]:
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#") or raw.startswith("utterance\t"):
            continue
        utterance, intent, slots, tag = raw.split("\t")
        values = {}
        if slots != "-":
            for pair in slots.split(","):
                name, _, value = pair.partition("=")
                values[name.strip()] = value.strip()
        lines.append(Line(number, utterance, intent, values, tag))
    return lines


CORPUS_LINES = read_corpus()


def load_model(locale: str) -> dict:
    return json.loads((ROOT / "interaction_models" / f"{locale}.json").read_text(encoding="utf-8"))
