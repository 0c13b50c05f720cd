"""A second opinion on every screen document: Amazon's apl-suggester (npm), run offline.

It needs Node.js and the package in `.local/apl-suggester` (installed here with npm when
missing; after that it runs without the network, since the documents import no packages).
Without either, these tests skip and say why. It checks each property's type and allowed
values; it does not reject unknown component types, which `apl_rules` does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from legcoach_dev.local.screen_preview import apl_directive
from support.coachee import ROOT, Coachee
from test_screen import with_screen

VERSION = "2024.2.0"
PREFIX = ROOT / ".local" / "apl-suggester"
SCRIPT = ROOT / "tests" / "support" / "apl_suggester.js"


def suggester() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is missing: apl-suggester cannot run")
    if not (PREFIX / "node_modules" / "apl-suggester").exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is missing: cannot install apl-suggester")
        done = subprocess.run(
            [npm, "install", "--prefix", str(PREFIX), "--no-audit", "--no-fund",
             f"apl-suggester@{VERSION}"],
            capture_output=True, timeout=300, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            pytest.skip(f"apl-suggester could not be installed (offline?): {done.stderr[-200:]!r}")
    return node


def validate(directives: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    node = suggester()
    payload = json.dumps([{"token": d["token"], "document": d["document"]} for d in directives])
    run = subprocess.run(
        [node, str(SCRIPT), str(PREFIX)], input=payload.encode(), capture_output=True,
        timeout=120, check=True,
    )  # fmt: skip
    return {r["token"]: r["results"] for r in json.loads(run.stdout)}


def test_apl_suggester_finds_nothing_in_the_screens_the_skill_sends(nlu):
    show = with_screen(Coachee(nlu))
    replies = [show.say("start leg workout"), show.say("8"), show.say("how am i doing")]
    replies.append(show.say("when should i train next"))
    directives = [d for d in (apl_directive(r.response) for r in replies) if d is not None]
    assert {d["token"] for d in directives} == {
        "legcoach-set",
        "legcoach-progress",
        "legcoach-message",
    }
    assert validate(directives) == {d["token"]: [] for d in directives}


def test_apl_suggester_does_flag_a_wrong_document():
    bad = {
        "token": "bad",
        "document": {
            "type": "APL",
            "version": "2023.2",
            "mainTemplate": {"items": [{"type": "Text", "fontSize": "huge", "colour": "#fff"}]},
        },
    }
    assert len(validate([bad])["bad"]) >= 2
