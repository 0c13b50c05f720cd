"""The code's shape, as a user of it would notice: which layer may call which, where the
dialogue's state is written, how a request is routed, and that a deployment fails closed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from legcoach.settings import Settings, SettingsError

PACKAGE = Path(__file__).resolve().parent.parent / "lambda" / "legcoach"


def imports_of(path: Path) -> set[str]:
    """The modules `path` imports, as absolute names inside the package ("voice.turn")."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    package = parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                module = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            else:
                module = (node.module or "").removeprefix("legcoach.")
            found.add(module)
            found.update(f"{module}.{alias.name}".strip(".") for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name.removeprefix("legcoach.") for alias in node.names)
    return found


def test_the_screen_reads_decisions_not_the_voice_layer():
    for path in (PACKAGE / "screen").rglob("*.py"):
        assert not any(name.startswith("voice") for name in imports_of(path)), path


def test_the_web_service_refuses_to_keep_progress_in_memory(monkeypatch):
    from legcoach_dev.web.app import create_app

    for name in ("TABLE_NAME", "AWS_LAMBDA_FUNCTION_NAME", "LEGCOACH_STAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("ALEXA_VERIFY_REQUESTS", raising=False)
    with pytest.raises(SettingsError, match="TABLE_NAME"):
        create_app()  # the README's production command, with no table configured
    monkeypatch.setenv("LEGCOACH_STAGE", "local")
    assert create_app().test_client().get("/health").status_code == 200


def test_a_local_web_test_without_verification_still_runs_without_a_table(monkeypatch):
    from legcoach_dev.web.app import create_app

    for name in ("TABLE_NAME", "AWS_LAMBDA_FUNCTION_NAME", "LEGCOACH_STAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ALEXA_VERIFY_REQUESTS", "false")
    assert create_app().test_client().get("/health").status_code == 200


def test_every_setting_has_one_default():
    # Settings built in code and settings read from an empty environment agree.
    assert Settings.read({}) == Settings()
