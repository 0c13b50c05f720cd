"""The first response of a session, said short: the opening the coach decided, a set's
introduction of the kind the intro rule asked for, and a measure of the talk before the first
rep (the count starts on the whistle)."""

from __future__ import annotations

from ..coach.intro import Intro
from ..coach.opening import Opening, Overview, Welcome
from ..coach.progression import Plan
from ..coach.workout import Block, Workout
from . import workout_speech as ws
from .coaching import render_plan_notes
from .cues import WHISTLE
from .lines import Lines
from .ssml import Beat, Speech, Text, estimate_speech_seconds
from .today import render_learned
from .variety import tip_line
from .words import join_and, move_name, side_suffix


def overview_short(workout: Workout, say: Lines) -> str:
    """'Today: split squats, bridges and air squats, about nine minutes.'"""
    names = [move_name(say, b.prescription.exercise, 2) for b in workout.blocks]
    minutes = say("n_minutes", count=max(1, round(workout.estimated_seconds() / 60)))
    return say("overview_short", names=join_and(say, names), minutes=minutes)


def render_opening(say: Lines, opening: Opening, plan: Plan, *, fitted_line: str = "") -> Speech:
    """Welcome, the plan's notes, the overview, at most one tip, and the warm-up (if any)."""
    out = Speech()
    if opening.welcome is Welcome.FIRST:
        out.say(say("welcome_first"))
    elif opening.welcome is Welcome.BACK:
        out.say(say("welcome_back"))
    if opening.safety:
        out.say(say("safety"))
    out.say(*render_plan_notes(say, plan))
    out.say(*(t for t in (render_learned(say, n) for n in plan.learned) if t))
    if fitted_line:
        out.say(fitted_line)
    if opening.overview is Overview.FULL:
        out.say(ws.overview_text(plan.workout, say))
    else:
        out.say(overview_short(plan.workout, say))
    tip = tip_line(say, opening.tip)
    if tip:
        out.say(tip)
    if opening.warmup and plan.workout.warmup:
        out.extend(ws.warmup_speech(say))
    return out


def intro_words(say: Lines, block: Block, side: str | None, kind: Intro) -> str:
    """The words before a set's get-into-position countdown, as the intro rule decided."""
    if kind is Intro.FULL:
        return ws.intro_text(block, side, say)
    if kind is Intro.BRIEF:
        return say(
            "intro_brief",
            name=move_name(say, block.prescription.exercise, 2),
            side=side_suffix(say, side),
            reps=say("n_reps", count=block.prescription.reps),
        )
    if kind is Intro.SIDE and side:
        return ws.side_lead(side, say)
    return ""


def _before_whistle(speech: Speech) -> list:
    parts = []
    for part in speech.parts:
        if isinstance(part, Beat) and part.cue == WHISTLE.name:
            break
        parts.append(part)
    return parts


def talk_before_first_rep(speech: Speech) -> float:
    """Seconds of words (not the timed silences of the warm-up and set-up) before the first
    rep's whistle: what a user sits through before counting starts."""
    total = 0.0
    for part in _before_whistle(speech):
        if isinstance(part, Text):
            total += part.seconds
        elif isinstance(part, Beat) and part.text:
            total += min(part.seconds, estimate_speech_seconds(part.text))
    return total


def audio_before_first_rep(speech: Speech) -> float:
    """Seconds of everything (words, warm-up and set-up included) before the first rep."""
    return sum(part.seconds for part in _before_whistle(speech))
