"""The request handlers: one router for the conversation, plus the skill-disabled event.

`TurnRouter` takes every request the conversation answers, finds its route by rank
(`routes.route_for`), settles any open question unless the route only informs, calls the route's
one move, and commits the reply. Nothing else decides what a request means.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..commit import commit
from ..turn import TURN_KEY, Turn
from .lifecycle import SkillDisabledHandler
from .routes import route_for


class TurnRouter(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        turn = handler_input.attributes_manager.request_attributes.get(TURN_KEY)
        return turn is not None and route_for(turn) is not None

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.current(handler_input)
        found = route_for(turn)
        assert found is not None
        _, route = found
        if not route.fallback:
            turn.state.misses = 0
        if not route.informs:
            turn.state.drop_questions()  # the user moved on
        return commit(turn, route.move(turn))


def request_handlers(store: object) -> list[AbstractRequestHandler]:
    return [SkillDisabledHandler(store), TurnRouter()]
