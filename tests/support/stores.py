"""Stores behind the contract, for the contract tests: in memory, moto in-process, a moto server.

`moto_server` runs as a child process on a free port of 127.0.0.1 and is stopped when the
context ends (it needs flask-cors beside moto, which the dev environment has).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from legcoach.storage import open_store
from legcoach.storage.contract import Store
from legcoach.storage.items import DynamoDbStore
from legcoach_dev.local.tables import ensure_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


def fixture_item(name: str) -> dict[str, Any]:
    """A whole-record item as an older release stored it (DynamoDB's typed JSON)."""
    return json.loads((FIXTURES / f"{name}.json").read_text())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def moto_server() -> Iterator[str]:
    """A moto server on 127.0.0.1; yields its URL, stops it on exit."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, **FAKE_AWS}
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/moto-api/", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def dynamodb_store(table: str, endpoint_url: str | None = None) -> DynamoDbStore:
    store = open_store("dynamodb", table_name=table, endpoint_url=endpoint_url, log_key="test")
    assert isinstance(store, DynamoDbStore)
    ensure_table(store)
    return store


def memory_store() -> Store:
    return open_store("memory")


def raw_items(store: DynamoDbStore, user_id: str) -> dict[str, dict[str, Any]]:
    """Every item of an account, by sort key, as stored."""
    items = store.client.query(
        TableName=store.table_name,
        KeyConditionExpression="user_id = :u",
        ExpressionAttributeValues={":u": {"S": user_id}},
        ConsistentRead=True,
    )["Items"]
    return {item["person"]["S"]: item for item in items}
