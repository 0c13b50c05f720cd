"""The progress picture: reps per move in each recent session, as path data for the chart.

Pure: stored sessions in, numbers and path strings out. One line per slot (the place a move
holds in every workout), labelled with the move last done there, so a step to a harder variation
shows as the same line continuing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..coach.ladder import SLOTS
from ..coach.profile import SessionRecord

WIDTH, HEIGHT = 600, 300  # the chart graphic's viewport (documents/progress.json)
MARGIN = 12
MAX_LINES = 5
MAX_SESSIONS = 8  # about the last three weeks at two or three sessions a week


@dataclass(frozen=True)
class Series:
    slot: str
    exercise: str  # the move last done in this slot
    reps: tuple[int | None, ...]  # per session, oldest first; None: not done that session


@dataclass(frozen=True)
class Chart:
    days: tuple[str, ...]
    series: tuple[Series, ...]
    top: int  # the value at the top of the chart

    def paths(self) -> list[str]:
        return [_path(s.reps, len(self.days), self.top) for s in self.series]

    def grid(self) -> str:
        ys = [_y(v, self.top) for v in (0, self.top / 2, self.top)]
        return " ".join(f"M{MARGIN},{y:.0f} L{WIDTH - MARGIN},{y:.0f}" for y in ys)


def progress_chart(sessions: list[SessionRecord]) -> Chart:
    recent = sessions[-MAX_SESSIONS:]
    series: list[Series] = []
    for slot in SLOTS:
        per_session: list[int | None] = []
        last_move = ""
        for record in recent:
            done = [s for s in record.sets if s.slot == slot.key and s.count is not None]
            per_session.append(sum(s.count or 0 for s in done) if done else None)
            if done:
                last_move = done[-1].exercise
        if last_move:
            series.append(Series(slot.key, last_move, tuple(per_session)))
    values = [v for s in series for v in s.reps if v is not None]
    top = _nice_top(max(values, default=0))
    return Chart(tuple(r.day for r in recent), tuple(series[:MAX_LINES]), top)


def _nice_top(value: int) -> int:
    """The chart's top: the next multiple of 10 above the largest value (at least 10)."""
    return max(10, -(-value // 10) * 10)


def _x(index: int, count: int) -> float:
    if count <= 1:
        return WIDTH / 2
    return MARGIN + index * (WIDTH - 2 * MARGIN) / (count - 1)


def _y(value: float, top: int) -> float:
    return HEIGHT - MARGIN - value * (HEIGHT - 2 * MARGIN) / top


def _path(values: tuple[int | None, ...], count: int, top: int) -> str:
    """A polyline through the sessions a move was done in; a lone point is a short dash."""
    points = [(_x(i, count), _y(v, top)) for i, v in enumerate(values) if v is not None]
    if not points:
        return ""
    if len(points) == 1:
        x, y = points[0]
        return f"M{x - 4:.0f},{y:.0f} L{x + 4:.0f},{y:.0f}"
    head, *rest = points
    return f"M{head[0]:.0f},{head[1]:.0f} " + " ".join(f"L{x:.0f},{y:.0f}" for x, y in rest)
