"""The same person on two devices at once, through the real handler, on one table.

Two Echo devices on one account (one user id, no recognised voice, so one record) take turns in
a seeded random order for over a thousand turns: starting, resuming each other's workouts or
starting fresh, counting sets (around the target), across days. Every set the coach
acknowledged on either device must be stored exactly once, with a count one of them said.

The thousand-round run uses the memory store (the same contract rules as DynamoDB's; moto
needs minutes for it); a shorter run of the same seeded conversation goes through the DynamoDB
store on moto. Each set is its own write, conditioned so that one device never overwrites the
other's: the union of both devices' sets is stored by construction.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from legcoach.storage import open_store
from legcoach.storage.keys import Owner
from legcoach.storage.memory import MemoryStore
from legcoach_dev.local.tables import ensure_table
from moto import mock_aws
from support.coachee import Coachee
from support.dynamo import fake_aws_environment
from support.skill_ledger import Player, compare, merge_ledgers, stored_sets

TABLE = "leg-workout-two-devices"
USER = "amzn1.ask.account.TWODEVICES"
ROUNDS = 1000
MOTO_ROUNDS = 200
SEED = 20261124


@pytest.fixture
def moto_adapter(monkeypatch):
    fake_aws_environment(monkeypatch)
    with mock_aws():
        store = open_store("dynamodb", table_name=TABLE, log_key="test")
        ensure_table(store)
        yield store


@pytest.fixture
def memory_store():
    return MemoryStore()


def play(nlu, adapter, rounds: int, seed: int) -> tuple[dict, list[Player]]:
    rng = random.Random(seed)
    day = date(2026, 11, 2)
    players = [
        Player(Coachee(nlu, store=adapter, user_id=USER, day=day, seed=seed + n), rng, vary=True)
        for n in range(2)
    ]
    for round_number in range(rounds):
        if round_number and round_number % 150 == 0:  # a new day for both
            for player in players:
                player.leave()
                player.coachee.next_day()
        player = rng.choice(players)
        if rng.random() < 0.02:
            player.leave()  # walks away mid-workout; picks up again later
        else:
            player.step()
    for player in players:
        player.leave()
    stored, folded = stored_sets(adapter, USER)
    return compare(merge_ledgers(*players), stored, folded), players


@pytest.mark.slow
@pytest.mark.parametrize(
    ("store", "rounds"),
    [
        ("memory_store", ROUNDS),
        ("moto_adapter", MOTO_ROUNDS),
    ],
)
def test_two_devices_interleaving_lose_no_acknowledged_set(nlu, request, store, rounds, capsys):
    adapter = request.getfixturevalue(store)
    result, players = play(nlu, adapter, rounds, SEED)
    with capsys.disabled():
        print(
            f"\ntwo devices on {store}, {rounds} rounds "
            f"({sum(p.turns for p in players)} turns): {result}"
        )
    assert result["acknowledged"] > rounds // 4
    assert result["lost"] == 0 and result["changed"] == 0 and result["invented"] == 0
    assert result["missing"] == result["folded"]  # only what was folded into the totals


def test_a_second_device_resumes_the_paused_workout_and_both_log(nlu, moto_adapter):
    """The kitchen pauses; the bedroom resumes that workout and logs; the kitchen comes back
    to it and logs too, the bedroom still going: every set of both is stored, none twice."""
    day = date(2026, 11, 2)
    kitchen = Player(Coachee(nlu, store=moto_adapter, user_id=USER, day=day, seed=1), rng(1))
    bedroom = Player(Coachee(nlu, store=moto_adapter, user_id=USER, day=day, seed=2), rng(2))
    kitchen.step()
    while len(kitchen.acked) < 3:
        kitchen.step()
    kitchen.reply = kitchen.coachee.say("pause")
    assert not kitchen.reply.open
    reply = bedroom.coachee.say("start leg workout")
    assert reply.ask == "resume"
    bedroom.reply = bedroom.coachee.say("yes")
    while len(bedroom.acked) < 2:
        bedroom.step()
    reply = kitchen.coachee.say("start leg workout")
    assert reply.ask == "resume"
    kitchen.reply = kitchen.coachee.say("yes")
    for _ in range(3):
        kitchen.step()
        bedroom.step()
    kitchen.leave()
    bedroom.leave()
    stored, folded = stored_sets(moto_adapter, USER)
    result = compare(merge_ledgers(kitchen, bedroom), stored, folded)
    assert result["acknowledged"] >= 8, result
    assert result["lost"] == 0 and result["changed"] == 0 and result["invented"] == 0, result


def kitchen_and_bedroom(nlu, adapter) -> tuple[Player, Player]:
    """Two devices on one account, on the same day, each answering around the target."""
    day = date(2026, 11, 2)
    return tuple(  # type: ignore[return-value]
        Player(Coachee(nlu, store=adapter, user_id=USER, day=day, seed=n), rng(n), vary=True)
        for n in (1, 2)
    )


def rng(seed: int) -> random.Random:
    return random.Random(seed)


def log_sets(player: Player, sets: int) -> None:
    """Step the device until it has `sets` more sets acknowledged."""
    goal = len(player.acked) + sets
    for _ in range(40):
        if len(player.acked) >= goal:
            return
        player.step()
    raise AssertionError(f"{sets} sets were not acknowledged in 40 turns")


def counted_in_history(store, workout_id: str) -> list[tuple[str, int, int]]:
    """Every counted set on record for a workout and its continuations: (record, set, count)."""
    recent = store.load(Owner(USER)).profile.recent
    return [
        (record.id, index, log.count)
        for record in recent
        if record.id.split("+")[0] == workout_id
        for index, log in enumerate(record.sets)
        if log.count is not None
    ]


@pytest.mark.parametrize("store", ["memory_store", "moto_adapter"])
def test_the_sets_a_close_already_holds_are_not_counted_again(nlu, request, store):
    """The kitchen finishes the workout the bedroom resumed while the bedroom is still in it:
    the bedroom's sets of it, logged after that close, are the kitchen's sets (taken), not a
    second copy of them in a continuation."""
    adapter = request.getfixturevalue(store)
    kitchen, bedroom = kitchen_and_bedroom(nlu, adapter)
    log_sets(kitchen, 3)
    workout_id = kitchen.reply.state["workout"]["id"]
    assert bedroom.coachee.say("start leg workout").ask == "resume"
    bedroom.reply = bedroom.coachee.say("yes")
    while kitchen.reply.open:  # the kitchen does the rest of it, to the end: closed
        kitchen.step()
    assert any(r.id == workout_id for r in adapter.load(Owner(USER)).profile.recent)
    while bedroom.reply.open and bedroom.turns < 40:  # the bedroom logs on, then finishes too
        bedroom.step()
    bedroom.leave()
    kitchens = {index: counts for (_, index), counts in kitchen.acked.items()}
    history = counted_in_history(adapter, workout_id)
    # Each set once, with the count the kitchen said: the close got every one of them first.
    assert sorted(index for _, index, _ in history) == sorted(kitchens), history
    assert all(count in kitchens[index] for _, index, count in history), history
    stored, folded = stored_sets(adapter, USER)
    result = compare(merge_ledgers(kitchen, bedroom), stored, folded)
    assert result["lost"] == 0 and result["changed"] == 0 and result["invented"] == 0, result


@pytest.mark.parametrize("store", ["memory_store", "moto_adapter"])
def test_a_set_logged_after_the_continuation_was_closed_too_is_kept(nlu, request, store):
    """The bedroom starts afresh (closing the kitchen's workout); the kitchen logs on into a
    continuation of it; the bedroom's next launch closes that continuation as well, and the
    kitchen logs one more set: it goes to a further continuation, and every set is stored."""
    adapter = request.getfixturevalue(store)
    kitchen, bedroom = kitchen_and_bedroom(nlu, adapter)
    log_sets(kitchen, 2)
    workout_id = kitchen.reply.state["workout"]["id"]
    assert bedroom.coachee.say("start leg workout").ask == "resume"
    bedroom.reply = bedroom.coachee.say("start my workout")  # closes the kitchen's as it stood
    log_sets(bedroom, 1)
    log_sets(kitchen, 2)  # into its continuation
    bedroom.leave()
    bedroom.reply = bedroom.coachee.say("start leg workout")  # closes the other open ones
    if bedroom.reply.ask == "resume":
        bedroom.reply = bedroom.coachee.say("start my workout")
    log_sets(bedroom, 1)
    log_sets(kitchen, 1)  # its continuation is closed too: a further one keeps it
    kitchen.leave()
    bedroom.leave()
    loaded = adapter.load(Owner(USER))
    open_sets = [
        (w.id, index, w.counts[index])
        for w in [loaded.profile.active, *loaded.others]
        if w is not None and w.id.split("+")[0] == workout_id
        for index in range(w.cursor)
        if w.counts[index] is not None
    ]
    on_record = counted_in_history(adapter, workout_id) + open_sets
    # The kitchen's workout is one session on record, however many devices finished it.
    assert [r.id for r in loaded.profile.recent if r.id.split("+")[0] == workout_id] in (
        [workout_id],
        [],
    )
    assert not any("+" in r.id for r in loaded.profile.recent), loaded.profile.recent
    kitchens = {index: counts for (wid, index), counts in kitchen.acked.items()}
    assert len(kitchens) == 5
    assert sorted(index for _, index, _ in on_record) == sorted(kitchens), on_record
    assert all(count in kitchens[index] for _, index, count in on_record), on_record
    stored, folded = stored_sets(adapter, USER)
    result = compare(merge_ledgers(kitchen, bedroom), stored, folded)
    assert result["lost"] == 0 and result["changed"] == 0 and result["invented"] == 0, result
