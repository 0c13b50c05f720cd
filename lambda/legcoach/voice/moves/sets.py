"""One set at a time: present it, take the count, log it, and move on (or break, skip, redo).

A set is spoken in one response when it fits the speech budget; when it does not, it splits at a
clean point (before the set, or between reps), never truncated.
"""

from __future__ import annotations

import re

from ...coach import adjust, progression
from ...coach.intro import introduced_after, needs_intro
from ...coach.workout import MAX_BELIEVABLE_REPS, SetSpec, judge
from ...speech import budget, workout_speech
from ...speech.cues import WHISTLE
from ...speech.opening import intro_words
from ...speech.ssml import Speech
from ...speech.variety import praise
from ...speech.words import duration, move_name
from ..state import Ask, Position
from ..turn import Reply, Turn
from . import ending
from .floor import ask, count_reprompt, menu_reprompt, ready_reprompt, then_back

# A claim this far over the target is checked once before it is logged ("twenty? shall I...").
CONFIRM_OVER = 1.5
DEFAULT_BREAK_S = 60
SHORTEST_BREAK_S = 20  # "give me a second" means a breather, not one second of silence
LONGEST_BREAK_S = 180  # past this the session would time out anyway: pause instead


def _fits(turn: Turn, *parts: Speech) -> bool:
    return budget.fits(turn.audio_mode, *parts)


def touch(turn: Turn) -> None:
    """The workout moved on: stamp it and keep it as the person's active workout."""
    workout = turn.state.workout
    assert workout is not None
    workout.touched = int(turn.now.timestamp())
    progression.log_progress(turn.profile, workout)
    turn.changed()


# -- presenting ----------------------------------------------------------------------------------


def intro_now(turn: Turn) -> str:
    """What the current set needs said before its count (the rule in `coach.intro`), noted
    as said: every move is introduced before its first count, whatever led there."""
    state = turn.state
    workout = state.workout
    assert workout is not None and workout.current is not None
    spec = workout.current
    kind = needs_intro(workout, state.introduced, mid_set=state.rep_from > 1)
    state.introduced = tuple(sorted(introduced_after(state.introduced, workout)))
    return intro_words(turn.line, spec.block, spec.side, kind)


def present_set(
    turn: Turn, opening: Speech, *, rest: Speech | None = None, intro: bool = False
) -> Reply:
    """Say `opening`, then the current set from `state.rep_from`, then ask for the count.

    `rest` is a rest countdown that already introduced the set and ended on "three, two, one";
    without it the set gets the introduction the intro rule asks for (`intro_now`: full,
    one sentence, the leg, or none) and a get-into-position countdown.
    The set's part (not the opening) is what "repeat" says again.
    """
    state = turn.state
    workout = state.workout
    assert workout is not None and workout.current is not None
    spec = workout.current
    rx = spec.block.prescription
    say = turn.line
    first_rep = state.rep_from
    lead = Speech()
    words = ""
    if rest is not None:
        lead.extend(rest)
    else:
        words = intro_now(turn)
        lead.say(words)
        if first_rep == 1:
            lead.extend(workout_speech.setup_speech(say, rx.move.setup_seconds))
    lead.cue(WHISTLE.name)  # the whistle ends the rest (or the countdown) and starts the set
    end = workout_speech.set_end_speech(say, rx.exercise)
    reps = workout_speech.reps_speech(rx, first_rep, rx.reps, say)
    if _fits(turn, opening, lead, reps, end):
        state.to_count()
        the_set = Speech().extend(lead).extend(reps).extend(end)
        return Reply(Speech().extend(opening).extend(the_set), count_reprompt(turn), replay=the_set)
    if first_rep == 1 and (rest is not None or words) and len(opening.parts) + len(lead.parts) > 0:
        # Too long for one response: introduce the set now, count it after "ready".
        question = Speech().say(say("ask_ready"))
        words = words or workout_speech.intro_text(spec.block, spec.side, say)
        intro_part = Speech().say(words)
        intro_part.extend(question)
        state.to_ready()
        return Reply(
            Speech().extend(opening).extend(intro_part), ready_reprompt(turn), replay=intro_part
        )
    # Even the set alone is too long: count as many reps as fit, then a breather and "ready".
    last = rx.reps
    while last > first_rep and not _fits(
        turn, opening, lead, workout_speech.reps_speech(rx, first_rep, last, say), end
    ):
        last -= 1
    part = Speech().extend(lead).extend(workout_speech.reps_speech(rx, first_rep, last, say))
    part.say(say("half_set_pause", remaining=rx.reps - last))
    state.to_ready(rep_from=last + 1)
    return Reply(Speech().extend(opening).extend(part), ready_reprompt(turn), replay=part)


def present_current(turn: Turn, opening: Speech, *, intro: bool = False) -> Reply:
    """The current set from its first rep, asking first how a move that hurt last time feels."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    turn.state.to_ready()
    joint = getattr(workout.current.block, "check_in", "")
    if joint and workout.current.first_of_block and not turn.extras.get("checked_in"):
        return ask(turn, Ask.CHECK_IN, joint, opening=opening)
    return present_set(turn, opening, intro=intro)


def continue_after(turn: Turn, done: SetSpec, opening: Speech) -> Reply:
    """Rest, then straight into the set after `done`."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    following = workout.current
    same_block = following.block_index == done.block_index
    if not same_block and getattr(following.block, "check_in", ""):
        return present_current(turn, opening, intro=True)
    switch_to = following.side if same_block and following.side != done.side else None
    say = turn.line
    intro = None if same_block else (intro_now(turn) or None)
    rest = workout_speech.rest_speech(
        workout.rest_after(done), say, switch_to=switch_to, next_intro=intro
    )
    turn.state.to_ready()
    return present_set(turn, opening, rest=rest)


