"""Small spoken pieces every renderer shares: move names, sides, durations, lists."""

from __future__ import annotations

from collections.abc import Sequence

from .lines import Lines


def move_name(say: Lines, exercise: str, count: int = 1) -> str:
    """'air squat' (count 1) or 'air squats'."""
    return say(f"ex_{exercise}_name", count=count)


def move_line(say: Lines, exercise: str, part: str) -> str:
    """One of a move's lines: target, setup, cue, squeeze or deeper."""
    return say(f"ex_{exercise}_{part}")


def side_word(say: Lines, side: str) -> str:
    return say(f"side_{side}")


def side_suffix(say: Lines, side: str | None) -> str:
    """', left leg' after a move's name, or nothing for a two-legged move."""
    return say("side_suffix", side=side_word(say, side)) if side else ""


def duration(say: Lines, seconds: int) -> str:
    """'forty seconds', 'a minute', 'two minutes and ten seconds'."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    if minutes and secs:
        return say(
            "duration_both",
            minutes=say("n_minutes", count=minutes),
            seconds=say("n_seconds", count=secs),
        )
    if minutes:
        return say("n_minutes", count=minutes)
    return say("n_seconds", count=secs)


def join_and(say: Lines, items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b, and c'."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return say("list_pair", first=items[0], last=items[1])
    return say("list_many", rest=", ".join(items[:-1]), last=items[-1])
