"""In-memory persistence: the default for tests and for a quick local run without DynamoDB."""

from __future__ import annotations

import copy

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_model import RequestEnvelope

from .keys import Owner, owner_of


class MemoryAdapter(AbstractPersistenceAdapter):
    """Keeps each owner's attributes in a dict; copies on the way in and out like a real store."""

    def __init__(self) -> None:
        self.items: dict[Owner, dict] = {}
        self.reads = 0
        self.writes = 0

    def get_attributes(self, request_envelope: RequestEnvelope) -> dict:
        self.reads += 1
        return copy.deepcopy(self.items.get(owner_of(request_envelope), {}))

    def save_attributes(self, request_envelope: RequestEnvelope, attributes: dict) -> None:
        self.writes += 1
        self.items[owner_of(request_envelope)] = copy.deepcopy(attributes)

    def delete_attributes(self, request_envelope: RequestEnvelope) -> None:
        self.writes += 1
        self.items.pop(owner_of(request_envelope), None)

    def erase_account(self, user_id: str) -> int:
        """Remove every record of an account (its own and its recognised persons')."""
        doomed = [owner for owner in self.items if owner.user_id == user_id]
        for owner in doomed:
            del self.items[owner]
        return len(doomed)
