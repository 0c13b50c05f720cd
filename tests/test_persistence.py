"""Progress that lasts: the whole skill on the DynamoDB store, under moto's in-process DynamoDB.

Every conversation goes through `Coachee` (real envelopes, every response checked against Alexa's
rules) with the contract's `DynamoDbStore` as the store, built as the Lambda entry builds it. The
stored record is read back from the table through the store's own load, never from a cache.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from ask_sdk_model import RequestEnvelope
from botocore.exceptions import ClientError
from legcoach.coach.ladder import start_rung
from legcoach.coach.profile import SCHEMA, Profile
from legcoach.coach.progression import complete_workout, plan_workout
from legcoach.speech.lines.en import number_words
from legcoach.storage import open_store
from legcoach.storage.codec import deserialize, serialize
from legcoach.storage.items import DynamoDbStore
from legcoach.storage.keys import Owner
from legcoach.voice.skill import build_handler
from legcoach_dev.local.chat import run_chat, script_lines
from legcoach_dev.local.envelope import Identity, clock_on
from legcoach_dev.local.nlu import Nlu
from legcoach_dev.local.tables import ensure_table
from moto import mock_aws
from support.coachee import ROOT, Coachee, Reply, checked, current_target
from support.dynamo import count_calls, fake_aws_environment, request_envelope
from support.records_view import stored_record

TABLE = "leg-workout-progress-test"
USER = "amzn1.ask.account.TESTUSER"
OTHER_USER = "amzn1.ask.account.OTHERUSER"
MONDAY = date(2026, 11, 23)
SAFETY = "Quick note before we start"


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_aws_environment(monkeypatch)


@pytest.fixture
def adapter(aws_env: None) -> Iterator[DynamoDbStore]:
    with mock_aws():
        store = open_store("dynamodb", table_name=TABLE)  # as the Lambda entry builds it
        ensure_table(store)
        yield store


def raw_item(adapter: DynamoDbStore, user_id: str = USER, person: str = "-") -> dict | None:
    key = {"user_id": {"S": user_id}, "person": {"S": person}}
    return adapter.client.get_item(TableName=TABLE, Key=key, ConsistentRead=True).get("Item")


def stored(adapter: DynamoDbStore, user_id: str = USER, person: str = "-") -> dict:
    """The stored record (the profile with its active workout), read from the table."""
    return stored_record(adapter, user_id, person) if raw_item(adapter, user_id, person) else {}


def stored_profile(adapter: DynamoDbStore, user_id: str = USER, person: str = "-") -> Profile:
    return Profile.from_dict(stored(adapter, user_id, person))


def all_keys(adapter: DynamoDbStore) -> set[tuple[str, str]]:
    """Whose items the table holds: (account, person), a workout's items under its person."""
    items = adapter.client.scan(TableName=TABLE)["Items"]
    return {(i["user_id"]["S"], i["person"]["S"].split("#")[0]) for i in items}


def envelope(user_id: str = USER, person_id: str | None = None) -> RequestEnvelope:
    return request_envelope(user_id, person_id)


def answer_sets(coachee: Coachee, reply: Reply, sets: int) -> Reply:
    """Answer `sets` sets with their targets (saying ready when a set was split)."""
    done = 0
    while done < sets:
        if reply.state.get("phase") == "ready":
            reply = coachee.say("ready")
            continue
        assert reply.state.get("phase") == "count", reply.text
        reply = coachee.say(str(current_target(reply)))
        done += 1
    while reply.ask in ("cool_down", "reminder"):
        reply = coachee.say("no thanks")
    return reply


def workout_texts(coachee: Coachee, count: str | None = None) -> tuple[list[str], list[int]]:
    """Play one whole workout; return everything said and the target of every set."""
    texts: list[str] = []
    targets: list[int] = []
    reply = coachee.say("start leg workout")
    for _ in range(40):
        texts.append(reply.text)
        if not reply.open:
            return texts, targets
        if reply.state.get("phase") == "ready":
            reply = coachee.say("ready")
        elif reply.ask in ("cool_down", "reminder"):
            reply = coachee.say("no thanks")
        elif reply.ask is not None:
            reply = coachee.say("full session")
        else:
            targets.append(current_target(reply))
            reply = coachee.say(count or str(targets[-1]))
    raise AssertionError("the workout did not end")


