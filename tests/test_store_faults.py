"""Every kind of DynamoDB fault, injected at botocore, under the store and under the whole skill.

Under the store: a transient fault (throttling, a 5xx, a timeout, no connection) is retried once
and then raised as `StoreUnavailable` (`StoreTimeout` for timeouts) within `worst_case_seconds`;
a refused request is not retried and surfaces as `StoreMisconfigured`. A turn's deadline stops
calls that could not finish in time without making them.

Under the skill (the real handler, moto behind the store): every fault kind at every position of
a workout (the launch, a set in the middle, the last set), for one turn or for the rest of the
session, then the session ends. Every set the coach acknowledged is stored, or (the store down
to the session's very end) owned up to by the next launch: none silently lost; no reply says
"saved" before a write landed; every turn fits in the function's timeout.
"""

from __future__ import annotations

import random
import re
import time
from datetime import date, timedelta

import pytest
from legcoach.coach.profile import Profile
from legcoach.coach.progression import plan_workout
from legcoach.storage import open_store
from legcoach.storage.errors import StoreMisconfigured, StoreTimeout, StoreUnavailable
from legcoach.storage.keys import Owner
from legcoach_dev.local.tables import ensure_table
from legcoach_dev.utterances import parse_number
from moto import mock_aws
from support.coachee import Coachee
from support.dynamo import fake_aws_environment
from support.fault_injection import ERROR_RESPONSES, RAISED, TRANSIENT, Faults, always
from support.skill_ledger import Player, compare, stored_sets

TABLE = "leg-workout-faults"
USER = "amzn1.ask.account.FAULTS"
FUNCTION_TIMEOUT_S = 7.0  # template.yaml's Timeout
# A fault fails fast (an error response) or costs its timeout; either way the call ends
# within its worst case. The slack covers moto and the test machine, not the store.
SLACK_S = 0.5
NOT_SAVED = re.compile(r"(one|\w+) of your sets never got saved")


@pytest.fixture
def store(monkeypatch):
    fake_aws_environment(monkeypatch)
    with mock_aws():
        opened = open_store("dynamodb", table_name=TABLE, log_key="k")
        ensure_table(opened)
        opened.save_preferences(Owner(USER), Profile(safety_noted=True), ["safety"])
        yield opened


def timed(call):
    start = time.perf_counter()
    try:
        call()
    except Exception as exc:
        return exc, time.perf_counter() - start
    return None, time.perf_counter() - start


def a_logged_workout(workout_id: str = "w1"):
    workout = plan_workout(Profile(), date(2026, 11, 2), light=False, workout_id=workout_id)
    logged = workout.workout
    logged.record(8)
    return logged


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


@pytest.mark.parametrize("operation", ["Query", "TransactWriteItems", "UpdateItem"])
@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_fault_gives_a_typed_error_within_the_worst_case(store, kind, operation, capsys):
    """A workout's first set creates its item (a transaction: not if it was closed); later
    sets are one conditional update."""
    error_type, reason, attempts = EXPECTED[kind]
    owner = Owner(USER)
    workout = a_logged_workout()
    if operation == "UpdateItem":
        store.record_set(owner, workout, 0, writer="a")
        workout.record(9)
    faults = Faults(store, always(kind, (operation,))).install()
    if operation == "Query":
        error, seconds = timed(lambda: store.load(owner))
    else:
        index = len(workout.counts) - 1
        error, seconds = timed(lambda: store.record_set(owner, workout, index, writer="a"))
    assert type(error) is error_type, error
    assert (error.reason, error.attempts) == (reason, attempts)
    assert faults.sent[operation] == attempts
    assert seconds <= store.worst_case_seconds + SLACK_S
    with capsys.disabled():
        print(
            f"\n  {kind:28} {operation:10} -> {error_type.__name__}({reason}) "
            f"after {attempts} attempt(s), {seconds:.2f} s "
            f"(worst case {store.worst_case_seconds:.2f} s)",
            end="",
        )
    # Nothing was changed by the failed call.
    faults.choose = always("none", ("nothing",))
    loaded = store.load(owner)
    active = loaded.profile.active
    assert loaded.profile.safety_noted
    assert (active.counts if active else None) == ([8] if operation == "UpdateItem" else None)


