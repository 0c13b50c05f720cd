"""The DynamoDB store's shared pieces (codec, table client, erase, table) and the local store,
against moto's in-process DynamoDB. The contract itself is held to `tests/test_store_contract.py`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import boto3
import botocore.session
import legcoach.storage as storage_package
import pytest
from legcoach.coach.profile import Profile
from legcoach.coach.progression import plan_workout
from legcoach.coach.workout import Workout
from legcoach.storage import client as table_client
from legcoach.storage import open_store as open_contract_store
from legcoach.storage import readable_profile
from legcoach.storage.codec import deserialize, item_size, serialize
from legcoach.storage.contract import SetOutcome
from legcoach.storage.errors import (
    ItemTooLarge,
    StoredDataError,
    StoreMisconfigured,
    StoreUnavailable,
)
from legcoach.storage.items import DynamoDbStore
from legcoach.storage.keys import Owner
from legcoach.storage.memory import MemoryStore
from legcoach_dev.local import store as local_store
from legcoach_dev.local.store import DEFAULT_PATH, REPO_ROOT, open_store
from legcoach_dev.local.tables import ensure_table
from moto import mock_aws
from support.dynamo import count_calls, fake_aws_environment

TABLE = "leg-workout-test"
REPO = Path(__file__).resolve().parents[1]
USER_A = "amzn1.ask.account.A"
USER_B = "amzn1.ask.account.B"
ME = Owner(USER_A)
DAY = date(2026, 11, 2)


@pytest.fixture
def aws_env(monkeypatch):
    fake_aws_environment(monkeypatch)


@pytest.fixture
def aws(aws_env):
    with mock_aws():
        yield


@pytest.fixture
def store(aws):
    store = DynamoDbStore(TABLE, validate=readable_profile, log_key="k")
    ensure_table(store)
    return store


def raw_item(store: DynamoDbStore, user_id: str, person: str = "-") -> dict | None:
    key = {"user_id": {"S": user_id}, "person": {"S": person}}
    return store.client.get_item(TableName=TABLE, Key=key, ConsistentRead=True).get("Item")


def everything(store: DynamoDbStore) -> list[dict]:
    return store.client.scan(TableName=TABLE)["Items"]


def workout(wid: str = "2026-11-02-0000aaaa", *counts: int | None) -> Workout:
    w = plan_workout(Profile(), DAY, light=False, workout_id=wid).workout
    for count in counts:
        w.record(count)
    w.touched = 1_790_000_000
    return w


def save_beeps(store: DynamoDbStore, owner: Owner, beeps: bool = True) -> None:
    """One preference through the contract: the owner's profile item (created if new)."""
    profile = Profile()
    profile.beeps = beeps
    store.save_preferences(owner, profile, ["beeps"])


# -- codec: values <-> DynamoDB's typed attributes

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


def _check_types(back: dict) -> None:
    assert back == NESTED
    assert type(back["level"]) is int and type(back["big"]) is int
    assert type(back["done"]) is bool and type(back["history"][0]["reps"][1]) is int


def test_serialize_round_trips_nested_data():
    _check_types(deserialize(serialize(json.loads(json.dumps(NESTED)))))


def test_nested_data_round_trips_through_dynamodb(store):
    key = {"user_id": {"S": USER_A}, "person": {"S": "-"}}
    store.client.put_item(TableName=TABLE, Item={**key, "data": serialize(NESTED)})
    _check_types(deserialize(raw_item(store, USER_A)["data"]))


def test_numbers_come_back_as_int_not_decimal():
    stored = {"M": {"n": {"N": "12"}, "e": {"N": "1E+2"}, "l": {"L": [{"N": "-0"}]}}}
    back = deserialize(stored)
    assert back == {"n": 12, "e": 100, "l": [0]}
    assert all(type(v) is int for v in (back["n"], back["e"], back["l"][0]))


def test_a_non_integral_stored_number_is_an_error():
    with pytest.raises(StoredDataError, match=r"data\.pace: stored number 2\.5 is not a whole"):
        deserialize({"M": {"pace": {"N": "2.5"}}})


