"""A workout as the stores keep it: the plan, and one entry per logged set, by writer.

Shared by every backend, so that the rules of the contract (a repeat is harmless, another
writer's set is kept, a count replaces a skip, a close folds the union once) are one piece of
code, not one per store.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..coach.profile import Profile
from ..coach.progression import finish_workout
from ..coach.workout import Workout

# The workout's own fields: what `Workout.to_dict` holds but the sets (stored one by one).
PLAN_FIELDS = ("id", "day", "blocks", "light")


@dataclass(frozen=True)
class StoredSet:
    count: int | None
    writer: str


# Values a plan's loader assumes when they are absent: left out of the stored plan, so that a
# workout item with every set logged stays within one write unit (1 KB).
_BLOCK_DEFAULTS = {"first": "left", "sets": 1}
_RX_DEFAULTS = {"deep": False, "pulse": False, "stop": False}


def plan_of(workout: Workout) -> dict[str, object]:
    """The workout's plan as stored: its own fields, defaults left out (only when the plan
    then loads back exactly the same)."""
    data = workout.to_dict()
    plan = {name: data[name] for name in PLAN_FIELDS}
    blocks = []
    for block in plan["blocks"]:  # type: ignore[union-attr]
        short = {k: v for k, v in block.items() if _BLOCK_DEFAULTS.get(k, object()) != v}
        rx = short.get("rx")
        if isinstance(rx, dict):
            short["rx"] = {k: v for k, v in rx.items() if _RX_DEFAULTS.get(k, object()) != v}
        blocks.append(short)
    compact = {**plan, "blocks": blocks}
    if not compact["light"]:
        del compact["light"]
    again = Workout.from_dict({**compact, "counts": [], "cursor": 0}).to_dict()
    whole = Workout.from_dict({**plan, "counts": [], "cursor": 0}).to_dict()
    return compact if again == whole else plan


def may_write(existing: StoredSet | None, count: int | None, writer: str) -> bool:
    """Whether a write of ``count`` by ``writer`` may replace what is stored for a set."""
    if existing is None or existing.writer == writer:
        return True  # a first write, a repeat, or the same writer's redo
    return existing.count is None and count is not None  # a count replaces a skip


@dataclass
class StoredWorkout:
    plan: dict
    sets: dict[int, StoredSet] = field(default_factory=dict)
    touched: int = 0
    rev: int = 0  # bumped by every set write: a close folds exactly what it read

    def workout(self) -> Workout:
        """The workout with every stored set; the cursor after the furthest one."""
        cursor = max(self.sets) + 1 if self.sets else 0
        counts = [self.sets[i].count if i in self.sets else None for i in range(cursor)]
        return Workout.from_dict(
            {**self.plan, "counts": counts, "cursor": cursor, "touched": self.touched}
        )


def union(stored: StoredWorkout | None, mine: Workout) -> Workout:
    """The caller's workout with every set the store holds for it: a stored count stands (the
    first writer's, as `record_set` keeps it), a count beats a skip, the furthest cursor wins."""
    if stored is None:
        return mine
    theirs = stored.workout()
    if len(theirs.sets) != len(mine.sets):
        # Another plan under the same id (a swap on one device): the caller's copy is whole.
        return mine
    cursor = max(mine.cursor, theirs.cursor)
    counts: list[int | None] = []
    for index in range(cursor):
        own = mine.counts[index] if index < min(mine.cursor, len(mine.counts)) else None
        other = stored.sets.get(index)
        counts.append(other.count if other is not None and other.count is not None else own)
    merged = Workout.from_dict(
        {
            **mine.to_dict(),
            "counts": counts,
            "cursor": cursor,
            "touched": max(mine.touched, stored.touched),
        }
    )
    return merged


def folded_count(closed: object, index: int) -> int | None:
    """The count a closed workout (its stored ``Workout.to_dict``) was folded with for set
    ``index``; None when it holds none (never logged, or skipped)."""
    if not isinstance(closed, dict):
        return None
    counts = closed.get("counts")
    cursor = closed.get("cursor")
    if not isinstance(counts, list) or not isinstance(cursor, int):
        return None
    count = counts[index] if 0 <= index < min(cursor, len(counts)) else None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def fold(profile: Profile, workout: Workout, *, completed: bool) -> tuple[str, ...]:
    """Close ``workout`` into ``profile``: judged and added to the history (an unfinished one
    with nothing logged leaves no record). Returns the exercises that step up next time."""
    profile.active = None
    if not completed and not any(count is not None for count in workout.counts):
        return ()
    return finish_workout(profile, workout, completed=completed)


def newest_first(workouts: list[Workout]) -> list[Workout]:
    return sorted(workouts, key=lambda w: (w.touched, w.day, w.id), reverse=True)
