"""Persistence adapters behind the ASK SDK's interface; the environment picks one.

LEGCOACH_STORE=memory keeps progress in memory (tests, a quick local run);
LEGCOACH_STORE=dynamodb (the deployed default) uses TABLE_NAME and, optionally,
DYNAMODB_ENDPOINT_URL (DynamoDB Local, a moto server).
"""

from __future__ import annotations

import os

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter


def adapter_from_env() -> AbstractPersistenceAdapter:
    kind = os.environ.get("LEGCOACH_STORE") or (
        "dynamodb" if os.environ.get("TABLE_NAME") else "memory"
    )
    if kind == "memory":
        from .memory import MemoryAdapter

        return MemoryAdapter()
    if kind == "dynamodb":
        from ..coach.profile import merge
        from .dynamodb import DynamoDbAdapter

        return DynamoDbAdapter.from_env(merge=merge)
    raise ValueError(f"LEGCOACH_STORE must be memory or dynamodb, not {kind!r}")
