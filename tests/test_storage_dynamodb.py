"""DynamoDbAdapter and the local store, against moto's in-process DynamoDB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import botocore.session
import legcoach.storage as storage_package
import pytest
from ask_sdk_model import RequestEnvelope
from legcoach.storage import build_store, readable_profile
from legcoach.storage import client as table_client
from legcoach.storage.dynamodb import (
    ConcurrentUpdateError,
    DynamoDbAdapter,
    ItemTooLarge,
    StoredDataError,
    StoreMisconfigured,
    deserialize,
    serialize,
)
from legcoach.storage.keys import owner_of
from legcoach.storage.memory import MemoryAdapter
from legcoach_dev.local import store as local_store
from legcoach_dev.local.store import DEFAULT_PATH, REPO_ROOT, open_store
from legcoach_dev.local.tables import ensure_table
from moto import mock_aws
from support.dynamo import count_calls, fake_aws_environment, request_envelope

TABLE = "leg-workout-test"
REPO = Path(__file__).resolve().parents[1]


def envelope(user_id: str = "amzn1.ask.account.A", person_id: str | None = None) -> RequestEnvelope:
    return request_envelope(user_id, person_id)


@pytest.fixture
def aws_env(monkeypatch):
    fake_aws_environment(monkeypatch)


@pytest.fixture
def aws(aws_env):
    with mock_aws():
        yield


def union_sets(fresh: dict, mine: dict) -> dict:
    """Test merge: mine wins, except that logged set ids are unioned (order kept)."""
    merged = {**fresh, **mine}
    seen = list(fresh.get("sets", []))
    merged["sets"] = seen + [s for s in mine.get("sets", []) if s not in seen]
    return merged


@pytest.fixture
def adapter(aws):
    adapter = DynamoDbAdapter(TABLE, merge=union_sets)
    ensure_table(adapter)
    return adapter


def capture_params(adapter: DynamoDbAdapter) -> list[tuple[str, dict]]:
    seen: list[tuple[str, dict]] = []

    def hook(event_name: str, params: dict, **kwargs: object) -> None:
        seen.append((event_name.rsplit(".", 1)[-1], params))

    # before-parameter-build sees the API parameters (before-call sees the serialised request)
    adapter.client.meta.events.register("before-parameter-build.dynamodb.*", hook)
    return seen


def raw_item(adapter: DynamoDbAdapter, user_id: str, person: str = "-") -> dict | None:
    key = {"user_id": {"S": user_id}, "person": {"S": person}}
    return adapter.client.get_item(TableName=TABLE, Key=key, ConsistentRead=True).get("Item")


# -- round trip and types

NESTED = {
    "schema": 2,
    "name": "Ana & Bo <3",
    "empty": "",
    "level": 7,
    "big": 10**20,
    "negative": -3,
    "done": True,
    "paused": False,
    "nothing": None,
    "sets": ["s1", "s2"],
    "history": [
        {"day": "2024-05-01", "reps": [10, 12, 0], "ok": True, "note": None},
        {"day": "2024-05-02", "reps": [], "ok": False, "extra": {"deep": [[1, 2], {"x": None}]}},
    ],
    "settings": {},
}


def test_round_trip_nested_data(adapter):
    request = envelope()
    assert adapter.get_attributes(request) == {"_version": 0}

    attributes = json.loads(json.dumps(NESTED))
    adapter.save_attributes(request, attributes)

    back = adapter.get_attributes(request)
    assert back.pop("_version") == 1
    assert back == NESTED
    assert type(back["level"]) is int and type(back["done"]) is bool
    assert type(back["history"][0]["reps"][1]) is int


def test_item_layout(adapter):
    adapter.save_attributes(envelope(person_id="P1"), {"schema": 3, "level": 1})
    item = raw_item(adapter, "amzn1.ask.account.A", "P1")
    assert item is not None
    assert item["schema"] == {"N": "3"}
    assert item["version"] == {"N": "1"}
    assert item["data"] == {"M": {"schema": {"N": "3"}, "level": {"N": "1"}}}
    assert "_version" not in item["data"]["M"]
    assert item["updated"]["S"].endswith("+00:00")


def test_numbers_come_back_as_int_not_decimal(adapter):
    adapter.client.put_item(
        TableName=TABLE,
        Item={
            "user_id": {"S": "amzn1.ask.account.A"},
            "person": {"S": "-"},
            "version": {"N": "4"},
            "data": {"M": {"n": {"N": "12"}, "e": {"N": "1E+2"}, "l": {"L": [{"N": "-0"}]}}},
        },
    )
    back = adapter.get_attributes(envelope())
    assert back == {"n": 12, "e": 100, "l": [0], "_version": 4}
    assert all(type(v) is int for v in (back["n"], back["e"], back["l"][0], back["_version"]))


USER_A = "amzn1.ask.account.A"
GOOD = {"schema": 2, "safety": True, "rungs": {"squat": 3}}


def raw(data: dict | None, **attributes: dict) -> dict:
    item = {"user_id": {"S": USER_A}, "person": {"S": "-"}, "version": {"N": "4"}, **attributes}
    if data is not None:
        item["data"] = data
    return item


CORRUPT = {
    "float": raw({"M": {"pace": {"M": {"seconds": {"N": "2.5"}}}}}),
    "missing data": raw(None),
    "data not a map": raw({"S": "hello"}),
    "set type": raw({"M": {"tags": {"SS": ["a"]}}}),
    "version as string": raw(serialize(GOOD), version={"S": "4"}),
    "numbers as strings": raw(serialize({**GOOD, "rungs": {"squat": "3"}})),
    "future schema": raw(serialize({**GOOD, "schema": 99})),
}


@pytest.fixture
def checked_adapter(aws):
    adapter = DynamoDbAdapter(TABLE, merge=union_sets, validate=readable_profile, log_key="k")
    ensure_table(adapter)
    return adapter


@pytest.mark.parametrize("name", list(CORRUPT))
def test_an_unreadable_item_is_moved_aside_never_overwritten(checked_adapter, caplog, name):
    adapter = checked_adapter
    item = CORRUPT[name]
    adapter.client.put_item(TableName=TABLE, Item=item)
    calls = count_calls(adapter)

    with caplog.at_level("ERROR"):
        attributes = adapter.get_attributes(envelope())
    assert attributes == {"_kept_aside": True, "_version": 0}  # the owner starts afresh
    assert calls == {"GetItem": 1, "TransactWriteItems": 1}
    assert raw_item(adapter, USER_A) is None
    kept = adapter.client.scan(TableName=TABLE)["Items"]
    assert len(kept) == 1
    aside = kept[0]
    assert aside["person"]["S"].startswith("-#quarantine#")
    assert {k: v for k, v in aside.items() if k not in ("person", "quarantined")} == {
        k: v for k, v in item.items() if k != "person"
    }
    # Logged loudly, under a keyed hash: no user id in clear.
    assert "UNREADABLE RECORD" in caplog.text and adapter.tag(owner_of(envelope())) in caplog.text
    assert USER_A not in caplog.text

    attributes.update(GOOD)
    adapter.save_attributes(envelope(), attributes)
    assert adapter.get_attributes(envelope()) == {**GOOD, "_version": 1}
    assert aside in adapter.client.scan(TableName=TABLE)["Items"]  # still there, untouched

    adapter.delete_attributes(envelope())  # "delete my data" takes the copy too
    assert adapter.client.scan(TableName=TABLE)["Items"] == []


def test_an_unreadable_item_met_on_a_conflict_is_moved_aside_too(checked_adapter):
    adapter = checked_adapter
    adapter.client.put_item(TableName=TABLE, Item=CORRUPT["float"])
    mine = {**GOOD, "_version": 0}  # a session that never read it
    adapter.save_attributes(envelope(), mine)
    assert adapter.get_attributes(envelope()) == {**GOOD, "sets": [], "_version": 1}
    people = [i["person"]["S"] for i in adapter.client.scan(TableName=TABLE)["Items"]]
    assert sorted(p.split("#")[1] if "#" in p else p for p in people) == ["-", "quarantine"]


def test_the_log_hash_is_keyed_and_short():
    one = DynamoDbAdapter(TABLE, log_key="one").tag(owner_of(envelope()))
    again = DynamoDbAdapter(TABLE, log_key="one").tag(owner_of(envelope()))
    other = DynamoDbAdapter(TABLE, log_key="two").tag(owner_of(envelope()))
    assert one == again != other
    assert len(one) == 12 and int(one, 16) >= 0


def test_an_item_near_the_size_limit_is_refused_before_any_call(adapter):
    calls = count_calls(adapter)
    with pytest.raises(ItemTooLarge, match=r"would be about 3\d\d KB; refusing"):
        adapter.save_attributes(envelope(), {"notes": ["x" * 1000] * 360})
    assert calls == {}
    adapter.save_attributes(envelope(), {"notes": ["x" * 1000] * 300})  # 300 KB still goes in
    assert raw_item(adapter, USER_A) is not None


def test_float_rejected_with_clear_error_and_no_call(adapter):
    calls = count_calls(adapter)
    with pytest.raises(TypeError, match=r"data\.history\[0\]\.tempo is a float.*no floats"):
        adapter.save_attributes(envelope(), {"history": [{"tempo": 1.5}]})
    assert calls == {}
    assert raw_item(adapter, "amzn1.ask.account.A") is None


@pytest.mark.parametrize(
    ("value", "message"),
    [({1: "x"}, "non-string key"), ({"s": {1, 2}}, "is a set"), ({"t": (1,)}, "is a tuple")],
)
def test_other_unstorable_values_rejected(value, message):
    with pytest.raises(TypeError, match=message):
        serialize(value)


def test_serialize_distinguishes_bool_from_int():
    assert serialize(True) == {"BOOL": True}
    assert serialize(1) == {"N": "1"}
    assert deserialize({"BOOL": False}) is False


def test_unsupported_stored_type_is_an_error():
    with pytest.raises(StoredDataError, match="unsupported DynamoDB type 'SS'"):
        deserialize({"M": {"tags": {"SS": ["a"]}}})


# -- client lifecycle


@pytest.fixture
def client_creations(monkeypatch):
    """Counts every botocore client creation (boto3.client and Session.client end there)."""
    created: list[str] = []
    original = botocore.session.Session.create_client

    def counting(self, service_name, *args, **kwargs):
        created.append(service_name)
        return original(self, service_name, *args, **kwargs)

    monkeypatch.setattr(botocore.session.Session, "create_client", counting)
    return created


def test_import_and_construction_load_no_aws_sdk():
    code = (
        "import sys, legcoach.storage.dynamodb as d;"
        "d.DynamoDbAdapter('t', region='us-east-1', endpoint_url='http://127.0.0.1:9');"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "lambda")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]"


def test_construction_creates_no_client(aws_env, client_creations, monkeypatch):
    # (Importing is covered above: a fresh interpreter imports the module without boto3 at all.)
    adapter = DynamoDbAdapter(TABLE, merge=union_sets)
    built = build_store("dynamodb", table_name=TABLE)
    assert client_creations == []
    assert adapter._client is None and built._client is None


def test_client_created_once_and_reused(aws, client_creations):
    ensure_table(DynamoDbAdapter(TABLE))  # the devkit's own client, not the adapter's
    client_creations.clear()
    adapter = DynamoDbAdapter(TABLE)
    assert client_creations == []
    first = adapter.client
    request = envelope()
    for level in range(10):
        attributes = adapter.get_attributes(request)
        attributes["level"] = level
        adapter.save_attributes(request, attributes)
    assert adapter.client is first
    assert client_creations == ["dynamodb"]
    assert adapter.get_attributes(request)["_version"] == 10


def test_warm_creates_the_client_eagerly(aws, client_creations):
    ensure_table(DynamoDbAdapter(TABLE))
    client_creations.clear()
    adapter = DynamoDbAdapter(TABLE)
    adapter.warm()
    assert client_creations == ["dynamodb"]
    adapter.warm()
    adapter.get_attributes(envelope())
    assert client_creations == ["dynamodb"]


def test_client_config_is_short_and_explicit(aws):
    adapter = DynamoDbAdapter(TABLE, region="eu-west-1", endpoint_url="http://localhost:8000")
    config = adapter.client.meta.config
    assert (config.connect_timeout, config.read_timeout) == (0.4, 0.5)
    # botocore makes one attempt; the adapter retries, within the turn's deadline.
    assert config.retries == {"mode": "standard", "total_max_attempts": 1}
    assert adapter.attempts == 2
    assert adapter.worst_case_seconds == pytest.approx(2 * (0.4 + 0.5) + 0.1)
    assert adapter.worst_case_seconds <= 2.0
    assert adapter.client.meta.region_name == "eu-west-1"
    assert adapter.client.meta.endpoint_url == "http://localhost:8000"


def test_build_store_wires_the_coach_merge_and_check(aws_env):
    from legcoach.coach.merge import merge

    adapter = build_store("dynamodb", table_name="t1", endpoint_url="http://localhost:8000")
    assert isinstance(adapter, DynamoDbAdapter)
    assert (adapter.table_name, adapter.endpoint_url, adapter.merge) == (
        "t1",
        "http://localhost:8000",
        merge,
    )
    assert adapter.validate is readable_profile
    assert isinstance(build_store("memory"), MemoryAdapter)
    with pytest.raises(ValueError, match="table name"):
        build_store("dynamodb")
    with pytest.raises(ValueError, match="memory, dynamodb"):
        build_store("redis", table_name="t")


def test_the_storage_package_reads_no_environment():
    modules = sorted(Path(storage_package.__file__).parent.glob("*.py"))
    assert len(modules) >= 8  # every module of the package, the split ones included
    for module in modules:
        source = module.read_text()
        assert "os.environ" not in source and "getenv" not in source, module.name


# -- call counts


def test_get_is_one_consistent_get_item_and_save_is_one_put_item(adapter):
    request = envelope(person_id="P1")
    calls = count_calls(adapter)
    params = capture_params(adapter)

    attributes = adapter.get_attributes(request)
    assert calls == {"GetItem": 1}
    assert params[0][1]["ConsistentRead"] is True

    attributes["sets"] = ["a"]
    adapter.save_attributes(request, attributes)
    assert calls == {"GetItem": 1, "PutItem": 1}
    assert params[1][1]["ConditionExpression"] == "attribute_not_exists(user_id)"
    assert attributes["_version"] == 1

    attributes["sets"].append("b")  # the cached dict, saved again in the same session
    adapter.save_attributes(request, attributes)
    assert calls == {"GetItem": 1, "PutItem": 2}
    assert params[2][1]["ConditionExpression"] == "version = :expected"
    assert params[2][1]["ExpressionAttributeValues"] == {":expected": {"N": "1"}}
    assert attributes["_version"] == 2


def test_callers_version_is_not_stored_or_mutated_on_the_way(adapter):
    attributes = {"level": 3}
    adapter.save_attributes(envelope(), attributes)
    assert attributes == {"level": 3, "_version": 1}


# -- optimistic concurrency


def test_concurrent_sessions_merge_instead_of_losing_sets(adapter):
    request = envelope(person_id="P1")
    adapter.save_attributes(request, {"schema": 1, "sets": ["old"]})

    kitchen = adapter.get_attributes(request)  # both sessions read version 1
    bedroom = adapter.get_attributes(request)
    assert kitchen["_version"] == bedroom["_version"] == 1

    kitchen["sets"].append("k1")
    adapter.save_attributes(request, kitchen)
    assert kitchen["_version"] == 2

    calls = count_calls(adapter)
    bedroom["sets"].append("b1")
    adapter.save_attributes(request, bedroom)  # hits the condition, re-reads, merges, retries
    assert calls["PutItem"] == 2
    assert calls["GetItem"] <= 1  # the conflicting item usually comes back with the error

    stored = adapter.get_attributes(request)
    assert stored["_version"] == 3
    assert stored["sets"] == ["old", "k1", "b1"]
    # The caller's cached dict now holds the merged record and the new version...
    assert bedroom == stored
    # ...so its next save neither conflicts nor drops the kitchen's set.
    calls.clear()
    bedroom["sets"].append("b2")
    adapter.save_attributes(request, bedroom)
    assert calls == {"PutItem": 1}
    assert adapter.get_attributes(request)["sets"] == ["old", "k1", "b1", "b2"]


def test_two_first_saves_merge_too(adapter):
    request = envelope()
    first = adapter.get_attributes(request)
    second = adapter.get_attributes(request)
    first["sets"] = ["a"]
    second["sets"] = ["b"]
    adapter.save_attributes(request, first)
    adapter.save_attributes(request, second)
    assert adapter.get_attributes(request) == {"sets": ["a", "b"], "_version": 2}


def test_merge_receives_fresh_with_version_and_mine_without(adapter):
    request = envelope()
    adapter.save_attributes(request, {"sets": ["a"]})
    seen: list[tuple[dict, dict]] = []

    def spy(fresh: dict, mine: dict) -> dict:
        seen.append((dict(fresh), dict(mine)))
        return union_sets(fresh, mine)

    adapter.merge = spy
    stale = {"sets": ["b"], "_version": 0}
    adapter.save_attributes(request, stale)
    assert seen == [({"sets": ["a"], "_version": 1}, {"sets": ["b"]})]


def test_default_merge_is_mine_wins(aws):
    adapter = DynamoDbAdapter(TABLE)
    ensure_table(adapter)
    request = envelope()
    one, two = adapter.get_attributes(request), adapter.get_attributes(request)
    one["sets"] = ["a"]
    two["sets"] = ["b"]
    adapter.save_attributes(request, one)
    adapter.save_attributes(request, two)
    assert adapter.get_attributes(request) == {"sets": ["b"], "_version": 2}


def test_gives_up_after_max_retries(adapter):
    request = envelope()
    adapter.save_attributes(request, {"sets": []})
    rival = DynamoDbAdapter(TABLE)
    rival._client = adapter.client

    def merge_while_someone_keeps_writing(fresh: dict, mine: dict) -> dict:
        theirs = rival.get_attributes(request)
        theirs["sets"].append("x")
        rival.save_attributes(request, theirs)  # the version moves again before our retry
        return union_sets(fresh, mine)

    adapter.merge = merge_while_someone_keeps_writing
    adapter.max_retries = 2
    mine = {"sets": ["mine"], "_version": 1}
    rival.save_attributes(request, {"sets": ["first"], "_version": 1})
    calls = count_calls(adapter)
    with pytest.raises(ConcurrentUpdateError, match=r"gave up after 2 merge\(s\)"):
        adapter.save_attributes(request, mine)
    assert mine["_version"] == 1  # caller's dict untouched on failure
    # ours: 1 try + 2 retries; the rival's (same client, so counted too): 1 per merge
    assert calls["PutItem"] == 3 + 2


def test_a_missing_table_is_not_retried(adapter):
    adapter.table_name = "no-such-table"
    calls = count_calls(adapter)
    with pytest.raises(StoreMisconfigured, match="ResourceNotFoundException") as error:
        adapter.save_attributes(envelope(), {"level": 1})
    assert error.value.reason == "configuration"
    assert calls == {"PutItem": 1}


# -- deletion


def test_delete_attributes_removes_only_that_persons_item(adapter):
    user = "amzn1.ask.account.A"
    for person in (None, "P1", "P2"):
        adapter.save_attributes(envelope(user, person), {"who": person or "account"})
    adapter.save_attributes(envelope("amzn1.ask.account.B", "P1"), {"who": "other"})

    adapter.delete_attributes(envelope(user, "P1"))

    assert adapter.get_attributes(envelope(user, "P1")) == {"_version": 0}
    assert adapter.get_attributes(envelope(user))["who"] == "account"
    assert adapter.get_attributes(envelope(user, "P2"))["who"] == "P2"
    assert adapter.get_attributes(envelope("amzn1.ask.account.B", "P1"))["who"] == "other"


def test_erase_account_removes_exactly_that_accounts_items(adapter):
    doomed, kept = "amzn1.ask.account.A", "amzn1.ask.account.B"
    adapter.save_attributes(envelope(doomed), {"level": 1})
    for i in range(30):
        adapter.save_attributes(envelope(doomed, f"P{i:02}"), {"level": i})
    adapter.save_attributes(envelope(kept), {"level": 9})
    adapter.save_attributes(envelope(kept, "P00"), {"level": 8})

    calls = count_calls(adapter)
    assert adapter.erase_account(doomed) == 31
    assert calls["BatchWriteItem"] == 2  # 25 + 6

    left = adapter.client.scan(TableName=TABLE)["Items"]
    assert sorted((i["user_id"]["S"], i["person"]["S"]) for i in left) == [
        (kept, "-"),
        (kept, "P00"),
    ]
    assert adapter.erase_account(doomed) == 0


def test_erase_account_paginates_the_query(adapter, monkeypatch):
    user = "amzn1.ask.account.A"
    for i in range(7):
        adapter.save_attributes(envelope(user, f"P{i}"), {"level": i})
    client = adapter.client
    original = client.query
    pages = []

    def small_pages(**kwargs):
        page = original(**kwargs, Limit=3)
        pages.append(len(page["Items"]))
        return page

    monkeypatch.setattr(client, "query", small_pages)
    assert adapter.erase_account(user) == 7
    assert pages[:3] == [3, 3, 1]


def test_erase_account_resends_unprocessed_items(adapter, monkeypatch):
    user = "amzn1.ask.account.A"
    for i in range(5):
        adapter.save_attributes(envelope(user, f"P{i}"), {"level": i})
    client = adapter.client
    original = client.batch_write_item
    sizes: list[int] = []

    def throttled(RequestItems):
        requests = RequestItems[TABLE]
        sizes.append(len(requests))
        original(RequestItems={TABLE: requests[:2]})  # DynamoDB only got to the first two
        rest = requests[2:]
        return {"UnprocessedItems": {TABLE: rest} if rest else {}}

    monkeypatch.setattr(client, "batch_write_item", throttled)
    monkeypatch.setattr(table_client.time, "sleep", lambda seconds: None)
    assert adapter.erase_account(user) == 5
    assert sizes == [5, 3, 1]
    assert adapter.client.scan(TableName=TABLE)["Count"] == 0


def test_erase_account_gives_up_when_never_processed(adapter, monkeypatch):
    adapter.save_attributes(envelope(), {"level": 1})
    client = adapter.client
    monkeypatch.setattr(
        client, "batch_write_item", lambda RequestItems: {"UnprocessedItems": RequestItems}
    )
    monkeypatch.setattr(table_client.time, "sleep", lambda seconds: None)
    with pytest.raises(RuntimeError, match="1 item\\(s\\) still unprocessed"):
        adapter.erase_account("amzn1.ask.account.A")


# -- table


def test_ensure_table_is_idempotent_and_on_demand(aws):
    adapter = DynamoDbAdapter(TABLE)
    ensure_table(adapter)
    ensure_table(adapter)
    table = adapter.client.describe_table(TableName=TABLE)["Table"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert {k["AttributeName"]: k["KeyType"] for k in table["KeySchema"]} == {
        "user_id": "HASH",
        "person": "RANGE",
    }


def test_ensure_table_refuses_a_table_with_another_key_schema(aws):
    boto3.client("dynamodb").create_table(
        TableName=TABLE,
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    with pytest.raises(RuntimeError, match="expected user_id"):
        ensure_table(DynamoDbAdapter(TABLE))


# -- local store

STORE_ENV = ("LEGCOACH_STORE", "TABLE_NAME", "DYNAMODB_ENDPOINT_URL")


@pytest.fixture
def clean_env(aws_env, monkeypatch):
    for name in STORE_ENV:
        monkeypatch.delenv(name, raising=False)


def test_local_moto_store_survives_a_restart(clean_env, tmp_path):
    path = tmp_path / "nested" / "dynamodb.json"
    request = envelope(person_id="P1")

    with open_store("moto", path=path) as store:
        assert store.table_name == "leg-workout-local"
        assert store.path == path
        assert "embedded moto DynamoDB" in store.describe()
        adapter = DynamoDbAdapter(store.table_name, merge=union_sets)
        adapter.save_attributes(request, {"schema": 1, "sets": ["a"], "deep": {"n": [1, None]}})

    assert path.exists()
    assert [p.name for p in path.parent.iterdir()] == ["dynamodb.json"]  # no temp file left
    assert "TABLE_NAME" not in os.environ  # the skill is handed its store, not an environment
    saved = json.loads(path.read_text())
    assert len(saved["items"]) == 1

    with open_store("moto", path=path) as store:
        adapter = DynamoDbAdapter(store.table_name)
        back = adapter.get_attributes(request)
        assert back == {"schema": 1, "sets": ["a"], "deep": {"n": [1, None]}, "_version": 1}
        back["sets"].append("b")
        adapter.save_attributes(request, back)  # the version survived too: no conflict

    with open_store("moto", path=path) as store:
        assert DynamoDbAdapter(store.table_name).get_attributes(request)["sets"] == ["a", "b"]


def test_local_moto_store_saves_even_when_the_chat_fails(clean_env, tmp_path):
    path = tmp_path / "db.json"
    with pytest.raises(KeyError), open_store("moto", path=path) as store:
        DynamoDbAdapter(store.table_name).save_attributes(envelope(), {"level": 2})
        raise KeyError("boom")
    assert len(json.loads(path.read_text())["items"]) == 1


def test_corrupt_store_file_is_reported_and_not_overwritten(clean_env, tmp_path):
    path = tmp_path / "db.json"
    path.write_text("{not json")
    with pytest.raises(ValueError, match="not a saved local store"), open_store("moto", path=path):
        pass
    assert path.read_text() == "{not json"


def test_memory_store_keeps_progress_in_the_process_only(clean_env):
    with open_store("memory") as store:
        assert isinstance(store.adapter, MemoryAdapter)
        assert store.path is None
        assert "memory" in store.describe()


def test_endpoint_store_ensures_its_table(clean_env, monkeypatch):
    made: list[tuple[str, str | None]] = []
    monkeypatch.setattr(
        local_store,
        "ensure_table",
        lambda store: made.append((store.table_name, store.endpoint_url)),
    )
    monkeypatch.setenv("TABLE_NAME", "custom")
    with open_store("endpoint", endpoint_url="http://localhost:8000") as store:
        assert store.adapter.endpoint_url == "http://localhost:8000"
        assert store.adapter.table_name == "custom"
        assert store.path is None
        assert (
            store.describe()
            == "Progress is kept in DynamoDB at http://localhost:8000, table custom"
        )
    assert made == [("custom", "http://localhost:8000")]
    assert "DYNAMODB_ENDPOINT_URL" not in os.environ


def test_endpoint_store_needs_a_url(clean_env):
    with pytest.raises(ValueError, match="endpoint_url"), open_store("endpoint"):
        pass


def test_unknown_store_kind(clean_env):
    with pytest.raises(ValueError, match="unknown store kind"), open_store("redis"):
        pass


def test_default_path_is_the_repos_local_folder():
    assert REPO_ROOT == REPO
    assert DEFAULT_PATH == REPO / ".local" / "dynamodb.json"


def test_the_template_grants_exactly_the_calls_the_storage_makes():
    import re

    template = (REPO / "template.yaml").read_text()
    granted = set(re.findall(r"- dynamodb:(\w+)", template))
    called: set[str] = set()
    for module in Path(storage_package.__file__).parent.glob("*.py"):
        source = module.read_text()
        for operation in re.findall(r'_call\(\s*"(\w+)"', source):
            called.add("".join(part.title() for part in operation.split("_")))
        # A transaction is checked as the operations inside it.
        for kind in re.findall(r'"(Put|Update|Delete|ConditionCheck)": \{', source):
            called.add(f"{kind}Item" if kind != "ConditionCheck" else "ConditionCheckItem")
    called.discard("TransactWriteItems")
    assert granted == called
