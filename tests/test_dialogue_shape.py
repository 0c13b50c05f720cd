"""The dialogue always knows the way back, and no path loses a set: the reproductions.

Each test is a path that once stranded the user or lost data: a question's "no", a split set,
an answer to a question nobody asked, a new workout replacing an unfinished one, a handler that
fails half-way, a store that fails at the first read, a save that fails twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from legcoach.coach.merge import merge
from legcoach.coach.profile import Profile
from legcoach.coach.workout import Workout, default_blocks
from legcoach.settings import Settings, SettingsError
from legcoach.storage.dynamodb import DynamoDbAdapter, deserialize
from legcoach.storage.keys import Owner
from legcoach.voice.moves import sets
from legcoach_dev.local.nlu import Nlu
from legcoach_dev.local.tables import ensure_table
from moto import mock_aws
from support.coachee import Coachee, current_target
from support.dynamo import fake_aws_environment
from support.faults import Faults

TABLE = "dialogue-shape-test"


@pytest.fixture
def adapter(monkeypatch: pytest.MonkeyPatch) -> Iterator[DynamoDbAdapter]:
    fake_aws_environment(monkeypatch)
    with mock_aws():
        store = DynamoDbAdapter(TABLE, merge=merge)
        ensure_table(store)
        yield store


def stored(adapter: DynamoDbAdapter, user_id: str = "amzn1.ask.account.TESTUSER") -> dict:
    key = {"user_id": {"S": user_id}, "person": {"S": "-"}}
    item = adapter.client.get_item(TableName=TABLE, Key=key, ConsistentRead=True).get("Item")
    return deserialize(item["data"]) if item else {}


def logged_sets(data: dict) -> dict[tuple[str, int], int | None]:
    """Every logged set in a stored record: (workout id, set index) -> count."""
    profile = Profile.from_dict(data)
    sets: dict[tuple[str, int], int | None] = {}
    for record in profile.recent:
        for index, log in enumerate(record.sets):
            sets[(record.id, index)] = log.count
    if profile.active is not None:
        for index, count in enumerate(profile.active.counts):
            sets[(profile.active.id, index)] = count
    return sets


def test_no_to_delete_my_data_mid_set_goes_back_to_the_set(coachee: Coachee) -> None:
    coachee.say("start leg workout")
    coachee.say("delete my data")
    reply = coachee.say("no")
    assert reply.open, reply.text
    assert "kept everything" in reply.text and "How many did you get?" in reply.text
    assert reply.state["phase"] == "count" and reply.ask is None


def _split_set(coachee: Coachee) -> None:
    workout = Workout("w", coachee.day.isoformat(), default_blocks())
    data = workout.to_dict()
    huge = {"ex": "air_squat", "reps": 50, "pulse": True, "stop": True, "tempo": [8, 2, 2]}
    data["blocks"] = [{"slot": "finisher", "rx": huge, "sets": 1}]
    profile = Profile(safety_noted=True, active=Workout.from_dict(data))
    coachee.store.items[Owner(coachee.user_id)] = profile.to_dict()


def test_no_to_start_over_in_a_split_set_asks_for_ready_not_for_reps(coachee: Coachee) -> None:
    _split_set(coachee)
    coachee.say("ask leg workout to resume")
    reply = coachee.say("ready")
    assert reply.state["phase"] == "ready" and "ready for the last" in reply.text.lower()
    coachee.say("start over")
    reply = coachee.say("no")
    assert "How many" not in reply.text, reply.text
    assert "ready" in reply.text.lower() and reply.state["phase"] == "ready"
    assert reply.state.get("rep_from", 1) > 1  # the rest of the set is still to be counted


def test_next_at_the_resume_offer_carries_on(coachee: Coachee) -> None:
    coachee.say("start leg workout")
    coachee.say("eight")
    coachee.walk_away()
    offer = coachee.say("open leg workout")
    assert offer.ask == "resume"
    reply = coachee.say("next")
    assert "wasn't asking" not in reply.text
    assert reply.state["phase"] in ("count", "ready") and "right leg" in reply.text.lower()


def test_light_session_at_the_resume_offer_keeps_the_unfinished_sets(coachee: Coachee) -> None:
    coachee.say("start leg workout")
    coachee.say("eight")
    coachee.say("eight")
    coachee.walk_away()
    assert coachee.say("open leg workout").ask == "resume"
    reply = coachee.say("light session")
    assert reply.open and reply.state["workout"]["light"] is True
    profile = coachee.profile()
    unfinished = [r for r in profile.recent if not r.completed]
    assert [s.count for s in unfinished[0].sets][:2] == [8, 8]


def test_a_handler_that_fails_half_way_leaves_the_session_where_it_was(
    coachee: Coachee, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = coachee.say("start leg workout")
    stored_before = coachee.stored()

    def broken(turn: Any, count: int) -> Any:
        turn.state.to_menu()  # a change the failure must not keep
        turn.profile.safety_noted = False
        turn.changed()
        raise RuntimeError("boom")

    monkeypatch.setattr(sets, "log_count", broken)
    reply = coachee.say("eight")
    assert reply.open and "How many did you get?" in reply.text
    assert "Shall we start" not in reply.text
    assert reply.state["phase"] == "count"
    assert reply.state["workout"] == before.state["workout"]
    assert coachee.stored() == stored_before


def test_a_failed_first_read_never_costs_the_workout_paused_earlier(
    nlu: Nlu, adapter: DynamoDbAdapter
) -> None:
    coachee = Coachee(nlu, store=adapter)
    reply = coachee.say("start leg workout")
    first = [current_target(reply), None]
    reply = coachee.say(str(first[0]))
    first[1] = current_target(reply)
    coachee.say(str(first[1]))
    coachee.walk_away()
    paused = stored(adapter)["active"]["id"]
    for kind in ("ThrottlingException", "InternalServerError", "ReadTimeout"):
        faults = Faults(adapter.client).fail(kind, times=2, operation="GetItem")
        reply = coachee.say("start leg workout")
        assert faults.injected[kind] == 2
        assert "Welcome to Leg Workout" not in reply.text  # not the first-use welcome again
        assert reply.open
        coachee.say(str(current_target(reply)))  # the read works again on this turn
        coachee.walk_away()
        sets = logged_sets(stored(adapter))
        assert sets[(paused, 0)] == first[0] and sets[(paused, 1)] == first[1], kind


def test_a_save_that_fails_twice_at_the_end_never_claims_saved(
    nlu: Nlu, adapter: DynamoDbAdapter
) -> None:
    coachee = Coachee(nlu, store=adapter)
    reply = coachee.say("start leg workout")
    while not (
        reply.state["phase"] == "count"
        and Workout.from_dict(reply.state["workout"]).upcoming is None
    ):
        ready = reply.state["phase"] == "ready"
        reply = coachee.say("ready" if ready else str(current_target(reply)))
    # Each save is two attempts (botocore's retry): the last set, the summary, the goodbye, and
    # one retry fail.
    faults = Faults(adapter.client).fail("InternalServerError", times=8, operation="PutItem")
    reply = coachee.say(str(current_target(reply)))
    assert reply.ask == "cool_down" and "couldn't save" in reply.text
    reply = coachee.say("no thanks")
    assert reply.ask == "reminder" and "Saved" not in reply.text
    reply = coachee.say("no thanks")
    assert reply.open and reply.ask == "retry_save", reply.text
    assert "Saved" not in reply.text
    reply = coachee.say("yes")
    assert faults.injected["InternalServerError"] == 8
    assert reply.open and reply.ask == "retry_save" and "Saved" not in reply.text, reply.text
    reply = coachee.say("yes")
    assert not reply.open and "Saved" in reply.text
    assert Profile.from_dict(stored(adapter)).sessions_completed == 1


def test_production_without_a_table_refuses_to_start() -> None:
    with pytest.raises(SettingsError, match="TABLE_NAME"):
        Settings.from_env({"AWS_LAMBDA_FUNCTION_NAME": "leg-workout"})
    assert Settings.from_env({"AWS_LAMBDA_FUNCTION_NAME": "f", "TABLE_NAME": "t"}).production


def test_a_one_set_workout_says_one_set(coachee: Coachee) -> None:
    coachee.say("start leg workout")
    coachee.say("eight")
    reply = coachee.send("FinishEarlyIntent")
    assert "one set" in reply.text and "one sets" not in reply.text