@pytest.mark.parametrize("kind", TRANSIENT)
def test_a_transient_fault_on_the_first_attempt_only_is_absorbed(store, kind):
    failures = iter([kind])
    faults = Faults(store, lambda operation: next(failures, None), sleep=False).install()
    store.record_set(Owner(USER), a_logged_workout(), 0, writer="a")
    assert faults.sent["TransactWriteItems"] == 2
    active = store.load(Owner(USER)).profile.active
    assert active is not None and active.counts == [8]


def test_a_brownout_turn_ends_within_its_deadline(store):
    """Every call times out: the read gives up in time, and the write is not even started."""
    faults = Faults(store, always("read timeout")).install()
    budget = 2.2  # what the turn has left for the store
    start = time.perf_counter()

    def left() -> float:
        return budget - (time.perf_counter() - start)

    with store.turn_deadline(left):
        read, _ = timed(lambda: store.load(Owner(USER)))
        write, _ = timed(lambda: store.record_set(Owner(USER), a_logged_workout(), 0, writer="a"))
    elapsed = time.perf_counter() - start
    assert isinstance(read, StoreTimeout) and read.reason == "timeout" and read.attempts == 2
    assert isinstance(write, StoreTimeout) and write.reason == "deadline"
    assert write.attempts == 1  # one attempt fitted; the retry did not
    assert faults.sent == {"Query": 2, "TransactWriteItems": 1}
    assert elapsed <= budget
    print(f"\nbrownout turn: read and write gave up after {elapsed:.2f} s of a {budget} s budget")


def test_worst_case_seconds_fits_twice_in_a_turn(store):
    assert store.worst_case_seconds == pytest.approx(
        store.attempts * store.attempt_seconds + (store.attempts - 1) * store.backoff
    )
    assert 2 * store.worst_case_seconds < FUNCTION_TIMEOUT_S
    print(f"\nworst case per DynamoDB call: {store.worst_case_seconds:.2f} s")


# -- the whole skill ---------------------------------------------------------------------------


