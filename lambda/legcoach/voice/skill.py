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

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import AskSdkException
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import RequestEnvelope

from ..settings import Settings
from . import turnlog
from .handlers import request_handlers
from .handlers.lifecycle import RecoverHandler
from .interceptors import LoadTurnInterceptor, TurnConfig
from .services import TimedApiClient

Handler = Callable[[dict, Any], dict]
log = logging.getLogger(__name__)


def build_skill_builder(
    store: AbstractPersistenceAdapter,
    *,
    settings: Settings | None = None,
    rng_factory: Callable[[], random.Random] = random.Random,
) -> CustomSkillBuilder:
    settings = settings or Settings()
    # The API client is what the Reminders service client calls through.
    builder = CustomSkillBuilder(persistence_adapter=store, api_client=TimedApiClient())
    # Lambda checks the caller's skill id through the AlexaSkill event's permission; this is the
    # SDK's own check on top, when the deployment provides the id.
    builder.skill_id = settings.skill_id
    for handler in request_handlers(store):
        builder.add_request_handler(handler)
    builder.add_exception_handler(RecoverHandler())
    config = TurnConfig(
        rng_factory=rng_factory,
        turn_budget_s=settings.turn_budget_s,
        store_call_seconds=float(getattr(store, "worst_case_seconds", 0.0)),
        device_time_zone=settings.device_time_zone,
        log_key=settings.log_salt or "legcoach",
        audio_mode=settings.audio,
    )
    builder.add_global_request_interceptor(LoadTurnInterceptor(config))
    return builder


def build_handler(
    store: AbstractPersistenceAdapter,
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
            envelope = serializer.deserialize(json.dumps(event), RequestEnvelope)
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