# -- 2. four workouts on target: the prescription changes, and the coach says why ------------


def test_four_workouts_on_target_progress_with_the_reason_spoken(nlu: Nlu, adapter):
    squat_targets = []
    spoken = []
    for number in range(4):
        # A fresh handler each time: a cold Lambda, so only the table remembers.
        coachee = Coachee(nlu, store=adapter, day=MONDAY + timedelta(days=2 * number))
        texts, targets = workout_texts(coachee)
        squat_targets.append(targets[0])
        spoken.append(" ".join(texts))
        assert any("Workout done!" in text for text in texts[-2:])
    assert squat_targets == [8, 10, 12, 14]
    assert "You hit" not in spoken[0]
    assert (
        "You hit eight on every set of Bulgarian split squats last time, so today it's ten reps."
        in spoken[1]
    )
    assert "You hit eight on every set of single-leg glute bridges last time" in spoken[1]
    assert "You hit eight on every set of lateral lunges last time" in spoken[1]
    assert (
        "You hit twelve on every set of air squats last time, so today it's fourteen" in spoken[1]
    )
    assert (
        "You hit ten on every set of Bulgarian split squats last time, so today it's twelve"
        in (spoken[2])
    )
    assert (
        "You hit twelve on every set of Bulgarian split squats last time, so today it's fourteen"
        in (spoken[3])
    )
    profile = stored_profile(adapter)
    assert profile.sessions_completed == 4
    assert all(r.completed for r in profile.recent)


def test_the_four_workouts_script_hits_every_target_and_says_why(nlu: Nlu, adapter):
    """scripts/four_workouts.txt (the local chat's replay) stays in step with the ladder."""
    out = io.StringIO()
    handler = checked(build_handler(adapter))
    lines = script_lines(ROOT / "scripts" / "four_workouts.txt")
    status = run_chat(
        lines,
        handler,
        nlu,
        out=out,
        echo=True,
        identity=Identity(user_id=USER),
        clock=clock_on(MONDAY),
        width=10_000,
    )
    text = out.getvalue()
    assert status == 0, text
    # Every answer in the script is that set's target: each workout's eight sets get the seven
    # on-target praises once each (never one twice in a workout), then the count alone.
    hits = r"right on target|Target hit|exactly the|Spot on|all of them\. Good|done properly|every rep\. Solid"
    for workout in text.split("Workout done!")[:4]:
        acks = re.findall(hits, workout)
        assert len(acks) == 7 and len(set(acks)) == 7, workout
    assert text.count("Workout done!") == 4
    for before, after in (("eight", "ten"), ("ten", "twelve"), ("twelve", "fourteen")):
        assert (
            f"You hit {before} on every set of Bulgarian split squats last time, "
            f"so today it's {after} reps."
        ) in text
    assert stored_profile(adapter).sessions_completed == 4
    assert [r.day for r in stored_profile(adapter).recent] == [
        (MONDAY + timedelta(days=2 * n)).isoformat() for n in range(4)
    ]


# -- 3. DynamoDB calls per turn --------------------------------------------------------------


