"""Persistence: the store contract (`contract.Store`) and its backends; the settings pick one.

`open_store` / `contract_store_for` build the store: `items.DynamoDbStore` (a profile item and
one item per workout, one small write per set) or `memory.MemoryStore`. Records of the older
whole-record layout are read as they are and moved to the new one on first read (`items`).

Nothing here reads the environment: the settings (read once, elsewhere) pass the kind, the table
name and the endpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..settings import Settings

if TYPE_CHECKING:  # pragma: no cover - typing only, keeps the import cheap
    from .contract import Store

KINDS = ("memory", "dynamodb")


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
