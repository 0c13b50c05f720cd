"""The local NLU's readings of the corpus kept between the suite's two passes.

Resolving typed lines is nearly all the corpus tests' time (the skill's turn is a few
milliseconds, the NLU's reading a few hundred), and a reading does not depend on the audio
mode, so the APLA pass reads what the SSML pass heard. A reading is kept under everything it
depends on: the interaction model itself, and (in the file's name) the source of the NLU and
of every module of ours it imports, the templates its grammar is built from, and hassil's
version. Change any of them and the
readings are made afresh; nothing survives a change it could hide.
"""

from __future__ import annotations

import ast
import atexit
import copy
import hashlib
import json
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path
from typing import Any

from legcoach_dev.local.nlu import Nlu, Resolution

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"legcoach_dev": ROOT / "devkit", "legcoach": ROOT / "lambda"}
NLU_MODULE = ROOT / "devkit" / "legcoach_dev" / "local" / "nlu.py"
TEMPLATES = ROOT / "interaction_models" / "source"  # what the local grammar is built from
FOLDER = ROOT / ".local" / "nlu-readings"


def _module_file(name: str) -> Path | None:
    root = PACKAGES.get(name.split(".")[0])
    if root is None:
        return None
    base = root.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _package_of(path: Path) -> str:
    for name, root in PACKAGES.items():
        if path.is_relative_to(root / name):
            parts = path.relative_to(root).with_suffix("").parts
            return ".".join(parts[:-1])
    raise ValueError(path)


def nlu_sources() -> list[Path]:
    """The NLU's module and every module of ours it imports, however indirectly (with the
    packages they sit in): the code a reading can depend on."""
    seen: set[Path] = set()
    todo = [NLU_MODULE]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        package = _package_of(path)
        names: list[str] = []
        parts = package.split(".")
        for i in range(1, len(parts) + 1):
            names.append(".".join(parts[:i]))  # the packages it sits in run first
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    anchor = parts[: len(parts) - node.level + 1]
                    module = ".".join([*anchor, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                names.append(module)
                names += [f"{module}.{alias.name}" for alias in node.names]
        todo += [f for f in map(_module_file, names) if f is not None and f not in seen]
    return sorted(seen)


def _sources_key() -> str:
    digest = hashlib.sha256(version("hassil").encode())
    files = nlu_sources() + sorted(p for p in TEMPLATES.rglob("*") if p.is_file())
    for path in files:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class _Readings:
    """Every reading of this run, loaded from the last run of the same sources, saved at exit."""

    def __init__(self) -> None:
        self.path = FOLDER / f"{_sources_key()}.json"
        self.entries: dict[str, dict[str, Any]] = {}
        self.new = 0
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}
        if isinstance(loaded, dict):
            self.entries = loaded
        atexit.register(self.save)

    def save(self) -> None:
        if not self.new:
            return
        FOLDER.mkdir(parents=True, exist_ok=True)
        for old in FOLDER.glob("*.json"):
            if old != self.path:
                old.unlink(missing_ok=True)  # readings of other sources can never be used
        partial = self.path.with_suffix(".part")
        partial.write_text(json.dumps(self.entries), encoding="utf-8")
        partial.replace(self.path)


_READINGS: _Readings | None = None


def _readings() -> _Readings:
    global _READINGS
    if _READINGS is None:
        _READINGS = _Readings()
    return _READINGS


class RememberingNlu(Nlu):
    """The local NLU, each line's reading kept for the next pass over the same sources."""

    def __init__(self, model: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(model, **kwargs)
        canonical = json.dumps(model, sort_keys=True).encode()
        self._model_key = hashlib.sha256(canonical).hexdigest()[:16]

    def resolve(self, text: str) -> Resolution:
        readings = _readings()
        key = f"{self._model_key}\t{text}"
        kept = readings.entries.get(key)
        if kept is not None:
            return Resolution(**copy.deepcopy(kept))
        found = super().resolve(text)
        readings.entries[key] = asdict(found)
        readings.new += 1
        return found