def test_dynamodb_calls_one_read_per_session_and_one_write_per_logged_set(nlu: Nlu, adapter):
    coachee = Coachee(nlu, store=adapter)
    calls = count_calls(adapter)
    table: list[tuple[str, dict[str, int]]] = []

    def turn(line: str) -> Reply:
        calls.clear()
        reply = coachee.say(line)
        table.append((line, dict(calls)))
        return reply

    reply = turn("start leg workout")
    launch = table[-1][1]
    reply = turn(str(current_target(reply)))
    first_set = table[-1][1]
    for line in ("how often should i train legs", "help", "repeat", "how am i doing"):
        turn(line)
        assert table[-1][1] == {}, table[-1]
    reply = turn(str(current_target(reply)))
    second_set = table[-1][1]
    turn("pause")
    assert table[-1][1] == {}  # the place was stored with the last set
    turn("ask leg workout to resume")
    resumed = table[-1][1]
    turn("what did i do last time")
    assert table[-1][1] == {}  # ...and never again
    calls.clear()
    coachee.walk_away()
    table.append(("(walks away)", dict(calls)))
    assert table[-1][1] == {}
    turn("ask leg workout how often should i train legs")
    one_shot = table[-1][1]

    # A whole workout: one read, one small write per logged set, the close, the preferences.
    tomorrow = Coachee(nlu, store=adapter, day=coachee.day + timedelta(days=2), seed=3)
    calls = count_calls(adapter)
    texts, targets = workout_texts(tomorrow)
    whole = dict(calls)
    print("\nDynamoDB calls per turn:")
    for line, counts in table:
        print(f"  {line!r:50} {counts or 'none'}")
    print(f"  a whole workout of {len(targets)} sets, {len(texts)} responses: {whole}")
    # One read (a Query of the person's items) per session, no write before the first set (a
    # new person's first preferences go with it), and the first set creates the workout's item.
    # A new person's launch: the read, and the safety note saved as a preference (an update
    # that finds no profile yet, so the profile is created): no record is rewritten whole.
    assert launch.get("Query", 0) <= 2 and launch.get("PutItem", 0) <= 1 and "GetItem" not in launch
    assert first_set == {"TransactWriteItems": 1}
    assert second_set == {"UpdateItem": 1}  # one small write of that set alone
    assert resumed == {"Query": 1} and one_shot == {"Query": 1}
    # Every set its own write (the first one a transaction), one close, a few preferences.
    assert "PutItem" not in whole and whole["Query"] <= 3
    writes = whole.get("UpdateItem", 0) + whole.get("TransactWriteItems", 0)
    assert len(targets) + 1 <= writes <= len(targets) + 4, whole


# -- 4. resume after a pause, a timeout, and the next day --------------------------------------


def test_resume_after_pause_and_timeout_from_the_exact_set(nlu: Nlu, adapter):
    coachee = Coachee(nlu, store=adapter)
    reply = coachee.say("start leg workout")
    reply = answer_sets(coachee, reply, 3)  # squats both legs, bridge left
    reply = coachee.say("pause")
    assert not reply.open and "place is saved" in reply.text
    assert stored(adapter)["active"]["cursor"] == 3
    assert stored(adapter)["active"]["counts"] == [8, 8, 8]

    reply = coachee.say("ask leg workout to resume")
    assert reply.open and reply.state["phase"] in ("count", "ready")
    assert "single-leg glute bridge" in reply.text.lower() and "right leg" in reply.text.lower()
    assert reply.state["workout"]["cursor"] == 3

    reply = answer_sets(coachee, reply, 1)
    assert stored(adapter)["active"]["cursor"] == 4
    coachee.walk_away()  # a tired user misses the question: the session times out
    reply = coachee.say("ask leg workout to resume")
    assert "lateral lunge" in reply.text.lower()
    assert reply.state["workout"]["cursor"] == 4
    coachee.walk_away()

    reply = coachee.say("open leg workout")  # the same day: offered, not forced
    assert reply.open and reply.ask == "resume"
    assert "Earlier today, you stopped before the lateral lunges." in reply.text
    assert "Pick up there, or start today's?" in reply.text
    reply = coachee.say("yes")
    assert reply.state["workout"]["cursor"] == 4
    reply = answer_sets(coachee, reply, 1)
    assert stored(adapter)["active"]["counts"] == [8, 8, 8, 8, 8]


