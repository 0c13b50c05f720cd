"""One request's view of the conversation, and the one place a turn is committed.

`LoadTurnInterceptor` builds the `Turn` before any handler runs: the session state, the person's
profile (read from the store once per session, then cached in session attributes), the words for
the request's locale. Handlers decide and return a `Reply`; `commit` then validates it, saves the
profile, decides what to say about saving, and writes the session attributes, in that order.
Nothing is committed anywhere else, so a handler that fails half-way leaves no trace.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from ..coach.profile import Profile
from ..speech.lines import Lines
from ..speech.ssml import Speech
from . import deadline, turnlog
from .state import Ask, SessionState

log = logging.getLogger(__name__)

TURN_KEY = "turn"
STATE_KEY = "state"
PROFILE_KEY = "profile"
OFFLINE_KEY = "store_offline"
UNSAVED_KEY = "unsaved"
TIME_ZONE_KEY = "tz"


@dataclass
class Reply:
    """What a handler decided to say; `commit` turns it into the response."""

    speech: Speech
    reprompt: Speech | None = None
    end: bool = False
    # What "repeat" says next: the meaningful part of the speech (None: all of it).
    replay: Speech | None = None
    keep_replay: bool = False  # a fallback: "repeat" still means the question before it
    if_saved: str = ""  # a line said only once the save has succeeded


@dataclass
class Turn:
    handler_input: HandlerInput
    state: SessionState
    profile: Profile
    line: Lines  # looks up a line by message id; `Speech.say` appends text
    rng: random.Random
    today: date
    now: datetime
    locale: str = "en-US"
    store_call_seconds: float = 0.0  # the store's worst case for one call
    audio_mode: str = "ssml"  # "apla" or "ssml": see speech.render
    ticks: bool = False  # a soft tick on each beat of a rep (APLA only)
    store_offline: bool = False  # the read failed: never overwrite the real record with defaults
    kept_aside: bool = False  # the stored record could not be read and was moved aside
    dirty: bool = False
    extras: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def current(cls, handler_input: HandlerInput) -> Turn:
        return handler_input.attributes_manager.request_attributes[TURN_KEY]

    @property
    def intent_name(self) -> str:
        intent = getattr(self.handler_input.request_envelope.request, "intent", None)
        return getattr(intent, "name", "") or ""

    def changed(self) -> None:
        """Mark the profile as changed: it is written once, at the commit."""
        self.dirty = True

    def reply(
        self,
        speech: Speech,
        reprompt: Speech | None = None,
        *,
        end: bool = False,
        replay: Speech | None = None,
    ) -> Reply:
        return Reply(speech, reprompt, end=end, replay=replay)

    def erase_profile(self) -> None:
        """Delete everything stored for this person; the session cache goes with it."""
        self.handler_input.attributes_manager.delete_persistent_attributes()
        self.profile = Profile()
        self.dirty = False

    def can_call_store(self) -> bool:
        return deadline.seconds_left() >= self.store_call_seconds

    def save(self) -> bool | None:
        """Write the profile if it changed: True saved, False failed, None nothing to write."""
        if not self.dirty:
            return None
        if self.store_offline or not self.can_call_store():
            log.warning("not saving: %s", "store offline" if self.store_offline else "no time")
            return False
        manager = self.handler_input.attributes_manager
        attributes = self.profile.to_dict()
        record = turnlog.current()
        record.writes += 1
        try:
            manager.persistent_attributes = attributes
            manager.save_persistent_attributes()
        except Exception as exc:  # the store's failure must not cost the user their turn
            record.store_errors += 1
            log.warning(
                "saving the profile failed (%s); it stays in the session", type(exc).__name__
            )
            return False
        # The store writes the new concurrency version (and, after a conflict, the merged
        # record) back into the dict it was given: reload so later saves build on it.
        self.profile = Profile.from_dict(attributes)
        self.dirty = False
        return True


def request_time(handler_input: HandlerInput) -> datetime:
    """'Now' comes from the request, not the server clock, so tests control time."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    if isinstance(stamp, datetime):
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return datetime.now(UTC)


def pending_retry(state: SessionState) -> bool:
    question = state.question
    return question is not None and question.ask is Ask.RETRY_SAVE
