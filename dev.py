#!/usr/bin/env python3
"""The project's two commands, runnable with nothing but Python 3.11+.

    python3 dev.py chat [--script FILE] [...]   talk to the skill locally (typed conversation)
    python3 dev.py check                        run every test and check CI runs

and two for the audio (the same .venv):

    python3 dev.py audio --workout OUT.wav      a whole workout as one WAV (neural voice)
    python3 dev.py phrases measure TEXT         measure a new cue into the phrase table
    python3 dev.py bespoken                     the Bespoken suite (tests/bespoken), offline

Each sets up `.venv` from pyproject.toml first (only when the pins changed), so a fresh clone
needs no other step. Standard library only: this file runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
SAM_VENV = ROOT / ".venv-sam"
# aws-sam-cli pins an older boto3 than the project, so it lives in a virtualenv of its own.
SAM_REQUIREMENT = "aws-sam-cli==1.170.0"


def _bin(env: Path, name: str) -> Path:
    return env / ("Scripts" if os.name == "nt" else "bin") / name


def _stamp(env: Path, *parts: str) -> tuple[Path, str]:
    return env / ".installed", hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _run(cmd: list[str | Path], **kw: object) -> int:
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, **kw)  # type: ignore[arg-type]


def _ensure_env(env: Path, requirement_args: list[str], key: str) -> Path:
    python = _bin(env, "python")
    stamp, digest = _stamp(env, key, sys.version)
    if python.exists() and stamp.exists() and stamp.read_text() == digest:
        return python
    print(f"Setting up {env.name} (first run, or the pins changed)...", flush=True)
    if not python.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(env)
    quiet = ["-q", "--disable-pip-version-check"]
    if _run([python, "-m", "pip", "install", *quiet, *requirement_args]) != 0:
        sys.exit(f"Installing into {env.name} failed: see the pip output above.")
    stamp.write_text(digest)
    return python


def ensure_venv() -> Path:
    pins = (ROOT / "pyproject.toml").read_text()
    return _ensure_env(VENV, ["-e", f"{ROOT}[dev]"], pins)


def ensure_sam() -> Path:
    _ensure_env(SAM_VENV, [SAM_REQUIREMENT], SAM_REQUIREMENT)
    return _bin(SAM_VENV, "sam")


def chat(args: list[str]) -> int:
    python = ensure_venv()
    return _run([python, "-m", "legcoach_dev.local.chat", *args])


def audio(args: list[str]) -> int:
    python = ensure_venv()
    return _run([python, "-m", "legcoach_dev.local.audio", *args])


def phrases(args: list[str]) -> int:
    python = ensure_venv()
    return _run([python, "-m", "legcoach_dev.phrases", *args])


def bespoken(args: list[str]) -> int:
    python = ensure_venv()
    return _run([python, "-m", "legcoach_dev.bespoken", *args])


def check(args: list[str]) -> int:
    python = ensure_venv()
    os.environ["SAM_CLI_PATH"] = str(ensure_sam())
    steps: list[tuple[str, list[str | Path]]] = [
        ("ruff lint", [python, "-m", "ruff", "check", "."]),
        ("ruff format", [python, "-m", "ruff", "format", "--check", "."]),
        ("interaction models", [python, "-m", "legcoach_dev.models", "check"]),
        ("cfn-lint", [_bin(VENV, "cfn-lint"), "template.yaml"]),
        ("sam validate", [_bin(SAM_VENV, "sam"), "validate", "--lint", "--region", "us-east-1"]),
        ("pytest", [python, "-m", "pytest", *args]),
        ("benchmark", [python, "scripts/bench_skill.py"]),
        ("bundle size", [python, "scripts/bundle_size.py"]),
    ]
    failed = []
    for name, cmd in steps:
        print(f"\n== {name}: {' '.join(str(c) for c in cmd[1:] if c)}", flush=True)
        if _run(cmd) != 0:
            failed.append(name)
    print(
        "\n== summary: " + ("all checks passed" if not failed else "FAILED: " + ", ".join(failed))
    )
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    commands = {
        "chat": chat,
        "check": check,
        "audio": audio,
        "phrases": phrases,
        "bespoken": bespoken,
    }
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
