"""Whose data a request touches: the recognised speaker if Alexa knows their voice, else the account.

Two people on one Echo keep separate progress when Alexa recognises their voices
(`context.System.person.personId`); everyone else shares the account's record.
"""

from __future__ import annotations

from dataclasses import dataclass

from ask_sdk_model import RequestEnvelope

ACCOUNT = "-"  # the person key used when no recognised voice spoke


@dataclass(frozen=True)
class Owner:
    user_id: str
    person_id: str = ACCOUNT


def owner_of(envelope: RequestEnvelope) -> Owner:
    system = envelope.context.system if envelope.context else None
    if system is None or system.user is None or not system.user.user_id:
        raise ValueError("the request carries no user id")
    person = getattr(system, "person", None)
    person_id = getattr(person, "person_id", None) if person else None
    return Owner(system.user.user_id, person_id or ACCOUNT)
