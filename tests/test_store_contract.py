"""The store contract, held to one suite on every backend: memory, moto, and a moto server.

What a user would notice: a set said back is a set kept (once, whoever else wrote), a workout
counts once however often it is closed, a preference change costs no history, an erase leaves
nothing, and a session that ended with writes pending is owned up to at the next launch.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date

import pytest
from legcoach.coach.profile import Profile
from legcoach.coach.progression import plan_workout
from legcoach.coach.workout import Workout
from legcoach.storage.contract import Closed, Loaded, SetOutcome, SetResult, Store, Unsaved
from legcoach.storage.errors import StoreUnavailable
from legcoach.storage.keys import Owner
from legcoach.storage.pending import Pending, replay
from moto import mock_aws
from support.dynamo import fake_aws_environment
from support.stores import dynamodb_store, memory_store, moto_server

USER = "amzn1.ask.account.CONTRACT"
ME = Owner(USER)
VOICE = Owner(USER, "amzn1.ask.person.VOICE")
DAY = date(2026, 11, 2)
_tables = itertools.count()


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    with moto_server() as url:
        yield url


@pytest.fixture(params=["memory", "moto", "server"])
def store(request, monkeypatch) -> Iterator[Store]:
    fake_aws_environment(monkeypatch)
    if request.param == "memory":
        yield memory_store()
    elif request.param == "moto":
        with mock_aws():
            yield dynamodb_store("contract")
    else:
        url = request.getfixturevalue("server_url")
        yield dynamodb_store(f"contract-{next(_tables)}", endpoint_url=url)


def workout(profile: Profile | None = None, wid: str = "2026-11-02-0000aaaa") -> Workout:
    return plan_workout(profile or Profile(), DAY, light=False, workout_id=wid).workout


def log(w: Workout, *counts: int | None, touched: int = 1_790_000_000) -> Workout:
    for count in counts:
        w.record(count)
    w.touched = touched
    return w


def test_a_new_person_loads_a_fresh_profile(store):
    loaded = store.load(ME)
    assert isinstance(loaded, Loaded)
    assert loaded.profile.sessions_completed == 0 and loaded.profile.active is None
    assert loaded.others == [] and loaded.unsaved is None and not loaded.kept_aside


def test_a_logged_set_is_there_to_resume_from(store):
    w = log(workout(), 8, 7)
    assert store.record_set(ME, w, 0, writer="A") == SetResult(SetOutcome.STORED, 8)
    assert store.record_set(ME, w, 1, writer="A") == SetResult(SetOutcome.STORED, 7)
    active = store.load(ME).profile.active
    assert active is not None and active.id == w.id
    assert active.counts == [8, 7] and active.cursor == 2
    assert [b.to_dict() for b in active.blocks] == [b.to_dict() for b in w.blocks]


def test_repeating_a_set_write_is_harmless(store):
    w = log(workout(), 8)
    for _ in range(3):
        assert store.record_set(ME, w, 0, writer="A").outcome is SetOutcome.STORED
    assert store.load(ME).profile.active.counts == [8]


def test_the_same_writer_may_redo_its_set(store):
    w = log(workout(), 5)
    store.record_set(ME, w, 0, writer="A")
    w.counts[0] = 9  # the same device corrects its count
    assert store.record_set(ME, w, 0, writer="A") == SetResult(SetOutcome.STORED, 9)
    assert store.load(ME).profile.active.counts == [9]


def test_two_devices_in_one_workout_keep_the_union_of_their_sets(store):
    first = log(workout(), 8, 7)
    second = log(workout(), 6, 6, 9)  # the other device, behind on what it knows
    store.record_set(ME, first, 0, writer="A")
    store.record_set(ME, first, 1, writer="A")
    # The second device cannot overwrite the first's sets: their values are kept and returned.
    assert store.record_set(ME, second, 0, writer="B") == SetResult(SetOutcome.TAKEN, 8)
    assert store.record_set(ME, second, 1, writer="B") == SetResult(SetOutcome.TAKEN, 7)
    assert store.record_set(ME, second, 2, writer="B") == SetResult(SetOutcome.STORED, 9)
    assert store.load(ME).profile.active.counts == [8, 7, 9]


def test_a_count_replaces_another_devices_skip_but_not_its_count(store):
    skipped = log(workout(), None)
    counted = log(workout(), 10)
    store.record_set(ME, skipped, 0, writer="A")
    assert store.record_set(ME, counted, 0, writer="B") == SetResult(SetOutcome.STORED, 10)
    # ... and the skip cannot take it back.
    assert store.record_set(ME, skipped, 0, writer="A").outcome is SetOutcome.TAKEN
    assert store.load(ME).profile.active.counts == [10]


def test_a_workout_counts_once_however_often_it_is_closed(store):
    w = log(workout(), 8, 8)
    store.record_set(ME, w, 0, writer="A")
    first = store.close_workout(ME, w, completed=False)
    assert isinstance(first, Closed) and not first.already
    assert first.profile.sessions_completed == 1 and first.profile.total_reps == 16
    # A retry, or the other device closing the same workout with more sets: nothing again.
    again = store.close_workout(ME, log(workout(), 8, 8, 8), completed=True)
    assert again.already and again.profile.sessions_completed == 1
    loaded = store.load(ME)
    assert loaded.profile.sessions_completed == 1 and loaded.profile.total_reps == 16
    assert loaded.profile.active is None


def test_a_close_folds_every_devices_sets(store):
    mine = log(workout(), 8, 8)
    theirs = log(workout(), 8, 8, 6, 6)
    store.record_set(ME, mine, 0, writer="A")
    store.record_set(ME, mine, 1, writer="A")
    store.record_set(ME, theirs, 2, writer="B")
    store.record_set(ME, theirs, 3, writer="B")
    closed = store.close_workout(ME, mine, completed=False)
    record = closed.profile.recent[-1]
    assert [s.count for s in record.sets] == [8, 8, 6, 6]
    assert store.load(ME).profile.recent[-1].reps == 28


def test_a_late_set_after_the_close_writes_nothing(store):
    w = log(workout(), 8)
    store.record_set(ME, w, 0, writer="A")
    store.close_workout(ME, w, completed=False)
    late = log(workout(), 8, 9)
    assert store.record_set(ME, late, 1, writer="B") == SetResult(SetOutcome.CLOSED)
    loaded = store.load(ME)
    assert loaded.profile.active is None and loaded.profile.total_reps == 8


def test_a_late_set_the_close_holds_answers_with_the_folded_count(store):
    w = log(workout(), 8, 7)
    store.record_set(ME, w, 0, writer="A")
    store.close_workout(ME, w, completed=False)  # set 1 rides with the close
    late = log(workout(), 9, 9, 9)
    assert store.record_set(ME, late, 0, writer="B") == SetResult(SetOutcome.CLOSED, 8)
    assert store.record_set(ME, late, 1, writer="B") == SetResult(SetOutcome.CLOSED, 7)
    assert store.record_set(ME, late, 2, writer="B") == SetResult(SetOutcome.CLOSED)


def test_a_complete_workout_moves_the_ladder_and_says_what_steps_up(store):
    w = workout()
    for spec in w.sets:
        w.record(spec.target)
    w.touched = 1_790_000_000
    for index in range(len(w.sets)):
        store.record_set(ME, w, index, writer="A")
    closed = store.close_workout(ME, w, completed=True)
    assert closed.stepped_up  # every set hit: the next workout is a step harder
    before = Profile()
    after = store.load(ME).profile
    assert any(after.rungs.get(k, 0) > before.rungs.get(k, -1) for k in after.rungs)
    assert after.recent[-1].completed and after.recent[-1].judged


def test_preferences_are_saved_without_touching_the_history(store):
    w = log(workout(), 8)
    stale = store.load(ME).profile  # read before the workout closed
    store.record_set(ME, w, 0, writer="A")
    store.close_workout(ME, w, completed=False)
    stale.beeps = True
    stale.tempo_shift = 2
    store.save_preferences(ME, stale, ["beeps", "tempo"])
    profile = store.load(ME).profile
    assert profile.beeps and profile.tempo_shift == 2
    assert profile.sessions_completed == 1  # the stale copy's empty history was not written


def test_a_new_person_can_save_a_preference_first(store):
    profile = Profile(beeps=True)
    store.save_preferences(ME, profile, ["beeps"])
    assert store.load(ME).profile.beeps


@pytest.mark.parametrize("name", ["recent", "folded", "active", "first", "nonsense"])
def test_history_is_not_a_preference(store, name):
    with pytest.raises(ValueError, match="not preference fields"):
        store.save_preferences(ME, Profile(), [name])


def test_two_open_workouts_load_newest_first(store):
    older = log(workout(wid="2026-11-02-00000001"), 8, touched=1_790_000_000)
    newer = log(workout(wid="2026-11-02-00000002"), 9, touched=1_790_000_500)
    store.record_set(ME, older, 0, writer="A")
    store.record_set(ME, newer, 0, writer="B")
    loaded = store.load(ME)
    assert loaded.profile.active.id == newer.id
    assert [w.id for w in loaded.others] == [older.id]


def test_erase_removes_that_person_only(store):
    for owner in (ME, VOICE):
        w = log(workout(), 8)
        store.record_set(owner, w, 0, writer="A")
        store.close_workout(owner, w, completed=False)
        store.record_set(owner, log(workout(wid="2026-11-02-00000009"), 7), 0, writer="A")
    assert store.erase(VOICE) >= 3  # profile, the closed workout, the open one
    assert store.load(VOICE).profile.sessions_completed == 0
    assert store.load(VOICE).profile.active is None
    assert store.load(ME).profile.sessions_completed == 1


def test_erase_account_removes_everything_of_that_account_only(store):
    other = Owner("amzn1.ask.account.OTHER")
    for owner in (ME, VOICE, other):
        w = log(workout(), 8)
        store.record_set(owner, w, 0, writer="A")
        store.close_workout(owner, w, completed=False)
    assert store.erase_account(USER) >= 4
    assert store.load(ME).profile.sessions_completed == 0
    assert store.load(VOICE).profile.sessions_completed == 0
    assert store.load(other).profile.sessions_completed == 1


def test_a_parked_note_of_lost_sets_is_said_once(store):
    assert store.park(ME, Unsaved("2026-11-02-0000aaaa", 2)) is True
    assert store.load(ME).unsaved == Unsaved("2026-11-02-0000aaaa", 2)
    assert store.load(ME).unsaved is None


def test_a_parked_note_survives_a_close_in_between(store):
    w = log(workout(), 8)
    store.record_set(ME, w, 0, writer="A")
    store.park(ME, Unsaved(w.id, 1))
    store.close_workout(ME, w, completed=False)
    assert store.load(ME).unsaved == Unsaved(w.id, 1)


# -- pending writes


class Down:
    """The store, failing every call while `down` is set (like a store that does not answer)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.down = True

    def __getattr__(self, name: str):
        method = getattr(self.store, name)

        def call(*args, **kwargs):
            if self.down:
                raise StoreUnavailable(f"{name}: down", reason="connection", attempts=2)
            return method(*args, **kwargs)

        return call


