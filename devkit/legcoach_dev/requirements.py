"""The Lambda bundle's requirements file, written from pyproject.toml's runtime dependencies.

SAM installs `lambda/requirements.txt` into the bundle; the pins live once, in pyproject.toml.
`python -m legcoach_dev.requirements` writes the file; `--check` says whether it is current.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
REQUIREMENTS = ROOT / "lambda" / "requirements.txt"
HEADER = (
    "# Written by `python -m legcoach_dev.requirements` from pyproject.toml's dependencies:\n"
    "# change the pins there. boto3 is not listed: the Lambda runtime has it.\n"
)


def pins(pyproject: Path = PYPROJECT) -> list[str]:
    """The runtime dependencies, as pinned in the project file."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return [str(dep).strip() for dep in project.get("dependencies", [])]


def render(pyproject: Path = PYPROJECT) -> str:
    return HEADER + "".join(f"{pin}\n" for pin in pins(pyproject))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is not current")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = REQUIREMENTS.read_text(encoding="utf-8") if REQUIREMENTS.exists() else ""
        if current != text:
            print(
                f"{REQUIREMENTS} differs from pyproject.toml: run python -m legcoach_dev.requirements"
            )
            return 1
        print(f"{REQUIREMENTS}: current")
        return 0
    REQUIREMENTS.write_text(text, encoding="utf-8")
    print(f"wrote {REQUIREMENTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
