"""The Lambda entry point (SAM's Handler: app.handler).

Everything heavy happens here at import: the SDK, the skill's handlers, and the DynamoDB
client, so that with SnapStart it is all in the snapshot and a warm invocation only dispatches.
The library code itself stays lazy, which keeps tests and the local conversation free of AWS.
"""

from __future__ import annotations

import logging
import os

from legcoach.storage import build_store
from legcoach.voice.skill import build_handler

logging.getLogger().setLevel(os.environ.get("LOG_LEVEL", "INFO"))


def adapter_from_env() -> object:
    """The store the environment names (a thin stand-in for the settings module)."""
    kind = os.environ.get("LEGCOACH_STORE") or (
        "dynamodb" if os.environ.get("TABLE_NAME") else "memory"
    )
    return build_store(
        kind,
        table_name=os.environ.get("TABLE_NAME"),
        endpoint_url=os.environ.get("DYNAMODB_ENDPOINT_URL"),
        log_key=os.environ.get("LOG_HASH_KEY"),
    )


store = adapter_from_env()
if hasattr(store, "warm"):
    store.warm()  # create the DynamoDB client now: it lands in the SnapStart snapshot

handler = build_handler(store)
