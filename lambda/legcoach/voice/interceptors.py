"""The turn's start: a short pipeline of named steps that builds the `Turn` before any handler.

deadline -> turn log -> owner -> session -> profile -> pending writes -> time zone -> the turn.
The profile is read from the store once per session (through `records`) and cached in session
attributes. If that read fails, the workout still runs from the session and the read is tried
again next turn; nothing is lost meanwhile, because every write is a small idempotent one (a
set, a close, a field) that never overwrites the record, and a write the store did not take
rides in the session and is sent again first thing on the next request. That replay is the only
write here; the session itself is written by `commit`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ask_sdk_core.dispatch_components import AbstractRequestInterceptor
from ask_sdk_core.handler_input import HandlerInput

from ..coach.profile import Profile
from ..coach.workout import Workout
from ..speech.lines import Lines
from ..storage.contract import Store, writer_of
from ..storage.keys import Owner, owner_of
from ..storage.pending import PENDING_KEY, Pending
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
    Turn,
    request_time,
)


@dataclass(frozen=True)
class TurnConfig:
    store: Store
    rng_factory: Callable[[], random.Random]
    turn_budget_s: float
    store_call_seconds: float  # one store call's worst case: no call starts without it left
    device_time_zone: bool
    log_key: str
    audio_mode: str = "ssml"  # "apla" or "ssml": see speech.render
    card_images: tuple[str, str] = ("", "")  # the home card's picture, small and large


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


def owner_from(handler_input: HandlerInput) -> Owner | None:
    try:
        return owner_of(handler_input.request_envelope)
    except ValueError:
        return None


def load_profile(
    store: Store,
    session: dict,
    owner: str,
    who: Owner | None,
    workout: Workout | None,
    call_seconds: float,
) -> records.Loaded:
    """The session's cached copy when it is this speaker's and the store was reachable; else
    the store's profile (or, while it cannot answer, the session's copy)."""
    offline = bool(session.get(OFFLINE_KEY, False))
    # The cached profile is the speaker's only if the same person spoke when it was cached:
    # used for someone else, their sets would be written into another person's workout.
    raw = session.get(PROFILE_KEY) if session.get(OWNER_KEY) == owner else None
    cached = records.cached(raw)
    if cached is not None and cached.active is None and workout and not workout.finished:
        cached.active = workout  # the cache leaves out the workout the state carries
    if cached is not None and not offline:
        return records.Loaded(cached, False)
    return records.load(store, who, cached, call_seconds)


def catch_up(workout: Workout | None, replayed: Workout | None, taken: dict) -> None:
    """Counts another device logged first, copied into the session's workout."""
    if workout is None or replayed is None or workout.id != replayed.id:
        return
    for index, count in taken.items():
        if index < len(workout.counts):
            workout.counts[index] = count


REFRESH_ZONE_DAYS = 30  # a device's zone is looked up again this often, never on a first request


def time_zone_of(
    handler_input: HandlerInput, session: dict, look_up: bool, profile: Profile, today: str
) -> tuple[str | None, bool]:
    """The device's zone, so "today" is the user's calendar day, and whether it was looked up
    just now (to keep with the profile). The zone kept with the profile is used as it is; it is
    looked up again on a later request of a session once it is a month old. None: not known
    (a reminder may still look it up)."""
    stored = profile.time_zone
    first = bool(getattr(handler_input.request_envelope.session, "new", True))
    if (
        stored
        and look_up
        and not first
        and _days_since(profile.time_zone_day, today) >= REFRESH_ZONE_DAYS
    ):
        found = fetch_time_zone(handler_input)
        if found:
            return found, True
    known = session.get(TIME_ZONE_KEY)
    if isinstance(known, str):
        return known, False
    if stored:
        return stored, False
    if not look_up:
        return None, False
    found = fetch_time_zone(handler_input)
    return found, bool(found)


def _days_since(day: str, today: str) -> int:
    try:
        return (date.fromisoformat(today) - date.fromisoformat(day)).days
    except ValueError:
        return REFRESH_ZONE_DAYS


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
        who = owner_from(handler_input)
        loaded = load_profile(
            config.store, session, owner, who, state.workout, config.store_call_seconds
        )
        profile = loaded.profile
        writer = records.Writer(
            config.store,
            who,
            writer_of(handler_input.request_envelope.session.session_id or owner),
            config.store_call_seconds,
            Pending.from_session(session.get(PENDING_KEY)),
        )
        replayed_workout = writer.pending.workout
        closed, taken = writer.replay(profile)
        catch_up(state.workout, replayed_workout, taken)
        if closed is not None:  # a close that was pending landed: the store's fold is the truth
            active = profile.active
            profile = closed.profile
            gone = replayed_workout.id if replayed_workout is not None else ""
            profile.active = active if active is not None and active.id != gone else None
        now = request_time(handler_input)
        time_zone, looked_up = time_zone_of(
            handler_input, session, config.device_time_zone, profile, now.date().isoformat()
        )
        device_zone = zone(time_zone or "")
        if device_zone is not None:
            now = now.astimezone(device_zone)
        rng = config.rng_factory()
        locale = locale_of(handler_input)
        # What the commit compares with: the workouts open now (another device's included,
        # which the commit closes, since only one workout is resumed).
        held = state.workout if state.workout is not None and not state.workout.finished else None
        base = records.Base.of(profile, profile.active, held, *loaded.others)
        if looked_up and time_zone:  # kept with the profile (written as a preference)
            profile.time_zone, profile.time_zone_day = time_zone, now.date().isoformat()
        handler_input.attributes_manager.request_attributes[TURN_KEY] = Turn(
            handler_input=handler_input,
            state=state,
            profile=profile,
            line=Lines.for_locale(locale, rng),
            rng=rng,
            today=now.date(),
            now=now,
            locale=locale,
            store_call_seconds=config.store_call_seconds,
            audio_mode=config.audio_mode,
            card_images=config.card_images,
            ticks=profile.beeps,
            store_offline=loaded.offline,
            kept_aside=loaded.kept_aside,
            dirty=bool(loaded.others) or looked_up,
            owner=owner,
            time_zone=time_zone,
            writes=writer,
            base=base,
            unsaved_sets=loaded.unsaved.sets if loaded.unsaved is not None else 0,
        )
