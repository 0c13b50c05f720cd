"""Answers to the questions the coach asks, in one table: question kind x what the user said.

A new question is one entry in `ANSWERS` (and its line in `flow.question`). Whatever a question
does not list is not an answer to it: "no" returns to where the user was, with the right
question for that place; informing requests (help, status, questions) keep it open; anything
else drops it and is handled where the user is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ask_sdk_model import Response

from ...speech.ssml import Speech
from .. import flow
from ..state import Ask, Pending, Position
from ..turn import Reply, Turn
from . import reminders
from .adjust import easier_now
from .base import TurnHandler, slot_value
from .safety import end_for_today
from .workout import goodbye, open_workout, restart_workout, take_break, take_count

Resolver = Callable[[Turn, Pending], Reply | Response]

YES = "AMAZON.YesIntent"
NO = "AMAZON.NoIntent"
UNWELL_REST_S = 120


def back_where_we_were(turn: Turn, line: str = "") -> Reply:
    """The default for "no": return to the place in the workout, with its question."""
    back, reprompt = flow.back_to(turn)
    return Reply(Speech().say(turn.line(line) if line else "").extend(back), reprompt)


def _resume(turn: Turn, _: Pending) -> Reply:
    return flow.resume(turn)


def _fresh(turn: Turn, _: Pending) -> Reply:
    return flow.fresh_start(turn)


def _light(turn: Turn, _: Pending) -> Reply:
    return flow.fresh_start(turn, light=True)


def _full(turn: Turn, _: Pending) -> Reply:
    return flow.fresh_start(turn, light=False)


def _erase(turn: Turn, _: Pending) -> Reply:
    turn.erase_profile()
    turn.state.leave_workout()
    return Reply(Speech().say(turn.line("deleted")), end=True)


def _keep_data(turn: Turn, _: Pending) -> Reply:
    if not turn.state.in_workout and turn.state.workout is None:
        return goodbye(turn, "delete_kept")
    return back_where_we_were(turn, "delete_kept")


def _keep_data_and_stop(turn: Turn, _: Pending) -> Reply:
    if turn.state.in_workout:
        reply = flow.pause(turn)
        return Reply(Speech().say(turn.line("delete_kept")).extend(reply.speech), end=True)
    return goodbye(turn, "delete_kept")


def _save_again(turn: Turn, _: Pending) -> Reply:
    # Whether "saved" is true is only known after the save: `commit` adds it then.
    turn.dirty = True
    return Reply(Speech(), end=True, if_saved="saved_now")


def _leave_unsaved(turn: Turn, _: Pending) -> Reply:
    turn.dirty = False
    turn.state.leave_workout()
    return Reply(Speech().say(turn.line("not_saved")), end=True)


def _log_confirmed(turn: Turn, pending: Pending) -> Reply:
    return take_count(turn, int(pending.value or 0), confirmed=True)


def _recount(turn: Turn, pending: Pending) -> Reply:
    raw = slot_value(turn, "count")
    if raw is not None and raw.strip().isdigit() and int(raw) == pending.value:
        return take_count(turn, int(raw), confirmed=True)
    if raw is not None and raw.strip().isdigit():
        return take_count(turn, int(raw))
    return Reply(Speech().say(turn.line("count_again")), flow.count_reprompt(turn))


def _ask_count_again(turn: Turn, _: Pending) -> Reply:
    return Reply(Speech().say(turn.line("count_again")), flow.count_reprompt(turn))


def _easier_sparing(turn: Turn, pending: Pending) -> Reply:
    return easier_now(turn, str(pending.value) if pending.value else None)


def _skip_move(turn: Turn, _: Pending) -> Reply:
    return flow.skip_exercise(turn)


def _finish_now(turn: Turn, _: Pending) -> Reply:
    workout = turn.state.workout
    if workout is None or workout.finished:
        return goodbye(turn)
    return flow.finish(turn, Speech().say(turn.line("finish_early")), completed=False)


def _stop_unwell(turn: Turn, _: Pending) -> Reply:
    return end_for_today(turn, Speech())


def _rest_unwell(turn: Turn, _: Pending) -> Reply:
    turn.state.position = Position.READY
    return take_break(turn, UNWELL_REST_S, turn.line("unwell_rest"))


def _easier(turn: Turn, _: Pending) -> Reply:
    return easier_now(turn)


def _carry_on(turn: Turn, _: Pending) -> Reply:
    workout = turn.state.workout
    if workout is None or workout.current is None:
        return back_where_we_were(turn)
    return flow.present_set(turn, Speech(), intro=workout.current.first_of_block)


def _feels_fine(turn: Turn, _: Pending) -> Reply:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    turn.profile.clear_pain(workout.current.block.slot)
    turn.changed()
    turn.extras["checked_in"] = True
    return flow.present_set(turn, Speech().say(turn.line("pain_cleared")), intro=True)


def _remind(turn: Turn, _: Pending) -> Reply | Response:
    reply = reminders.create(turn, reminders.plan_from_slots(turn))
    if isinstance(reply, Reply) and reply.end:
        reply.speech.say(turn.line("goodbye_menu"))
    return reply


def _cool_down(turn: Turn, _: Pending) -> Reply:
    return flow.cool_down(turn)


def _no_cool_down(turn: Turn, _: Pending) -> Reply:
    return flow.summary_goodbye(turn, Speech(), offer_reminder=True)


def _start(turn: Turn, _: Pending) -> Reply:
    return open_workout(turn)


def _bye(turn: Turn, _: Pending) -> Reply:
    return goodbye(turn)


def _restart(turn: Turn, _: Pending) -> Reply:
    return restart_workout(turn)


def _carry_on_restart(turn: Turn, _: Pending) -> Reply:
    return back_where_we_were(turn, "restart_no")


ANSWERS: Mapping[Ask, Mapping[str, Resolver]] = {
    Ask.START: {YES: _start, NO: _bye},
    Ask.RESUME: {
        YES: _resume,
        "AMAZON.ResumeIntent": _resume,
        "AMAZON.NextIntent": _resume,
        NO: _fresh,
        "StartWorkoutIntent": _fresh,
        "LightSessionIntent": _light,
        "FullSessionIntent": _full,
    },
    Ask.RESTART: {YES: _restart, NO: _carry_on_restart},
    Ask.LIGHT_OR_FULL: {
        YES: _light,
        "LightSessionIntent": _light,
        NO: _full,
        "FullSessionIntent": _full,
        "StartWorkoutIntent": _full,
    },
    Ask.DELETE: {
        YES: _erase,
        NO: _keep_data,
        "AMAZON.StopIntent": _keep_data_and_stop,
        "AMAZON.CancelIntent": _keep_data_and_stop,
    },
    Ask.RETRY_SAVE: {YES: _save_again, NO: _leave_unsaved},
    Ask.CONFIRM_COUNT: {YES: _log_confirmed, NO: _ask_count_again, "LogSetIntent": _recount},
    Ask.PAIN: {
        YES: _easier_sparing,
        "EasierIntent": _easier_sparing,
        NO: _skip_move,
        "SkipIntent": _skip_move,
        "AMAZON.NextIntent": _skip_move,
        "FinishEarlyIntent": _finish_now,
    },
    Ask.UNWELL: {YES: _stop_unwell, "FinishEarlyIntent": _stop_unwell, NO: _rest_unwell},
    Ask.EASIER: {YES: _easier, "EasierIntent": _easier, NO: _carry_on},
    Ask.CHECK_IN: {YES: _feels_fine, NO: _easier_sparing, "EasierIntent": _easier_sparing},
    Ask.REMINDER: {
        YES: _remind,
        "SetReminderIntent": _remind,
        NO: _bye,
        "AMAZON.StopIntent": _bye,
        "AMAZON.CancelIntent": _bye,
    },
    Ask.COOL_DOWN: {
        YES: _cool_down,
        "AMAZON.ResumeIntent": _cool_down,
        NO: _no_cool_down,
        "SkipIntent": _no_cool_down,
        "AMAZON.NextIntent": _no_cool_down,
        "FinishEarlyIntent": _no_cool_down,
        "AMAZON.StopIntent": _no_cool_down,
        "AMAZON.CancelIntent": _no_cool_down,
    },
}


class AnswerHandler(TurnHandler):
    """The open question's answer: looked up by the question's kind and the intent heard."""

    request_types = ("IntentRequest",)
    informs = True

    def accepts(self, turn: Turn) -> bool:
        question = turn.state.question
        return question is not None and (
            turn.intent_name in ANSWERS.get(question.ask, {}) or turn.intent_name == NO
        )

    def respond(self, turn: Turn) -> Reply | Response:
        pending = turn.state.resolve()
        assert pending is not None
        resolver = ANSWERS.get(pending.ask, {}).get(turn.intent_name)
        if resolver is None:  # "no" to a question with no special meaning for it
            return back_where_we_were(turn, "okay")
        return resolver(turn, pending)
