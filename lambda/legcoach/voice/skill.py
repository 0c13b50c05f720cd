"""Builds the skill: handlers, the turn interceptor, the error path, and the store."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.skill_builder import CustomSkillBuilder

from ..settings import Settings
from .handlers import request_handlers
from .handlers.lifecycle import RecoverHandler
from .interceptors import LoadTurnInterceptor, TurnConfig

Handler = Callable[[dict, Any], dict]


def build_skill_builder(
    store: AbstractPersistenceAdapter,
    *,
    settings: Settings | None = None,
    rng_factory: Callable[[], random.Random] = random.Random,
) -> CustomSkillBuilder:
    settings = settings or Settings()
    builder = CustomSkillBuilder(persistence_adapter=store)
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
    return build_skill_builder(store, settings=settings, rng_factory=rng_factory).lambda_handler()
