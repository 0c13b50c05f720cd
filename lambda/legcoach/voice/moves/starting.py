"""Starting: open the skill, begin today's workout, resume it, restart it, or start afresh.

"Open leg workout" offers an unfinished workout back for a couple of days (the place is a
promise: `coach.place`); a session today or yesterday gets a heads-up and the choice of a light
or full session; otherwise the workout begins, shaped by what the user asked of today.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC

from ...coach import place, progression
from ...coach.opening import Welcome, plan_opening, take_tip
from ...coach.schedule import too_soon
from ...coach.today import Effort, Shape, plan_today
from ...speech.coaching import render_too_soon
from ...speech.opening import render_opening
from ...speech.ssml import Speech
from ...speech.today import render_fitted, render_left_out
from ..clock import zone
from ..state import Ask, Position
from ..turn import Reply, Turn
from .floor import ask, back_to, then_back
from .sets import present_current, touch


def stale_check(turn: Turn) -> None:
    """An unfinished workout left longer than the promise is closed and counted; one with no
    set logged yet keeps the twelve-hour rule (there is no place to promise yet)."""
    profile = turn.profile
    if profile.active is not None and not profile.active.started:
        closed = progression.close_stale(profile, turn.now)
    else:
        closed = place.expire(profile, turn.today, zone(turn.time_zone or "") or UTC)
    if closed:
        turn.changed()


def launch(turn: Turn) -> Reply:
    """The skill opened without a request: welcome back, and what comes next."""
    turn.state.leave_workout()
    return open_workout(turn, launched=True)


def open_workout(turn: Turn, opening: Speech | None = None, *, launched: bool = False) -> Reply:
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
        if launched and profile.safety_noted:
            opening = Speech().say(turn.line("welcome_back")).extend(opening)
        turn.state.offer(active)
        return ask(turn, Ask.RESUME, opening=opening)
    soon = too_soon(profile.last_day(), turn.today)
    if soon is not None and turn.state.shape.effort is Effort.USUAL:
        note = render_too_soon(turn.line, soon)
        if launched and profile.safety_noted:
            opening = Speech().say(turn.line("welcome_back")).extend(opening)
        return ask(turn, Ask.LIGHT_OR_FULL, opening=Speech().extend(opening).say(note))
    return begin_workout(turn, opening=opening, launched=launched)


def start_asked(turn: Turn) -> Reply:
    """'Start my workout': mid-workout it is already running; otherwise open it."""
    if turn.state.in_workout:
        line, reprompt = back_to(turn)
        return Reply(Speech().say(turn.line("already_running")).extend(line), reprompt)
    return open_workout(turn)


def new_id(turn: Turn) -> str:
    return f"{turn.today.isoformat()}-{turn.rng.getrandbits(32):08x}"


def begin_workout(
    turn: Turn, *, light: bool = False, opening: Speech | None = None, launched: bool = False
) -> Reply:
    """Plan today's workout, fitted to what was asked of today, and start it: a short opening
    (the first-time welcome aside), at most one new tip, then the first set."""
    profile = turn.profile
    say = turn.line
    shape = turn.state.shape
    if light:
        shape = shape.merged(Shape(effort=Effort.EASY))
    plan, fitted = plan_today(profile, turn.today, shape, workout_id=new_id(turn))
    workout = plan.workout
    opened = plan_opening(profile, launched=launched, warmup=workout.warmup)
    if turn.store_offline and opened.welcome is Welcome.FIRST:
        # Offline, the record is unknown: the safety note, but not a first-use welcome.
        opened = replace(opened, welcome=Welcome.NONE)
    fitted_line = render_fitted(say, fitted) if fitted.changed or shape.to_dict() else ""
    out = Speech().extend(opening or Speech())
    out.extend(render_opening(say, opened, plan, fitted_line=fitted_line))
    profile.safety_noted = True
    take_tip(profile, opened.tip)
    workout.touched = int(turn.now.timestamp())
    progression.start_workout(profile, workout)
    turn.state.begin(workout)
    turn.state.introduced = ()
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
    """Pick up the unfinished workout at the exact set it stopped on (a move done earlier in
    it is re-introduced in one sentence)."""
    workout = turn.state.workout or turn.profile.active
    opening = opening or Speech()
    if workout is None or workout.finished:
        return begin_workout(turn, opening=opening.say(turn.line("nothing_to_resume")))
    turn.state.begin(workout)
    return present_current(turn, opening, intro=True)


def leave_out_and_resume(turn: Turn, joint: str = "leg") -> Reply:
    """Pain at the resume offer: that move sits out today, and the workout carries on."""
    workout = turn.state.workout or turn.profile.active
    if workout is None or workout.finished or workout.current is None:
        return open_workout(turn)
    slot = workout.current.block.slot
    left = place.leave_out_current(workout)
    turn.profile.note_pain(slot, joint)
    turn.state.begin(workout)
    touch(turn)
    # Safety first even here: the red flags before anything about the plan.
    opening = Speech().say(turn.line("red_flags"), render_left_out(turn.line, left))
    if workout.finished:
        from .ending import finish

        return finish(turn, opening, completed=False)
    # Someone who is sore is not counted straight into a set: the next move waits for "ready".
    turn.state.to_ready()
    return then_back(turn, opening=opening)


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
    turn.state.introduced = ()  # from the top: each move is introduced again
    touch(turn)
    return present_current(turn, Speech().say(turn.line("from_the_top")), intro=True)


def keep_going(turn: Turn) -> Reply:
    """'No' to starting over: carry on where we were."""
    return then_back(turn, turn.line("restart_no"))
