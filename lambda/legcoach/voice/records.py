"""The voice layer's one seam to the store: load, save and erase a person's record.

Everything the voice layer keeps goes through these functions, and only the turn's start
(`interceptors`) and the commit (`Turn.save`, the skill-disabled event) call them. Today they
speak the SDK's persistence contract (the attributes manager over an `AbstractPersistenceAdapter`,
whose adapters merge on conflict); a store with another contract replaces this module alone.
Every call is bounded: none starts without the store's worst case left in the turn.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ask_sdk_core.handler_input import HandlerInput

from ..coach.merge import merge
from ..coach.profile import Profile
from ..storage import KEPT_ASIDE_KEY, readable_profile
from . import deadline, turnlog

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Loaded:
    profile: Profile
    offline: bool  # the store could not be read: never overwrite the real record with defaults
    merged: bool  # what the session did while the store was away was folded in: save it
    kept_aside: bool  # the stored record could not be read and was moved aside


def has_time(call_seconds: float) -> bool:
    return deadline.seconds_left() >= call_seconds


def cached(raw: object) -> Profile | None:
    """The session's copy of the record, if the store itself would accept it."""
    if not isinstance(raw, dict):
        return None
    try:
        readable_profile(raw)  # as strict as the store: a cache it would refuse is not used
        return Profile.from_dict(raw)
    except Exception:  # a forged or stale cache: read the store instead
        log.warning("dropping an unreadable cached profile", exc_info=True)
        return None


def use_cached(handler_input: HandlerInput, raw: dict) -> None:
    """Trust the session's copy: it carries the version the next conditional write needs."""
    handler_input.attributes_manager.persistent_attributes = raw


def load(
    handler_input: HandlerInput, session_profile: Profile | None, call_seconds: float
) -> Loaded:
    """The stored record, merged with the session's copy when there is one."""
    fallback = Loaded(session_profile or Profile(), True, False, False)
    if not has_time(call_seconds):
        return fallback
    manager = handler_input.attributes_manager
    record = turnlog.current()
    record.reads += 1
    try:
        stored = manager.persistent_attributes
        profile = Profile.from_dict(stored)
    except Exception as exc:  # the store is down: train from the session, never overwrite
        record.store_errors += 1
        log.warning("reading the profile failed: %s", type(exc).__name__)
        return fallback
    kept_aside = bool(stored.get(KEPT_ASIDE_KEY))
    if session_profile is None:
        return Loaded(profile, False, False, kept_aside)
    # The read failed earlier this session: fold what happened since into the record.
    merged = merge(stored, {**session_profile.to_dict(), "_version": stored.get("_version")})
    manager.persistent_attributes = merged
    return Loaded(Profile.from_dict(merged), False, True, kept_aside)


def save(handler_input: HandlerInput, profile: Profile) -> Profile | None:
    """Write the record; the record as stored (new version, merged), or None if it failed."""
    manager = handler_input.attributes_manager
    attributes = profile.to_dict()
    record = turnlog.current()
    record.writes += 1
    try:
        manager.persistent_attributes = attributes
        manager.save_persistent_attributes()
    except Exception as exc:  # the store's failure must not cost the user their turn
        record.store_errors += 1
        log.warning("saving the profile failed (%s); it stays in the session", type(exc).__name__)
        return None
    # The store writes the new concurrency version (and, after a conflict, the merged record)
    # back into the dict it was given: later saves build on it.
    return Profile.from_dict(attributes)


def erase(handler_input: HandlerInput) -> None:
    """Delete everything stored for this person."""
    handler_input.attributes_manager.delete_persistent_attributes()


def erase_account(store: object, user_id: str) -> int:
    """The skill was disabled: every record of the account (and its recognised voices)."""
    erase_all = getattr(store, "erase_account", None)
    return int(erase_all(user_id)) if erase_all is not None else 0
