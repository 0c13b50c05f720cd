"""The user's "today": the request's timestamp in the device's time zone, where known.

Alexa timestamps are UTC. Schedule sense ("you trained yesterday", workouts this week) needs the
user's calendar day, so at the first request of a session the device's time zone is read from
the Alexa Settings API (no permission needed) and cached in session attributes. The lookup at
the session's start is off unless the settings turn it on (the SAM template does); a reminder,
which needs the device's clock, looks it up once if nobody has. Every lookup is bounded by what
is left of the turn, and none starts without enough left. Any failure means UTC, never an error
the user hears.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

# zoneinfo (with sysconfig) and urllib.request load when first used, not at cold start.
if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from ask_sdk_core.handler_input import HandlerInput

    from .turn import Turn

from . import deadline

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 1.0  # Alexa waits ~8 s for the whole answer: this must never eat much of it
MIN_SECONDS = 0.2  # a lookup with less than this left is not started
SPARE_SECONDS = 1.0  # what the rest of the turn (the store, the answer) keeps for itself


def fetch_time_zone(handler_input: HandlerInput) -> str | None:
    """The device's IANA time zone name, '' when unknown, None when there was no time to ask."""
    import urllib.parse
    import urllib.request

    timeout = min(TIMEOUT_SECONDS, deadline.seconds_left() - SPARE_SECONDS)
    if timeout < MIN_SECONDS:
        return None
    system = handler_input.request_envelope.context.system
    device = getattr(system, "device", None)
    endpoint, token = system.api_endpoint, system.api_access_token
    if not (endpoint and token and device and device.device_id):
        return ""
    device_id = urllib.parse.quote(device.device_id, safe="")
    url = f"{endpoint.rstrip('/')}/v2/devices/{device_id}/settings/System.timeZone"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            name = json.loads(response.read().decode("utf-8"))
    except Exception as exc:  # network, HTTP or JSON trouble: fall back to UTC
        log.info("device time zone unavailable: %s", exc)
        return ""
    return name if isinstance(name, str) and zone(name) is not None else ""


def device_zone_name(turn: Turn) -> str:
    """The device's zone for this turn: the session's, else one bounded lookup."""
    if turn.time_zone is None:
        turn.time_zone = fetch_time_zone(turn.handler_input)
    name = turn.time_zone or ""
    return name if zone(name) is not None else ""


def zone(name: str) -> ZoneInfo | None:
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
