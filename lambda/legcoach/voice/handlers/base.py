"""The handler idiom used throughout: a class per sentence, routed on intent and position.

A handler decides and returns a `Reply`; the base class commits it (see `commit`). Handlers that
act (start, log, skip...) drop any question left open, since the user moved on; handlers that
only inform (questions, help, status) keep it, and hand the floor back to it.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_slot, is_intent_name, is_request_type
from ask_sdk_model import Response

from ..commit import commit
from ..state import Position
from ..turn import TURN_KEY, Reply, Turn


class TurnHandler(AbstractRequestHandler):
    """Handles `intents` (or `request_types`) at the given `positions` (anywhere when None)."""

    intents: tuple[str, ...] = ()
    request_types: tuple[str, ...] = ()
    positions: tuple[Position, ...] | None = None
    informs: bool = False  # answers without moving on: an open question stays open
    fallback: bool = False

    def can_handle(self, handler_input: HandlerInput) -> bool:
        matches = any(is_intent_name(name)(handler_input) for name in self.intents) or any(
            is_request_type(kind)(handler_input) for kind in self.request_types
        )
        if not matches:
            return False
        turn = handler_input.attributes_manager.request_attributes.get(TURN_KEY)
        if turn is None:
            return False
        if self.positions is not None and turn.state.position not in self.positions:
            return False
        return self.accepts(turn)

    def accepts(self, turn: Turn) -> bool:
        """A further condition on the turn (a pending question, a workout in progress)."""
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.current(handler_input)
        if not self.fallback:
            turn.state.misses = 0
        if not self.informs:
            turn.state.drop_questions()
        reply = self.respond(turn)
        return commit(turn, reply) if isinstance(reply, Reply) else reply

    def respond(self, turn: Turn) -> Reply | Response:
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
        values = getattr(authority, "values", None) or []
        if code == "ER_SUCCESS_MATCH" and values:
            value_id = getattr(getattr(values[0], "value", None), "id", None)
            return value_id if isinstance(value_id, str) else None
    return None


def is_new_session(turn: Turn) -> bool:
    session = turn.handler_input.request_envelope.session
    return bool(session and session.new)


IN_WORKOUT = (Position.COUNT, Position.READY)
