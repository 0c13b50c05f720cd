"""Requests that are not the user talking: Alexa's error reports, and everything else it may send.

What each gets (chosen so that nothing escapes Lambda and every answer is one Alexa accepts):
- `System.ExceptionEncountered` (Alexa could not use our last response): logged; an empty
  response, since Alexa takes no speech here.
- `Alexa.Presentation.APLA.RuntimeError` / `Alexa.Presentation.APL.RuntimeError` (a document
  failed to play): logged; in a session, the last meaningful speech again as plain SSML with the
  question, so the user still hears where they are; outside one, an empty response.
- `CanFulfillIntentRequest`: "NO" (the skill does not offer name-free interaction).
- Anything else no handler takes (AudioPlayer, PlaybackController, Messaging, APL user events,
  Connections responses, skill events, request types added after this was written): an empty
  response, no speech and no session flag, logged once.
"""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response
from ask_sdk_model.canfulfill import CanFulfillIntent, CanFulfillIntentValues

from . import turnlog
from .moves import floor
from .turn import Reply, Turn

log = logging.getLogger(__name__)

RUNTIME_ERRORS = ("Alexa.Presentation.APLA.RuntimeError", "Alexa.Presentation.APL.RuntimeError")


def _errors(handler_input: HandlerInput) -> str:
    """What Alexa reported, briefly (types, reasons, messages; never identifiers)."""
    request = handler_input.request_envelope.request
    found = list(getattr(request, "errors", None) or [])
    single = getattr(request, "error", None)
    if single is not None:
        found.append(single)
    parts = []
    for error in found[:5]:
        kind = getattr(getattr(error, "object_type", None), "value", None) or getattr(
            error, "object_type", ""
        )
        reason = getattr(getattr(error, "reason", None), "value", None) or ""
        message = str(getattr(error, "message", "") or "")[:200]
        parts.append(f"{kind or ''} {reason} {message}".strip())
    return "; ".join(parts) or "no details"


class ExceptionEncounteredHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("System.ExceptionEncountered")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turnlog.current().outcome = "rejected"
        log.error("Alexa could not use the last response: %s", _errors(handler_input))
        return handler_input.response_builder.response


def device_failed(turn: Turn) -> Reply:
    """A document failed on the device: say the same thing again as SSML, and the question."""
    turnlog.current().outcome = "rejected"
    log.error("the device could not play a document: %s", _errors(turn.handler_input))
    turn.audio_mode = "ssml"
    return floor.replay(turn)


class CanFulfillHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("CanFulfillIntentRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        builder = handler_input.response_builder
        builder.set_can_fulfill_intent(CanFulfillIntent(can_fulfill=CanFulfillIntentValues.NO))
        return builder.response


class SilentHandler(AbstractRequestHandler):
    """Last in line: whatever nothing else took gets a valid empty response."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        kind = str(getattr(handler_input.request_envelope.request, "object_type", "") or "")
        if kind in RUNTIME_ERRORS:
            turnlog.current().outcome = "rejected"
            log.error("the device could not play a document: %s", _errors(handler_input))
        else:
            turnlog.current().outcome = "ignored"
            log.info("no handler for %s: an empty response", kind[:80] or "a request")
        return handler_input.response_builder.response


def event_handlers() -> list[AbstractRequestHandler]:
    """Registered after the conversation's handlers; `SilentHandler` must stay last."""
    return [ExceptionEncounteredHandler(), CanFulfillHandler()]
