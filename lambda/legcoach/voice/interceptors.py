"""The request interceptor that builds each `Turn` before any handler runs.

The profile is read from the store once per session and cached in session attributes. If that
read fails, the workout still runs from the session, the record in the store is never
overwritten with defaults, and the read is tried again next turn: when it succeeds, what the
session did meanwhile is merged into the stored record (a union of logged sets), never swapped
for it. Nothing is written back here: see `commit`.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput

from ..coach.merge import merge
from ..coach.profile import Profile
from ..speech.lines import Lines
from ..storage import KEPT_ASIDE_KEY as KEPT_ASIDE
from ..storage import readable_profile
from . import deadline, turnlog
from .clock import fetch_time_zone, zone
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

OWNER_KEY = (
    "owner"  # whose profile the session caches (a keyed hash): voices can change mid-session
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


class LoadTurnInterceptor(AbstractRequestInterceptor):
    def __init__(self, config: TurnConfig) -> None:
        self.config = config

    def process(self, handler_input: HandlerInput) -> None:
        deadline.start(self.config.turn_budget_s)
        envelope = handler_input.request_envelope
        record = turnlog.current()
        record.request_type = getattr(envelope.request, "object_type", "") or ""
        intent = getattr(envelope.request, "intent", None)
        record.intent = str(getattr(intent, "name", "") or "")[:80]
        record.locale = locale_of(handler_input)
        system = getattr(envelope.context, "system", None)
        user = getattr(system, "user", None)
        owner = ""
        if getattr(user, "user_id", None):
            record.user = turnlog.pseudonym(user.user_id, self.config.log_key)
            person = getattr(getattr(system, "person", None), "person_id", None) or "-"
            owner = turnlog.pseudonym(f"{user.user_id}|{person}", self.config.log_key)
        if envelope.session is None:
            return  # skill events (SkillDisabled) carry no conversation
        session = handler_input.attributes_manager.session_attributes
        state = SessionState.from_dict(session.get(STATE_KEY))
        offline = bool(session.get(OFFLINE_KEY, False))
        unsaved = bool(session.get(UNSAVED_KEY, False))
        # The cached profile is the speaker's only if the same person spoke when it was cached:
        # used for someone else, it would be saved over their record.
        cached = session.get(PROFILE_KEY) if session.get(OWNER_KEY) == owner else None
        session[OWNER_KEY] = owner
        cached_profile = _profile_or_none(cached)
        kept_aside = False
        if cached_profile is not None and not offline:
            profile = cached_profile
            handler_input.attributes_manager.persistent_attributes = cached
        else:
            profile, offline, reconciled, kept_aside = self._read(handler_input, cached_profile)
            unsaved = unsaved or reconciled
        now = request_time(handler_input)
        time_zone = session.get(TIME_ZONE_KEY)
        if not isinstance(time_zone, str):
            # Once per session: the device's zone, so "today" is the user's calendar day.
            lookup = self.config.device_time_zone and deadline.seconds_left() > 2.0
            time_zone = fetch_time_zone(handler_input) if lookup else ""
            session[TIME_ZONE_KEY] = time_zone
        device_zone = zone(time_zone)
        if device_zone is not None:
            now = now.astimezone(device_zone)
        rng = self.config.rng_factory()
        locale = locale_of(handler_input)
        handler_input.attributes_manager.request_attributes[TURN_KEY] = Turn(
            handler_input=handler_input,
            state=state,
            profile=profile,
            line=Lines.for_locale(locale, rng),
            rng=rng,
            today=now.date(),
            now=now,
            locale=locale,
            store_call_seconds=self.config.store_call_seconds,
            audio_mode=self.config.audio_mode,
            ticks=profile.beeps,
            store_offline=offline,
            kept_aside=kept_aside,
            # A write that failed last turn is retried with this turn's reply.
            dirty=unsaved and not offline,
        )

    def _read(
        self, handler_input: HandlerInput, session_profile: Profile | None
    ) -> tuple[Profile, bool, bool, bool]:
        """(profile, offline, changed, kept aside): the stored record, merged with the session's
        if any; "kept aside" when the store could not read it and moved it aside."""
        if deadline.seconds_left() < self.config.store_call_seconds:
            return session_profile or Profile(), True, False, False
        manager = handler_input.attributes_manager
        record = turnlog.current()
        record.reads += 1
        try:
            stored = manager.persistent_attributes
            profile = Profile.from_dict(stored)
        except Exception as exc:  # the store is down: train from the session, never overwrite
            record.store_errors += 1
            log.warning("reading the profile failed: %s", type(exc).__name__)
            return session_profile or Profile(), True, False, False
        kept_aside = bool(stored.get(KEPT_ASIDE))
        if session_profile is None:
            return profile, False, False, kept_aside
        # The read failed earlier this session: fold what happened since into the record.
        merged = merge(stored, {**session_profile.to_dict(), "_version": stored.get("_version")})
        manager.persistent_attributes = merged
        return Profile.from_dict(merged), False, True, kept_aside


def _profile_or_none(cached: object) -> Profile | None:
    if not isinstance(cached, dict):
        return None
    try:
        readable_profile(cached)  # as strict as the store: a cache it would refuse is not used
        return Profile.from_dict(cached)
    except Exception:  # a forged or stale cache: read the store instead
        log.warning("dropping an unreadable cached profile", exc_info=True)
        return None
