"""Hostile or broken input never costs anyone their history, and never leaks who they are.

Another skill's request is refused; user and person ids never reach a log in clear; a forged
session attribute neither crashes the skill nor corrupts what is stored; a stored record the
coach cannot read is kept aside (never overwritten), said plainly, and logged; a huge history
still loads into a small session.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from ask_sdk_core.exceptions import AskSdkException
from legcoach.coach.profile import Profile
from legcoach.settings import Settings
from legcoach.storage import build_store
from legcoach.storage.dynamodb import DynamoDbAdapter, deserialize, serialize
from legcoach.storage.memory import MemoryAdapter
from legcoach.voice.skill import build_handler
from legcoach_dev.local.envelope import Identity, envelope, launch_request
from legcoach_dev.local.nlu import Nlu
from legcoach_dev.local.tables import ensure_table
from moto import mock_aws
from support.coachee import Coachee
from support.dynamo import fake_aws_environment
from support.faults import Faults

TABLE = "abuse-test"
USER = "amzn1.ask.account.SECRETUSER123"
PERSON = "amzn1.ask.person.SECRETPERSON456"


@pytest.fixture
def adapter(monkeypatch: pytest.MonkeyPatch) -> Iterator[DynamoDbAdapter]:
    fake_aws_environment(monkeypatch)
    with mock_aws():
        store = build_store("dynamodb", table_name=TABLE, log_key="test-key")
        assert isinstance(store, DynamoDbAdapter)
        ensure_table(store)
        yield store


def items(adapter: DynamoDbAdapter) -> list[dict]:
    return adapter.client.scan(TableName=TABLE)["Items"]


# -- another skill -------------------------------------------------------------------------------


def test_a_request_for_another_skill_is_refused_and_touches_nothing() -> None:
    store = MemoryAdapter()
    ours = "amzn1.ask.skill.00000000-0000-0000-0000-000000000001"
    handler = build_handler(store, settings=Settings(skill_id=ours, audio="ssml"))
    moment = datetime(2026, 11, 24, 9, tzinfo=UTC)
    event = envelope(launch_request(moment), identity=Identity(), session_id="s", new=True)
    assert event["context"]["System"]["application"]["applicationId"] != ours
    with pytest.raises(AskSdkException):
        handler(event, None)
    assert store.items == {} and store.reads == 0


# -- no ids in the logs --------------------------------------------------------------------------


def test_no_log_line_names_the_user_or_the_person(
    nlu: Nlu, adapter: DynamoDbAdapter, caplog: pytest.LogCaptureFixture, monkeypatch
) -> None:
    from legcoach.voice.moves import sets

    # At the level the deployment logs (botocore's own debug output, which carries requests
    # verbatim, is never switched on by the skill: see lambda/app.py).
    coachee = Coachee(nlu, store=adapter, user_id=USER, person_id=PERSON)
    with caplog.at_level(logging.INFO):
        reply = coachee.say("start leg workout")
        Faults(adapter.client).fail("ThrottlingException", times=2, operation="PutItem")
        coachee.say("eight")  # a save that fails, logged
        real = sets.log_count

        def broken(*_: object) -> None:
            raise RuntimeError("boom")

        monkeypatch.setattr(sets, "log_count", broken)
        coachee.say("eight")  # a handler that fails, logged with its traceback
        monkeypatch.setattr(sets, "log_count", real)
        coachee.say("eight")
        coachee.walk_away()
    assert reply.open
    text = "\n".join(
        f"{r.getMessage()} {r.exc_text or ''} {r.stack_info or ''}" for r in caplog.records
    )
    assert "saving the profile failed" in text and "unhandled error" in text
    assert USER not in text and "SECRETUSER" not in text
    assert PERSON not in text and "SECRETPERSON" not in text


# -- forged session attributes -------------------------------------------------------------------


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(lambda s: s["workout"].update(cursor=9999), id="current-set-9999"),
        pytest.param(lambda s: s["workout"].update(cursor=-1), id="current-set-minus-one"),
        pytest.param(lambda s: s["workout"].update(counts=[]), id="counts-wiped"),
        pytest.param(lambda s: s.update(phase="count", workout=None), id="count-with-no-workout"),
        pytest.param(lambda s: s["workout"].update(id="someone-else"), id="another-workout-id"),
    ],
)
def test_a_forged_session_neither_crashes_nor_loses_a_stored_set(nlu: Nlu, forge) -> None:
    coachee = Coachee(nlu)
    coachee.say("start leg workout")
    coachee.say("eight")
    coachee.say("seven")
    before = coachee.profile().active
    assert before is not None and before.counts == [8, 7]
    forge(coachee.device.attributes["state"])
    reply = coachee.say("eight")  # valid for Alexa: the harness checks every response
    assert reply.text
    after = coachee.profile()
    kept = [after.active, *[_as_workout(r) for r in after.recent]]
    assert any(w is not None and w.id == before.id and w.counts[:2] == [8, 7] for w in kept)


def _as_workout(record):  # a history record's counts, shaped like a workout's
    class Logged:
        def __init__(self) -> None:
            self.id, self.counts = record.id, [s.count for s in record.sets]

    return Logged()


def test_markup_in_a_slot_never_reaches_the_speech_unescaped(nlu: Nlu) -> None:
    coachee = Coachee(nlu)
    coachee.say("start leg workout")
    reply = coachee.send("PainIntent", part='<break time="20s"/> & "knee"')
    assert "emergency services" in reply.text and "<break" not in reply.text
    reply = coachee.send("BreakIntent", duration="<speak>PT9M</speak>")
    assert reply.open and "three" in reply.text


# -- corrupt stored items ------------------------------------------------------------------------


def raw(data: object | None, **extra: dict) -> dict:
    item = {"user_id": {"S": USER}, "person": {"S": "-"}, "version": {"N": "3"}, **extra}
    if data is not None:
        item["data"] = data
    return item


GOOD = {"schema": 3, "safety": True, "first": "2026-10-01", "rungs": {"squat": 3}}
CORRUPT = {
    "numbers as strings": raw(serialize({**GOOD, "rungs": {"squat": "3"}})),
    "wrong types": raw(serialize({**GOOD, "recent": "yesterday"})),
    "missing fields": raw(None),
    "unknown future schema": raw(serialize({**GOOD, "schema": 42})),
    "a float": raw({"M": {"rungs": {"M": {"squat": {"N": "2.5"}}}}}),
}


@pytest.mark.parametrize("name", list(CORRUPT))
def test_an_unreadable_record_is_kept_aside_said_plainly_and_logged(
    nlu: Nlu, adapter: DynamoDbAdapter, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    item = CORRUPT[name]
    adapter.client.put_item(TableName=TABLE, Item=item)
    coachee = Coachee(nlu, store=adapter, user_id=USER)
    with caplog.at_level(logging.ERROR):
        reply = coachee.say("start leg workout")
    print(f"\n{name}: {reply.text[:170]}")
    assert reply.open and "kept it safe to one side" in reply.text
    coachee.say("eight")
    aside = [i for i in items(adapter) if "#quarantine#" in i["person"]["S"]]
    assert len(aside) == 1 and aside[0].get("data") == item.get("data")  # untouched
    fresh = [i for i in items(adapter) if i["person"]["S"] == "-"]
    assert deserialize(fresh[0]["data"])["active"]["counts"] == [8]
    assert "UNREADABLE RECORD" in caplog.text and USER not in caplog.text


def test_a_huge_history_loads_into_a_small_session(nlu: Nlu, adapter: DynamoDbAdapter) -> None:
    sessions = [
        {
            "id": f"2020-01-01-{n:05d}",
            "day": f"{2020 + n // 365}-{1 + (n // 28) % 12:02d}-{1 + n % 28:02d}",
            "sets": [["squat", "bulgarian_split_squat", "left", 8, 8, 40]] * 8,
            "completed": True,
            "judged": True,
        }
        for n in range(330)
    ]
    data = {**GOOD, "recent": sessions}
    size = len(json.dumps(serialize(data)))
    assert 300_000 < size < 400_000  # near DynamoDB's item limit
    adapter.client.put_item(TableName=TABLE, Item=raw(serialize(data)))
    coachee = Coachee(nlu, store=adapter, user_id=USER)
    reply = coachee.say("how many workouts have I done")
    assert reply.text  # answered; the session attributes stayed small (the harness checks)
    reply = coachee.say("start leg workout")
    assert reply.open
    coachee.say("eight")
    stored = Profile.from_dict(deserialize(items(adapter)[0]["data"]))
    assert stored.sessions_completed == 330 and len(stored.recent) <= 12