def test_an_unfinished_workout_is_offered_for_two_days_then_closed_and_counted(nlu: Nlu, adapter):
    coachee = Coachee(nlu, store=adapter, day=MONDAY)
    reply = coachee.say("start leg workout")
    answer_sets(coachee, reply, 3)
    coachee.walk_away()
    assert stored_profile(adapter).recent == []

    for _ in range(2):  # the place is a promise: offered back the next day and the day after
        coachee.next_day()
        reply = coachee.say("open leg workout")
        assert reply.ask == "resume" and "you stopped after the left leg" in reply.text, reply.text
        assert stored_profile(adapter).recent == []
        coachee.walk_away()
    coachee.next_day()
    reply = coachee.say("open leg workout")
    assert "you stopped" not in reply.text  # three days on: closed, and it counts
    profile = stored_profile(adapter)
    assert profile.active is None or profile.active.day != MONDAY.isoformat()
    assert len(profile.recent) == 1
    record = profile.recent[0]
    assert record.day == MONDAY.isoformat() and record.completed is False
    assert [(s.exercise, s.side, s.count) for s in record.sets] == [
        ("bulgarian_split_squat", "left", 8),
        ("bulgarian_split_squat", "right", 8),
        ("single_leg_glute_bridge", "left", 8),
    ]
    assert profile.sessions_completed == 1
    reply = coachee.say("how many did i do")
    assert "Last time, three days ago, you did eight and eight Bulgarian split squats" in reply.text
    assert "twenty-four reps" in reply.text


@pytest.mark.parametrize("answer", ["no", "start my workout"])
def test_declining_to_resume_counts_the_unfinished_workout(nlu: Nlu, adapter, answer: str):
    coachee = Coachee(nlu, store=adapter)
    reply = coachee.say("start leg workout")
    answer_sets(coachee, reply, 3)
    coachee.walk_away()
    reply = coachee.say("open leg workout")
    assert reply.ask == "resume"
    reply = coachee.say(answer)
    assert reply.open and reply.state["workout"]["cursor"] == 0  # a fresh workout
    profile = stored_profile(adapter)
    assert [len(r.sets) for r in profile.recent] == [3]
    assert profile.recent[0].completed is False


# -- 5. accounts and recognised voices are kept apart -----------------------------------------


def test_two_users_and_two_persons_on_one_account_are_isolated(nlu: Nlu, adapter):
    account = Coachee(nlu, store=adapter, seed=1)
    other = Coachee(nlu, store=adapter, user_id=OTHER_USER, seed=2)
    ana = Coachee(nlu, store=adapter, person_id="amzn1.ask.person.ANA", seed=3)
    bo = Coachee(nlu, store=adapter, person_id="amzn1.ask.person.BO", seed=4)

    texts, _ = workout_texts(ana)
    assert SAFETY in texts[0]
    assert all_keys(adapter) == {(USER, "amzn1.ask.person.ANA")}
    for who in (account, other, bo):
        texts, targets = workout_texts(who)
        assert SAFETY in texts[0]  # each person is new to the coach
        assert targets[0] == 8 and "You hit" not in " ".join(texts)  # Ana's progress isn't theirs
    assert all_keys(adapter) == {
        (USER, "-"),
        (OTHER_USER, "-"),
        (USER, "amzn1.ask.person.ANA"),
        (USER, "amzn1.ask.person.BO"),
    }

    # Ana trains twice more; nobody else moves.
    for _ in range(2):
        ana.next_day(2)
        workout_texts(ana)
    ana_rung = stored_profile(adapter, person="amzn1.ask.person.ANA").rungs["squat"]
    others = [
        stored_profile(adapter, USER),
        stored_profile(adapter, OTHER_USER),
        stored_profile(adapter, person="amzn1.ask.person.BO"),
    ]
    assert [p.sessions_completed for p in others] == [1, 1, 1]
    assert all(p.rungs["squat"] == ana_rung - 2 for p in others)
    assert stored_profile(adapter, person="amzn1.ask.person.ANA").sessions_completed == 3
    reply = bo.say("ask leg workout how am i doing")
    assert "You've done one workout" in reply.text


# -- 6. two devices at once: conditional writes and merge --------------------------------------


