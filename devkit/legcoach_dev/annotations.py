"""The corpus as an NLU Evaluation annotation set, to test Alexa's own NLU with it.

    python -m legcoach_dev.annotations [--locale en-US] [--out FILE]

It reads the shipped model through the local NLU (which must agree on each slot's id), so it
lives beside the model tooling rather than inside it: the NLU itself reads the models.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .local.nlu import Nlu
from .models import ROOT, _rel, model_path, render

CORPUS = "tests/corpus/mid_workout.tsv"


def read_corpus_lines(path: Path) -> list[tuple[str, str, dict[str, str]]]:
    """(utterance, intent, slots) of every corpus line (the tests' corpus format)."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith(("#", "utterance\t")):
            continue
        utterance, intent, slots, _tag = raw.split("\t")
        values = {}
        if slots != "-":
            for pair in slots.split(","):
                name, _, value = pair.partition("=")
                values[name.strip()] = value.strip()
        lines.append((utterance, intent, values))
    return lines


def annotation_set(root: Path, locale: str) -> dict[str, Any]:
    """The corpus as an NLU Evaluation annotation set (the JSON body SMAPI's "update
    annotations" takes): each utterance with the intent and slot values Alexa should send.

    A slot's expected value is what Alexa puts in `slot.value`: digits for a number, ISO-8601
    for a duration, the words said for a custom slot (found by the local NLU, which must agree
    on the id; a line it does not resolve keeps only its intent)."""
    model = json.loads(model_path(root, locale).read_text(encoding="utf-8"))
    nlu = Nlu(model)
    data = []
    for utterance, intent, slots in read_corpus_lines(root / CORPUS):
        expected: dict[str, Any] = {"name": intent}
        res = nlu.resolve(utterance)
        if slots and res.intent == intent and res.slot_values() == slots:
            expected["slots"] = {
                name: {"value": res.slots[name]["value"]} for name in slots if name in res.slots
            }
        data.append(
            {
                "inputs": {"utterance": utterance.lower()},
                "expected": [{"intent": expected}],
            }
        )
    return {"data": data}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root")
    parser.add_argument("--locale", default="en-US")
    parser.add_argument("--out", type=Path, help="the file to write")
    args = parser.parse_args(argv)
    annotations = annotation_set(args.root, args.locale)
    out = args.out or args.root / "build" / f"nlu_annotations_{args.locale}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(annotations), encoding="utf-8")
    print(f"wrote {_rel(out, args.root)} ({len(annotations['data'])} utterances)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
