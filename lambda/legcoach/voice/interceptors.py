"""The turn's start: a short pipeline of named steps that builds the `Turn` before any handler.

deadline -> turn log -> owner -> session -> profile -> time zone -> the turn. The profile is read
from the store once per session (through `records`) and cached in session attributes. If that
read fails, the workout still runs from the session, the record in the store is never overwritten
with defaults, and the read is tried again next turn: when it succeeds, what the session did
meanwhile is merged into the stored record (a union of logged sets), never swapped for it.
Nothing is written here, not even to the session: see `commit`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput

from ..coach.profile import Profile
from ..speech.lines import Lines
from . import deadline, records, turnlog
from .clock import fetch_time_zone, zone
from .state import SessionState
from .turn import (
    OFFLINE_KEY,
    OWNER_KEY,
    PROFILE_KEY,
    STATE_KEY,
    TIME_ZONE_KEY,
    TURN_KEY,
    UNSAVED_KEY,
    Turn,
    request_time,
)


@dataclass(frozen=True)
class TurnConfig:
    rng_factory: Callable[[], random.Random]
    turn_budget_s: float
    store_call_seconds: float  # one store call's worst case: no call starts without it left
    device_time_zone: bool
    log_key: str
    audio_mode: str = "ssml"  # "apla" or "ssml": see speech.render


def locale_of(handler_input: HandlerInput) -> str:
    locale = getattr(handler_input.request_envelope.request, "locale", None)
    return locale if isinstance(locale, str) and locale else "en-US"


def log_request(handler_input: HandlerInput, key: str) -> str:
    """Start the turn's log line; returns the owner (a keyed hash of account and voice)."""
    envelope = handler_input.request_envelope
    record = turnlog.current()
    record.request_type = getattr(envelope.request, "object_type", "") or ""
    intent = getattr(envelope.request, "intent", None)
    record.intent = str(getattr(intent, "name", "") or "")[:80]
    record.locale = locale_of(handler_input)
    system = getattr(envelope.context, "system", None)
    user = getattr(system, "user", None)
    if not getattr(user, "user_id", None):
        return ""
    record.user = turnlog.pseudonym(user.user_id, key)
    person = getattr(getattr(system, "person", None), "person_id", None) or "-"
    return turnlog.pseudonym(f"{user.user_id}|{person}", key)


@dataclass(frozen=True)
class SessionProfile:
    profile: Profile
    offline: bool
    unsaved: bool
    kept_aside: bool


def load_profile(
    handler_input: HandlerInput, session: dict, owner: str, call_seconds: float
) -> SessionProfile:
    """The session's cached copy when it is this speaker's and the store was reachable; else
    the store's record (merged with the session's copy, if the store was away)."""
    offline = bool(session.get(OFFLINE_KEY, False))
    unsaved = bool(session.get(UNSAVED_KEY, False))
    # The cached profile is the speaker's only if the same person spoke when it was cached:
    # used for someone else, it would be saved over their record.
    raw = session.get(PROFILE_KEY) if session.get(OWNER_KEY) == owner else None
    cached = records.cached(raw)
    if cached is not None and not offline and isinstance(raw, dict):
        records.use_cached(handler_input, raw)
        return SessionProfile(cached, False, unsaved, False)
    loaded = records.load(handler_input, cached, call_seconds)
    return SessionProfile(
        loaded.profile, loaded.offline, unsaved or loaded.merged, loaded.kept_aside
    )


def time_zone_of(handler_input: HandlerInput, session: dict, look_up: bool) -> str | None:
    """Once per session, when the settings ask for it: the device's zone, so "today" is the
    user's calendar day. None: not looked up (a reminder may still look it up)."""
    known = session.get(TIME_ZONE_KEY)
    if isinstance(known, str):
        return known
    return fetch_time_zone(handler_input) if look_up else None


class LoadTurnInterceptor(AbstractRequestInterceptor):
    def __init__(self, config: TurnConfig) -> None:
        self.config = config

    def process(self, handler_input: HandlerInput) -> None:
        config = self.config
        deadline.start(config.turn_budget_s)
        owner = log_request(handler_input, config.log_key)
        if handler_input.request_envelope.session is None:
            return  # skill events (SkillDisabled) carry no conversation
        session = handler_input.attributes_manager.session_attributes
        state = SessionState.from_dict(session.get(STATE_KEY))
        loaded = load_profile(handler_input, session, owner, config.store_call_seconds)
        time_zone = time_zone_of(handler_input, session, config.device_time_zone)
        now = request_time(handler_input)
        device_zone = zone(time_zone or "")
        if device_zone is not None:
            now = now.astimezone(device_zone)
        rng = config.rng_factory()
        locale = locale_of(handler_input)
        handler_input.attributes_manager.request_attributes[TURN_KEY] = Turn(
            handler_input=handler_input,
            state=state,
            profile=loaded.profile,
            line=Lines.for_locale(locale, rng),
            rng=rng,
            today=now.date(),
            now=now,
            locale=locale,
            store_call_seconds=config.store_call_seconds,
            audio_mode=config.audio_mode,
            ticks=loaded.profile.beeps,
            store_offline=loaded.offline,
            kept_aside=loaded.kept_aside,
            # A write that failed last turn is retried with this turn's reply.
            dirty=loaded.unsaved and not loaded.offline,
            owner=owner,
            time_zone=time_zone,
        )
