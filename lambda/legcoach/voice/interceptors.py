"""Interceptors: build the `Turn` before every handler, put the state back after it.

The profile is read from the store once per session (the first request of a session, or when
the cache is missing) and cached in session attributes; later turns reuse the cache.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor, AbstractResponseInterceptor
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..coach.profile import Profile
from ..speech.phrases import Phrases
from .clock import fetch_time_zone, lookup_enabled, zone
from .state import SessionState
from .turn import (
    OFFLINE_KEY,
    PROFILE_KEY,
    STATE_KEY,
    TIME_ZONE_KEY,
    TURN_KEY,
    UNSAVED_KEY,
    Turn,
    request_time,
)

log = logging.getLogger(__name__)


def _language(handler_input: HandlerInput) -> str:
    locale = getattr(handler_input.request_envelope.request, "locale", None) or "en-US"
    return locale.split("-")[0]


class LoadTurnInterceptor(AbstractRequestInterceptor):
    def __init__(self, rng_factory: Callable[[], random.Random], audio_mode: str = "ssml") -> None:
        self.rng_factory = rng_factory
        self.audio_mode = audio_mode

    def process(self, handler_input: HandlerInput) -> None:
        envelope = handler_input.request_envelope
        if envelope.session is None:
            return  # skill events (SkillDisabled) carry no conversation
        session = handler_input.attributes_manager.session_attributes
        state = SessionState.from_dict(session.get(STATE_KEY))
        offline = bool(session.get(OFFLINE_KEY, False))
        cached = session.get(PROFILE_KEY)
        if isinstance(cached, dict) and not offline:
            profile = Profile.from_dict(cached)
            handler_input.attributes_manager.persistent_attributes = cached
        else:
            try:
                profile = Profile.from_dict(handler_input.attributes_manager.persistent_attributes)
                offline = False
            except Exception:  # the store is down: train anyway, but never overwrite the record
                log.exception("reading the profile failed")
                profile, offline = Profile(), True
        now = request_time(handler_input)
        time_zone = session.get(TIME_ZONE_KEY)
        if not isinstance(time_zone, str):
            # Once per session: the device's zone, so "today" is the user's calendar day.
            time_zone = fetch_time_zone(handler_input) if lookup_enabled() else ""
            session[TIME_ZONE_KEY] = time_zone
        device_zone = zone(time_zone)
        if device_zone is not None:
            now = now.astimezone(device_zone)
        rng = self.rng_factory()
        handler_input.attributes_manager.request_attributes[TURN_KEY] = Turn(
            handler_input=handler_input,
            state=state,
            profile=profile,
            say=Phrases(rng, _language(handler_input)),
            rng=rng,
            today=now.date(),
            now=now,
            store_offline=offline,
            # A write that failed last turn is retried with this turn's reply.
            dirty=bool(session.get(UNSAVED_KEY, False)) and not offline,
            audio_mode=self.audio_mode,
        )


class SaveStateInterceptor(AbstractResponseInterceptor):
    """Put the (small) state and the cached profile back into session attributes."""

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        turn: Turn | None = handler_input.attributes_manager.request_attributes.get(TURN_KEY)
        if turn is None or handler_input.request_envelope.session is None:
            return
        session = handler_input.attributes_manager.session_attributes
        session[STATE_KEY] = turn.state.to_dict()
        session[PROFILE_KEY] = turn.profile.to_dict()
        if turn.dirty:
            session[UNSAVED_KEY] = True
        else:
            session.pop(UNSAVED_KEY, None)
        if turn.store_offline:
            session[OFFLINE_KEY] = True
        else:
            session.pop(OFFLINE_KEY, None)