# -- the count -----------------------------------------------------------------------------------


def take_count(turn: Turn, count: int, *, confirmed: bool = False) -> Reply:
    """Validate a count for the set just counted, then log it (or check it first)."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    target = workout.current.target
    if count <= 0:
        return none_done(turn)
    if count > MAX_BELIEVABLE_REPS:
        return Reply(Speech().say(turn.line("count_too_many", count=count)), count_reprompt(turn))
    if not confirmed and count > target * CONFIRM_OVER and count > target + 3:
        return ask(turn, Ask.CONFIRM_COUNT, count)
    return log_count(turn, count)


def take_heard_count(turn: Turn, raw: str | None) -> Reply:
    """A count as heard ("nine", "minus two", "?"): anything but a whole number is asked again."""
    if raw is None or not re.fullmatch(r"-?\d+", raw.strip()):
        return Reply(Speech().say(turn.line("count_unclear")), count_reprompt(turn))
    return take_count(turn, int(raw))


def all_done(turn: Turn) -> Reply:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    return log_count(turn, workout.current.target)


def ask_how_many(turn: Turn, message_id: str = "how_many_then") -> Reply:
    return Reply(Speech().say(turn.line(message_id)), count_reprompt(turn))


def log_count(turn: Turn, count: int) -> Reply:
    """A believable count for the set just done: acknowledge, rest, and straight into the next."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    done = workout.current
    verdict = judge(count, done.target)
    workout.record(count)
    touch(turn)
    earlier = workout.judged_as(verdict, other_than=done.index)
    line = praise(turn.line, verdict, count, done.target, workout_id=workout.id, earlier=earlier)
    opening = Speech().say(line)
    if workout.finished:
        return ending.offer_cool_down(turn, opening)
    return continue_after(turn, done, opening)


def none_done(turn: Turn) -> Reply:
    """Zero reps: logged kindly, and an easier version offered when the move comes again."""
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    done = workout.current
    workout.record(0)
    touch(turn)
    opening = Speech().say(turn.line("none_kindly"))
    if workout.finished:
        return ending.offer_cool_down(turn, opening)
    following = workout.current
    assert following is not None
    if following.block_index == done.block_index and adjust.easier(
        done.block.prescription.exercise
    ):
        turn.state.to_ready()
        return ask(turn, Ask.EASIER, opening=opening)
    return continue_after(turn, done, opening)


def count_out_of_place(turn: Turn) -> Reply:
    """A count when no set is waiting for one (at an open question it is a miss)."""
    state = turn.state
    if state.position is Position.READY:
        return Reply(Speech().say(turn.line("fallback_ready")), ready_reprompt(turn))
    return Reply(Speech().say(turn.line("no_workout_count")), menu_reprompt(turn))


# -- moving through the workout ------------------------------------------------------------------


def ready(turn: Turn) -> Reply:
    """'Ready': count the queued set now, from where it stopped."""
    return present_set(turn, Speech())


def skip_exercise(turn: Turn, opening: Speech | None = None) -> Reply:
    workout = turn.state.workout
    assert workout is not None and workout.current is not None
    name = move_name(turn.line, workout.current.block.prescription.exercise)
    workout.skip_exercise()
    touch(turn)
    out = Speech().extend(opening or Speech()).say(turn.line("skipped", name=name))
    if workout.finished:
        return ending.offer_cool_down(turn, out)
    return present_current(turn, out, intro=True)


def redo_set(turn: Turn) -> Reply:
    """Count the current set again from its first rep (it was not done, or not done right)."""
    if not turn.state.in_workout:
        return then_back(turn, turn.line("nothing_to_redo"))
    turn.state.to_ready()
    return present_set(turn, Speech().say(turn.line("redo_set")))


def take_break(turn: Turn, seconds: int, lead: str) -> Reply:
    """A counted rest of `seconds`, then the question for where the user was."""
    out = workout_speech.rest_speech(seconds, turn.line, switch_to=None, next_intro=None, lead=lead)
    if turn.state.position is Position.COUNT:
        line = Speech().say(turn.line("break_end_count"))
        return Reply(out.extend(line), count_reprompt(turn), replay=line)
    turn.state.to_ready()
    line = Speech().say(turn.line("break_end_ready"))
    return Reply(out.extend(line), ready_reprompt(turn), replay=line)


def asked_break(turn: Turn, heard: str | None) -> Reply:
    """'Give me a minute' (AMAZON.DURATION as heard): a counted rest, or a pause if too long."""
    seconds = parse_duration(heard) or DEFAULT_BREAK_S
    if seconds < SHORTEST_BREAK_S:
        seconds = DEFAULT_BREAK_S
    if seconds > LONGEST_BREAK_S:
        turn.state.to_menu()
        return Reply(Speech().say(turn.line("break_long")), end=True)
    lead = turn.line("break_start", duration=duration(turn.line, seconds))
    return take_break(turn, seconds, lead)


_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def parse_duration(raw: str | None) -> int | None:
    """AMAZON.DURATION's ISO-8601 value ("PT2M", "PT90S") in whole seconds, or None."""
    match = _DURATION.match((raw or "").strip().upper())
    if not match or not any(match.groups()):
        return None
    days, hours, minutes, secs = (float(g) if g else 0.0 for g in match.groups())
    total = int(days * 86400 + hours * 3600 + minutes * 60 + secs)
    return total if total > 0 else None
