"""Request handlers, in the order the dispatcher tries them (specific before general).

Safety comes first, then the answer to an open question, then the workout's own moves by
position, then what works anywhere, and the fallback last.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler

from . import adjust, answers, conversation, lifecycle, reminders, safety, status, workout


def request_handlers(store: object) -> list[AbstractRequestHandler]:
    return [
        lifecycle.SkillDisabledHandler(store),
        workout.SessionEndedHandler(),
        safety.PainHandler(),
        safety.UnwellHandler(),
        workout.LaunchHandler(),
        answers.AnswerHandler(),
        # The workout's own moves, position-specific first.
        workout.LogSetHandler(),
        workout.AllRepsHandler(),
        workout.NoRepsHandler(),
        workout.SomeRepsHandler(),
        workout.CountOutOfPlaceHandler(),
        workout.ReadyHandler(),
        workout.FinishEarlyHandler(),
        workout.BreakHandler(),
        workout.SkipHandler(),
        workout.RedoHandler(),
        workout.StartOverHandler(),
        workout.PauseHandler(),
        workout.ResumeHandler(),
        workout.LightOrFullHandler(),
        workout.StartWorkoutHandler(),
        adjust.SlowerHandler(),
        adjust.FasterHandler(),
        adjust.EasierHandler(),
        adjust.HarderHandler(),
        adjust.NoEquipmentHandler(),
        adjust.CantDoHandler(),
        adjust.BeepsHandler(),
        status.StatusHandler(),
        # Anywhere in the conversation.
        reminders.PermissionAnswerHandler(),
        reminders.SetReminderHandler(),
        reminders.StopRemindersHandler(),
        reminders.NextLegDayHandler(),
        conversation.QuestionHandler(),
        conversation.ProgressHandler(),
        conversation.DeleteDataHandler(),
        conversation.HelpHandler(),
        conversation.RepeatHandler(),
        conversation.GoodbyeHandler(),
        conversation.UnexpectedHandler(),
        conversation.FallbackHandler(),
    ]
