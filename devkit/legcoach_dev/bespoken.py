"""Bespoken's `bst test` suites, run against the skill: with bst itself, or with a small runner.

Bespoken's virtual-alexa reads only `outputSpeech`, so it hears nothing of an APL for Audio
answer: run the suite against the web mode with `LEGCOACH_AUDIO=ssml` (the same timeline as SSML).

    python3 dev.py bespoken          start the web mode (SSML, no verification, in-memory store)
                                     on 127.0.0.1:9250, then run tests/bespoken with `bst test`
                                     when bst is installed (`npm install -g bespoken-tools`), else
                                     with this runner

The runner reads the part of bst's YAML format the suite uses: documents of `- test: name` then
one `- utterance: expected` step per turn, where the utterance is `LaunchRequest`, an intent name
(`AMAZON.HelpIntent`) or words, and `expected` is the prompt (a string, `*` a wildcard, case
ignored, a list for any of them) or a list of `{path: expected}` checks (`prompt`, `reprompt`,
`response.shouldEndSession`, any other dotted path of the response envelope).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT / "tests" / "bespoken"
PORT = 9250
_TAGS = re.compile(r"<[^>]+>")


def spoken(ssml: str) -> str:
    return " ".join(_TAGS.sub(" ", ssml).split())


@dataclass
class Result:
    file: str
    test: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def _matches(actual: Any, expected: Any) -> bool:
    if isinstance(expected, list):
        return any(_matches(actual, e) for e in expected)
    if isinstance(expected, bool) or actual is None or isinstance(actual, bool):
        return actual == expected
    pattern = str(expected).lower()
    text = str(actual).lower()
    if "*" in pattern:
        return fnmatch.fnmatchcase(text, pattern)
    return pattern in text


def _value(response: dict[str, Any], path: str) -> Any:
    body = response.get("response") or {}
    if path == "prompt":
        return spoken((body.get("outputSpeech") or {}).get("ssml", "")) or (
            body.get("outputSpeech") or {}
        ).get("text")
    if path == "reprompt":
        return spoken(((body.get("reprompt") or {}).get("outputSpeech") or {}).get("ssml", ""))
    value: Any = response
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    if path == "response.shouldEndSession" and value is None:
        return True  # Alexa reads a missing flag as the end of the session
    return value


def run_suite(
    handler: Callable[[dict[str, Any], Any], dict[str, Any]], suite: Path = SUITE
) -> list[Result]:
    """Each test of each `*.test.yml` under `suite`, each in a new session."""
    import yaml

    from .local.envelope import Conversation, Identity
    from .local.nlu import Nlu, Resolution

    config = json.loads((suite / "testing.json").read_text(encoding="utf-8"))
    nlu = Nlu.from_file((suite / config["interactionModel"]).resolve())
    results = []
    for path in sorted(suite.glob("*.test.yml")):
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if not isinstance(document, list):
                continue  # the configuration document
            name = next((s["test"] for s in document if isinstance(s, dict) and "test" in s), "")
            result = Result(path.name, name)
            # A new person per test, as virtual-alexa does, so no test depends on another.
            person = f"amzn1.ask.account.BESPOKEN{len(results):04d}"
            device = Conversation(handler=handler, identity=Identity(user_id=person))
            for step in document:
                (utterance, expected), *_ = step.items()
                if utterance == "test":
                    continue
                if utterance == "LaunchRequest":
                    resolution = Resolution(kind="launch", new_session=True)
                elif re.fullmatch(r"[A-Z][\w.]*Intent", str(utterance)):
                    resolution = Resolution(kind="intent", intent=str(utterance))
                else:
                    resolution = nlu.resolve(str(utterance))
                response = device.send(resolution).response or {}
                checks = expected if isinstance(expected, list) else [{"prompt": expected}]
                if isinstance(expected, list) and not all(isinstance(c, dict) for c in expected):
                    checks = [{"prompt": expected}]
                for check in checks:
                    for key, want in check.items():
                        got = _value(response, key)
                        if want is not None and not _matches(got, want):
                            result.failures.append(f"{utterance!r}: {key} {got!r} != {want!r}")
            results.append(result)
    return results


def http_handler(url: str) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    def call(event: dict[str, Any], context: Any) -> dict[str, Any]:
        request = urllib.request.Request(
            url, json.dumps(event).encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read())

    return call


def _serve() -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "LEGCOACH_AUDIO": "ssml",
        "ALEXA_VERIFY_REQUESTS": "false",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "lambda"), str(ROOT / "devkit")]),
    }
    env.pop("TABLE_NAME", None)  # the in-memory store: nothing to set up, nothing kept
    app = "legcoach_dev.web.app:create_app()"
    address = ["--host", "127.0.0.1", "--port", str(PORT)]
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", app, "run", *address],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the web mode did not start on port 9250")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m legcoach_dev.bespoken")
    parser.add_argument("--runner", choices=("auto", "bst", "ours"), default="auto")
    args = parser.parse_args(argv)
    bst = shutil.which("bst")
    server = _serve()
    try:
        if args.runner == "bst" or (args.runner == "auto" and bst):
            if not bst:
                print("bst is not installed: npm install -g bespoken-tools", file=sys.stderr)
                return 2
            return subprocess.call([bst, "test"], cwd=SUITE)
        results = run_suite(http_handler(f"http://127.0.0.1:{PORT}/alexa"))
    finally:
        server.terminate()
        server.wait(timeout=10)
    for result in results:
        print(f"{'PASS' if result.passed else 'FAIL'}  {result.file}: {result.test}")
        for failure in result.failures:
            print(f"      {failure}")
    passed = sum(r.passed for r in results)
    print(f"{passed} of {len(results)} tests passed (bst's YAML, run by legcoach_dev.bespoken)")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