def test_two_devices_interleaving_two_workouts_keep_every_set(nlu: Nlu, adapter):
    kitchen = Coachee(nlu, store=adapter, seed=11)
    bedroom = Coachee(nlu, store=adapter, seed=12)
    calls = count_calls(adapter)
    k = kitchen.say("start leg workout")
    b = bedroom.say("start leg workout")  # reads the kitchen's unstarted workout: a new one
    k_done = b_done = 0
    while k.open or b.open:
        if k.open:
            k = answer_sets(kitchen, k, 1)
            k_done += 1
        if b.open:
            b = answer_sets(bedroom, b, 1)
            b_done += 1
    assert k_done == b_done == 8
    # Each set its own small write into its own workout's item: nothing to conflict over.
    assert calls["PutItem"] <= 2 and calls["UpdateItem"] + calls["TransactWriteItems"] >= 16
    profile = stored_profile(adapter)
    assert profile.active is None
    assert len(profile.recent) == 2
    assert {r.id for r in profile.recent} == {
        kitchen.device.history[0].response["sessionAttributes"]["state"]["workout"]["id"],
        bedroom.device.history[0].response["sessionAttributes"]["state"]["workout"]["id"],
    }
    for record in profile.recent:
        assert record.completed and len(record.sets) == 8
        assert all(s.count == s.target for s in record.sets)
    # Two sessions on one day are still one rung up, not two.
    assert profile.rungs["squat"] == start_rung("squat") + 1


def test_a_workout_finished_on_one_device_keeps_the_others_unfinished_one(nlu: Nlu, adapter):
    kitchen = Coachee(nlu, store=adapter, seed=11)
    bedroom = Coachee(nlu, store=adapter, seed=12)
    k = kitchen.say("start leg workout")
    b = bedroom.say("start leg workout")
    bedroom_id = b.state["workout"]["id"]
    b = answer_sets(bedroom, b, 3)  # the bedroom's three sets are stored in `active`...
    k = answer_sets(kitchen, k, 8)  # ...then the kitchen does its whole workout over them
    assert not k.open
    bedroom.walk_away()  # the bedroom user stops without another word

    # The bedroom's workout is its own item: still open (resumable today), its sets kept.
    profile = stored_profile(adapter)
    assert profile.active is not None and profile.active.id == bedroom_id
    assert profile.active.counts == [8, 8, 8]
    assert sorted(len(r.sets) for r in profile.recent) == [8]

    bedroom.next_day(3)  # past the two days an unfinished workout is kept for
    bedroom.say("open leg workout")
    assert sorted(len(r.sets) for r in stored_profile(adapter).recent) == [3, 8]


def test_an_unfinished_workout_written_after_ours_finished_stays_resumable(nlu: Nlu, adapter):
    kitchen = Coachee(nlu, store=adapter, seed=11)
    bedroom = Coachee(nlu, store=adapter, seed=12)
    k = kitchen.say("start leg workout")
    k = answer_sets(kitchen, k, 7)
    b = bedroom.say("start leg workout")  # the kitchen's workout is today's: offered
    b = bedroom.say("start my workout")  # no thanks, a fresh one
    b = answer_sets(bedroom, b, 2)
    k = answer_sets(kitchen, k, 1)  # the kitchen finishes the workout the bedroom closed
    assert not k.open
    bedroom.walk_away()
    profile = stored_profile(adapter)
    # Its last set was kept in a continuation of it, folded into its session when closed:
    # one session on record with all eight sets, none twice.
    assert [len([s for s in r.sets if s.count]) for r in profile.recent] == [8]
    # The bedroom's fresh start closed the kitchen's workout as it stood (two full sides of
    # squats on target: one rung up), so its own squats were two reps harder.
    assert profile.active is not None and profile.active.counts == [10, 10]
    reply = bedroom.say("open leg workout")
    assert "Earlier today, you stopped before the single-leg glute bridges." in reply.text


# -- 7. an item written by an older version of the skill -------------------------------------

OLD_ITEM = {"schema": 1, "safety_noted": True, "history": [{"day": "2026-10-01", "reps": 80}]}


