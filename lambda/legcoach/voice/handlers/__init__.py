"""Request handlers, in the order the dispatcher tries them (specific before general).

Safety comes first, then the answer to an open question, then the workout's own moves by
position, then what works anywhere, and the fallback last.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler

from . import adjust as a
from . import answers as q
from . import conversation as c
from . import lifecycle as life
from . import reminders as r
from . import safety as s
from . import status as st
from . import workout as w


def request_handlers(store: object) -> list[AbstractRequestHandler]:
    return [
        life.SkillDisabledHandler(store),
        w.SessionEndedHandler(),
        s.PainHandler(),
        s.UnwellHandler(),
        w.LaunchHandler(),
        q.AnswerHandler(),
        # The workout's own moves, position-specific first.
        w.LogSetHandler(),
        w.AllRepsHandler(),
        w.NoRepsHandler(),
        w.SomeRepsHandler(),
        w.CountOutOfPlaceHandler(),
        w.ReadyHandler(),
        w.FinishEarlyHandler(),
        w.BreakHandler(),
        w.SkipHandler(),
        w.RedoHandler(),
        w.StartOverHandler(),
        w.PauseHandler(),
        w.ResumeHandler(),
        w.LightOrFullHandler(),
        w.StartWorkoutHandler(),
        a.SlowerHandler(),
        a.FasterHandler(),
        a.EasierHandler(),
        a.HarderHandler(),
        a.NoEquipmentHandler(),
        a.CantDoHandler(),
        a.BeepsHandler(),
        st.StatusHandler(),
        # Anywhere in the conversation.
        r.PermissionAnswerHandler(),
        r.SetReminderHandler(),
        r.StopRemindersHandler(),
        r.NextLegDayHandler(),
        c.QuestionHandler(),
        c.ProgressHandler(),
        c.DeleteDataHandler(),
        c.HelpHandler(),
        c.RepeatHandler(),
        c.GoodbyeHandler(),
        c.UnexpectedHandler(),
        c.FallbackHandler(),
    ]
