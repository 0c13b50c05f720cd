"""One request's view of the conversation: the `Turn` a handler routes and a move changes.

The turn's start (`interceptors`) builds it before any handler runs: the session state, the
person's profile (read once per session through `records`, then cached in session attributes),
the words for the request's locale, "now" on the device's clock. Moves change it and return a
`Reply`; `commit` then writes all of it, in one place.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot

from ..coach.profile import Profile
from ..speech.lines import Lines
from ..speech.ssml import Speech
from ..storage.keys import Owner
from ..storage.pending import Pending
from . import records
from .state import SessionState

log = logging.getLogger(__name__)

TURN_KEY = "turn"
STATE_KEY = "state"
PROFILE_KEY = "profile"
OFFLINE_KEY = "store_offline"
TIME_ZONE_KEY = "tz"
OWNER_KEY = "owner"  # whose profile the session caches (a keyed hash): voices can change


@dataclass
class Reply:
    """What a move decided; `commit` turns it into the response."""

    speech: Speech
    reprompt: Speech | None = None
    end: bool = False
    # What "repeat" says next: the meaningful part of the speech (None: all of it).
    replay: Speech | None = None
    keep_replay: bool = False  # "repeat" still means the speech before this one
    if_saved: str = ""  # a line said only once the save has succeeded
    hand_over: Any = None  # a directive that hands the dialogue to Alexa (no speech of ours)
    card: Any = None  # a card for the Alexa app
    silent: bool = False  # no response body at all (Alexa takes none for this request)

    @classmethod
    def nothing(cls) -> Reply:
        return cls(Speech(), silent=True)


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
    card_images: tuple[str, str] = ("", "")  # the home card's picture, small and large
    ticks: bool = False  # a soft tick on each beat of a rep (APLA only)
    store_offline: bool = False  # the read failed: never overwrite the real record with defaults
    kept_aside: bool = False  # the stored record could not be read and was moved aside
    dirty: bool = False
    owner: str = ""  # whose record the session caches
    time_zone: str | None = None  # the device's zone: None until looked up, '' when unknown
    extras: dict[str, Any] = field(default_factory=dict)
    writes: records.Writer | None = None  # the store, whose data, and what is still pending
    base: records.Base | None = None  # what the turn began from: the commit writes the change
    unsaved_sets: int = 0  # the last session ended with this many sets the store never got
    given_up: bool = False  # the user chose to end without saving: parked for the next launch

    @classmethod
    def current(cls, handler_input: HandlerInput) -> Turn:
        return handler_input.attributes_manager.request_attributes[TURN_KEY]

    @property
    def intent_name(self) -> str:
        intent = getattr(self.handler_input.request_envelope.request, "intent", None)
        return getattr(intent, "name", "") or ""

    def slot(self, name: str) -> str | None:
        """A slot's value as heard, or None when empty."""
        value = getattr(get_slot(self.handler_input, name), "value", None)
        return value if isinstance(value, str) and value.strip() else None

    def slot_id(self, name: str) -> str | None:
        """The canonical id of a custom-slot value, when entity resolution matched one."""
        resolutions = getattr(get_slot(self.handler_input, name), "resolutions", None)
        for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
            code = getattr(getattr(authority.status, "code", None), "value", None)
            values = getattr(authority, "values", None) or []
            if code == "ER_SUCCESS_MATCH" and values:
                value_id = getattr(getattr(values[0], "value", None), "id", None)
                return value_id if isinstance(value_id, str) else None
        return None

    def changed(self) -> None:
        """Mark the profile as changed: it is written once, at the commit."""
        self.dirty = True

    def erase_profile(self) -> None:
        """Delete everything stored for this person; the session cache goes with it."""
        if self.writes is not None:
            records.erase(self.writes.store, self.writes.owner)
            self.writes.pending = Pending()
        self.profile = Profile()
        self.base = records.Base.of(self.profile)
        self.dirty = False

    def leave_unsaved(self) -> None:
        """End without another try: what is unwritten is noted, for the next launch to say."""
        self.dirty, self.given_up = False, True

    def can_call_store(self) -> bool:
        return records.has_time(self.store_call_seconds)

    @property
    def who(self) -> Owner | None:
        return self.writes.owner if self.writes is not None else None

    def save(self) -> bool | None:
        """Write what changed: True stored, False (some of it) carried for later, None nothing
        to write. Only what the store took is ever called saved."""
        writer = self.writes
        if writer is None or self.given_up or (not self.dirty and writer.pending.empty):
            return None
        if self.dirty:
            base = self.base or records.Base.of(Profile())
            written = records.write(writer, self.profile, base)
            self.profile = written.profile
            if written.stepped_up is not None and self.state.stepped_up:
                self.state.stepped_up = written.stepped_up  # the fold of every device's sets
            self.base = records.Base.of(self.profile, self.profile.active)
            self.dirty = False
        if not writer.pending.empty:
            return False
        return True if writer.wrote else None


def request_time(handler_input: HandlerInput) -> datetime:
    """'Now' comes from the request, not the server clock, so tests control time."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    if isinstance(stamp, datetime):
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return datetime.now(UTC)
