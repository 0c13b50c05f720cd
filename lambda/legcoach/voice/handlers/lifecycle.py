"""Skill events and the last line of defence: the catch-all exception handler."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from ...speech.lines import Lines
from ...speech.render import render_reply
from ...speech.ssml import Speech
from .. import records, turnlog
from ..commit import respond
from ..interceptors import locale_of
from ..moves.floor import back_to
from ..state import SessionState
from ..turn import STATE_KEY, TURN_KEY, Turn

log = logging.getLogger(__name__)


class SkillDisabledHandler(AbstractRequestHandler):
    """Disabling the skill erases everything stored for the account (and its recognised voices)."""

    def __init__(self, store: object) -> None:
        self.store = store

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        system = getattr(handler_input.request_envelope.context, "system", None)
        user_id = getattr(getattr(system, "user", None), "user_id", None)
        if user_id:
            removed = records.erase_account(self.store, user_id)
            log.info("skill disabled: erased %d stored records", removed)
        return handler_input.response_builder.response


class RecoverHandler(AbstractExceptionHandler):
    """Anything that goes wrong still gets a spoken, valid answer, and loses nothing.

    Whatever the failed handler changed is discarded: the view is rebuilt from the request's
    own session attributes, and exactly those are written back, so the next turn starts from
    where the user really was. Nothing is saved to the store on this path.
    """

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.error("unhandled error", exc_info=exception)
        turnlog.current().outcome = "error"
        envelope = handler_input.request_envelope
        builder = handler_input.response_builder
        speaks = is_request_type("LaunchRequest")(handler_input) or is_request_type(
            "IntentRequest"
        )(handler_input)
        if envelope.session is None or not speaks:  # Alexa takes no speech for the others
            return builder.response
        incoming = dict(envelope.session.attributes or {})
        handler_input.attributes_manager.session_attributes = incoming
        failed: Turn | None = handler_input.attributes_manager.request_attributes.get(TURN_KEY)
        try:
            if failed is None:
                raise LookupError("the turn was never built")
            turn = Turn(
                handler_input=handler_input,
                state=SessionState.from_dict(incoming.get(STATE_KEY)),
                profile=failed.profile,
                line=failed.line,
                rng=failed.rng,
                today=failed.today,
                now=failed.now,
                locale=locale_of(handler_input),
                audio_mode=failed.audio_mode,
            )
            line, reprompt = back_to(turn)
            speech = Speech().say(turn.line("error")).extend(line)
        except Exception:
            log.exception("the error path could not rebuild the turn")
            say = Lines.for_locale(locale_of(handler_input))
            reprompt = Speech().say(say("reprompt_menu"))
            speech = Speech().say(say("error")).extend(reprompt)
            return _plain(handler_input, speech, reprompt)
        return respond(turn, render_reply(speech, reprompt, mode=turn.audio_mode), end=False)


def _plain(handler_input: HandlerInput, speech: Speech, reprompt: Speech) -> Response:
    from ask_sdk_model.ui import SsmlOutputSpeech
    from ask_sdk_model.ui.reprompt import Reprompt

    builder = handler_input.response_builder
    builder.response.output_speech = SsmlOutputSpeech(ssml=speech.ssml())
    builder.response.reprompt = Reprompt(output_speech=SsmlOutputSpeech(ssml=reprompt.ssml()))
    builder.set_should_end_session(False)
    return builder.response
