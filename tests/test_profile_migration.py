"""Older records load without loss: schema-2 reason sentences become codes, and whole records of
every older schema (huge and unreadable ones too) move to the item-per-workout layout when first
read, from stored fixtures."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from legcoach.coach.changes import Change, ChangeCode
from legcoach.coach.ladder import Step, start_rung
from legcoach.coach.profile import SCHEMA, Profile
from legcoach.speech.coaching import render_change
from legcoach.speech.lines import Lines
from legcoach.storage import readable_profile
from legcoach.storage.codec import deserialize, item_size, serialize
from legcoach.storage.errors import StoreUnavailable
from legcoach.storage.items import DynamoDbStore
from legcoach.storage.keys import Owner
from moto import mock_aws
from support.dynamo import fake_aws_environment
from support.stores import dynamodb_store, fixture_item, raw_items

EN = Lines.for_locale("en-US")
SQUAT = start_rung("squat")
BRIDGE = start_rung("bridge")
LATERAL = start_rung("lateral")

# An item as schema 2 stored it: each slot's reason as the sentence to say.
OLD_ITEM = {
    "schema": 2,
    "safety": True,
    "first": "2026-10-01",
    "rungs": {"squat": SQUAT + 1, "bridge": BRIDGE - 1, "lateral": LATERAL, "finisher": 2},
    "weak": {"lateral": 1},
    "why": {
        "squat": "You hit eight on every set of Bulgarian split squats last time, "
        "so today it's ten reps.",
        "bridge": "The single-leg glute bridges were tough two sessions running, "
        "so we've eased them back one step to build you up again.",
        "lateral": "We're keeping the lateral lunges where they were until they feel solid.",
        "finisher": "Something a newer version might have written.",
        "nonsense_slot": "We're keeping the air squats where they were until they feel solid.",
    },
    "active": {
        "id": "w",
        "day": "2026-11-02",
        "blocks": [
            {
                "slot": "squat",
                "rx": {"ex": "bulgarian_split_squat", "reps": 10},
                "why": "You hit eight on every set of Bulgarian split squats last time, so "
                "today it's ten reps.",
            }
        ],
        "cursor": 0,
        "counts": [],
    },
    "recent": [],
    "folded": {"sessions": 3, "reps": 200},
}


def test_old_reason_sentences_load_as_codes_and_say_the_same_thing():
    profile = Profile.from_dict(json.loads(json.dumps(OLD_ITEM)))
    assert profile.reasons["squat"] == Change(
        ChangeCode.STEP_UP, "bulgarian_split_squat", 8, Step.REPS, new_reps=10
    )
    assert profile.reasons["bridge"].code is ChangeCode.STEP_BACK
    assert profile.reasons["lateral"] == Change(ChangeCode.HOLD_WEAK, "lateral_lunge")
    for slot in ("squat", "bridge", "lateral"):
        assert render_change(EN, profile.reasons[slot]) == OLD_ITEM["why"][slot]


def test_unrecognisable_reasons_are_dropped_and_the_rest_is_kept():
    profile = Profile.from_dict(json.loads(json.dumps(OLD_ITEM)))
    assert set(profile.reasons) == {"squat", "bridge", "lateral"}
    assert profile.safety_noted and profile.rungs["squat"] == SQUAT + 1
    assert profile.sessions_completed == 3 and profile.weak_streak == {"lateral": 1}
    # The in-progress workout survives; its block's sentence was said already and is dropped.
    assert profile.active is not None and profile.active.blocks[0].change is None


def test_the_stored_record_holds_codes_and_numbers_never_sentences():
    stored = Profile.from_dict(json.loads(json.dumps(OLD_ITEM))).to_dict()
    assert stored["schema"] == SCHEMA == 3
    assert stored["why"]["squat"] == {
        "code": "step_up",
        "ex": "bulgarian_split_squat",
        "reps": 8,
        "step": "reps",
        "to_reps": 10,
    }
    words = json.dumps(stored["why"])
    assert "every set" not in words and "solid" not in words
    # And it loads back unchanged.
    assert Profile.from_dict(json.loads(json.dumps(stored))).to_dict() == stored


def test_a_forged_or_unknown_reason_code_is_dropped_not_fatal():
    item = Profile().to_dict()
    item["why"] = {
        "squat": {"code": "teleport", "ex": "air_squat"},
        "bridge": {"code": "step_up", "ex": "moon_walk"},
        "lateral": "a sentence in a schema-3 record",
        "finisher": {"code": "hold_weak", "ex": "air_squat"},
    }
    profile = Profile.from_dict(item)
    assert profile.reasons == {"finisher": Change(ChangeCode.HOLD_WEAK, "air_squat")}


# -- whole records of older releases, moved to the item-per-workout layout on first read

MIGRATED = ["schema1_unversioned", "schema2_sentences", "schema3_today", "schema3_huge"]


@pytest.fixture
def table(monkeypatch):
    fake_aws_environment(monkeypatch)
    with mock_aws():
        yield dynamodb_store("migration")


def _put_fixture(store: DynamoDbStore, name: str) -> tuple[Owner, dict]:
    item = fixture_item(name)
    store.client.put_item(TableName=store.table_name, Item=item)
    owner = Owner(item["user_id"]["S"], item["person"]["S"])
    return owner, Profile.from_dict(deserialize(item["data"])).to_dict()


def _history(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in ("active", "_version")}


@pytest.mark.parametrize("name", MIGRATED)
def test_an_older_record_loads_whole_and_moves_to_the_new_layout(table, name):
    owner, before = _put_fixture(table, name)
    loaded = table.load(owner)
    assert loaded.migrated and not loaded.kept_aside
    assert _history(loaded.profile.to_dict()) == _history(before)
    # The workout in progress survives, with its sets, as its own item.
    if before["active"]:
        assert loaded.profile.active is not None
        assert loaded.profile.active.to_dict() == before["active"]
    else:
        assert loaded.profile.active is None
    items = raw_items(table, owner.user_id)
    profile_item = items[owner.person_id]
    assert profile_item["layout"] == {"N": "2"}
    assert deserialize(profile_item["data"])["active"] is None
    opens = [k for k in items if "#open#" in k]
    assert len(opens) == (1 if before["active"] else 0)
    # The second read finds the new layout: nothing moves again, nothing changes.
    again = table.load(owner)
    assert not again.migrated
    assert again.profile.to_dict() == loaded.profile.to_dict() | {"_version": again.profile.version}


def test_a_huge_record_moves_into_a_small_profile_and_keeps_its_totals(table):
    owner, _ = _put_fixture(table, "schema3_huge")
    raw = deserialize(fixture_item("schema3_huge")["data"])
    assert len(raw["recent"]) == 300
    loaded = table.load(owner)
    assert loaded.profile.sessions_completed == raw["folded"]["sessions"] + 300
    assert loaded.profile.total_reps == raw["folded"]["reps"] + sum(
        sum(s[4] or 0 for s in r["sets"]) for r in raw["recent"]
    )
    assert item_size(raw_items(table, owner.user_id)[owner.person_id]) < 12 * 1024


def test_an_unreadable_record_is_kept_aside_never_overwritten(table):
    item = fixture_item("unreadable_rung")
    table.client.put_item(TableName=table.table_name, Item=item)
    owner = Owner(item["user_id"]["S"], item["person"]["S"])
    loaded = table.load(owner)
    assert loaded.kept_aside and loaded.profile.sessions_completed == 0
    aside = [v for k, v in raw_items(table, owner.user_id).items() if "#quarantine#" in k]
    assert len(aside) == 1 and aside[0]["data"] == item["data"]  # kept exactly as it was


def test_a_migration_the_store_refuses_is_tried_again_on_the_next_read(table, monkeypatch):
    owner, before = _put_fixture(table, "schema3_today")
    real = table._call

    def refuse_transactions(operation, **params):
        if operation == "transact_write_items":
            raise StoreUnavailable("down", reason="connection", attempts=2)
        return real(operation, **params)

    monkeypatch.setattr(table, "_call", refuse_transactions)
    loaded = table.load(owner)  # read as it is: the user trains from the old record
    assert loaded.profile.active.to_dict() == before["active"]
    assert "layout" not in raw_items(table, owner.user_id)[owner.person_id]
    monkeypatch.setattr(table, "_call", real)
    assert table.load(owner).migrated
    assert raw_items(table, owner.user_id)[owner.person_id]["layout"] == {"N": "2"}


def test_a_migrated_workout_takes_new_sets_and_closes_with_the_old_ones(table):
    owner, _ = _put_fixture(table, "schema3_today")
    active = table.load(owner).profile.active
    old_counts = list(active.counts)
    active.record(9)
    assert table.record_set(owner, active, active.cursor - 1, writer="new").outcome.value == (
        "stored"
    )
    closed = table.close_workout(owner, active, completed=False)
    assert [s.count for s in closed.profile.recent[-1].sets] == [*old_counts, 9]


def test_a_whole_record_written_over_a_migrated_profile_is_read_and_migrated_again(table):
    owner, before = _put_fixture(table, "schema2_sentences")
    table.load(owner)
    migrated = raw_items(table, owner.user_id)[owner.person_id]
    # The migrated profile is still a whole record to an older release: a map in ``data`` at the
    # same key, with the coach's totals in it.
    data = deserialize(migrated["data"])
    readable_profile(data)
    assert Profile.from_dict(data).sessions_completed == before["folded"]["sessions"]
    # Such a release writes it back whole, as its adapter stored records: no layout, the version
    # after the one it read, conditioned on that one.
    data["beeps"] = True
    version = int(migrated["version"]["N"])
    table.client.put_item(
        TableName=table.table_name,
        Item={
            "user_id": {"S": owner.user_id},
            "person": {"S": owner.person_id},
            "data": serialize(data),
            "schema": {"N": str(data["schema"])},
            "updated": {"S": datetime.now(UTC).isoformat(timespec="seconds")},
            "version": {"N": str(version + 1)},
        },
        ConditionExpression="version = :expected",
        ExpressionAttributeValues={":expected": {"N": str(version)}},
    )
    loaded = table.load(owner)
    assert loaded.migrated and loaded.profile.beeps
    assert loaded.profile.sessions_completed == before["folded"]["sessions"]
    assert raw_items(table, owner.user_id)[owner.person_id]["layout"] == {"N": "2"}
