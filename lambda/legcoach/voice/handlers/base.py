"""The handler idiom used throughout: a class per sentence, routed on intent and phase."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot, is_intent_name, is_request_type
from ask_sdk_model import Response

from ..state import Ask, Phase
from ..turn import TURN_KEY, Turn


class TurnHandler(AbstractRequestHandler):
    """Handles `intents` (or `request_types`) in the given `phases` (all phases when None)."""

    intents: tuple[str, ...] = ()
    request_types: tuple[str, ...] = ()
    phases: tuple[Phase, ...] | None = None
    asks: tuple[Ask, ...] | None = None

    def can_handle(self, handler_input: HandlerInput) -> bool:
        matches = any(is_intent_name(name)(handler_input) for name in self.intents) or any(
            is_request_type(kind)(handler_input) for kind in self.request_types
        )
        if not matches:
            return False
        turn = handler_input.attributes_manager.request_attributes.get(TURN_KEY)
        if turn is None:
            return False
        if self.phases is not None and turn.state.phase not in self.phases:
            return False
        return self.asks is None or turn.state.ask in self.asks

    def handle(self, handler_input: HandlerInput) -> Response:
        return self.respond(Turn.current(handler_input))

    def respond(self, turn: Turn) -> Response:
        raise NotImplementedError


def slot_value(turn: Turn, name: str) -> str | None:
    slot = get_slot(turn.handler_input, name)
    value = getattr(slot, "value", None)
    return value if isinstance(value, str) and value.strip() else None


def slot_id(turn: Turn, name: str) -> str | None:
    """The canonical id of a custom-slot value, when entity resolution matched one."""
    slot = get_slot(turn.handler_input, name)
    resolutions = getattr(slot, "resolutions", None)
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        code = getattr(getattr(authority.status, "code", None), "value", None)
        if code == "ER_SUCCESS_MATCH" and authority.values:
            return authority.values[0].value.id
    return None


def is_new_session(turn: Turn) -> bool:
    session = turn.handler_input.request_envelope.session
    return bool(session and session.new)


IN_WORKOUT = (Phase.COUNT, Phase.READY)
