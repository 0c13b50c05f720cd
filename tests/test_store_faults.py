"""Every kind of DynamoDB fault, injected at botocore: the adapter's outcome, attempts and time.

A transient fault (throttling, a 5xx, a timeout, no connection) is retried once and then raised
as `StoreUnavailable` (`StoreTimeout` for timeouts), within `worst_case_seconds`; a missing table
or a refused request is not retried and surfaces as `StoreMisconfigured`, logged loudly; a
concurrent writer's conditional-check failure is merged and written. A turn's deadline stops
calls that could not finish in time without making them.
"""

from __future__ import annotations

import random
import time

import pytest
from legcoach.coach.merge import merge
from legcoach.coach.profile import Profile
from legcoach.storage import readable_profile
from legcoach.storage.dynamodb import (
    DynamoDbAdapter,
    StoreMisconfigured,
    StoreTimeout,
    StoreUnavailable,
)
from legcoach_dev.local.tables import ensure_table
from moto import mock_aws
from support.dynamo import fake_aws_environment, request_envelope
from support.fault_injection import ERROR_RESPONSES, RAISED, TRANSIENT, Faults, always

TABLE = "leg-workout-faults"
USER = "amzn1.ask.account.FAULTS"
RECORD = {"schema": 2, "safety": True, "rungs": {"squat": 3}}
# A fault fails fast (an error response) or costs its timeout; either way the call ends
# within its worst case. The slack covers moto and the test machine, not the adapter.
SLACK_S = 0.5


@pytest.fixture
def adapter(monkeypatch):
    fake_aws_environment(monkeypatch)
    with mock_aws():
        store = DynamoDbAdapter(TABLE, merge=merge, validate=readable_profile, log_key="k")
        ensure_table(store)
        store.save_attributes(request_envelope(USER), dict(RECORD))
        yield store


def timed(call):
    start = time.perf_counter()
    try:
        call()
    except Exception as exc:
        return exc, time.perf_counter() - start
    return None, time.perf_counter() - start


EXPECTED = {
    "ProvisionedThroughputExceeded": (StoreUnavailable, "throttled", 2),
    "ThrottlingException": (StoreUnavailable, "throttled", 2),
    "RequestLimitExceeded": (StoreUnavailable, "throttled", 2),
    "InternalServerError": (StoreUnavailable, "server", 2),
    "ServiceUnavailable": (StoreUnavailable, "server", 2),
    "read timeout": (StoreTimeout, "timeout", 2),
    "connect timeout": (StoreTimeout, "timeout", 2),
    "endpoint connection error": (StoreUnavailable, "connection", 2),
    "ValidationException": (StoreMisconfigured, "configuration", 1),
}
assert set(EXPECTED) == set(ERROR_RESPONSES) | set(RAISED)
assert set(TRANSIENT) == {k for k, v in EXPECTED.items() if v[2] == 2}


@pytest.mark.parametrize("operation", ["GetItem", "PutItem"])
@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_fault_gives_a_typed_error_within_the_worst_case(adapter, kind, operation, capsys):
    error_type, reason, attempts = EXPECTED[kind]
    faults = Faults(adapter, always(kind, (operation,))).install()
    if operation == "GetItem":
        error, seconds = timed(lambda: adapter.get_attributes(request_envelope(USER)))
    else:
        mine = {**RECORD, "_version": 1, "safety": False}
        error, seconds = timed(lambda: adapter.save_attributes(request_envelope(USER), mine))
    assert type(error) is error_type, error
    assert (error.reason, error.attempts) == (reason, attempts)
    assert faults.sent == {operation: attempts}
    assert seconds <= adapter.worst_case_seconds + SLACK_S
    with capsys.disabled():
        print(
            f"\n  {kind:28} {operation:8} -> {error_type.__name__}({reason}) "
            f"after {attempts} attempt(s), {seconds:.2f} s "
            f"(worst case {adapter.worst_case_seconds:.2f} s)",
            end="",
        )
    # Nothing was changed by the failed call: the record is as it was.
    faults.choose = always("none", ("nothing",))
    assert adapter.get_attributes(request_envelope(USER)) == {**RECORD, "_version": 1}


