"""The voice layer's side of the screen: ask `legcoach.screen` for a document when the device
renders APL, and wrap it as the SDK's directive. A screen that fails to build is logged and left
out: the spoken answer never depends on it."""

from __future__ import annotations

import logging

from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

from ..screen import ScreenView, screen_directive, supports_apl
from ..speech.ssml import Speech
from .turn import Turn

log = logging.getLogger(__name__)


def screen_for(turn: Turn, speech: Speech) -> RenderDocumentDirective | None:
    if not supports_apl(turn.handler_input.request_envelope):
        return None
    try:
        data = screen_directive(view_of(turn), speech)
    except Exception:
        log.warning("the screen could not be built; answering by voice only", exc_info=True)
        return None
    if data is None:
        return None
    return RenderDocumentDirective(
        token=data["token"], document=data["document"], datasources=data["datasources"]
    )


def view_of(turn: Turn) -> ScreenView:
    state = turn.state
    workout = state.workout
    in_set = state.in_workout and workout is not None and workout.current is not None
    return ScreenView(
        lines=turn.line,
        today=turn.today,
        intent=turn.intent_name,
        extras=turn.extras,
        recent=turn.profile.recent,
        current=workout.current if in_set and workout is not None else None,
        position=state.position.value,
        rep_from=state.rep_from,
    )
