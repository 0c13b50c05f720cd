"""Request handlers, in the order the dispatcher tries them (specific before general)."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler

from . import conversation as c
from . import lifecycle as life
from . import workout as w


def request_handlers(store: object) -> list[AbstractRequestHandler]:
    return [
        life.SkillDisabledHandler(store),
        w.LaunchHandler(),
        w.SessionEndedHandler(),
        # The workout's own moves, phase-specific first.
        w.LogSetHandler(),
        w.CountOutOfPlaceHandler(),
        w.ReadyHandler(),
        c.YesHandler(),
        c.NoHandler(),
        w.LightOrFullHandler(),
        w.StartWorkoutHandler(),
        w.NextHandler(),
        w.StartOverHandler(),
        w.PauseHandler(),
        w.ResumeHandler(),
        # Anywhere in the conversation.
        c.QuestionHandler(),
        c.ProgressHandler(),
        c.DeleteDataHandler(),
        c.HelpHandler(),
        c.RepeatHandler(),
        c.GoodbyeHandler(),
        c.UnexpectedHandler(),
        c.FallbackHandler(),
    ]
