"""'Today' is the user's calendar day: the request's UTC time in the device's time zone."""

from __future__ import annotations

import json
import random
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from legcoach.settings import Settings
from legcoach.storage.keys import Owner
from legcoach.voice.skill import build_handler
from legcoach_dev.local.envelope import Identity, envelope, launch_request
from support.coachee import checked
from support.records_view import ViewedStore

# 03:00 UTC on 25 November is still the evening of the 24th in Los Angeles.
LATE_EVENING_IN_LA = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


class SettingsApi(BaseHTTPRequestHandler):
    zone = "America/Los_Angeles"
    status = 200
    calls: ClassVar[list[tuple[str, str]]] = []

    def do_GET(self) -> None:
        SettingsApi.calls.append((self.path, self.headers.get("Authorization", "")))
        body = json.dumps(SettingsApi.zone).encode()
        self.send_response(SettingsApi.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def settings_api() -> Iterator[str]:
    SettingsApi.calls, SettingsApi.status, SettingsApi.zone = [], 200, "America/Los_Angeles"
    server = ThreadingHTTPServer(("127.0.0.1", 0), SettingsApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def start_workout(store: ViewedStore, endpoint: str, *, lookup: bool = True) -> dict:
    event = envelope(
        launch_request(LATE_EVENING_IN_LA), identity=Identity(), session_id="s1", new=True
    )
    event["context"]["System"]["apiEndpoint"] = endpoint
    event["context"]["System"]["apiAccessToken"] = "token-123"
    settings = Settings(device_time_zone=lookup, audio="ssml")
    handler = checked(build_handler(store, settings=settings, rng_factory=lambda: random.Random(1)))
    return handler(event, None)


def planned_day(response: dict) -> str:
    """The day the workout is planned for (stored with its first set)."""
    return response["sessionAttributes"]["state"]["workout"]["day"]


def test_the_workout_day_is_the_devices_calendar_day(settings_api: str):
    store = ViewedStore()
    response = start_workout(store, settings_api)
    assert planned_day(response) == "2026-11-24"
    path, auth = SettingsApi.calls[0]
    assert path.endswith("/settings/System.timeZone") and auth == "Bearer token-123"
    assert response["sessionAttributes"]["tz"] == "America/Los_Angeles"  # asked once a session


def test_without_the_lookup_the_day_is_utc(settings_api: str):
    store = ViewedStore()
    response = start_workout(store, settings_api, lookup=False)
    assert planned_day(response) == "2026-11-25" and SettingsApi.calls == []


@pytest.mark.parametrize("trouble", ["http error", "unknown zone", "no server"])
def test_a_failed_lookup_falls_back_to_utc_and_the_user_still_trains(
    settings_api: str, trouble: str
):
    endpoint = settings_api
    if trouble == "http error":
        SettingsApi.status = 500
    elif trouble == "unknown zone":
        SettingsApi.zone = "Mars/Olympus_Mons"
    else:
        endpoint = "http://127.0.0.1:9"  # nothing listens on the discard port
    store = ViewedStore()
    response = start_workout(store, endpoint)
    assert planned_day(response) == "2026-11-25"
    assert "How many did you" in response["response"]["outputSpeech"]["ssml"]


def test_a_kept_zone_is_used_without_waiting_on_the_lookup(settings_api: str):
    store = ViewedStore()
    start_workout(store, settings_api)  # looked up once, kept with the profile
    assert store.items[Owner(Identity().user_id)]["tz"] == ["America/Los_Angeles", "2026-11-24"]
    SettingsApi.calls.clear()
    response = start_workout(store, settings_api)  # the next session's first request
    assert SettingsApi.calls == []  # nothing awaited: the kept zone is the device's day
    assert planned_day(response) == "2026-11-24"
