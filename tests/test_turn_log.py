"""One structured JSON line per request, queryable in CloudWatch Logs Insights, with no PII."""

from __future__ import annotations

import json
import logging

import pytest
from support.coachee import Coachee


def turn_lines(caplog: pytest.LogCaptureFixture) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "legcoach.turn"]


def test_every_request_writes_one_json_line_without_the_user_id(
    coachee: Coachee, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="legcoach.turn"):
        coachee.say("start leg workout")
        coachee.say("eight")
        coachee.say("what's the capital of france")
        coachee.walk_away()
    lines = turn_lines(caplog)
    assert [line["request_type"] for line in lines] == [
        "LaunchRequest",
        "IntentRequest",
        "IntentRequest",
        "SessionEndedRequest",
    ]
    launch, count, miss, _ = lines
    assert launch["position"] == "count" and launch["outcome"] == "ok"
    assert launch["reads"] == 1 and launch["writes"] == 1
    assert count["intent"] == "LogSetIntent" and count["writes"] == 1 and count["reads"] == 0
    assert miss["outcome"] == "fallback"
    assert all(line["latency_ms"] > 0 for line in lines)
    assert len({line["user"] for line in lines}) == 1 and len(launch["user"]) == 12
    everything = " ".join(r.getMessage() for r in caplog.records)
    assert coachee.user_id not in everything
    assert "TESTUSER" not in everything


def test_a_failing_handler_is_logged_as_an_error(
    coachee: Coachee, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from legcoach.voice.moves import sets

    coachee.say("start leg workout")

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(sets, "log_count", broken)
    with caplog.at_level(logging.INFO, logger="legcoach.turn"):
        coachee.say("eight")
    (line,) = turn_lines(caplog)
    assert line["outcome"] == "error" and line["position"] == ""


def test_the_readme_queries_name_only_fields_a_real_line_has(
    coachee: Coachee, caplog: pytest.LogCaptureFixture
) -> None:
    import re
    from pathlib import Path

    with caplog.at_level(logging.INFO, logger="legcoach.turn"):
        coachee.say("start leg workout")
    (line,) = turn_lines(caplog)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    section = readme[readme.index("## Logs you can query") :]
    queries = re.findall(r"```\n(filter event.*?)```", section, flags=re.S)
    assert len(queries) == 2
    named = set()
    for query in queries:
        named |= set(re.findall(r"\b(?:filter|by|and)\s+(\w+)\s*=", query))
        named |= set(re.findall(r"\((?:strcontains\()?(\w+)[,)]", query))
        named |= set(re.findall(r"\bby (\w+)\s*$", query.strip(), flags=re.M))
    named -= {"count", "bin", "1h"}
    assert named and named <= set(line), named - set(line)
    assert {"outcome", "latency_ms", "request_type", "intent"} <= named
