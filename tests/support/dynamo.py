"""Helpers shared by the DynamoDB tests: fake AWS credentials, request envelopes, call counts."""

from __future__ import annotations

from collections import Counter

import pytest
from ask_sdk_model import Context, LaunchRequest, RequestEnvelope, Session, User
from ask_sdk_model.interfaces.system import SystemState
from ask_sdk_model.person import Person
from legcoach.storage.client import TableClient


def fake_aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fake credentials and a region, so nothing can reach a real account (moto needs them)."""
    for name in ("AWS_PROFILE", "AWS_REGION", "AWS_ENDPOINT_URL", "DYNAMODB_ENDPOINT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


def request_envelope(user_id: str, person_id: str | None = None) -> RequestEnvelope:
    """A minimal launch request from an account, optionally from a recognised person."""
    system = SystemState(
        user=User(user_id=user_id), person=Person(person_id=person_id) if person_id else None
    )
    return RequestEnvelope(
        version="1.0",
        session=Session(new=True, session_id="s", user=User(user_id=user_id)),
        context=Context(system=system),
        request=LaunchRequest(request_id="r", locale="en-US"),
    )


def count_calls(store: TableClient) -> Counter[str]:
    """DynamoDB operations the store's client sends from now on, by name."""
    calls: Counter[str] = Counter()

    def hook(event_name: str, **kwargs: object) -> None:
        calls[event_name.rsplit(".", 1)[-1]] += 1

    store.client.meta.events.register("before-call.dynamodb.*", hook)
    return calls
