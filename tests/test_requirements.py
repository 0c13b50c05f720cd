"""The Lambda bundle's pins come from one place: lambda/requirements.txt is pyproject.toml's
runtime dependencies, written out, so the bundle SAM builds runs what the tests ran."""

from __future__ import annotations

from pathlib import Path

from legcoach_dev import requirements


def test_the_bundle_requirements_are_the_project_pins() -> None:
    assert requirements.REQUIREMENTS.read_text(encoding="utf-8") == requirements.render(), (
        "lambda/requirements.txt is stale: run python -m legcoach_dev.requirements"
    )


def test_every_runtime_pin_is_exact_and_boto3_stays_out() -> None:
    pins = requirements.pins()
    assert pins and all("==" in pin for pin in pins), pins
    assert not any(pin.startswith(("boto3", "botocore")) for pin in pins)


def test_a_changed_pin_changes_the_file(tmp_path: Path) -> None:
    project = tmp_path / "pyproject.toml"
    project.write_text('[project]\nname = "x"\ndependencies = ["ask-sdk-core==9.9.9"]\n')
    assert requirements.render(project).splitlines()[-1] == "ask-sdk-core==9.9.9"
