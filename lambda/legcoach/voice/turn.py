"""One request's view of the conversation: state, the person's profile, phrases, and the reply.

Built by `LoadTurnInterceptor` before any handler runs and kept in request attributes, so
handlers never touch raw session attributes or the store. The profile is read from the store
once per session and cached in session attributes; it is written only when something changed.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response
from ask_sdk_model.interfaces.alexa.presentation.apla import RenderDocumentDirective
from ask_sdk_model.ui import SsmlOutputSpeech
from ask_sdk_model.ui.reprompt import Reprompt

from ..coach.profile import Profile
from ..speech.phrases import Phrases
from ..speech.render import RenderedReply, render_reply
from ..speech.ssml import Speech
from .state import Ask, Phase, SessionState

log = logging.getLogger(__name__)

TURN_KEY = "turn"
STATE_KEY = "state"
PROFILE_KEY = "profile"
OFFLINE_KEY = "store_offline"
UNSAVED_KEY = "unsaved"
TIME_ZONE_KEY = "tz"


@dataclass
class Turn:
    handler_input: HandlerInput
    state: SessionState
    profile: Profile
    say: Phrases
    rng: random.Random
    today: date
    now: datetime
    store_offline: bool = False  # the read failed: never overwrite the real record with defaults
    dirty: bool = False
    save_failed: bool = False
    audio_mode: str = "ssml"  # "apla" or "ssml": see speech.render
    ticks: bool = False  # a soft tick on each beat of a rep (APLA only)

    @classmethod
    def current(cls, handler_input: HandlerInput) -> Turn:
        return handler_input.attributes_manager.request_attributes[TURN_KEY]

    def changed(self) -> None:
        """Mark the profile as changed: it is written once, when the reply is built."""
        self.dirty = True

    def _save(self) -> None:
        if not self.dirty or self.store_offline:
            return
        manager = self.handler_input.attributes_manager
        attributes = self.profile.to_dict()
        try:
            manager.persistent_attributes = attributes
            manager.save_persistent_attributes()
        except Exception:  # the store's failure must not cost the user their turn
            log.exception("saving the profile failed; it stays cached in the session")
            self.save_failed = True
            return
        # The store writes the new concurrency version (and, after a conflict, the merged
        # record) back into the dict it was given: reload so later saves build on it.
        self.profile = Profile.from_dict(attributes)
        self.dirty = False

    def erase_profile(self) -> None:
        """Delete everything stored for this person; the session cache goes with it."""
        self.handler_input.attributes_manager.delete_persistent_attributes()
        self.profile = Profile()
        self.dirty = False

    def repeat_last(self) -> Response:
        """Say the last response again, unchanged (Repeat has no built-in behaviour)."""
        reprompt = self.state.last_reprompt or Speech().say("What would you like to do?").ssml()
        try:
            last = Speech.loads(self.state.last_speech)
            rendered = render_reply(last, mode=self.audio_mode, ticks=self.ticks)
        except ValueError:  # stored by an older version: SSML as it was said
            rendered = RenderedReply(self.state.last_speech, None, None, 0.0)
        return self._respond(rendered, reprompt, end=False)

    def _respond(
        self, rendered: RenderedReply, reprompt_ssml: str | None, *, end: bool
    ) -> Response:
        builder = self.handler_input.response_builder
        if rendered.ssml is not None:
            builder.response.output_speech = SsmlOutputSpeech(ssml=rendered.ssml)
        if rendered.directive is not None:
            directive = rendered.directive
            builder.add_directive(
                RenderDocumentDirective(
                    token=directive["token"],
                    document=directive["document"],
                    datasources=directive.get("datasources"),
                )
            )
        if not end and reprompt_ssml is not None:
            builder.response.reprompt = Reprompt(output_speech=SsmlOutputSpeech(ssml=reprompt_ssml))
        builder.set_should_end_session(end)
        return builder.response

    def reply_silently(self) -> Response:
        """For requests Alexa allows no speech on (SessionEndedRequest): just save if needed."""
        self._save()
        return self.handler_input.response_builder.response

    def reply(
        self, speech: Speech, reprompt: Speech | None = None, *, end: bool = False
    ) -> Response:
        """The one way handlers answer: saves if needed, then builds a response Alexa accepts."""
        self._save()
        if self.save_failed and end:
            # Closing now would lose what the failed write held: keep the session and ask.
            question = Speech().say(self.say("retry_save_ask"))
            speech, reprompt, end = Speech().extend(speech).extend(question), question, False
            self.state.phase, self.state.ask = Phase.ASK, Ask.RETRY_SAVE
        elif self.save_failed:
            speech = Speech().extend(speech).say(self.say("save_failed_note"))
        if not end and reprompt is None:
            raise ValueError("an open session needs a reprompt")
        # Raises past Alexa's limits: the speech planner keeps every response under budget.
        rendered = render_reply(
            speech, None if end else reprompt, mode=self.audio_mode, ticks=self.ticks
        )
        if rendered.reprompt_ssml is not None:
            self.state.last_reprompt = rendered.reprompt_ssml
        self.state.last_speech = speech.dumps()
        return self._respond(rendered, rendered.reprompt_ssml, end=end)


def request_time(handler_input: HandlerInput) -> datetime:
    """'Now' comes from the request, not the server clock, so tests control time."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    if isinstance(stamp, datetime):
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return datetime.now(UTC)
