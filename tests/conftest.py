"""pytest's wiring only: paths, the --audio-mode option, shared fixtures, the summary lines.

Helpers live in `tests/support/` and are imported from there, never from this file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lambda"))
sys.path.insert(0, str(ROOT / "devkit"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from legcoach_dev.local.nlu import Nlu  # noqa: E402
from support import apl_rules, apla_rules  # noqa: E402
from support.alexa_rules import Stats  # noqa: E402
from support.coachee import AUDIO_MODE, MODEL, Coachee  # noqa: E402


def pytest_addoption(parser: Any) -> None:
    parser.addoption(
        "--audio-mode",
        default="ssml",
        choices=("ssml", "apla"),
        help="run the skill in every test with SSML speech or APL for Audio documents",
    )


def pytest_configure(config: Any) -> None:
    AUDIO_MODE[0] = config.getoption("--audio-mode")


@pytest.fixture(scope="session")
def nlu() -> Nlu:
    return Nlu.from_file(MODEL)


@pytest.fixture
def coachee(nlu: Nlu) -> Coachee:
    return Coachee(nlu)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    terminalreporter.write_line(
        f"Alexa response checker: {Stats.checked} responses checked "
        f"({Stats.open_sessions} left the session open; longest SSML {Stats.longest_ssml} characters; "
        f"{Stats.cards} home cards)"
    )
    if Stats.matrix_cases:
        terminalreporter.write_line(f"State matrix: {Stats.matrix_cases} intent x state cases")
    a = apla_rules.Stats
    terminalreporter.write_line(
        f"APLA checker: {a.documents} documents checked (longest {a.longest_seconds:.1f} s, "
        f"largest {a.largest_bytes} bytes, at most {a.most_sources} audio files)"
    )
    s = apl_rules.Stats
    terminalreporter.write_line(
        f"APL checker: {s.responses} responses checked, {s.with_screen} with a screen "
        f"({', '.join(f'{k} {v}' for k, v in sorted(s.documents.items())) or 'none'}; "
        f"{s.components} components, {s.bindings} bindings, largest {s.largest_bytes} bytes)"
    )
