"""The "own words" fingerprint: every eight-word run of the coaching article, hashed.

The article lives outside the repository; its fingerprint is committed instead, so the test that
no spoken line copies it runs on a fresh clone. Regenerate when the article changes:

    python -m legcoach_dev.own_words ../shared/seed/leg-toning-article.txt
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path

RUN = 8  # words: long enough that a shared run is copying, not common phrasing
FINGERPRINT = Path(__file__).resolve().parents[2] / "tests" / "support" / "article_runs.txt"


def words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("-", " ")
    return re.findall(r"[a-z0-9']+", text)


def run_hash(run: Iterable[str]) -> str:
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:12]


def runs(text: str) -> set[str]:
    said = words(text)
    return {run_hash(said[i : i + RUN]) for i in range(len(said) - RUN + 1)}


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__)
        return 2
    hashes = sorted(runs(Path(argv[0]).read_text(encoding="utf-8")))
    FINGERPRINT.write_text("\n".join(hashes) + "\n", encoding="utf-8")
    print(f"{len(hashes)} runs of {RUN} words -> {FINGERPRINT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