def test_sets_that_failed_ride_in_the_session_and_are_written_on_the_next_request(store):
    flaky = Down(store)
    w = log(workout(), 8, 7)
    pending = Pending()
    for index in range(2):
        try:
            flaky.record_set(ME, w, index, writer="A")
        except StoreUnavailable:
            pending.add_set(w, index)
    carried = Pending.from_session(pending.to_session())  # through the session, as JSON would
    assert carried.sets == [0, 1]
    flaky.down = False
    done = replay(flaky, ME, carried, profile=Profile(), writer="A")
    assert done.pending.empty
    assert store.load(ME).profile.active.counts == [8, 7]


def test_a_failed_close_is_replayed_once_even_if_sent_twice(store):
    w = log(workout(), 8, 8)
    store.record_set(ME, w, 0, writer="A")
    pending = Pending()
    pending.add_set(w, 1)
    pending.add_close(w, completed=False)
    replay(store, ME, pending, profile=Profile(), writer="A")
    again = replay(store, ME, pending, profile=Profile(), writer="A")  # the response was lost
    assert again.closed is not None and again.closed.already
    assert store.load(ME).profile.sessions_completed == 1
    assert store.load(ME).profile.total_reps == 16


def test_writes_still_pending_at_the_session_end_are_owned_up_to_at_the_next_launch(store):
    flaky = Down(store)
    w = log(workout(), 8, 7, 9)
    store.record_set(ME, w, 0, writer="A")
    pending = Pending()
    pending.add_set(w, 1)
    pending.add_set(w, 2)
    left = replay(flaky, ME, pending, profile=Profile(), writer="A").pending  # session end
    assert left.sets == [1, 2]
    store.park(ME, left.lost())
    loaded = store.load(ME)
    assert loaded.unsaved == Unsaved(w.id, 2)
    assert loaded.profile.active.counts == [8]  # what did land is there to resume


