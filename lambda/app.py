"""The Lambda entry point (SAM's Handler: app.handler).

Everything heavy happens here at import: the SDK, the skill's handlers, and the DynamoDB
client, so that with SnapStart it is all in the snapshot and a warm invocation only dispatches.
The library code itself stays lazy, which keeps tests and the local conversation free of AWS.
"""

from __future__ import annotations

import logging
import os

from legcoach.storage import adapter_from_env
from legcoach.voice.skill import build_handler

logging.getLogger().setLevel(os.environ.get("LOG_LEVEL", "INFO"))

store = adapter_from_env()
if hasattr(store, "warm"):
    store.warm()  # create the DynamoDB client now: it lands in the SnapStart snapshot

handler = build_handler(store)