def test_float_rejected_with_clear_error_and_no_call(store):
    with pytest.raises(TypeError, match=r"data\.history\[0\]\.tempo is a float.*no floats"):
        serialize({"history": [{"tempo": 1.5}]})
    profile = Profile()
    profile.tempo_shift = 1.5  # type: ignore[assignment]
    calls = count_calls(store)
    with pytest.raises(TypeError, match=r"data\.tempo is a float.*no floats"):
        store.save_preferences(ME, profile, ["tempo"])
    assert calls == {}
    assert raw_item(store, USER_A) is None


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


# -- unreadable and oversized items

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


@pytest.mark.parametrize("name", list(CORRUPT))
def test_an_unreadable_item_is_moved_aside_never_overwritten(store, caplog, name):
    item = CORRUPT[name]
    store.client.put_item(TableName=TABLE, Item=item)
    calls = count_calls(store)

    with caplog.at_level("ERROR"):
        loaded = store.load(ME)
    assert loaded.kept_aside  # the owner starts afresh, and is told
    assert loaded.profile.to_dict() == Profile().to_dict()
    assert calls == {"Query": 1, "TransactWriteItems": 1}
    assert raw_item(store, USER_A) is None
    kept = everything(store)
    assert len(kept) == 1
    aside = kept[0]
    assert aside["person"]["S"].startswith("-#quarantine#")
    assert {k: v for k, v in aside.items() if k not in ("person", "quarantined")} == {
        k: v for k, v in item.items() if k != "person"
    }
    # Logged loudly, under a keyed hash: no user id in clear.
    assert "UNREADABLE RECORD" in caplog.text and store.tag(ME) in caplog.text
    assert USER_A not in caplog.text

    save_beeps(store, ME)
    again = store.load(ME)
    assert again.profile.beeps and not again.kept_aside
    assert aside in everything(store)  # still there, untouched

    assert store.erase(ME) == 2  # "delete my data" takes the copy too
    assert everything(store) == []


def test_an_unreadable_item_met_on_a_write_is_moved_aside_too(store):
    store.client.put_item(TableName=TABLE, Item=CORRUPT["float"])
    save_beeps(store, ME)  # a session that never read it
    loaded = store.load(ME)
    assert loaded.profile.beeps and not loaded.kept_aside
    people = [i["person"]["S"] for i in everything(store)]
    assert sorted(p.split("#")[1] if "#" in p else p for p in people) == ["-", "quarantine"]


def test_a_profile_near_the_size_limit_is_refused_before_it_is_written(store, monkeypatch):
    w = workout("2026-11-02-0000aaaa", 8)
    assert store.record_set(ME, w, 0, writer="a").outcome is SetOutcome.STORED
    # The coach keeps a profile small (old sessions folded, lists capped): only a bug could grow
    # it this far, so one is simulated, and the store must refuse rather than fail at 400 KB.
    notes = ["x" * 1000] * 360
    real = Profile.to_dict
    monkeypatch.setattr(Profile, "to_dict", lambda self: {**real(self), "notes": notes})
    calls = count_calls(store)
    with pytest.raises(ItemTooLarge, match=r"would be about 3\d\d KB; refusing"):
        store.close_workout(ME, w, completed=True)
    assert calls == {"Query": 1}  # read, nothing written
    assert raw_item(store, USER_A) is None
    assert raw_item(store, USER_A, f"-#open#{w.id}") is not None  # the set is still there

    notes[:] = notes[:300]  # 300 KB still goes in
    store.close_workout(ME, w, completed=True)
    assert item_size(raw_item(store, USER_A)) > 300 * 1000


def test_the_log_hash_is_keyed_and_short():
    one = DynamoDbStore(TABLE, log_key="one").tag(ME)
    again = DynamoDbStore(TABLE, log_key="one").tag(ME)
    other = DynamoDbStore(TABLE, log_key="two").tag(ME)
    assert one == again != other
    assert one != DynamoDbStore(TABLE, log_key="one").tag(Owner(USER_A, "P1"))
    assert len(one) == 12 and int(one, 16) >= 0


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
        "import sys, legcoach.storage, legcoach.storage.items as d;"
        "d.DynamoDbStore('t', region='us-east-1', endpoint_url='http://127.0.0.1:9');"
        "legcoach.storage.open_store('dynamodb', table_name='t');"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "lambda")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "[]"