class Window:
    """Fails every attempt of every call while on: the store is down."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.on = False

    def __call__(self, operation: str) -> str | None:
        return self.kind if self.on else None


class Timed(Player):
    """A player whose every turn is timed: wall time plus the timeouts a fault stood in for."""

    def __init__(self, *args, faults: Faults, timeout_cost: float, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.faults, self.timeout_cost, self.longest = faults, timeout_cost, 0.0
        self.said: list[str] = []

    def step(self) -> None:
        failed = sum(self.faults.failed.values())
        start = time.perf_counter()
        super().step()
        slept = (sum(self.faults.failed.values()) - failed) * self.timeout_cost
        self.longest = max(self.longest, time.perf_counter() - start + slept)
        if self.reply is not None:
            self.said.append(self.reply.text)


def owned_up(text: str) -> int:
    match = NOT_SAVED.search(text)
    return (parse_number([match.group(1).lower()]) or 0) if match else 0


def run_case(nlu, store, kind: str, position: str, persistent: bool, user: str) -> dict:
    window = Window(kind)
    faults = Faults(store, window, sleep=False).install()
    cost = store.read_timeout if kind == "read timeout" else store.connect_timeout
    cost = cost if kind in ("read timeout", "connect timeout") else 0.0
    coachee = Coachee(nlu, store=store, user_id=user, day=date(2026, 11, 2))
    player = Timed(coachee, random.Random(3), faults=faults, timeout_cost=cost)
    faulted_turns = 0
    for _ in range(80):
        workout = (player.reply.state.get("workout") if player.reply else None) or {}
        cursor = workout.get("cursor", 0)
        sets = len(_expand(workout)) if workout else 0
        due = {
            "launch": player.turns == 0,
            "mid": cursor == 3 and player.reply.state.get("phase") == "count",
            "end": bool(sets) and cursor == sets - 1 and player.reply.state.get("phase") == "count",
        }[position]
        if due and not faulted_turns:
            window.on = True
        player.step()
        if window.on:
            faulted_turns += 1
            if not persistent or faulted_turns >= 4:
                window.on = persistent and player.reply is not None and player.reply.open
        if player.reply is not None and not player.reply.open and player.turns > 1:
            break
    player.leave()  # SessionEndedRequest, with the store still down when persistent
    window.on = False
    coachee.day += timedelta(days=1)
    player.step()  # the next launch
    said = owned_up(player.reply.text if player.reply else "")
    player.leave()
    stored, folded = stored_sets(store, user)
    result = compare(player.acked, stored, folded)
    result.update(owned_up=said, longest=player.longest, faults=sum(faults.failed.values()))
    store.client.meta.events.unregister("before-call.dynamodb", faults._hook)
    return result


def _expand(workout: dict) -> list:
    from legcoach.coach.workout import Workout

    return Workout.from_dict(workout).sets


CASES = [
    (kind, position, persistent)
    for kind in EXPECTED
    for position in ("launch", "mid", "end")
    for persistent in (False, True)
]


def test_every_fault_at_every_position_loses_no_acknowledged_set(nlu, store, capsys):
    totals = {"cases": 0, "acknowledged": 0, "stored": 0, "lost": 0, "owned_up": 0}
    longest = 0.0
    for number, (kind, position, persistent) in enumerate(CASES):
        result = run_case(nlu, store, kind, position, persistent, f"{USER}.{number}")
        where = f"{kind} at {position} ({'persistent' if persistent else 'one turn'}): {result}"
        assert result["faults"] > 0, where  # the fault really happened
        assert result["changed"] == 0 and result["invented"] == 0, where
        # Lost only what the store never got because it stayed down to the session's end,
        # and then the next launch says so.
        assert result["lost"] <= result["owned_up"], where
        if not persistent:
            assert result["lost"] == 0 and result["owned_up"] == 0, where
        assert result["longest"] < FUNCTION_TIMEOUT_S, where
        totals["cases"] += 1
        for name in ("acknowledged", "stored", "lost", "owned_up"):
            totals[name] += result[name]
        longest = max(longest, result["longest"])
    with capsys.disabled():
        print(
            f"\nfault matrix: {totals}; longest turn {longest:.2f} s (timeout {FUNCTION_TIMEOUT_S})"
        )
    assert totals["cases"] == len(EXPECTED) * 6
    assert totals["acknowledged"] > 3 * totals["cases"]


def test_a_failed_first_read_then_the_session_ends_loses_nothing(nlu, store):
    """The store is down at the launch and for two sets; the user walks away; the store is
    back for the session's end: the sets ride in the session and are written then."""
    window = Window("ServiceUnavailable")
    Faults(store, window, sleep=False).install()
    coachee = Coachee(nlu, store=store, user_id=USER, day=date(2026, 11, 2))
    player = Player(coachee, random.Random(1))
    window.on = True
    player.step()
    assert "can't reach your saved progress" in player.reply.text
    while len(player.acked) < 2:
        player.step()
        assert not re.search(r"\bsaved\b", player.reply.text.replace("saved progress", ""))
    window.on = False
    player.leave()
    stored, folded = stored_sets(store, USER)
    result = compare(player.acked, stored, folded)
    assert result["acknowledged"] == 2 and result["lost"] == 0, result


def test_the_end_of_workout_write_failing_twice_is_asked_again_and_lands(nlu, store):
    window = Window("InternalServerError")
    faults = Faults(store, window, sleep=False).install()
    coachee = Coachee(nlu, store=store, user_id=USER, day=date(2026, 11, 2))
    reply = coachee.say("start leg workout")
    for _ in range(40):
        workout = reply.state.get("workout")
        if (
            reply.state.get("phase") == "count"
            and workout
            and workout["cursor"] == len(_expand(workout)) - 1
        ):
            break
        reply = coachee.say("ready") if reply.state.get("phase") == "ready" else coachee.say("8")
    window.on = True
    reply = coachee.say("8")  # the last set: the workout closes, and the close fails
    assert reply.ask == "cool_down" and "couldn't save" in reply.text
    reply = coachee.say("no thanks")
    if reply.ask == "reminder":  # offered once, after a first workout
        reply = coachee.say("no thanks")
    assert reply.ask == "retry_save" and "saved" not in reply.text.replace("couldn't save", "")
    reply = coachee.say("yes")  # fails again
    assert reply.ask == "retry_save" and reply.open
    window.on = False
    reply = coachee.say("yes")
    assert not reply.open and "Saved" in reply.text
    profile = store.load(Owner(USER)).profile
    assert profile.active is None and len(profile.recent) == 1
    assert all(s.count == 8 for s in profile.recent[0].sets)
    assert faults.failed["InternalServerError"] >= 4
