"""Ending: the cool-down, finishing (whole or early), the summary, pausing, goodbyes.

Finishing is where the coach judges the workout; what it decides steps up next time is kept on
the state until the goodbye says it (after the cool-down, that is a later turn).
"""

from __future__ import annotations

from ...coach import progression
from ...speech import workout_speech
from ...speech.coaching import render_next_time
from ...speech.ssml import Speech
from ..state import Ask
from ..turn import Reply, Turn
from . import cards
from .floor import ask


def _judge(turn: Turn, *, completed: bool) -> None:
    workout = turn.state.workout
    assert workout is not None
    turn.state.stepped_up = progression.finish_workout(turn.profile, workout, completed=completed)
    turn.changed()


def offer_cool_down(turn: Turn, opening: Speech) -> Reply:
    """Every set done: the workout is judged and saved now; the stretch is the user's choice."""
    _judge(turn, completed=True)
    turn.state.to_menu()
    return ask(turn, Ask.COOL_DOWN, opening=opening)


def finish(turn: Turn, opening: Speech, *, completed: bool = True) -> Reply:
    """Close the workout (what was done is saved and judged), sum it up, and say goodbye."""
    _judge(turn, completed=completed)
    return summary_goodbye(turn, opening)


def finish_early(turn: Turn) -> Reply:
    """'I'm done': what was done is saved and judged, summed up, and the session closes."""
    workout = turn.state.workout
    if workout is not None and not workout.finished:
        return finish(turn, Speech().say(turn.line("finish_early")), completed=False)
    if workout is not None:
        return summary_goodbye(turn, Speech())
    return goodbye(turn)


def summary_goodbye(turn: Turn, opening: Speech, *, offer_reminder: bool = False) -> Reply:
    """The summary, what steps up next time, and the goodbye as the very last sentence (or,
    once, after a whole workout, the offer of a leg-day reminder)."""
    state = turn.state
    workout = state.workout
    out = Speech().extend(opening)
    summary = workout.summary() if workout is not None else None
    card = None
    if summary is not None and workout is not None:
        out.extend(workout_speech.summary_speech(summary, turn.line))
        if state.stepped_up:
            out.say(render_next_time(turn.line, state.stepped_up))
        card = cards.after_workout(turn, workout, summary)
    state.end_workout()
    if offer_reminder and summary and summary.sets_done and not turn.profile.reminder_offered:
        # Once, after a first real workout: leg day on the calendar, if they want it.
        turn.profile.reminder_offered = True
        turn.changed()
        reply = ask(turn, Ask.REMINDER, opening=out)
        reply.card = card
        return reply
    out.say(workout_speech.goodbye_text(summary, turn.line))
    turn.state.card = ("", "")
    return Reply(out, end=True, card=card)


def cool_down(turn: Turn) -> Reply:
    return summary_goodbye(turn, workout_speech.cool_down_speech(turn.line), offer_reminder=True)


def skip_cool_down(turn: Turn) -> Reply:
    return summary_goodbye(turn, Speech(), offer_reminder=True)


def pause(turn: Turn, opening: Speech | None = None) -> Reply:
    """Stop for now, politely; the place in the workout is stored, so resume works."""
    turn.state.to_menu()
    return Reply(Speech().extend(opening or Speech()).say(turn.line("paused")), end=True)


def goodbye(turn: Turn, *message_ids: str) -> Reply:
    """End the session politely, after any lines named in `message_ids`."""
    turn.state.leave_workout()
    said = [turn.line(key) for key in message_ids]
    return Reply(Speech().say(*said, turn.line("goodbye_menu")), end=True, card=cards.kept(turn))


def stop(turn: Turn) -> Reply:
    """Stop, cancel or 'go home' outside a set: sum up a finished workout, keep an open one."""
    workout = turn.state.workout
    if workout is not None and workout.finished:
        return summary_goodbye(turn, Speech())
    if workout is not None:
        return pause(turn)
    return goodbye(turn)


def end_for_today(turn: Turn, opening: Speech) -> Reply:
    """Close the workout as what was done and end the session after the advice."""
    workout = turn.state.workout
    if workout is not None and not workout.finished:
        progression.finish_workout(turn.profile, workout, completed=False)
        turn.changed()
    turn.state.end_workout()
    return Reply(opening.say(turn.line("severe_end")), end=True)
