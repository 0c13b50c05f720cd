"""Builds the skill once: handlers, the turn interceptor, the error path, the store, the entry.

The returned `handler(event, context)` is what Lambda calls (and the web mode and the tests): it
reuses one `CustomSkill` for every request (the SDK's own `lambda_handler` rebuilds it each
time) and writes one structured log line per request.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from typing import Any

from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import RequestEnvelope

from ..settings import Settings
from ..storage.contract import Store
from . import turnlog
from .events import SilentHandler, event_handlers
from .handlers import request_handlers
from .handlers.lifecycle import RecoverHandler
from .interceptors import LoadTurnInterceptor, TurnConfig
from .services import TimedApiClient

Handler = Callable[[dict, Any], dict]
log = logging.getLogger(__name__)

# What a request nobody can read gets: valid, silent, and no exception for Lambda to report.
EMPTY_RESPONSE = {"version": "1.0", "response": {}}


def build_skill_builder(
    store: Store,
    *,
    settings: Settings | None = None,
    rng_factory: Callable[[], random.Random] = random.Random,
) -> CustomSkillBuilder:
    settings = settings or Settings()
    # The API client is what the Reminders service client calls through. The store is not the
    # SDK's persistence adapter: the turn writes through the store contract (`records`).
    builder = CustomSkillBuilder(api_client=TimedApiClient())
    # Lambda checks the caller's skill id through the AlexaSkill event's permission; this is the
    # SDK's own check on top, when the deployment provides the id.
    builder.skill_id = settings.skill_id
    for handler in [*event_handlers(), *request_handlers(store), SilentHandler()]:
        builder.add_request_handler(handler)
    builder.add_exception_handler(RecoverHandler())
    config = TurnConfig(
        store=store,
        rng_factory=rng_factory,
        turn_budget_s=settings.turn_budget_s,
        store_call_seconds=float(store.worst_case_seconds),
        device_time_zone=settings.device_time_zone,
        log_key=settings.log_salt,
        audio_mode=settings.audio,
        card_images=settings.card_images,
    )
    builder.add_global_request_interceptor(LoadTurnInterceptor(config))
    return builder


def build_handler(
    store: Store,
    *,
    settings: Settings | None = None,
    rng_factory: Callable[[], random.Random] = random.Random,
) -> Handler:
    """A `handler(event, context) -> dict` like Lambda's, for Lambda, the web app and tests."""
    skill = build_skill_builder(store, settings=settings, rng_factory=rng_factory).create()
    serializer = skill.serializer

    def handler(event: dict, context: Any) -> dict:
        started = time.perf_counter()
        record = turnlog.begin()
        try:
            envelope = read_envelope(serializer, event)
            if envelope is None:
                record.outcome = "unreadable"
                return dict(EMPTY_RESPONSE)
            response = skill.invoke(request_envelope=envelope, context=context)
            return serializer.serialize(response)  # type: ignore[return-value]
        except AskSdkException:
            record.outcome = "refused"  # another skill's request, or one no handler takes
            raise
        except Exception:
            record.outcome = "error"
            raise
        finally:
            record.latency_ms = round((time.perf_counter() - started) * 1000, 2)
            turnlog.emit(record)

    return handler


def read_envelope(serializer: Any, event: object) -> RequestEnvelope | None:
    """The request as the SDK's model, or None when not even its core can be read.

    The SDK refuses a whole request over one value its model does not know (a new error reason,
    a new resolution status, a request type added later). Then the request is read again from
    its core (who, the session, the type, the intent's name and slot values), so the user still
    gets an answer; a request type the model has never heard of gets the empty response.
    """
    try:
        return serializer.deserialize(json.dumps(event), RequestEnvelope)
    except Exception as exc:
        log.warning("request not readable as sent (%s); reading its core", type(exc).__name__)
    core = _core(event)
    if core is None:
        return None
    for attempt in (core, _without_time(core)):
        try:
            return serializer.deserialize(json.dumps(attempt), RequestEnvelope)
        except Exception:
            continue
    log.warning("request unreadable: an empty response")
    return None


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _core(event: object) -> dict | None:
    if not isinstance(event, dict) or not isinstance(event.get("request"), dict):
        return None
    request = event["request"]
    kept: dict[str, Any] = {
        k: request[k]
        for k in ("type", "requestId", "timestamp", "locale", "token")
        if isinstance(request.get(k), str)
    }
    if request.get("reason") in ("USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS"):
        kept["reason"] = request["reason"]
    intent = _dict(request.get("intent"))
    if isinstance(intent.get("name"), str):
        slots = {
            name: {"name": name, "value": slot["value"], "confirmationStatus": "NONE"}
            for name, slot in _dict(intent.get("slots")).items()
            if isinstance(name, str)
            and isinstance(slot, dict)
            and isinstance(slot.get("value"), str)
        }
        kept["intent"] = {"name": intent["name"], "confirmationStatus": "NONE", "slots": slots}
    system = _dict(_dict(event.get("context")).get("System"))
    core: dict[str, Any] = {
        "version": "1.0",
        "request": kept,
        "context": {
            "System": {
                k: system[k]
                for k in ("application", "user", "person", "apiEndpoint", "apiAccessToken")
                if k in system
            }
        },
    }
    session = event.get("session")
    if isinstance(session, dict):
        core["session"] = {
            "new": bool(session.get("new")),
            "sessionId": str(session.get("sessionId", "")),
            "application": _dict(session.get("application")),
            "user": _dict(session.get("user")),
            "attributes": _dict(session.get("attributes")),
        }
    return core


def _without_time(core: dict) -> dict:
    request = {k: v for k, v in core["request"].items() if k != "timestamp"}
    return {**core, "request": request}
