"""How the coach says a workout: introductions, counted sets, rests, acknowledgements, summary.

Decisions (what set is next, how long to rest) come from `coach`; this module only turns them
into timed speech. Every count lands on its second: see `timeline`.
"""

from __future__ import annotations

from ..coach.exercises import COOL_DOWN, WARMUP
from ..coach.ladder import Prescription
from ..coach.workout import Block, SetSpec, Summary, Workout
from .coaching import render_change
from .lines import Lines
from .ssml import Speech, estimate_speech_seconds
from .timeline import slow_seconds, timeline
from .words import duration, join_and, move_line, move_name, side_suffix, side_word

SQUEEZE_EVERY = 3  # a squeeze cue on every third rep: often enough to matter, not a drone
# The rep number and the lowering word ("seven, down") are the longest words of a rep: they get
# the first two seconds of the lowering, so each later beat holds one short word ("three",
# "hold", "drive up") that a device never cuts, even said as slowly as 150 words a minute.
FIRST_WORDS_BEATS = 2
# ...and three when the number itself is long ("twenty-seven, down"): only slow, long sets.
LONG_NUMBER_SYLLABLE_SECONDS = 0.7


def _first_beats(first: str, down: int) -> int:
    beats = FIRST_WORDS_BEATS
    if down > 3 and estimate_speech_seconds(first.split(",")[0]) >= LONG_NUMBER_SYLLABLE_SECONDS:
        beats += 1
    return max(1, min(down, beats))


def rep_speech(rx: Prescription, number: int, total: int, say: Lines) -> Speech:
    """One rep counted in time, one short word a beat: the rep number and "down" over the first
    two seconds of the lowering, the counts after, then the hold (or, near the end, a word of
    encouragement in its place), the pulses, and the rise (on every third rep, the squeeze)."""
    style = rx.move.count_style
    tempo = rx.tempo
    lower = say(f"count_{style}_lower")
    first = say("count_first_beat", number=say.number(number), word=lower)
    events: list[tuple[float, str]] = [(0, first)]
    events += [
        (beat, say.number(beat + 1)) for beat in range(_first_beats(first, tempo.down), tempo.down)
    ]
    t = float(tempo.down)
    if tempo.pause:
        cheer = _encouragement(number, total, say)
        hold = say("count_dead_stop") if rx.dead_stop else say(f"count_{style}_hold")
        events.append((t, cheer or hold))
        t += tempo.pause
    if rx.pulses:
        events += [(t, say("count_pulse_up")), (t + 1, say("count_pulse_down"))]
        t += 2
    squeeze = number % SQUEEZE_EVERY == 2 and number != total
    events.append((t, say("count_squeeze") if squeeze else say(f"count_{style}_rise")))
    return timeline(events, total=rx.rep_seconds, tempo=True)


def _encouragement(number: int, total: int, say: Lines) -> str:
    if total >= 3 and number == total:
        return say("last_one")
    if total >= 5 and number == total - 2:
        return say("two_more")
    if total >= 8 and number == total // 2:
        return say("halfway")
    return ""


def reps_speech(rx: Prescription, first: int, last: int, say: Lines) -> Speech:
    out = Speech()
    for n in range(first, last + 1):
        out.extend(rep_speech(rx, n, rx.reps, say))
    return out


def side_words(side: str | None, say: Lines) -> str:
    """', left leg' (or nothing for a two-legged move)."""
    return side_suffix(say, side)


def side_lead(side: str, say: Lines) -> str:
    """'Left leg.' before the other side's set when no rest introduced it."""
    return say("side_lead", side=side_word(say, side))


def intro_text(block: Block, side: str | None, say: Lines) -> str:
    """The one-breath introduction: name, setup, the cue that matters, side, and the target."""
    rx = block.prescription
    key = rx.exercise
    parts = [say("intro_name", name=move_name(say, key), target=move_line(say, key, "target"))]
    if block.change:
        parts.append(render_change(say, block.change))
    parts.append(f"{move_line(say, key, 'setup')} {move_line(say, key, 'cue')}")
    if rx.deeper:
        parts.append(move_line(say, key, "deeper"))
    if rx.pulses:
        parts.append(say("intro_pulses"))
    if rx.dead_stop:
        parts.append(say("intro_dead_stop"))
    if rx.tempo.down > 3:
        parts.append(say("intro_tempo", count=rx.tempo.down))
    reps = say("n_reps", count=rx.reps)
    if side:
        parts.append(say("intro_reps_side", side=side_word(say, side), reps=reps))
    else:
        parts.append(say("intro_reps", reps=reps))
    return " ".join(parts)


