"""Persistence adapters behind the ASK SDK's interface; the settings pick one.

A deployment with a table uses DynamoDB (`dynamodb.py`); without one (never in production: the
settings refuse to start there) progress lives in memory (`memory.py`).
"""

from __future__ import annotations

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from ..settings import Settings


def store_for(settings: Settings) -> AbstractPersistenceAdapter:
    if not settings.table_name:
        from .memory import MemoryAdapter

        return MemoryAdapter()
    from ..coach.profile import merge
    from .dynamodb import DynamoDbAdapter

    return DynamoDbAdapter(
        settings.table_name, endpoint_url=settings.dynamodb_endpoint, merge=merge
    )
