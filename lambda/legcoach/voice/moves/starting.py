"""Starting: open the skill, begin today's workout, resume it, restart it, or start afresh.

"Open leg workout" offers an unfinished workout from today for resuming; a session today or
yesterday gets a heads-up and the choice of a light or full session; otherwise the workout
begins. An unfinished workout from an earlier day is closed and counted as what was done.
"""

from __future__ import annotations

from ...coach import progression
from ...coach.schedule import too_soon
from ...speech import workout_speech
from ...speech.coaching import render_plan_notes, render_too_soon
from ...speech.ssml import Speech
from ..state import Ask, Position
from ..turn import Reply, Turn
from .floor import ask, back_to, then_back
from .sets import present_current, touch


def stale_check(turn: Turn) -> None:
    """An unfinished workout from an earlier day is closed and counted as what was done."""
    if progression.close_stale(turn.profile, turn.now):
        turn.changed()


def launch(turn: Turn) -> Reply:
    """The skill opened without a request: welcome back, and what comes next."""
    opening = Speech()
    if turn.profile.safety_noted:
        opening.say(turn.line("welcome_back"))
    turn.state.leave_workout()
    return open_workout(turn, opening)


def open_workout(turn: Turn, opening: Speech | None = None) -> Reply:
    """What "open leg workout" or "start my workout" leads to, given where the user is."""
    opening = opening or Speech()
    stale_check(turn)
    profile = turn.profile
    if turn.store_offline:
        opening.say(turn.line("store_offline"))
    if turn.kept_aside:
        opening.say(turn.line("record_kept_aside"))
    if turn.unsaved_sets:
        opening.say(turn.line("sets_not_saved", count=turn.unsaved_sets))
    active = profile.active
    if active is not None and not active.finished and active.started:
        turn.state.offer(active)
        return ask(turn, Ask.RESUME, opening=opening)
    soon = too_soon(profile.last_day(), turn.today)
    if soon is not None:
        note = render_too_soon(turn.line, soon)
        return ask(turn, Ask.LIGHT_OR_FULL, opening=Speech().extend(opening).say(note))
    return begin_workout(turn, opening=opening)


def start_asked(turn: Turn) -> Reply:
    """'Start my workout': mid-workout it is already running; otherwise open it."""
    if turn.state.in_workout:
        line, reprompt = back_to(turn)
        return Reply(Speech().say(turn.line("already_running")).extend(line), reprompt)
    return open_workout(turn)


def new_id(turn: Turn) -> str:
    return f"{turn.today.isoformat()}-{turn.rng.getrandbits(32):08x}"


def begin_workout(turn: Turn, *, light: bool = False, opening: Speech | None = None) -> Reply:
    """Plan today's workout and start it."""
    profile = turn.profile
    say = turn.line
    out = Speech().extend(opening or Speech())
    if not profile.safety_noted:
        # Offline, the record is unknown: the safety note, but not a first-use welcome.
        out.say("" if turn.store_offline else say("welcome_first"), say("safety"))
        profile.safety_noted = True
    plan = progression.plan_workout(profile, turn.today, light=light, workout_id=new_id(turn))
    workout = plan.workout
    out.say(*render_plan_notes(say, plan))
    out.say(workout_speech.overview_text(workout, say))
    out.say(say("interrupt_tip"))
    out.extend(workout_speech.warmup_speech(say))
    workout.touched = int(turn.now.timestamp())
    progression.start_workout(profile, workout)
    turn.state.begin(workout)
    turn.changed()
    return present_current(turn, out, intro=True)


def fresh_start(turn: Turn, *, light: bool = False) -> Reply:
    """A new workout instead of the unfinished one, which counts as what was done."""
    if progression.close_unfinished(turn.profile):
        turn.changed()
    turn.state.leave_workout()
    return begin_workout(turn, light=light)


def light_session(turn: Turn) -> Reply:
    return fresh_start(turn, light=True)


def full_session(turn: Turn) -> Reply:
    return fresh_start(turn, light=False)


def resume(turn: Turn, opening: Speech | None = None) -> Reply:
    """Pick up the unfinished workout at the exact set it stopped on."""
    workout = turn.state.workout or turn.profile.active
    opening = opening or Speech()
    if workout is None or workout.finished:
        return begin_workout(turn, opening=opening.say(turn.line("nothing_to_resume")))
    turn.state.begin(workout)
    return present_current(turn, opening.say(turn.line("resume_back")), intro=True)


def resume_asked(turn: Turn) -> Reply:
    """'Resume': back to the count in a set, else the unfinished workout, else a new one."""
    if turn.state.position is Position.COUNT:
        line, reprompt = back_to(turn)
        return Reply(line, reprompt)
    stale_check(turn)
    if turn.profile.active is None and not turn.state.in_workout:
        return open_workout(turn, Speech().say(turn.line("nothing_to_resume")))
    return resume(turn)


def start_over(turn: Turn) -> Reply:
    """'Start over': mid-workout, asked first; otherwise a fresh start."""
    if turn.state.in_workout:
        return ask(turn, Ask.RESTART)
    return fresh_start(turn)


def restart_workout(turn: Turn) -> Reply:
    workout = turn.state.workout
    if workout is None:
        return begin_workout(turn)
    # Starting over is a new workout: the sets done so far are kept as what was done.
    workout.restart()
    workout.id = new_id(turn)
    touch(turn)
    return present_current(turn, Speech().say(turn.line("from_the_top")), intro=True)


def keep_going(turn: Turn) -> Reply:
    """'No' to starting over: carry on where we were."""
    return then_back(turn, turn.line("restart_no"))