@pytest.mark.parametrize("with_version", [True, False], ids=["versioned", "unversioned"])
def test_old_schema_item_loads_without_repeating_the_safety_note(
    nlu: Nlu, adapter, with_version: bool
):
    item: dict[str, Any] = {
        "user_id": {"S": USER},
        "person": {"S": "-"},
        "schema": {"N": "1"},
        "data": serialize(OLD_ITEM),
    }
    if with_version:
        item["version"] = {"N": "1"}
    adapter.client.put_item(TableName=TABLE, Item=item)

    coachee = Coachee(nlu, store=adapter)
    reply = coachee.say("start leg workout")
    assert reply.open and reply.state["phase"] in ("count", "ready")
    assert SAFETY not in reply.text and "Welcome to Leg Workout" not in reply.text
    reply = coachee.say("how am i doing")
    assert "You've done one workout in seven weeks, eighty reps in all." in reply.text
    assert "How many did you" in reply.text  # and back to the set

    data = stored(adapter)
    assert data["schema"] == SCHEMA and "history" not in data and "safety_noted" not in data
    assert data["safety"] is True and data["first"] == "2026-10-01"
    assert raw_item(adapter)["schema"] == {"N": str(SCHEMA)}

    reply = answer_sets(coachee, reply, 8)
    assert not reply.open
    profile = stored_profile(adapter)
    assert profile.sessions_completed == 2
    assert profile.total_reps > 80


# -- 8. "delete my data" and disabling the skill -----------------------------------------------


def seed_household(nlu: Nlu, adapter: DynamoDbStore) -> dict[str, Coachee]:
    people = {
        "account": Coachee(nlu, store=adapter, seed=1),
        "ana": Coachee(nlu, store=adapter, person_id="amzn1.ask.person.ANA", seed=2),
        "other": Coachee(nlu, store=adapter, user_id=OTHER_USER, seed=3),
        "other_ana": Coachee(
            nlu, store=adapter, user_id=OTHER_USER, person_id="amzn1.ask.person.ANA", seed=4
        ),
    }
    for coachee in people.values():
        workout_texts(coachee)
    assert len(all_keys(adapter)) == 4
    return people


def test_delete_my_data_yes_erases_only_that_person(nlu: Nlu, adapter):
    people = seed_household(nlu, adapter)
    ana = people["ana"]
    reply = ana.say("ask leg workout to delete my data")
    assert reply.open and reply.ask == "delete" and "can't be undone" in reply.text
    reply = ana.say("yes")
    assert not reply.open and "deleted everything" in reply.text
    assert all_keys(adapter) == {
        (USER, "-"),
        (OTHER_USER, "-"),
        (OTHER_USER, "amzn1.ask.person.ANA"),
    }
    reply = ana.say("ask leg workout how am i doing")
    assert "haven't finished a workout" in reply.text


@pytest.mark.parametrize("answer", ["no", "stop"])
def test_delete_my_data_declined_keeps_everything(nlu: Nlu, adapter, answer: str):
    people = seed_household(nlu, adapter)
    before = stored(adapter)
    reply = people["account"].say("ask leg workout to delete my data")
    reply = people["account"].say(answer)
    assert not reply.open and "kept everything" in reply.text
    assert len(all_keys(adapter)) == 4
    assert stored(adapter) == before


def skill_disabled_event(user_id: str) -> dict:
    return {
        "version": "1.0",
        "context": {
            "System": {
                "application": {"applicationId": "amzn1.ask.skill.local-leg-workout"},
                "user": {"userId": user_id},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        },
        "request": {
            "type": "AlexaSkillEvent.SkillDisabled",
            "requestId": "amzn1.echo-api.request.disabled",
            "timestamp": "2026-11-24T10:00:00Z",
            "locale": "en-US",
            "eventCreationTime": "2026-11-24T10:00:00Z",
            "eventPublishingTime": "2026-11-24T10:00:01Z",
            "body": {"userInformationPersistenceStatus": "NOT_PERSISTED"},
        },
    }


def test_skill_disabled_erases_exactly_that_accounts_items(nlu: Nlu, adapter):
    seed_household(nlu, adapter)
    handler = build_handler(adapter)
    response = handler(skill_disabled_event(USER), None)
    assert "outputSpeech" not in (response.get("response") or {})
    assert all_keys(adapter) == {(OTHER_USER, "-"), (OTHER_USER, "amzn1.ask.person.ANA")}
    # Disabling an account with nothing stored is fine too.
    handler(skill_disabled_event("amzn1.ask.account.NOBODY"), None)
    assert len(all_keys(adapter)) == 2


# -- 9. the store failing ---------------------------------------------------------------------


def client_error(operation: str) -> ClientError:
    return ClientError(
        {
            "Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"},
            "ResponseMetadata": {"HTTPStatusCode": 400},
        },
        operation,
    )


