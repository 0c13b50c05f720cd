"""Builds the skill: handlers, interceptors, the store; and the Lambda-style entry around it."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.skill_builder import CustomSkillBuilder

from .handlers import request_handlers
from .handlers.lifecycle import RecoverHandler
from .interceptors import LoadTurnInterceptor, SaveStateInterceptor

Handler = Callable[[dict, Any], dict]


def build_skill_builder(
    store: AbstractPersistenceAdapter,
    *,
    rng_factory: Callable[[], random.Random] = random.Random,
    skill_id: str | None = None,
    audio_mode: str = "ssml",
) -> CustomSkillBuilder:
    builder = CustomSkillBuilder(persistence_adapter=store)
    # Lambda checks the caller's skill id through the AlexaSkill event's permission; this is the
    # SDK's own check on top, when the deployment provides the id.
    builder.skill_id = skill_id if skill_id is not None else (os.environ.get("SKILL_ID") or None)
    for handler in request_handlers(store):
        builder.add_request_handler(handler)
    builder.add_exception_handler(RecoverHandler())
    builder.add_global_request_interceptor(LoadTurnInterceptor(rng_factory, audio_mode))
    builder.add_global_response_interceptor(SaveStateInterceptor())
    return builder


def build_handler(
    store: AbstractPersistenceAdapter,
    *,
    rng_factory: Callable[[], random.Random] = random.Random,
    skill_id: str | None = None,
    audio_mode: str = "ssml",
) -> Handler:
    """A `handler(event, context) -> dict` like Lambda's, for Lambda, the web app and tests.

    `audio_mode` is "apla" (APL for Audio: exact beats and sound cues) or "ssml" (the fallback).
    """
    builder = build_skill_builder(
        store, rng_factory=rng_factory, skill_id=skill_id, audio_mode=audio_mode
    )
    return builder.lambda_handler()