@pytest.mark.parametrize("kind", TRANSIENT)
def test_a_transient_fault_on_the_first_attempt_only_is_absorbed(adapter, kind):
    failures = iter([kind])
    faults = Faults(adapter, lambda operation: next(failures, None), sleep=False).install()
    mine = {**RECORD, "_version": 1, "first": "2026-11-02"}
    adapter.save_attributes(request_envelope(USER), mine)
    assert faults.sent == {"PutItem": 2}
    assert adapter.get_attributes(request_envelope(USER))["first"] == "2026-11-02"


def test_a_missing_table_is_a_configuration_error_logged_loudly(adapter, caplog):
    adapter.table_name = "no-such-table"
    faults = Faults(adapter, always("none", ("nothing",))).install()
    with caplog.at_level("ERROR"):
        error, _ = timed(lambda: adapter.get_attributes(request_envelope(USER)))
    assert type(error) is StoreMisconfigured and error.reason == "configuration"
    assert "ResourceNotFoundException" in str(error)
    assert faults.sent == {"GetItem": 1}  # not retried: waiting will not create the table
    assert "DYNAMODB MISCONFIGURED" in caplog.text and USER not in caplog.text


def test_a_concurrent_writer_is_merged_not_overwritten(adapter):
    """ConditionalCheckFailed from a real concurrent write, made just before ours lands."""
    rival = DynamoDbAdapter(TABLE, merge=merge)
    rival._client = adapter.client  # same moto backend
    envelope = request_envelope(USER)
    theirs = rival.get_attributes(envelope)
    mine = adapter.get_attributes(envelope)
    plan = Profile.from_dict(RECORD)
    from datetime import date

    from legcoach.coach.progression import plan_workout

    kitchen = plan_workout(plan, date(2026, 11, 2), light=False, workout_id="kitchen").workout
    kitchen.record(8)
    kitchen.record(9)
    kitchen.touched = 100
    bedroom = plan_workout(plan, date(2026, 11, 2), light=False, workout_id="bedroom").workout
    bedroom.record(7)
    bedroom.touched = 200
    theirs["active"] = kitchen.to_dict()
    mine["active"] = bedroom.to_dict()

    armed = {"left": 1}

    def rival_writes_first(operation: str) -> None:
        if operation == "PutItem" and armed["left"]:
            armed["left"] = 0
            rival.save_attributes(envelope, theirs)  # lands between our read and our write
        return None

    faults = Faults(adapter, rival_writes_first).install()
    adapter.save_attributes(envelope, mine)
    # ours: PutItem refused (ConditionalCheckFailed, the item comes back with it), merged, put
    # again; the rival's own PutItem goes through the same client, so it is counted too.
    assert faults.sent == {"PutItem": 3}
    stored = Profile.from_dict(adapter.get_attributes(envelope))
    assert stored.active is not None and stored.active.id == "bedroom"
    assert stored.active.counts == [7]
    assert [(r.id, [s.count for s in r.sets]) for r in stored.recent] == [("kitchen", [8, 9])]
    assert mine["_version"] == 3


# -- a deadline for the whole turn -------------------------------------------------------------


def test_a_brownout_turn_ends_within_its_deadline(adapter):
    """Every call times out: the read gives up in time, and the write is not even started."""
    faults = Faults(adapter, always("read timeout")).install()
    budget = 2.2  # what the turn has left for the store
    start = time.perf_counter()

    def left() -> float:
        return budget - (time.perf_counter() - start)

    with adapter.turn_deadline(left):
        read, _ = timed(lambda: adapter.get_attributes(request_envelope(USER)))
        write, _ = timed(
            lambda: adapter.save_attributes(request_envelope(USER), {**RECORD, "_version": 1})
        )
    elapsed = time.perf_counter() - start
    assert isinstance(read, StoreTimeout) and read.reason == "timeout" and read.attempts == 2
    assert isinstance(write, StoreTimeout) and write.reason == "deadline"
    assert write.attempts == 1  # one attempt fitted; the retry did not
    assert faults.sent == {"GetItem": 2, "PutItem": 1}
    assert elapsed <= budget
    print(f"\nbrownout turn: read and write gave up after {elapsed:.2f} s of a {budget} s budget")