def fail(adapter: DynamoDbStore, monkeypatch: pytest.MonkeyPatch, method: str, times: int):
    """Make the adapter's next `times` calls of `method` fail (every attempt of each)."""
    real = getattr(adapter.client, method)
    left = {"n": times * adapter.attempts}

    def flaky(**kwargs: Any) -> Any:
        if left["n"] > 0:
            left["n"] -= 1
            raise client_error(method)
        return real(**kwargs)

    monkeypatch.setattr(adapter.client, method, flaky)


def test_a_failed_read_still_gets_a_workout_and_never_overwrites(
    nlu: Nlu, adapter, monkeypatch: pytest.MonkeyPatch
):
    first = Coachee(nlu, store=adapter, day=MONDAY - timedelta(days=7))
    workout_texts(first)
    before = stored_profile(adapter)
    assert before.sessions_completed == 1

    fail(adapter, monkeypatch, "query", 1)
    coachee = Coachee(nlu, store=adapter, seed=5)
    calls = count_calls(adapter)
    reply = coachee.say("start leg workout")
    assert reply.open and reply.state["phase"] in ("count", "ready")
    assert "can't reach your saved progress" in reply.text
    # Only what the turn itself changed is written (the safety note was heard), field by
    # field: the defaults it trains from never replace the record.
    assert set(calls) <= {"Query", "UpdateItem"} and calls["UpdateItem"] <= 1, calls
    reply = answer_sets(coachee, reply, 2)
    assert reply.open and "couldn't save" not in reply.text
    # The read was retried on the next turn and the sets were saved onto the real record.
    assert calls["Query"] == 1
    after = stored_profile(adapter)
    assert after.recent == before.recent and after.rungs == before.rungs
    assert after.safety_noted and after.first_day == before.first_day
    assert after.active is not None and after.active.counts == [8, 8]


def test_a_failed_read_on_a_question_is_still_answered(
    nlu: Nlu, adapter, monkeypatch: pytest.MonkeyPatch
):
    fail(adapter, monkeypatch, "query", 1)
    coachee = Coachee(nlu, store=adapter)
    reply = coachee.say("ask leg workout how often should i train legs")
    assert "Two to three leg sessions a week" in reply.text


def test_a_failed_write_is_said_and_retried_next_turn(
    nlu: Nlu, adapter, monkeypatch: pytest.MonkeyPatch
):
    coachee = Coachee(nlu, store=adapter)
    reply = coachee.say("start leg workout")
    reply = answer_sets(coachee, reply, 1)
    assert stored(adapter)["active"]["counts"] == [8]

    fail(adapter, monkeypatch, "update_item", 1)  # the second set's write
    reply = answer_sets(coachee, reply, 1)
    assert reply.open and reply.state["phase"] in ("count", "ready")
    assert "couldn't save your progress just now" in reply.text
    assert stored(adapter)["active"]["counts"] == [8]  # not saved yet...

    reply = coachee.say("how often should i train legs")  # a turn that changes nothing itself
    assert "couldn't save" not in reply.text
    assert stored(adapter)["active"]["counts"] == [8, 8]  # ...retried: nothing lost
    reply = answer_sets(coachee, reply, 1)
    assert stored(adapter)["active"]["counts"] == [8, 8, 8]


def test_a_failed_write_is_retried_when_the_session_times_out(
    nlu: Nlu, adapter, monkeypatch: pytest.MonkeyPatch
):
    coachee = Coachee(nlu, store=adapter)
    reply = coachee.say("start leg workout")
    fail(adapter, monkeypatch, "transact_write_items", 1)  # the first set's write
    answer_sets(coachee, reply, 1)
    coachee.walk_away()  # the session's end writes it
    assert stored(adapter)["active"]["counts"] == [8]


