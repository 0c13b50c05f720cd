"""Each question's answers: for every question the coach asks, what each answer leads to.

Whatever a question does not list is not an answer to it: "no" returns to where the user was,
with the right question for that place; informing requests (help, status, questions) keep it
open; anything else drops it and is handled where the user is. A question's line is its entry
in `floor.QUESTION_LINES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ...coach.workout import MAX_BELIEVABLE_REPS
from ...speech.ssml import Speech
from ..state import Ask, Pending
from ..turn import Reply, Turn
from . import adjusting, ending, reminders, safety, sets, starting
from .floor import ask, count_reprompt, then_back

Resolver = Callable[[Turn, Pending], Reply]

YES = "AMAZON.YesIntent"
NO = "AMAZON.NoIntent"
UNWELL_REST_S = 120


def _erase(turn: Turn, _: Pending) -> Reply:
    turn.erase_profile()
    turn.state.end_workout()
    return Reply(Speech().say(turn.line("deleted")), end=True)


def _keep_data(turn: Turn, _: Pending) -> Reply:
    if not turn.state.in_workout and turn.state.workout is None:
        return ending.goodbye(turn, "delete_kept")
    return then_back(turn, turn.line("delete_kept"))


def _keep_data_and_stop(turn: Turn, _: Pending) -> Reply:
    if turn.state.in_workout:
        return ending.pause(turn, Speech().say(turn.line("delete_kept")))
    return ending.goodbye(turn, "delete_kept")


def _save_again(turn: Turn, _: Pending) -> Reply:
    # Whether "saved" is true is only known after the save: the commit adds it then.
    turn.dirty = True
    return Reply(Speech(), end=True, if_saved="saved_now")


def _leave_unsaved(turn: Turn, _: Pending) -> Reply:
    turn.leave_unsaved()
    turn.state.end_workout()
    return Reply(Speech().say(turn.line("not_saved")), end=True)


def _log_confirmed(turn: Turn, pending: Pending) -> Reply:
    return sets.take_count(turn, int(pending.value or 0), confirmed=True)


def _recount(turn: Turn, pending: Pending) -> Reply:
    raw = turn.slot("count")
    if raw is not None and raw.strip().isdigit():
        return sets.take_count(turn, int(raw), confirmed=int(raw) == pending.value)
    return _ask_count_again(turn, pending)


def _ask_count_again(turn: Turn, _: Pending) -> Reply:
    return Reply(Speech().say(turn.line("count_again")), count_reprompt(turn))


def _easier_sparing(turn: Turn, pending: Pending) -> Reply:
    return adjusting.easier_now(turn, str(pending.value) if pending.value else None)


def _finish_now(turn: Turn, _: Pending) -> Reply:
    workout = turn.state.workout
    if workout is None or workout.finished:
        return ending.goodbye(turn)
    return ending.finish(turn, Speech().say(turn.line("finish_early")), completed=False)


def _rest_unwell(turn: Turn, _: Pending) -> Reply:
    turn.state.to_ready()
    return sets.take_break(turn, UNWELL_REST_S, turn.line("unwell_rest"))


def _carry_on(turn: Turn, _: Pending) -> Reply:
    workout = turn.state.workout
    if workout is None or workout.current is None:
        return then_back(turn)
    return sets.present_set(turn, Speech(), intro=workout.current.first_of_block)


def _pain_passed(turn: Turn, _: Pending) -> Reply:
    """ "It was nothing, carry on" at the pain offer: the same move, gently; the note on the
    joint stays until a later check clears it."""
    workout = turn.state.workout
    if workout is None or workout.current is None:
        return then_back(turn, turn.line("pain_passed"))
    speech = Speech().say(turn.line("pain_passed"))
    return sets.present_set(turn, speech, intro=workout.current.first_of_block)


def _feels_fine(turn: Turn, _: Pending) -> Reply:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    turn.profile.clear_pain(workout.current.block.slot)
    turn.changed()
    turn.extras["checked_in"] = True
    return sets.present_set(turn, Speech().say(turn.line("pain_cleared")), intro=True)


def _count_before(turn: Turn, pending: Pending) -> Reply:
    """A number said after a safety stop: logged once, for the set that was counted before the
    stop, then the same question again (nothing else is decided for the user). Any other number
    is not a set: the question is asked again and nothing is logged."""
    workout = turn.state.workout
    raw = turn.slot("count") if turn.intent_name == "LogSetIntent" else turn.slot_id("amount")
    if workout is None or workout.current is None:
        return then_back(turn)
    if pending.held is None or pending.held != workout.cursor:
        opening = Speech().say(turn.line("count_before_taken"))
        return ask(turn, pending.ask, pending.value, opening=opening)
    if raw is None or not raw.strip().isdigit() or int(raw) > MAX_BELIEVABLE_REPS:
        opening = Speech().say(turn.line("okay"))
        return ask(turn, pending.ask, pending.value, opening=opening, held=pending.held)
    count = int(raw)
    workout.record(count)
    sets.touch(turn)
    opening = Speech().say(turn.line("count_before_logged", count=count))
    if workout.finished:
        return ending.finish(turn, opening, completed=True)
    return ask(turn, pending.ask, pending.value, opening=opening)


def _hurt(turn: Turn, pending: Pending) -> Reply:
    return safety.hurt_confirmed(turn, str(pending.value) if pending.value else None)


def _not_hurt(turn: Turn, _: Pending) -> Reply:
    return then_back(turn, turn.line("hurt_carry_on"))


def _remind(turn: Turn, _: Pending) -> Reply:
    reply = reminders.create(turn, reminders.plan_from_slots(turn))
    if reply.end and reply.hand_over is None:
        reply.speech.say(turn.line("goodbye_menu"))
    return reply


def _move(move: Callable[[Turn], Reply]) -> Resolver:
    """An answer that is just a move, whatever the question carried."""
    return lambda turn, _: move(turn)


_resume = _move(starting.resume)
_fresh = _move(starting.fresh_start)
_light = _move(starting.light_session)
_full = _move(starting.full_session)
_bye = _move(ending.goodbye)
_no_cool_down = _move(ending.skip_cool_down)
_skip_move = _move(sets.skip_exercise)

# Question -> intent heard -> what it leads to. A new question: one entry here, one line in
# `floor.QUESTION_LINES`, one `Ask`.
ANSWERS: Mapping[Ask, Mapping[str, Resolver]] = {
    Ask.START: {YES: _move(starting.open_workout), NO: _bye},
    Ask.RESUME: {
        YES: _resume,
        "AMAZON.ResumeIntent": _resume,
        "AMAZON.NextIntent": _resume,
        # "go back", "do it again": at this question they can only mean the workout.
        "AMAZON.PreviousIntent": _resume,
        "RedoIntent": _resume,
        # "Say that again?", "where did I get to?": the offer says exactly that, so it is
        # asked again.
        "AMAZON.RepeatIntent": lambda turn, _: ask(turn, Ask.RESUME),
        "WhereAmIIntent": lambda turn, _: ask(turn, Ask.RESUME),
        NO: _fresh,
        "StartWorkoutIntent": _fresh,
        "LightSessionIntent": _light,
        "FullSessionIntent": _full,
    },
    Ask.RESTART: {YES: _move(starting.restart_workout), NO: _move(starting.keep_going)},
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
        "LogSetIntent": _count_before,
        "CountPhraseIntent": _count_before,
        "FeelingGoodIntent": _pain_passed,
        "AMAZON.ResumeIntent": _pain_passed,
        "FullSessionIntent": _pain_passed,  # "no, I'll do the normal one"
    },
    Ask.UNWELL: {
        YES: _move(lambda turn: ending.end_for_today(turn, Speech())),
        "FinishEarlyIntent": _move(lambda turn: ending.end_for_today(turn, Speech())),
        NO: _rest_unwell,
        "LogSetIntent": _count_before,
        "CountPhraseIntent": _count_before,
    },
    Ask.HURT: {
        YES: _hurt,
        "UnclearHurtIntent": _hurt,
        NO: _not_hurt,
        "FeelingGoodIntent": _not_hurt,
        "AMAZON.ResumeIntent": _not_hurt,
        "AMAZON.NextIntent": _not_hurt,
    },
    Ask.EASIER: {
        YES: _move(adjusting.easier_now),
        "EasierIntent": _move(adjusting.easier_now),
        NO: _carry_on,
    },
    Ask.CHECK_IN: {
        YES: _feels_fine,
        "FeelingGoodIntent": _feels_fine,
        NO: _easier_sparing,
        "EasierIntent": _easier_sparing,
    },
    Ask.REMINDER: {
        YES: _remind,
        "SetReminderIntent": _remind,
        NO: _bye,
        "AMAZON.StopIntent": _bye,
        "AMAZON.CancelIntent": _bye,
    },
    Ask.COOL_DOWN: {
        YES: _move(ending.cool_down),
        "AMAZON.ResumeIntent": _move(ending.cool_down),
        NO: _no_cool_down,
        "SkipIntent": _no_cool_down,
        "AMAZON.NextIntent": _no_cool_down,
        "FinishEarlyIntent": _no_cool_down,
        "AMAZON.StopIntent": _no_cool_down,
        "AMAZON.CancelIntent": _no_cool_down,
    },
}


def answers_to(pending: Pending | None, intent: str) -> bool:
    """Whether `intent` answers the open question ("no" always does: it goes back)."""
    return pending is not None and (intent in ANSWERS.get(pending.ask, {}) or intent == NO)


def answer(turn: Turn, intent: str) -> Reply:
    """Resolve the open question with what was heard."""
    pending = turn.state.resolve()
    assert pending is not None
    resolver = ANSWERS.get(pending.ask, {}).get(intent)
    if resolver is None:  # "no" to a question with no special meaning for it
        return then_back(turn, turn.line("okay"))
    return resolver(turn, pending)
