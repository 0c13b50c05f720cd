"""Drive whole workouts through the real handler and keep a ledger of every acknowledged set.

A set is acknowledged when the coach answered its count and moved on: the workout's cursor went
one past it, or the workout ended on it. The ledger is compared with what the store holds (through the store contract).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from legcoach.storage.contract import Store
from legcoach.storage.keys import Owner

from support.coachee import Coachee, Reply, current_target

Key = tuple[str, int]


class Player:
    """One device: answers whatever the coach asks, one turn per `step()`."""

    def __init__(self, coachee: Coachee, rng: random.Random, *, vary: bool = False) -> None:
        self.coachee = coachee
        self.rng = rng
        self.vary = vary  # answer counts around the target instead of on it
        self.reply: Reply | None = None
        self.acked: dict[Key, set[int]] = {}
        self.turns = 0

    def step(self) -> None:
        reply = self.reply
        self.turns += 1
        if reply is None or not reply.open:
            self.reply = self.coachee.say("start leg workout")
            return
        state = reply.state
        phase, ask = state.get("phase"), reply.ask
        if ask is not None:
            answer = {
                "resume": self.rng.choice(["yes", "yes", "yes", "start my workout"]),
                "light_or_full": "full session",
                "retry_save": "yes",
                "cool_down": "no thanks",
                "reminder": "no thanks",
            }.get(ask, "yes")
            self.reply = self.coachee.say(answer)
        elif phase == "ready":
            self.reply = self.coachee.say("ready")
        elif phase == "count":
            self._count(reply)
        else:
            self.reply = self.coachee.say("start leg workout")

    def _count(self, reply: Reply) -> None:
        before = reply.state["workout"]
        target = current_target(reply)
        count = max(1, target + self.rng.randint(-3, 2)) if self.vary else target
        after = self.coachee.say(str(count))
        self.reply = after
        moved = after.state.get("workout") or {}
        ended = not after.state.get("workout") and "Workout done" in after.text
        # Logged where it was asked for: the set that was counted now holds the count (the
        # cursor may have moved further when this device caught up with the other's sets).
        counts = moved.get("counts") or []
        index = before["cursor"]
        same = moved.get("id") == before["id"] and len(counts) > index and counts[index] == count
        if ended or same:
            # A continuation's sets are the sets of the workout it continues (as stored).
            key = (base_id(before["id"]), before["cursor"])
            self.acked.setdefault(key, set()).add(count)

    def leave(self) -> None:
        if self.coachee.device.in_session:
            self.coachee.walk_away()
        self.reply = None


def base_id(workout_id: str) -> str:
    """The workout a continuation ("<id>+<writer>", maybe continued again) continues."""
    return workout_id.split("+")[0]


def stored_sets(store: Store, user_id: str) -> tuple[dict[Key, int | None], int]:
    """Logged sets in the store (the history and every open workout), and how many counted
    sets were folded into the totals. Fails if a workout is stored twice, or a set is counted
    in two of them (a workout and its continuation)."""
    loaded = store.load(Owner(user_id))
    profile = loaded.profile
    open_ = ([profile.active] if profile.active else []) + list(loaded.others)
    ids = [r.id for r in profile.recent] + [w.id for w in open_]
    assert len(ids) == len(set(ids)), f"a workout is stored twice: {ids}"
    found: dict[Key, int | None] = {}
    twice: list[tuple[Key, int, int]] = []

    def keep(workout_id: str, index: int, count: int | None) -> None:
        # A device that logged on after another closed the workout keeps its sets in a
        # continuation ("<id>+<writer>"): they are that workout's sets. It holds only the sets
        # the closed workout lacked: its empty entries are the others' places, not skips.
        key = (base_id(workout_id), index)
        if count is None and (key in found or workout_id != key[0]):
            return
        earlier = found.get(key)
        if earlier is not None and count is not None:
            twice.append((key, earlier, count))
        found[key] = count

    for record in profile.recent:
        for index, log in enumerate(record.sets):
            keep(record.id, index, log.count)
    for workout in open_:
        for index in range(workout.cursor):
            keep(workout.id, index, workout.counts[index])
    assert not twice, f"sets counted twice (in a workout and its continuation): {twice}"
    return found, profile.folded.sets


def compare(acked: dict[Key, set[int]], stored: dict[Key, int | None], folded: int) -> dict:
    """What was lost or changed. `folded` sets live on only as a number in the totals, so an
    acknowledged set may be `missing` from the sets on record only if as many were folded."""
    present = {k for k in acked if k in stored}
    changed = {k for k in present if stored[k] not in acked[k]}
    missing = set(acked) - present
    counted = sum(1 for v in stored.values() if v is not None)
    return {
        "acknowledged": len(acked),
        "stored": counted + folded,
        "folded": folded,
        "missing": len(missing),
        "changed": len(changed),
        "invented": sum(1 for k, v in stored.items() if v is not None and k not in acked),
        "lost": len(acked) - (counted + folded),
    }


def merge_ledgers(*players: Player) -> dict[Key, set[int]]:
    ledger: dict[Key, set[int]] = {}
    for player in players:
        for key, counts in player.acked.items():
            ledger.setdefault(key, set()).update(counts)
    return ledger


Fault = Callable[[str], str | None]