def test_no_call_is_made_when_the_turn_has_no_time_left(adapter):
    faults = Faults(adapter, always("none", ("nothing",))).install()
    with adapter.turn_deadline(lambda: adapter.attempt_seconds - 0.01):
        error, seconds = timed(lambda: adapter.get_attributes(request_envelope(USER)))
    assert isinstance(error, StoreTimeout) and (error.reason, error.attempts) == ("deadline", 0)
    assert faults.sent == {}
    assert seconds < 0.1
    # Outside the block the adapter's own deadline (none here) applies again.
    assert adapter.get_attributes(request_envelope(USER))["_version"] == 1


def test_the_deadline_is_checked_before_a_conflict_retry(adapter):
    rival = DynamoDbAdapter(TABLE)
    rival._client = adapter.client
    envelope = request_envelope(USER)
    stale = adapter.get_attributes(envelope)
    rival.save_attributes(envelope, rival.get_attributes(envelope))  # version moves on
    clock = iter([5.0, 0.2])  # time for the first put, none for the retry
    faults = Faults(adapter, always("none", ("nothing",))).install()
    with adapter.turn_deadline(lambda: next(clock)):
        error, _ = timed(lambda: adapter.save_attributes(envelope, stale))
    assert isinstance(error, StoreTimeout) and error.reason == "deadline"
    assert faults.sent == {"PutItem": 1}


def test_worst_case_seconds_is_the_sum_of_its_parts():
    adapter = DynamoDbAdapter(TABLE)
    assert adapter.worst_case_seconds == pytest.approx(
        adapter.attempts * (adapter.connect_timeout + adapter.read_timeout)
        + (adapter.attempts - 1) * adapter.backoff
    )
    assert adapter.worst_case_seconds <= 2.0
    print(f"\nworst case per DynamoDB call: {adapter.worst_case_seconds:.2f} s")


# -- the whole skill, with DynamoDB failing a fifth of its calls --------------------------------


def test_workouts_through_a_brownout_keep_every_acknowledged_set(nlu, adapter, capsys):
    """Three workouts through the real handler while a random 20% of DynamoDB calls fail (every
    attempt of each: throttling, 5xx, timeouts, lost connections); then the faults clear and
    the last workout finishes. Every set the coach acknowledged must be stored."""
    from datetime import date, timedelta

    from support.coachee import Coachee
    from support.fault_injection import RandomCallFaults
    from support.skill_ledger import Player, compare, stored_sets

    chooser = RandomCallFaults(0.2, seed=5, attempts=adapter.attempts)
    faults = Faults(adapter, chooser, sleep=False).install()
    rng = random.Random(11)
    start = date(2026, 11, 2)
    player = Player(Coachee(nlu, store=adapter, user_id=USER, day=start), rng, vary=True)
    for workout in range(3):
        if workout:
            player.leave()
            player.coachee.day = start + timedelta(days=2 * workout)
        player.step()
        for _ in range(60):
            if workout == 2 and player.turns > 0 and len(player.acked) >= 20:
                chooser.on = False  # the brownout ends during the last workout
            player.step()
            if player.reply is not None and not player.reply.open:
                break
    chooser.on = False
    for _ in range(30):  # finish whatever is still open (a save to retry, the last sets)
        if player.reply is None or not player.reply.open:
            break
        player.step()
    player.leave()
    stored, folded = stored_sets(adapter, USER)
    result = compare(player.acked, stored, folded)
    with capsys.disabled():
        print(
            f"\nbrownout: {sum(faults.failed.values())} failed attempts {dict(faults.failed)}; "
            f"{sum(faults.sent.values())} attempts in all; {result}"
        )
    assert sum(faults.failed.values()) > 5  # the faults really happened
    assert result["acknowledged"] >= 20
    assert result["lost"] == 0 and result["changed"] == 0 and result["invented"] == 0
    assert result["missing"] == result["folded"] == 0