def test_a_failed_write_on_the_last_set_is_not_lost(
    nlu: Nlu, adapter, monkeypatch: pytest.MonkeyPatch
):
    coachee = Coachee(nlu, store=adapter)
    reply = coachee.say("start leg workout")
    reply = answer_sets(coachee, reply, 7)
    fail(adapter, monkeypatch, "transact_write_items", 1)  # the close
    reply = answer_sets(coachee, reply, 1)
    assert not reply.open
    coachee.say("ask leg workout how am i doing")
    profile = stored_profile(adapter)
    assert profile.sessions_completed == 1 and profile.recent[0].completed


# -- 10. five years of daily workouts in one item ---------------------------------------------


def test_five_years_of_daily_workouts_fit_one_small_item(nlu: Nlu, adapter):
    profile = Profile(safety_noted=True)
    start = date(2021, 11, 24)
    days = 5 * 365
    for number in range(days):
        day = start + timedelta(days=number)
        workout = plan_workout(profile, day, light=False, workout_id=f"{day}-{number:08x}").workout
        while not workout.finished:
            spec = workout.current
            assert spec is not None
            workout.record(spec.target if number % 3 else spec.target - 1)
        complete_workout(profile, workout, completed=True)
    assert profile.sessions_completed == days

    # Stored as the store stores a profile (its own item, no workout in it).
    adapter.client.put_item(TableName=TABLE, Item=adapter._profile_item(Owner(USER), profile, 1))
    item = raw_item(adapter)
    assert item is not None
    data = deserialize(item["data"])
    data_json = len(json.dumps(data, separators=(",", ":")).encode())
    item_json = len(json.dumps(item, separators=(",", ":")).encode())
    print(
        f"\n5 years ({days} daily sessions): data as JSON {data_json} bytes, "
        f"the whole DynamoDB item (typed JSON) {item_json} bytes"
    )
    assert data_json < 64 * 1024 and item_json < 64 * 1024

    coachee = Coachee(nlu, store=adapter, day=start + timedelta(days=days))
    reply = coachee.say("ask leg workout how am i doing")
    assert f"You've done {number_words(days)} workouts" in reply.text


# -- 11. questions about one's own history ----------------------------------------------------


def test_history_questions_are_answered_from_the_stored_record(nlu: Nlu, adapter):
    # Last week's Monday, this week's Monday, then Wednesday at nine reps a set.
    _, first = workout_texts(Coachee(nlu, store=adapter, day=MONDAY - timedelta(days=7)))
    _, second = workout_texts(Coachee(nlu, store=adapter, day=MONDAY, seed=2))
    _, third = workout_texts(
        Coachee(nlu, store=adapter, day=MONDAY + timedelta(days=2), seed=3), count="9"
    )
    total = sum(first) + sum(second) + 9 * len(third)
    assert len(third) == 8

    friday = Coachee(nlu, store=adapter, day=MONDAY + timedelta(days=4), seed=4)
    reply = friday.say("ask leg workout how many workouts this week")
    assert "Two workouts this week" in reply.text and not reply.open

    reply = friday.say("ask leg workout what did i do last time")
    assert reply.text.startswith(
        "Last time, two days ago, you did nine and nine Bulgarian split squats, nine and nine "
        "single-leg glute bridges, nine and nine lateral lunges, and nine and nine air squats: "
        "seventy-two reps"
    ), reply.text

    reply = friday.say("ask leg workout how many did i do")
    assert "seventy-two reps" in reply.text

    reply = friday.say("ask leg workout how am i doing")
    assert f"You've done three workouts in one week, {number_words(total)} reps in all." in (
        reply.text
    )

    # Asked mid-workout: answered from the same record, then back to the set.
    reply = friday.say("start leg workout")
    reply = friday.say("how many workouts this week")
    assert "Two workouts this week" in reply.text and "How many did you" in reply.text
