#!/usr/bin/env python3
"""Build the Lambda bundle with `sam build` and report its zipped size.

    python scripts/bundle_size.py [--build-dir DIR] [--skip-build]

Runs ``sam build`` (``$SAM_CLI_PATH``, else ``.venv-sam/bin/sam``, else ``sam`` on PATH) without
Docker: python3.13 comes from pyenv (``PYENV_VERSION=3.13.0:3.12.1:3.11.7``). Then zips
``<build dir>/LegWorkoutFunction/`` as Lambda would receive it, prints the size in KiB, and
fails if boto3 or botocore slipped into the bundle (the runtime provides them; a bundled copy
adds megabytes and cold-start time, and pins an SDK that never gets security updates).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUNCTION = "LegWorkoutFunction"
PYENV_VERSION = "3.13.0:3.12.1:3.11.7"
# Provided by the Lambda runtime: never ship them.
FORBIDDEN = ("boto3", "botocore", "s3transfer")
# Lambda's limits for a zip upload (direct) and for the unzipped function.
ZIP_LIMIT = 50 * 1024 * 1024
UNZIPPED_LIMIT = 250 * 1024 * 1024


def find_sam() -> str | None:
    """The sam executable: $SAM_CLI_PATH, the project's .venv-sam, or PATH."""
    candidates = [os.environ.get("SAM_CLI_PATH"), str(ROOT / ".venv-sam" / "bin" / "sam")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("sam")


def sam_env() -> dict[str, str]:
    """Environment for `sam build`: pyenv's python3.13 on PATH, no telemetry."""
    env = dict(os.environ)
    env["PYENV_VERSION"] = PYENV_VERSION
    env["SAM_CLI_TELEMETRY"] = "0"
    shims = Path(env.get("PYENV_ROOT", Path.home() / ".pyenv")) / "shims"
    if shims.is_dir() and str(shims) not in env.get("PATH", "").split(os.pathsep):
        env["PATH"] = os.pathsep.join([str(shims), env.get("PATH", "")])
    return env


def sam_build(build_dir: Path, *, sam: str | None = None, quiet: bool = False) -> Path:
    """Run `sam build` into build_dir; return the function's artifact directory."""
    sam = sam or find_sam()
    if not sam:
        raise RuntimeError("sam not found: set SAM_CLI_PATH or run `python3 dev.py check` once")
    cmd = [sam, "build", "--template-file", str(ROOT / "template.yaml")]
    cmd += ["--build-dir", str(build_dir)]
    result = subprocess.run(
        cmd, cwd=ROOT, env=sam_env(), capture_output=quiet, text=True, check=False
    )
    if result.returncode != 0:
        output = (result.stdout or "") + (result.stderr or "") if quiet else ""
        raise RuntimeError(f"sam build failed (exit {result.returncode})\n{output}".rstrip())
    function_dir = build_dir / FUNCTION
    if not function_dir.is_dir():
        raise RuntimeError(f"sam build wrote no {function_dir}")
    return function_dir


def forbidden_packages(function_dir: Path) -> list[str]:
    """Top-level entries of the bundle that belong to boto3/botocore (should be none)."""
    found = []
    for entry in sorted(function_dir.iterdir()):
        base = entry.name.split("-")[0].split(".")[0].lower()
        if base in FORBIDDEN:
            found.append(entry.name)
    return found


def zip_bytes(function_dir: Path) -> bytes:
    """The bundle zipped (deflate, level 9), files in sorted order: what Lambda receives."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(function_dir.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(function_dir).as_posix())
    return buffer.getvalue()


def unzipped_size(function_dir: Path) -> int:
    return sum(p.stat().st_size for p in function_dir.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, default=ROOT / ".aws-sam" / "build")
    parser.add_argument("--skip-build", action="store_true", help="measure the existing build")
    args = parser.parse_args(argv)
    try:
        if args.skip_build:
            function_dir = args.build_dir / FUNCTION
            if not function_dir.is_dir():
                raise RuntimeError(f"{function_dir} missing: run without --skip-build")
        else:
            function_dir = sam_build(args.build_dir)
    except RuntimeError as exc:
        print(f"bundle_size: {exc}", file=sys.stderr)
        return 1
    zipped = len(zip_bytes(function_dir))
    unzipped = unzipped_size(function_dir)
    print(f"{FUNCTION}: {zipped / 1024:.0f} KiB zipped, {unzipped / 1024:.0f} KiB unzipped")
    problems = []
    bundled = forbidden_packages(function_dir)
    if bundled:
        problems.append(f"the runtime provides these, remove them: {', '.join(bundled)}")
    if zipped > ZIP_LIMIT:
        problems.append(f"zipped bundle over Lambda's {ZIP_LIMIT // 2**20} MiB upload limit")
    if unzipped > UNZIPPED_LIMIT:
        problems.append(f"unzipped bundle over Lambda's {UNZIPPED_LIMIT // 2**20} MiB limit")
    for problem in problems:
        print(f"bundle_size: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
