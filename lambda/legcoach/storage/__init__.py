"""Persistence: the store contract (`contract.Store`) and its backends; the settings pick one.

Two interfaces live side by side until the voice layer moves to the contract:

* `open_store` / `contract_store_for`: the contract (`items.DynamoDbStore`, `memory.MemoryStore`):
  a profile item and one item per workout, one small write per set;
* `build_store` / `store_for`: the ASK SDK's whole-record `AbstractPersistenceAdapter`
  (`dynamodb.DynamoDbAdapter`, `memory.MemoryAdapter`), which the attributes manager uses today.

Both read the same profile key, so either can follow the other on one table. Nothing here reads
the environment: the settings (read once, elsewhere) pass the kind, the table name and the
endpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from ..settings import Settings

if TYPE_CHECKING:  # pragma: no cover - typing only, keeps the import cheap
    from .contract import Store

KINDS = ("memory", "dynamodb")
# Set in what a store returns when the stored record could not be read and was moved aside.
KEPT_ASIDE_KEY = "_kept_aside"


def store_for(
    settings: Settings, *, deadline: Callable[[], float] | None = None
) -> AbstractPersistenceAdapter:
    """The deployment's store: DynamoDB with a table; in memory without one (never in
    production, whose settings refuse to start without a table)."""
    if not settings.table_name:
        return build_store("memory")
    return build_store(
        "dynamodb",
        table_name=settings.table_name,
        endpoint_url=settings.dynamodb_endpoint,
        log_key=settings.log_salt,
        deadline=deadline,
    )


def build_store(
    kind: str,
    *,
    table_name: str | None = None,
    endpoint_url: str | None = None,
    region: str | None = None,
    log_key: bytes | str | None = None,
    deadline: Callable[[], float] | None = None,
) -> AbstractPersistenceAdapter:
    """The store of `kind`: "memory", or "dynamodb" (needs `table_name`; `endpoint_url` for
    DynamoDB Local or a moto server). The DynamoDB store merges concurrent writes with the
    coach's merge and moves aside any stored record the coach could not load."""
    if kind == "memory":
        from .memory import MemoryAdapter

        return MemoryAdapter()
    if kind == "dynamodb":
        if not table_name:
            raise ValueError("the dynamodb store needs a table name")
        from ..coach.merge import merge
        from .dynamodb import DynamoDbAdapter

        return DynamoDbAdapter(
            table_name,
            endpoint_url=endpoint_url or None,
            region=region,
            merge=merge,
            validate=readable_profile,
            log_key=log_key,
            deadline=deadline,
        )
    raise ValueError(f"the store kind must be one of {', '.join(KINDS)}, not {kind!r}")


def contract_store_for(settings: Settings, *, deadline: Callable[[], float] | None = None) -> Store:
    """The deployment's store behind the contract: DynamoDB with a table, else in memory."""
    if not settings.table_name:
        return open_store("memory")
    return open_store(
        "dynamodb",
        table_name=settings.table_name,
        endpoint_url=settings.dynamodb_endpoint,
        log_key=settings.log_salt or None,
        deadline=deadline,
    )


def open_store(
    kind: str,
    *,
    table_name: str | None = None,
    endpoint_url: str | None = None,
    region: str | None = None,
    log_key: bytes | str | None = None,
    deadline: Callable[[], float] | None = None,
) -> Store:
    """The contract store of `kind`: "memory", or "dynamodb" (needs `table_name`). The DynamoDB
    store moves aside any stored profile the coach could not load (`readable_profile`)."""
    if kind == "memory":
        from .memory import MemoryStore

        return MemoryStore()
    if kind == "dynamodb":
        if not table_name:
            raise ValueError("the dynamodb store needs a table name")
        from .items import DynamoDbStore

        return DynamoDbStore(
            table_name,
            endpoint_url=endpoint_url or None,
            region=region,
            validate=readable_profile,
            log_key=log_key,
            deadline=deadline,
        )
    raise ValueError(f"the store kind must be one of {', '.join(KINDS)}, not {kind!r}")


def readable_profile(data: dict) -> None:
    """Raise unless the coach can load `data` as it is: a schema it knows, numbers as numbers.

    The profile loader forgives a lot (it drops what it cannot read); this check is stricter,
    because what it refuses is moved aside by the store, never silently half-loaded and then
    overwritten.
    """
    from ..coach.profile import SCHEMA, Profile

    schema = data.get("schema", 1)
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise ValueError(f"schema is {schema!r}, not a schema number")
    if schema > SCHEMA:
        raise ValueError(f"schema {schema} is newer than this coach's {SCHEMA}")
    for name in ("rungs", "weak"):
        values = data.get(name) or {}
        if not isinstance(values, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in values.values()
        ):
            raise ValueError(f"{name} holds something other than whole numbers: {values!r}")
    folded = data.get("folded") or {}
    if not isinstance(folded, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) for k, v in folded.items() if k != "last_day"
    ):
        raise ValueError(f"folded holds something other than whole numbers: {folded!r}")
    for name, kind in (("recent", list), ("active", dict)):
        if data.get(name) is not None and not isinstance(data[name], kind):
            raise ValueError(f"{name} is a {type(data[name]).__name__}")
    Profile.from_dict(data)
