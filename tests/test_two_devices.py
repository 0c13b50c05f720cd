"""The same person on two devices at once, through the real handler, on one table.

Two Echo devices on one account (one user id, no recognised voice, so one record) take turns in
a seeded random order for over a thousand turns: starting, resuming each other's workouts or
starting fresh, counting sets (around the target), across days. Every set the coach
acknowledged on either device must be stored exactly once, with a count one of them said.

The thousand-round run uses `FakeDynamoDb` (moto needs minutes for it); a shorter run of the
same seeded conversation goes through moto.
"""

from __future__ import annotations

import random
from datetime import date

import pytest
from legcoach.storage import build_store
from legcoach_dev.local.tables import ensure_table
from moto import mock_aws
from support.coachee import Coachee
from support.dynamo import fake_aws_environment
from support.fake_dynamodb import FakeDynamoDb
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
        store = build_store("dynamodb", table_name=TABLE, log_key="test")
        ensure_table(store)
        yield store


@pytest.fixture
def fake_adapter():
    store = build_store("dynamodb", table_name=TABLE, log_key="test")
    store._client = FakeDynamoDb()
    return store


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
    ("store", "rounds"), [("fake_adapter", ROUNDS), ("moto_adapter", MOTO_ROUNDS)]
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