def test_construction_creates_no_client(aws_env, client_creations):
    # (Importing is covered above: a fresh interpreter imports the module without boto3 at all.)
    store = DynamoDbStore(TABLE)
    built = open_contract_store("dynamodb", table_name=TABLE)
    assert isinstance(built, DynamoDbStore)
    assert client_creations == []
    assert store._client is None and built._client is None


def test_client_created_once_and_reused(aws, client_creations):
    ensure_table(DynamoDbStore(TABLE))  # the devkit's own client, not the store's
    client_creations.clear()
    store = DynamoDbStore(TABLE)
    assert client_creations == []
    first = store.client
    w = workout()
    for level in range(10):
        store.load(ME)
        save_beeps(store, ME, beeps=level % 2 == 0)
        if w.current is not None:  # a set a turn, while the workout has sets left
            w.record(level)
            store.record_set(ME, w, w.cursor - 1, writer="a")
    store.close_workout(ME, w, completed=False)
    assert store.client is first
    assert client_creations == ["dynamodb"]
    loaded = store.load(ME)
    assert loaded.profile.version == 11  # ten preference writes and the close, none lost
    assert loaded.profile.recent[-1].id == w.id


def test_warm_creates_the_client_eagerly(aws, client_creations):
    ensure_table(DynamoDbStore(TABLE))
    client_creations.clear()
    store = DynamoDbStore(TABLE)
    store.warm()
    assert client_creations == ["dynamodb"]
    store.warm()
    store.load(ME)
    assert client_creations == ["dynamodb"]


def test_client_config_is_short_and_explicit(aws):
    store = DynamoDbStore(TABLE, region="eu-west-1", endpoint_url="http://localhost:8000")
    config = store.client.meta.config
    assert (config.connect_timeout, config.read_timeout) == (0.4, 0.5)
    # botocore makes one attempt; the store retries, within the turn's deadline.
    assert config.retries == {"mode": "standard", "total_max_attempts": 1}
    assert store.attempts == 2
    assert store.worst_case_seconds == pytest.approx(2 * (0.4 + 0.5) + 0.1)
    assert store.worst_case_seconds <= 2.0
    assert store.client.meta.region_name == "eu-west-1"
    assert store.client.meta.endpoint_url == "http://localhost:8000"


def test_a_missing_table_is_not_retried(store):
    store.table_name = "no-such-table"
    calls = count_calls(store)
    with pytest.raises(StoreMisconfigured, match="ResourceNotFoundException") as error:
        save_beeps(store, ME)
    assert error.value.reason == "configuration"
    assert calls == {"UpdateItem": 1}


def test_the_storage_package_reads_no_environment():
    modules = sorted(Path(storage_package.__file__).parent.glob("*.py"))
    assert len(modules) >= 10  # every module of the package, the split ones included
    for module in modules:
        source = module.read_text()
        assert "os.environ" not in source and "getenv" not in source, module.name


# -- erasing an account


def test_erase_account_removes_exactly_that_accounts_items(store):
    doomed, kept = USER_A, USER_B
    save_beeps(store, Owner(doomed))
    for i in range(29):
        save_beeps(store, Owner(doomed, f"P{i:02}"))
    w = workout("2026-11-02-0000aaaa", 8)
    store.record_set(Owner(doomed), w, 0, writer="a")  # a workout in progress: its own item
    save_beeps(store, Owner(kept))
    save_beeps(store, Owner(kept, "P00"))

    calls = count_calls(store)
    assert store.erase_account(doomed) == 31
    assert calls["BatchWriteItem"] == 2  # 25 + 6

    left = everything(store)
    assert sorted((i["user_id"]["S"], i["person"]["S"]) for i in left) == [
        (kept, "-"),
        (kept, "P00"),
    ]
    assert store.erase_account(doomed) == 0