def test_a_forged_pending_copy_writes_nothing_it_should_not():
    w = log(workout(), 8)
    forged = {"workout": w.to_dict(), "sets": [0, 5, -1, "x", True, 0], "close": "yes"}
    pending = Pending.from_session(forged)
    assert pending.sets == [0] and pending.close is None
    assert Pending.from_session({"workout": {"blocks": []}, "sets": [0]}).empty
    assert Pending.from_session("nonsense").empty


# -- the contract itself


def test_a_store_that_cannot_erase_cannot_be_built():
    class Forgetful(Store):
        worst_case_seconds = 0.0

        def load(self, owner):  # pragma: no cover - never built
            raise NotImplementedError

    with pytest.raises(TypeError, match="abstract"):
        Forgetful()  # type: ignore[abstract]


def test_sets_given_up_for_a_newer_workout_are_still_counted_as_lost():
    pending = Pending()
    older = log(workout(wid="2026-11-02-00000001"), 8, 7)
    pending.add_set(older, 0)
    pending.add_set(older, 1)
    newer = log(workout(wid="2026-11-02-00000002"), 9)
    pending.add_set(newer, 0)
    carried = Pending.from_session(pending.to_session())
    assert carried.workout.id == newer.id and carried.sets == [0]
    assert carried.lost() == Unsaved(newer.id, 3)


def test_every_store_can_be_warmed_and_states_its_worst_case(store):
    store.warm()  # no probing: the Lambda entry calls it on whichever store it was given
    assert 0 <= store.worst_case_seconds < 7  # within the function's timeout
