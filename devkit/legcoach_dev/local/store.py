"""Where the local chat keeps progress: by default an embedded moto DynamoDB saved to a file.

``open_store(...)`` yields a `LocalStore` whose ``adapter`` the chat hands to
``build_handler``. Its client is created inside ``mock_aws()``: a boto3 client created before the
mock starts would talk to real AWS instead.

Kinds:

* ``"moto"`` (default): in-process moto DynamoDB. Items are loaded from a JSON file
  (default ``<repo>/.local/dynamodb.json``) on entry and written back atomically on exit.
* ``"endpoint"``: a DynamoDB-compatible server (DynamoDB Local, ``moto_server``) at
  ``endpoint_url`` or ``$DYNAMODB_ENDPOINT_URL``; it keeps its own data.
* ``"memory"``: nothing persisted beyond the process.

The fake AWS credentials set here (botocore insists on some) are restored on exit.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from legcoach.storage import build_store
from legcoach.storage.dynamodb import DynamoDbAdapter
from legcoach.storage.memory import MemoryAdapter

from .tables import ensure_table

DEFAULT_TABLE = "leg-workout-local"
REPO_ROOT = Path(__file__).resolve().parents[3]  # <repo>/devkit/legcoach_dev/local/store.py
DEFAULT_PATH = REPO_ROOT / ".local" / "dynamodb.json"
FILE_FORMAT = 1
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@dataclass(frozen=True)
class LocalStore:
    kind: str
    table_name: str | None = None
    path: Path | None = None
    endpoint_url: str | None = None
    adapter: Any = field(default=None, compare=False)

    def describe(self) -> str:
        """One line for the chat to print at start."""
        if self.kind == "moto":
            return f"Progress is kept in {_shown(self.path)} (embedded moto DynamoDB)"
        if self.kind == "endpoint":
            return f"Progress is kept in DynamoDB at {self.endpoint_url}, table {self.table_name}"
        return "Progress is kept in memory only (forgotten when the chat ends)"


@contextmanager
def open_store(
    kind: str = "moto", *, endpoint_url: str | None = None, path: Path | None = None
) -> Iterator[LocalStore]:
    """Set up the store and the environment the skill reads; enter before importing the skill."""
    env = _EnvPatch()
    try:
        if kind == "memory":
            yield LocalStore("memory", adapter=MemoryAdapter())
        elif kind == "moto":
            with _moto_store(env, path or DEFAULT_PATH) as store:
                yield store
        elif kind == "endpoint":
            yield _endpoint_store(env, endpoint_url)
        else:
            raise ValueError(f"unknown store kind {kind!r}: use 'moto', 'endpoint' or 'memory'")
    finally:
        env.restore()


@contextmanager
def _moto_store(env: _EnvPatch, path: Path) -> Iterator[LocalStore]:
    from moto import mock_aws  # dev-only dependency: imported only when used

    path = Path(path)
    _fake_aws(env)
    mock = mock_aws()
    mock.start()
    try:
        adapter = build_store("dynamodb", table_name=DEFAULT_TABLE)
        ensure_table(adapter)
        # A file that fails to load raises here, before the yield: it is never overwritten.
        load_items(adapter, path)
        try:
            yield LocalStore("moto", DEFAULT_TABLE, path, adapter=adapter)
        finally:
            save_items(adapter, path)  # also after an error in the chat: keep the progress
    finally:
        mock.stop()


def _endpoint_store(env: _EnvPatch, endpoint_url: str | None) -> LocalStore:
    url = endpoint_url or os.environ.get("DYNAMODB_ENDPOINT_URL")
    if not url:
        raise ValueError("the 'endpoint' store needs endpoint_url or $DYNAMODB_ENDPOINT_URL")
    table_name = os.environ.get("TABLE_NAME") or DEFAULT_TABLE
    _fake_aws(env)  # local servers accept any credentials, but botocore insists on some
    adapter = build_store("dynamodb", table_name=table_name, endpoint_url=url)
    ensure_table(adapter)
    return LocalStore("endpoint", table_name, endpoint_url=url, adapter=adapter)


def load_items(adapter: DynamoDbAdapter, path: Path) -> int:
    """Put the items saved in ``path`` (if it exists) into the adapter's table; return how many."""
    if not path.exists():
        return 0
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        items = saved["items"]
        if not isinstance(items, list):
            raise TypeError("'items' is not a list")
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path} is not a saved local store ({exc}); fix or remove it") from exc
    for item in items:
        adapter.client.put_item(TableName=adapter.table_name, Item=item)
    return len(items)


def save_items(adapter: DynamoDbAdapter, path: Path) -> int:
    """Scan the adapter's table into ``path`` (temp file + rename); return how many items."""
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"TableName": adapter.table_name}
    while True:
        page = adapter.client.scan(**kwargs)
        items.extend(page.get("Items", []))
        if not page.get("LastEvaluatedKey"):
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    items.sort(key=lambda item: (item["user_id"]["S"], item["person"]["S"]))
    document = {"format": FILE_FORMAT, "table": adapter.table_name, "items": items}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=1, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(items)


def _fake_aws(env: _EnvPatch) -> None:
    if not (os.environ.get("AWS_ACCESS_KEY_ID") or os.environ.get("AWS_PROFILE")):
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            env.set(name, FAKE_AWS[name])
    if not (os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION")):
        env.set("AWS_DEFAULT_REGION", FAKE_AWS["AWS_DEFAULT_REGION"])


def _shown(path: Path | None) -> str:
    if path is None:
        return "?"
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _EnvPatch:
    """os.environ changes that can be undone."""

    def __init__(self) -> None:
        self._saved: dict[str, str | None] = {}

    def set(self, name: str, value: str) -> None:
        self._saved.setdefault(name, os.environ.get(name))
        os.environ[name] = value

    def unset(self, name: str) -> None:
        self._saved.setdefault(name, os.environ.get(name))
        os.environ.pop(name, None)

    def restore(self) -> None:
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved.clear()
