"""What an Echo Show shows: one APL document per screen, filled from the turn's own speech.

`screen_directive(view, speech)` reads the turn's decisions (a `ScreenView`, built by the voice
layer, which this package never imports) and returns an `Alexa.Presentation.APL.RenderDocument` directive
(plain JSON) or None; the voice layer adds it only when the device supports APL. The set
screen's clock is the speech's timeline (`timing`): the countdown ends on the whistle and the
counter steps on each rep's first beat, so the screen and the voice cannot disagree. A move can
ask for a message screen through the turn's extras (see `message`).

No ask_sdk imports here: the screen is data in, data out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..speech.ssml import Speech
from ..speech.words import move_line, move_name, side_word
from .chart import MAX_LINES, progress_chart
from .documents import directive, poses
from .timing import set_timing

if TYPE_CHECKING:
    from ..coach.profile import SessionRecord
    from ..coach.workout import SetSpec
    from ..speech.lines import Lines

__all__ = ["SCREEN_KEY", "ScreenView", "message", "screen_directive", "supports_apl"]

SCREEN_KEY = "screen"  # in turn.extras: a message screen a handler asked for
# "Not in this response": later than any response can last.
NEVER = 10**9
COLORS = ("#FFB300", "#4FC3F7", "#81C784", "#F06292", "#BA68C8")  # the chart's line colours
PROGRESS_INTENTS = ("ProgressIntent",)


@dataclass(frozen=True)
class ScreenView:
    """What the screen needs to know of a turn, after it was decided."""

    lines: Lines
    today: date
    intent: str
    extras: dict[str, Any]
    recent: list[SessionRecord]
    current: SetSpec | None  # the set in progress, None outside a workout
    position: str  # "count", "ready" or "menu"
    rep_from: int


def supports_apl(envelope: Any) -> bool:
    """Whether the request came from a device with a screen that renders APL."""
    system = getattr(getattr(envelope, "context", None), "system", None)
    interfaces = getattr(getattr(system, "device", None), "supported_interfaces", None)
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


def message(extras: dict[str, Any], title: str, *lines: str) -> None:
    """Ask for a message screen (a heading and a few lines) with this turn's answer."""
    extras[SCREEN_KEY] = {"title": title, "lines": [line for line in lines if line][:3]}


def screen_directive(view: ScreenView, speech: Speech) -> dict[str, Any] | None:
    """The screen for this turn's answer, or None to leave the screen as it is."""
    asked = view.extras.get(SCREEN_KEY)
    if asked:
        return directive("message", dict(asked))
    if view.intent in PROGRESS_INTENTS:
        return progress_screen(view.lines, view.recent, view.today)
    if view.current is None:
        return None
    return set_screen(view.lines, view.current, speech, view.position, view.rep_from)


def set_screen(
    say: Lines, spec: SetSpec, speech: Speech, position: str, rep_from: int
) -> dict[str, Any]:
    """The set screen for `spec`, timed by `speech` when it counts reps of it.

    `position` and `rep_from` are the session's after this turn: "count" once the set was
    counted to its end, "ready" when it waits (for its start, or half-way through).
    """
    rx = spec.block.prescription
    total = rx.reps
    timing = set_timing(speech, rx.rep_seconds * 1000, total)
    name = move_name(say, rx.exercise)
    start, end = poses(rx.exercise)
    data: dict[str, Any] = {
        "name": name[:1].upper() + name[1:],
        "setLine": set_line(say, spec),
        "cue": move_line(say, rx.exercise, "cue"),
        "poseStart": start,
        "poseEnd": end,
        "ofTotal": say("screen_of_total", total=str(total)),
        "goLabel": say("screen_go"),
        "nextLabel": say("screen_next", name=name),
        "total": total,
    }
    if timing is not None and timing.reps:
        last = total if position == "count" else max(timing.reps, rep_from - 1)
        first = last - timing.reps + 1
        onsets = dict(zip(range(first, last + 1), timing.rep_onsets, strict=True))
        label = "screen_rest" if timing.countdown_start >= 0 else "screen_ready"
        if timing.countdown_start >= 0 and _is_setup(speech, timing.countdown_start, say):
            label = "screen_position"
        data.update(
            countdownLabel=say(label),
            countdownStart=timing.countdown_start,
            whistle=timing.whistle,
            setStart=timing.first_rep_onset,
            repMs=timing.rep_ms,
            firstRep=first,
            lastRep=last,
            end=timing.end,
            reps=[
                {"onset": onsets.get(n, -1 if n < first else NEVER)} for n in range(1, total + 1)
            ],
        )
    elif position == "count":  # the set was counted earlier: it is over, waiting for the count
        data.update(
            countdownLabel="",
            countdownStart=-1,
            whistle=0,
            setStart=0,
            repMs=1000,
            firstRep=total,
            lastRep=total,
            end=0,
            reps=[{"onset": -1} for _ in range(total)],
        )
    else:  # waiting for "ready"
        done = max(0, rep_from - 1)
        data.update(
            countdownLabel=say("screen_ready"),
            countdownStart=-1,
            whistle=NEVER,
            setStart=NEVER,
            repMs=1000,
            firstRep=done,
            lastRep=done,
            end=0,
            reps=[{"onset": -1 if n <= done else NEVER} for n in range(1, total + 1)],
        )
    return directive("set", data)


def set_line(say: Lines, spec: SetSpec) -> str:
    line = say("screen_set_of", number=str(spec.round), total=str(spec.block.sets_per_side))
    if spec.side:
        line = say("screen_set_side", set=line, side=side_word(say, spec.side))
    return line


def _is_setup(speech: Speech, onset_ms: int, say: Lines) -> bool:
    """Whether the countdown that starts at `onset_ms` is the get-into-position one."""
    from .timing import offsets

    words = set(say.variants("position"))
    return any(t == onset_ms and getattr(p, "text", "") in words for t, p in offsets(speech))


def progress_screen(say: Lines, sessions: list, today: date) -> dict[str, Any]:
    chart = progress_chart(sessions)
    lines = chart.paths() + [""] * (MAX_LINES - len(chart.series))
    legend = []
    for series, color in zip(chart.series, COLORS, strict=False):
        name = move_name(say, series.exercise, 2)
        legend.append({"label": name[:1].upper() + name[1:], "color": color})
    if chart.days:
        subtitle = say(
            "screen_progress_subtitle",
            sessions=str(len(chart.days)),
            first=_day(say, chart.days[0]),
            last=_day(say, chart.days[-1]),
        )
    else:
        subtitle = say("screen_progress_empty")
    data = {
        "title": say("screen_progress_title"),
        "subtitle": subtitle,
        "axisTop": say("screen_progress_axis", reps=str(chart.top)),
        "axisBottom": say("screen_progress_axis_bottom") if chart.days else "",
        "grid": chart.grid() if chart.days else "",
        "lines": lines,
        "legend": legend,
    }
    return directive("progress", data)


def _day(say: Lines, iso: str) -> str:
    day = date.fromisoformat(iso)
    months = say("screen_months").split()
    return say("screen_day", day=str(day.day), month=months[day.month - 1])
