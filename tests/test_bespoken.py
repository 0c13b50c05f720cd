"""The Bespoken suite in tests/bespoken (bst's YAML) passes against the web mode in SSML mode,
run offline by the project's own runner through the Flask app; in APLA mode a tool that reads
only outputSpeech hears nothing, which is why the suite runs with LEGCOACH_AUDIO=ssml."""

from __future__ import annotations

import json
from typing import Any

import pytest
from legcoach.settings import Settings
from legcoach.storage.memory import MemoryAdapter
from legcoach.voice.skill import build_handler
from legcoach_dev.bespoken import run_suite
from legcoach_dev.web.app import create_app
from support.coachee import checked


def _through_the_web_mode(audio: str) -> Any:
    app = create_app(
        checked(build_handler(MemoryAdapter(), settings=Settings(audio=audio))), verify=False
    )
    client = app.test_client()

    def call(event: dict[str, Any], context: Any) -> dict[str, Any]:
        answer = client.post("/alexa", data=json.dumps(event), content_type="application/json")
        assert answer.status_code == 200, answer.data
        return answer.get_json()

    return call


def test_the_bespoken_suite_passes_against_the_web_mode_in_ssml():
    results = run_suite(_through_the_web_mode("ssml"))
    assert len(results) >= 3
    assert [r.failures for r in results] == [[] for _ in results]


@pytest.mark.parametrize("audio", ["apla"])
def test_in_apla_mode_outputspeech_is_empty_so_bst_hears_nothing(audio):
    results = run_suite(_through_the_web_mode(audio))
    assert any("prompt None" in f for r in results for f in r.failures)
