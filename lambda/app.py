"""The Lambda entry point (SAM's Handler: app.handler).

Everything heavy happens here at import: settings, the SDK, the skill's handlers, and the
DynamoDB client, so that with SnapStart it is all in the snapshot and a warm invocation only
dispatches. Settings fail closed: a deployment without its table refuses to start.
"""

from __future__ import annotations

import logging

from legcoach.settings import Settings
from legcoach.storage import contract_store_for
from legcoach.voice import turnlog
from legcoach.voice.deadline import seconds_left
from legcoach.voice.skill import build_handler

settings = Settings.from_env()
logging.getLogger().setLevel(settings.log_level)
# botocore's debug output carries requests verbatim, user ids included: never below INFO.
for noisy in ("botocore", "urllib3"):
    logging.getLogger(noisy).setLevel(max(logging.INFO, logging.getLogger().level))

turnlog.to_stdout()

store = contract_store_for(settings, deadline=seconds_left)
store.warm()  # create the DynamoDB client now: it lands in the SnapStart snapshot

handler = build_handler(store, settings=settings)
