"""The APL documents, one JSON file per screen in `documents/`, loaded once and never edited.

A directive is a document plus a data source named `screen`; the documents bind everything they
show to it, so what a screen says is decided in Python and laid out in data.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SCREENS = ("set", "progress", "message")
TOKEN_PREFIX = "legcoach-"


@cache
def document(name: str) -> dict[str, Any]:
    if name not in SCREENS:
        raise ValueError(f"unknown screen {name!r}")
    return json.loads((HERE / "documents" / f"{name}.json").read_text(encoding="utf-8"))


@cache
def figures() -> dict[str, Any]:
    return json.loads((HERE / "figures.json").read_text(encoding="utf-8"))


def poses(exercise: str) -> tuple[str, str]:
    """The AVG path data of a move's start and end positions."""
    data = figures()
    family = data["families"][data["moves"][exercise]]
    return family["start"], family["end"]


def directive(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """An `Alexa.Presentation.APL.RenderDocument` directive, as JSON."""
    return {
        "type": "Alexa.Presentation.APL.RenderDocument",
        "token": f"{TOKEN_PREFIX}{name}",
        "document": document(name),
        "datasources": {"screen": data},
    }
