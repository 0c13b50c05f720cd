"""Skill events and the last line of defence: the catch-all exception handler."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response
from ask_sdk_model.ui import SsmlOutputSpeech
from ask_sdk_model.ui.reprompt import Reprompt

from ...speech.lines import Lines
from ...speech.ssml import Speech
from .. import flow
from ..turn import TURN_KEY, Turn

log = logging.getLogger(__name__)


class SkillDisabledHandler(AbstractRequestHandler):
    """Disabling the skill erases everything stored for the account (and its recognised voices)."""

    def __init__(self, store: object) -> None:
        self.store = store

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        user_id = handler_input.request_envelope.context.system.user.user_id
        erase = getattr(self.store, "erase_account", None)
        if erase is not None:
            removed = erase(user_id)
            log.info("skill disabled: erased %d stored records", removed)
        return handler_input.response_builder.response


class RecoverHandler(AbstractExceptionHandler):
    """Anything that goes wrong still gets a spoken, valid answer and keeps the workout."""

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.exception("unhandled error", exc_info=exception)
        locale = getattr(handler_input.request_envelope.request, "locale", None)
        say = Lines.for_locale(locale)
        apology = say("error")
        builder = handler_input.response_builder
        if handler_input.request_envelope.session is None or is_request_type("SessionEndedRequest")(
            handler_input
        ):
            return builder.response
        turn: Turn | None = handler_input.attributes_manager.request_attributes.get(TURN_KEY)
        try:
            if turn is None:
                raise LookupError("no turn")
            line, reprompt = flow.back_to_workout(turn)
            speech, again = Speech().say(apology).extend(line), reprompt
        except Exception:
            speech = Speech().say(apology, say("reprompt_menu"))
            again = Speech().say(say("reprompt_menu"))
        builder.response.output_speech = SsmlOutputSpeech(ssml=speech.ssml())
        builder.response.reprompt = Reprompt(output_speech=SsmlOutputSpeech(ssml=again.ssml()))
        builder.set_should_end_session(False)
        return builder.response
