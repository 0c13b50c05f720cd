"""The floor: asking, each question's line, handing the floor back, repeating, one-shot sessions.

A question is asked by pushing it on the state's stack (`ask`); `back_to` is the one line that
hands the floor back after anything that did not move on: the open question, else the place in
the workout, else the menu.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC

from ...coach import place
from ...coach.exercises import JOINTS
from ...speech import workout_speech
from ...speech.coaching import render_check_in
from ...speech.render import render_reply
from ...speech.ssml import Speech
from ...speech.today import render_resume_offer
from ...speech.words import move_name
from ..clock import zone
from ..state import Ask, Pending, Position
from ..turn import Reply, Turn


def count_reprompt(turn: Turn) -> Speech:
    return Speech().say(turn.line("reprompt_count"))


def ready_reprompt(turn: Turn) -> Speech:
    return Speech().say(turn.line("reprompt_ready"))


def menu_reprompt(turn: Turn) -> Speech:
    return Speech().say(turn.line("reprompt_menu"))


# -- each question's line ------------------------------------------------------------------------


def _current_name(turn: Turn) -> str:
    workout = turn.state.workout
    if workout is None or workout.current is None:
        return ""
    return move_name(turn.line, workout.current.block.prescription.exercise)


def _joint(turn: Turn, value: int | str | None) -> str:
    """A joint's spoken name; body parts outside the catalogue's joints are said as heard."""
    name = str(value or "")
    return turn.line(f"joint_{name}") if name in JOINTS else name


def where_now(turn: Turn) -> str:
    workout = turn.state.workout or turn.profile.active
    if workout is None or workout.current is None:
        return ""
    return workout_speech.where_text(workout.current, turn.line)


def _resume_line(turn: Turn, _: Pending) -> str:
    """Where it stopped, from the record: 'Yesterday, you stopped after set two of...'."""
    offered = place.offer(turn.profile, turn.today, zone(turn.time_zone or "") or UTC)
    if offered is None:
        return turn.line("resume_offer", where=where_now(turn))
    return render_resume_offer(turn.line, offered)[0]


def _confirm_count_line(turn: Turn, pending: Pending) -> str:
    workout = turn.state.workout
    target = workout.current.target if workout and workout.current else 0
    return turn.line("confirm_count", count=int(pending.value or 0), target=target)


def _pain_line(turn: Turn, pending: Pending) -> str:
    key = "pain_options" if pending.value else "pain_options_any"
    return turn.line(key, joint=_joint(turn, pending.value))


def _easier_line(turn: Turn, _: Pending) -> str:
    return turn.line("easier_offer", name=_current_name(turn))


def _check_in_line(turn: Turn, pending: Pending) -> str:
    workout = turn.state.workout
    key = workout.current.block.prescription.exercise if workout and workout.current else ""
    return render_check_in(turn.line, str(pending.value), key)


def _plain(message_id: str) -> Callable[[Turn, Pending], str]:
    return lambda turn, _: turn.line(message_id)


# One entry per question the coach asks: what it says (its answers are in `answers.ANSWERS`).
QUESTION_LINES: Mapping[Ask, Callable[[Turn, Pending], str]] = {
    Ask.START: _plain("menu_question"),
    Ask.RESUME: _resume_line,
    Ask.RESTART: _plain("restart_ask"),
    Ask.LIGHT_OR_FULL: _plain("light_or_full_ask"),
    Ask.DELETE: _plain("delete_ask"),
    Ask.RETRY_SAVE: _plain("retry_save_ask"),
    Ask.CONFIRM_COUNT: _confirm_count_line,
    Ask.PAIN: _pain_line,
    Ask.UNWELL: _plain("unwell_ask"),
    Ask.EASIER: _easier_line,
    Ask.CHECK_IN: _check_in_line,
    Ask.COOL_DOWN: _plain("cool_down_offer"),
    Ask.REMINDER: _plain("reminder_offer"),
    Ask.HURT: _plain("hurt_ask"),
}


def question(turn: Turn, pending: Pending) -> tuple[Speech, Speech]:
    """The question's line, and its reprompt (the same line)."""
    if pending.ask is Ask.START:
        return Speech().say(turn.line("menu_question")), menu_reprompt(turn)
    line = Speech().say(QUESTION_LINES[pending.ask](turn, pending))
    return line, line


def ask(
    turn: Turn,
    kind: Ask,
    value: int | str | None = None,
    *,
    opening: Speech | None = None,
    held: int | None = None,
) -> Reply:
    """Push a question and ask it; its answer is looked up in `answers.ANSWERS`."""
    pending = turn.state.ask(kind, value, held)
    line, reprompt = question(turn, pending)
    return Reply(Speech().extend(opening or Speech()).extend(line), reprompt)


# -- handing the floor back ------------------------------------------------------------------------


def _set_words(turn: Turn) -> dict[str, object]:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    spec = workout.current
    return {
        "number": spec.round,
        "name": move_name(turn.line, spec.block.prescription.exercise, 2),
        "side": workout_speech.side_words(spec.side, turn.line),
    }


def back_to(turn: Turn) -> tuple[Speech, Speech]:
    """The line that hands the floor back (the open question, or the place in the workout)."""
    state = turn.state
    if state.question is not None:
        return question(turn, state.question)
    if state.position is Position.COUNT and state.workout and state.workout.current:
        return Speech().say(turn.line("back_to_count", **_set_words(turn))), count_reprompt(turn)
    if state.position is Position.READY and state.workout and state.workout.current:
        return Speech().say(turn.line("back_to_ready", **_set_words(turn))), ready_reprompt(turn)
    return Speech().say(turn.line("menu_question")), menu_reprompt(turn)


def then_back(turn: Turn, text: str = "", *, opening: Speech | None = None) -> Reply:
    """Say `text` (after `opening`), then hand the floor back where it was."""
    line, reprompt = back_to(turn)
    speech = Speech().extend(opening or Speech()).say(text)
    return Reply(speech.extend(line), reprompt)


def one_shot(turn: Turn) -> bool:
    """A session opened for this one request ("Alexa, ask leg workout ..."): answer and close."""
    session = turn.handler_input.request_envelope.session
    return session is None or bool(session.new)


def hand_back(turn: Turn, text: str, *, close_at_menu: bool = False) -> Reply:
    """Say `text`; close a one-shot session with nothing open, otherwise hand the floor back.

    The one rule for one-shot sessions: a request that opened the session at the menu, with no
    question pending, is answered and the session closes. `close_at_menu`: an answer that is
    the end of the matter (a reminder set) closes any session at the menu, one-shot or not.
    """
    state = turn.state
    at_menu = state.position is Position.MENU and state.question is None
    if at_menu and (close_at_menu or one_shot(turn)):
        return Reply(Speech().say(text), end=True)
    return then_back(turn, text)


def replay(turn: Turn) -> Reply:
    """Say the last meaningful speech again, in the current audio mode, ending on the question.

    It comes back from the session, so it is checked like input: what cannot be read, or no
    longer fits the mode, is not repeated, and the question alone is said.
    """
    line, reprompt = back_to(turn)
    if not turn.state.replay:
        return Reply(line, reprompt, keep_replay=True)
    try:
        last = Speech.loads(turn.state.replay)
        if "?" not in last.text:
            last.extend(line)
        render_reply(last, reprompt, mode=turn.audio_mode, ticks=turn.ticks)
    except (ValueError, TypeError):
        last = line
    return Reply(last, reprompt, keep_replay=True)
