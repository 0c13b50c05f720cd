"""How the coach says a workout: introductions, counted sets, rests, acknowledgements, summary.

Decisions (what set is next, how long to rest) come from `coach`; this module only turns them
into timed speech. Every count lands on its second: see `timeline`.
"""

from __future__ import annotations

from ..coach.exercises import WARMUP
from ..coach.ladder import Prescription
from ..coach.numbers import duration_words, number_words
from ..coach.workout import SETUP_SECONDS, Block, SetSpec, Summary, Verdict
from .phrases import Phrases
from .ssml import Speech, estimate_speech_seconds
from .timeline import timeline

SQUEEZE_EVERY = 3  # a squeeze cue on every third rep: often enough to matter, not a drone


def rep_speech(rx: Prescription, number: int, total: int, say: Phrases) -> Speech:
    """One rep counted in time: the rep number and "down" on the first beat, then the counts."""
    words = rx.move.words
    tempo = rx.tempo
    events: list[tuple[float, str]] = [(0, f"{number_words(number)}, {words.lower}")]
    events += [(beat, number_words(beat + 1)) for beat in range(1, tempo.down)]
    t = float(tempo.down)
    if tempo.pause:
        hold = "dead stop" if rx.dead_stop else words.hold
        cheer = _encouragement(number, total, say)
        events.append((t, f"{hold}, {cheer}" if cheer else hold))
        t += tempo.pause
    if rx.pulses:
        events += [(t, words.pulse_up), (t + 1, words.pulse_down)]
        t += 2
    rise = words.rise
    if number % SQUEEZE_EVERY == 2 and number != total:
        rise = f"{rise}, {say('squeeze')}"
    events.append((t, rise))
    return timeline(events, total=rx.rep_seconds, tempo=True)


def _encouragement(number: int, total: int, say: Phrases) -> str:
    if total >= 3 and number == total:
        return say("last_one")
    if total >= 5 and number == total - 2:
        return say("two_more")
    if total >= 8 and number == total // 2:
        return say("halfway")
    return ""


def reps_speech(rx: Prescription, first: int, last: int, say: Phrases) -> Speech:
    out = Speech()
    for n in range(first, last + 1):
        out.extend(rep_speech(rx, n, rx.reps, say))
    return out


def side_words(side: str | None) -> str:
    return f", {side} leg" if side else ""


def intro_text(block: Block, side: str | None) -> str:
    """The one-breath introduction: name, setup, the cue that matters, side, and the target."""
    rx = block.prescription
    move = rx.move
    parts = [f"{move.name.capitalize()}, for your {move.target}."]
    if block.change:
        parts.append(block.change)
    parts.append(f"{move.setup} {move.cue}")
    if rx.deeper:
        parts.append(move.deeper)
    if rx.pulses:
        parts.append("Every rep gets a pulse: down, half up, down again, then all the way up.")
    if rx.dead_stop:
        parts.append("Stop dead at the bottom for a full second, no bounce.")
    if rx.tempo.down > 3:
        parts.append(f"Lower for {number_words(rx.tempo.down)} seconds now.")
    reps = f"{number_words(rx.reps)} reps"
    parts.append(f"{side.capitalize()} leg first, {reps}." if side else f"{reps.capitalize()}.")
    return " ".join(parts)


def setup_speech(say: Phrases, seconds: int = SETUP_SECONDS) -> Speech:
    """Time to get into position, then a three-two-one into the first rep."""
    return timeline(
        [(0, say("position")), (seconds - 3, "three"), (seconds - 2, "two"), (seconds - 1, "one")],
        total=seconds,
    )


def warmup_speech(say: Phrases) -> Speech:
    events: list[tuple[float, str]] = []
    t = 0.0
    lead = say("warmup_start") + " "
    for move in WARMUP:
        events.append((t, f"{lead}{move.name}."))
        lead = ""
        t += move.seconds
    events.append((t - 3, "three, two, one"))
    return timeline(events, total=t).say(say("warmup_end"))


def rest_speech(
    seconds: int, say: Phrases, *, switch_to: str | None, next_intro: str | None
) -> Speech:
    """A rest of exactly `seconds`: an opening line, the next move's intro, then timed marks."""
    if switch_to:
        opening = say("switch", side=switch_to, duration=duration_words(seconds).capitalize())
    else:
        opening = say("rest", duration=duration_words(seconds))
    events = [(0.0, opening)]
    busy_until = estimate_speech_seconds(opening)
    if next_intro:
        text = say("next_up", intro=next_intro)
        events.append((busy_until + 1.0, text))
        busy_until += 1.0 + estimate_speech_seconds(text)
    marks = []
    if seconds >= 40:
        marks.append((seconds - 30, say("rest_mark_30")))
    if seconds >= 15:
        marks.append((seconds - 10, say("position_soon") if next_intro else say("rest_mark_10")))
    marks += [(seconds - 3, "three"), (seconds - 2, "two"), (seconds - 1, "one")]
    for onset, text in marks:
        if onset >= busy_until + 0.3:
            events.append((float(onset), text))
            busy_until = onset + estimate_speech_seconds(text)
    return timeline(events, total=max(seconds, busy_until))


def set_end_speech(say: Phrases, squeeze: str = "") -> Speech:
    """After the last rep: the move's own squeeze cue (nothing follows, so it has time), then the question."""
    out = Speech().pause(0.3)
    if squeeze:
        out.say(f"{squeeze.capitalize()}, hold it.").pause(1.0)
    return out.say(say("set_end"), say("ask_count"))


def ack_text(count: int, target: int, verdict: Verdict, say: Phrases) -> str:
    values = {
        "count": number_words(count).capitalize(),
        "target": number_words(target),
        "diff": number_words(abs(count - target)),
    }
    return say(f"ack_{verdict.value}", **values)


def summary_speech(summary: Summary, say: Phrases) -> Speech:
    out = Speech().say(
        say(
            "summary",
            sets=number_words(summary.sets_done),
            reps=number_words(summary.total_reps),
            tension=duration_words(summary.tension_seconds),
        )
    )
    if summary.skipped:
        skipped = "one set" if summary.skipped == 1 else f"{number_words(summary.skipped)} sets"
        out.say(say("summary_skipped", skipped=skipped))
    return out.say(say("goodbye"))


def where_text(spec: SetSpec, say: Phrases) -> str:
    """'set two of your lateral lunges, right leg': where a user is, for resume and questions."""
    return say(
        "where_set",
        number=number_words(spec.round),
        plural=spec.block.prescription.move.plural,
        side=side_words(spec.side),
    )