def overview_text(workout: Workout, say: Lines) -> str:
    """'Today is four moves, about fourteen minutes: ...'."""
    names = [move_name(say, b.prescription.exercise, 2) for b in workout.blocks]
    return say(
        "overview",
        moves=say("n_moves", count=len(names)),
        minutes=say("n_minutes", count=max(5, round(workout.estimated_seconds() / 60))),
        names=join_and(say, names),
    )


def setup_speech(say: Lines, seconds: int) -> Speech:
    """Time to get into position, then a three-two-one into the first rep."""
    return timeline(
        [
            (0, say("position")),
            (seconds - 3, say.number(3)),
            (seconds - 2, say.number(2)),
            (seconds - 1, say.number(1)),
        ],
        total=seconds,
    )


def warmup_speech(say: Lines) -> Speech:
    events: list[tuple[float, str]] = []
    t = 0.0
    lead = say("warmup_start") + " "
    for move in WARMUP:
        events.append((t, f"{lead}{say(f'warmup_{move.key}')}"))
        lead = ""
        t += move.seconds
    events.append((t - 3, say("countdown_inline")))
    return timeline(events, total=t).say(say("warmup_end"))


def rest_speech(
    seconds: int,
    say: Lines,
    *,
    switch_to: str | None,
    next_intro: str | None,
    lead: str | None = None,
) -> Speech:
    """A rest of exactly `seconds`: an opening line, the next move's intro, then timed marks."""
    if lead is not None:
        opening = lead
    elif switch_to:
        opening = say("switch", side=side_word(say, switch_to), duration=duration(say, seconds))
    else:
        opening = say("rest", duration=duration(say, seconds))
    events = [(0.0, opening)]
    busy_until = slow_seconds(opening)
    if next_intro:
        text = say("next_up", intro=next_intro)
        events.append((busy_until + 1.0, text))
        busy_until += 1.0 + slow_seconds(text)
    marks = []
    if seconds >= 40:
        marks.append((seconds - 30, say("rest_mark_30")))
    if seconds >= 15:
        marks.append((seconds - 10, say("position_soon") if next_intro else say("rest_mark_10")))
    marks += [(seconds - n, say.number(n)) for n in (3, 2, 1)]
    for onset, text in marks:
        if onset >= busy_until + 0.3:
            events.append((float(onset), text))
            busy_until = onset + slow_seconds(text)
    return timeline(events, total=max(seconds, busy_until))


def set_end_speech(say: Lines, exercise: str = "") -> Speech:
    """After the last rep: the move's own squeeze cue (nothing follows, so it has time), then
    the question."""
    out = Speech().pause(0.3)
    if exercise:
        out.say(say("squeeze_end", squeeze=move_line(say, exercise, "squeeze"))).pause(1.0)
    return out.say(say("set_end"), say("ask_count"))


def summary_speech(summary: Summary, say: Lines) -> Speech:
    if summary.sets_done == 0:
        return Speech().say(say("summary_none"))
    out = Speech().say(
        say(
            "summary",
            sets=say("n_sets", count=summary.sets_done),
            reps=say("n_reps", count=summary.total_reps),
            tension=duration(say, summary.tension_seconds),
        )
    )
    if summary.skipped:
        out.say(say("summary_skipped", skipped=say("n_sets", count=summary.skipped)))
    return out


def goodbye_text(summary: Summary | None, say: Lines) -> str:
    """Praise only when it was earned: at least as many sets done as skipped."""
    if summary is not None and summary.sets_done >= max(1, summary.skipped):
        return say("goodbye")
    return say("goodbye_plain")


def cool_down_speech(say: Lines) -> Speech:
    """About a minute of easy stretches, each held while the coach is quiet."""
    events: list[tuple[float, str]] = [(0.0, say("cool_down_start"))]
    t = 4.0
    for stretch in COOL_DOWN:
        events.append((t, say(f"cool_down_{stretch.key}")))
        t += stretch.seconds
    return timeline(events, total=t).say(say("cool_down_end"))


def where_text(spec: SetSpec, say: Lines) -> str:
    """'set two of your lateral lunges, right leg': where a user is, for resume and questions."""
    return say(
        "where_set",
        number=spec.round,
        name=move_name(say, spec.block.prescription.exercise, 2),
        side=side_words(spec.side, say),
    )