def test_erase_account_paginates_the_query(store, monkeypatch):
    for i in range(7):
        save_beeps(store, Owner(USER_A, f"P{i}"))
    client = store.client
    original = client.query
    pages = []

    def small_pages(**kwargs):
        page = original(**kwargs, Limit=3)
        pages.append(len(page["Items"]))
        return page

    monkeypatch.setattr(client, "query", small_pages)
    assert store.erase_account(USER_A) == 7
    assert pages[:3] == [3, 3, 1]


def test_erase_account_resends_unprocessed_items(store, monkeypatch):
    for i in range(5):
        save_beeps(store, Owner(USER_A, f"P{i}"))
    client = store.client
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
    assert store.erase_account(USER_A) == 5
    assert sizes == [5, 3, 1]
    assert store.client.scan(TableName=TABLE)["Count"] == 0


def test_erase_account_gives_up_when_never_processed(store, monkeypatch):
    save_beeps(store, ME)
    client = store.client
    monkeypatch.setattr(
        client, "batch_write_item", lambda RequestItems: {"UnprocessedItems": RequestItems}
    )
    monkeypatch.setattr(table_client.time, "sleep", lambda seconds: None)
    with pytest.raises(StoreUnavailable, match="1 item\\(s\\) still unprocessed") as error:
        store.erase_account(USER_A)
    assert error.value.reason == "throttled"


# -- table


def test_ensure_table_is_idempotent_and_on_demand(aws):
    store = DynamoDbStore(TABLE)
    ensure_table(store)
    ensure_table(store)
    table = store.client.describe_table(TableName=TABLE)["Table"]
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
        ensure_table(DynamoDbStore(TABLE))


# -- local store

STORE_ENV = ("LEGCOACH_STORE", "TABLE_NAME", "DYNAMODB_ENDPOINT_URL")


@pytest.fixture
def clean_env(aws_env, monkeypatch):
    for name in STORE_ENV:
        monkeypatch.delenv(name, raising=False)


def test_local_moto_store_survives_a_restart(clean_env, tmp_path):
    path = tmp_path / "nested" / "dynamodb.json"
    owner = Owner(USER_A, "P1")
    w = workout("2026-11-02-0000aaaa", 8)

    with open_store("moto", path=path) as local:
        assert local.table_name == "leg-workout-local"
        assert local.path == path
        assert "embedded moto DynamoDB" in local.describe()
        store = local.adapter
        assert isinstance(store, DynamoDbStore)
        save_beeps(store, owner)
        assert store.record_set(owner, w, 0, writer="a").outcome is SetOutcome.STORED

    assert path.exists()
    assert [p.name for p in path.parent.iterdir()] == ["dynamodb.json"]  # no temp file left
    assert "TABLE_NAME" not in os.environ  # the skill is handed its store, not an environment
    saved = json.loads(path.read_text())
    assert len(saved["items"]) == 2  # the profile and the workout in progress

    with open_store("moto", path=path) as local:
        store = local.adapter
        loaded = store.load(owner)
        assert loaded.profile.beeps and loaded.profile.version == 1
        active = loaded.profile.active
        assert active is not None and active.id == w.id and active.counts[:1] == [8]
        active.record(9)
        assert store.record_set(owner, active, 1, writer="a").outcome is SetOutcome.STORED
        save_beeps(store, owner, beeps=False)  # the version survived too: no conflict

    with open_store("moto", path=path) as local:
        loaded = local.adapter.load(owner)
        assert not loaded.profile.beeps and loaded.profile.version == 2
        assert loaded.profile.active is not None and loaded.profile.active.counts[:2] == [8, 9]


def test_local_moto_store_saves_even_when_the_chat_fails(clean_env, tmp_path):
    path = tmp_path / "db.json"
    with pytest.raises(KeyError), open_store("moto", path=path) as local:
        save_beeps(local.adapter, ME)
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
        assert isinstance(store.adapter, MemoryStore)
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
