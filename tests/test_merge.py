"""The merge of two copies of one record: every logged set of either side, exactly once.

A logged set is (workout id, set index) -> count (None: skipped), from `active` (below its
cursor) and from every history record. Histories are generated: a common ancestor, then two
devices each appending sets, finishing, closing, starting over, on their own clocks.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from legcoach.coach.merge import merge
from legcoach.coach.profile import RECENT_SESSIONS, Profile, SessionRecord, Totals
from legcoach.coach.progression import close_active, complete_workout, plan_workout
from legcoach.coach.workout import Workout

DAY = date(2026, 11, 2)
EXAMPLES = 400
SESSION_CAP = 3  # workouts per device: 9 < RECENT_SESSIONS, so nothing is folded away

Sets = dict[tuple[str, int], int | None]


def logged(data: dict) -> Sets:
    """Every logged set in a stored record; fails if one workout appears twice."""
    profile = Profile.from_dict(data)
    found: Sets = {}
    seen: list[str] = []
    for record in profile.recent:
        seen.append(record.id)
        for index, log in enumerate(record.sets):
            found[(record.id, index)] = log.count
    if profile.active is not None:
        seen.append(profile.active.id)
        for index in range(profile.active.cursor):
            found[(profile.active.id, index)] = profile.active.counts[index]
    assert len(seen) == len(set(seen)), f"a workout is stored twice: {seen}"
    return found


# -- a device doing things to its copy -------------------------------------------------------

OPS = ("log", "log", "log", "skip", "finish", "close", "fresh", "day")


class Device:
    def __init__(self, name: str, data: dict, clock: int, day: int) -> None:
        self.name = name
        self.profile = Profile.from_dict(copy.deepcopy(data))
        self.clock = clock
        self.day = day
        self.made = 0

    def _start(self) -> Workout | None:
        if self.made >= SESSION_CAP:
            return None
        self.made += 1
        today = DAY + timedelta(days=self.day)
        wid = f"{self.name}{self.made}-{today.isoformat()}"
        workout = plan_workout(self.profile, today, light=False, workout_id=wid).workout
        self.profile.active = workout
        return workout

    def apply(self, op: str, count: int, tick: int) -> None:
        self.clock += tick
        active = self.profile.active
        if op in ("log", "skip"):
            workout = active if active is not None and not active.finished else self._start()
            if workout is None:
                return
            workout.record(None if op == "skip" else count)
            workout.touched = self.clock
            if workout.finished:
                complete_workout(self.profile, workout, completed=True)
        elif op == "day":
            self.day += 1
        elif active is None:
            return
        elif op == "finish":
            while not active.finished:
                active.record(count)
            active.touched = self.clock
            complete_workout(self.profile, active, completed=True)
        elif op == "close":
            close_active(self.profile)
        elif op == "fresh":
            close_active(self.profile)
            workout = self._start()
            if workout is not None:
                workout.touched = self.clock

    def data(self) -> dict:
        return self.profile.to_dict()


step = st.tuples(st.sampled_from(OPS), st.integers(1, 20), st.integers(0, 3))


@st.composite
def diverged(draw: st.DrawFn) -> tuple[dict, dict, dict]:
    """A common ancestor and two copies derived from it by two devices."""
    ancestor = Device("c", {}, clock=1000, day=0)
    for op, count, tick in draw(st.lists(step, max_size=25)):
        ancestor.apply(op, count, tick)
    base = ancestor.data()
    a = Device("a", base, ancestor.clock, ancestor.day)
    b = Device("b", base, ancestor.clock, ancestor.day)
    for device in (a, b):
        for op, count, tick in draw(st.lists(step, max_size=25)):
            device.apply(op, count, tick)
    return base, a.data(), b.data()


def expected_union(left: Sets, right: Sets) -> dict[tuple[str, int], set[int | None]]:
    """For each logged set, the counts the merge may keep (a number beats a skip)."""
    allowed: dict[tuple[str, int], set[int | None]] = {}
    for key in left.keys() | right.keys():
        values = {v for side in (left, right) if key in side for v in [side[key]]}
        numbers = {v for v in values if v is not None}
        allowed[key] = numbers or {None}
    return allowed


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diverged())
def test_merge_keeps_every_logged_set_of_either_side_exactly_once(histories):
    _, a, b = histories
    fresh = {**a, "_version": 7}
    out = merge(fresh, b)
    left, right, got = logged(a), logged(b), logged(out)
    allowed = expected_union(left, right)
    assert got.keys() == allowed.keys()  # every set of either side, nothing invented
    for key, value in got.items():
        assert value in allowed[key], (key, value, allowed[key])
    assert out["_version"] == 7

    # Commutative on the logged sets, idempotent, and merging again with an input adds nothing.
    assert logged(merge(b, a)) == got
    again = {k: v for k, v in merge(out, out).items() if k != "_version"}
    assert again == {k: v for k, v in out.items() if k != "_version"}
    assert logged(merge(out, a)) == got
    assert logged(merge(b, out)) == got


@settings(max_examples=EXAMPLES // 2, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 2), step, st.booleans()), min_size=1, max_size=60),
)
def test_three_devices_writing_through_a_versioned_store_lose_nothing(script):
    """Devices edit cached copies and write with a version check; a conflict merges."""
    store: dict = {"_version": 0}
    devices = [Device(name, {}, clock=1000, day=0) for name in "xyz"]
    versions = [0, 0, 0]
    written: dict[tuple[str, int], int] = {}
    for who, (op, count, tick), reload in script:
        device = devices[who]
        if reload:  # a new session reads the store
            device.profile = Profile.from_dict(copy.deepcopy(store))
            versions[who] = store["_version"]
        device.apply(op, count, tick)
        mine = device.data()
        mine.pop("_version", None)
        # Every count this device's copy holds was acknowledged to it: the store must keep it.
        # (Skips are not promised: closing a workout of nothing but skips drops it.)
        written.update({k: v for k, v in logged(mine).items() if v is not None})
        if versions[who] != store["_version"]:
            mine = merge(copy.deepcopy(store), mine)
            mine.pop("_version", None)
        store = {**mine, "_version": store["_version"] + 1}
        versions[who] = store["_version"]
        device.profile = Profile.from_dict(copy.deepcopy(store))
    final = logged(store)
    assert {k for k, v in final.items() if v is not None} == written.keys()


# -- the cases by name -------------------------------------------------------------------------


def started(profile: Profile, workout_id: str, counts: list[int | None], touched: int) -> Workout:
    workout = plan_workout(profile, DAY, light=False, workout_id=workout_id).workout
    for count in counts:
        workout.record(count)
    workout.touched = touched
    return workout


def test_same_workout_on_two_devices_keeps_both_devices_sets_and_the_furthest_cursor():
    base = Profile(safety_noted=True)
    kitchen = Profile(safety_noted=True, active=started(base, "w", [8, 8, 8], touched=100))
    bedroom = Profile(safety_noted=True, active=started(base, "w", [8, None], touched=90))
    merged = Profile.from_dict(merge(kitchen.to_dict(), bedroom.to_dict()))
    assert merged.active is not None
    assert (merged.active.cursor, merged.active.counts) == (3, [8, 8, 8])
    assert merged.active.touched == 100


def test_a_count_beats_a_skip_and_the_later_touched_count_wins_a_clash():
    base = Profile()
    early = Profile(active=started(base, "w", [None, 7], touched=100))
    late = Profile(active=started(base, "w", [6, 9], touched=200))
    for fresh, mine in ((early, late), (late, early)):
        merged = Profile.from_dict(merge(fresh.to_dict(), mine.to_dict()))
        assert merged.active is not None and merged.active.counts == [6, 9]


def test_the_other_devices_shorter_unfinished_workout_is_kept_not_taken_as_finished():
    # Reproduced on the old merge: the workout with fewer sets was treated as done and dropped.
    base = Profile(safety_noted=True)
    fresh = Profile(safety_noted=True, active=started(base, "bedroom", [8, 8, 8], touched=100))
    mine = Profile(safety_noted=True, active=started(base, "kitchen", [8], touched=50))
    merged = Profile.from_dict(merge(fresh.to_dict(), mine.to_dict()))
    assert merged.active is not None and merged.active.id == "kitchen"  # the writer's own
    assert [(r.id, r.completed, r.judged, [s.count for s in r.sets]) for r in merged.recent] == [
        ("bedroom", False, False, [8, 8, 8])
    ]
    # The bedroom writes again: it takes `active` back with every set, and nothing is doubled.
    back = fresh.to_dict()
    back["active"]["counts"].append(9)
    back["active"]["cursor"] = 4
    again = Profile.from_dict(merge(merge(fresh.to_dict(), mine.to_dict()), back))
    assert again.active is not None and again.active.id == "bedroom"
    assert again.active.counts == [8, 8, 8, 9]
    assert [(r.id, [s.count for s in r.sets]) for r in again.recent] == [("kitchen", [8])]


def test_another_devices_workout_stays_active_when_we_have_none():
    base = Profile(safety_noted=True)
    fresh = Profile(safety_noted=True, active=started(base, "bedroom", [8, 8], touched=10))
    mine = Profile(safety_noted=True)
    complete_workout(mine, started(base, "kitchen", [8] * 8, touched=20), completed=True)
    merged = Profile.from_dict(merge(fresh.to_dict(), mine.to_dict()))
    assert merged.active is not None and merged.active.counts == [8, 8]
    assert [r.id for r in merged.recent] == ["kitchen"]


def test_a_finished_record_gains_the_sets_only_the_active_copy_has():
    base = Profile(safety_noted=True)
    # The kitchen closed the workout after four sets; the bedroom had logged six of it.
    kitchen = Profile(safety_noted=True)
    close_active_at = started(base, "w", [8, 8, 8, 8], touched=10)
    kitchen.active = close_active_at
    close_active(kitchen)
    bedroom = Profile(safety_noted=True, active=started(base, "w", [8, 8, 8, 8, 9, 9], touched=5))
    for fresh, mine in ((kitchen, bedroom), (bedroom, kitchen)):
        merged = Profile.from_dict(merge(fresh.to_dict(), mine.to_dict()))
        assert merged.active is None
        assert [s.count for s in merged.recent[0].sets] == [8, 8, 8, 8, 9, 9]
        assert merged.recent[0].judged  # decided once, never again


def test_our_finished_workout_clears_its_own_active_on_the_other_copy():
    base = Profile(safety_noted=True)
    fresh = Profile(safety_noted=True, active=started(base, "kitchen", [8] * 7, touched=10))
    mine = Profile(safety_noted=True)
    complete_workout(mine, started(base, "kitchen", [8] * 8, touched=11), completed=True)
    merged = Profile.from_dict(merge(fresh.to_dict(), mine.to_dict()))
    assert merged.active is None
    assert [(r.id, len(r.sets), r.completed) for r in merged.recent] == [("kitchen", 8, True)]


def test_progression_comes_from_the_side_with_the_newest_judged_session():
    base = Profile(safety_noted=True)
    judged = Profile(safety_noted=True)
    complete_workout(judged, started(base, "w1", [8] * 8, touched=10), completed=True)
    assert judged.rungs and judged.reasons
    behind = Profile(safety_noted=True, active=started(base, "w2", [8], touched=20))
    for fresh, mine in ((judged, behind), (behind, judged)):
        merged = Profile.from_dict(merge(fresh.to_dict(), mine.to_dict()))
        assert merged.rungs == judged.rungs and merged.reasons == judged.reasons
        assert {r.id for r in merged.recent} == {"w1"} and merged.active is not None


def test_sessions_the_other_writer_folded_are_not_counted_twice():
    def record(n: int) -> SessionRecord:
        return SessionRecord(f"s{n:02}", (DAY + timedelta(days=n)).isoformat(), judged=True)

    common = Profile(recent=[record(n) for n in range(RECENT_SESSIONS)])
    folder = copy.deepcopy(common)
    folder.add_session(record(RECENT_SESSIONS))  # folds s00 into the totals
    assert folder.folded == Totals(sessions=1, last_day=DAY.isoformat())
    lagging = copy.deepcopy(common)
    for fresh, mine in ((folder, lagging), (lagging, folder)):
        merged = Profile.from_dict(merge(fresh.to_dict(), mine.to_dict()))
        assert merged.sessions_completed == RECENT_SESSIONS + 1
        assert merged.recent[0].id == "s01"
