"""Leg-day reminders through Alexa's Reminders API, against a stand-in service on 127.0.0.1.

The stand-in speaks HTTPS (the SDK's client refuses anything else) with a throwaway CA the test
trusts, answers the Reminders API (list, create, delete; 401 until the permission is granted)
and the Settings API's time zone. Transcripts print with `pytest -s`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from legcoach.settings import Settings
from legcoach.voice.skill import build_handler
from legcoach_dev.local.envelope import envelope, new_request_id, timestamp
from support.coachee import Coachee, Reply, checked

SCOPE = "alexa::alerts:reminders:skill:readwrite"


class AlexaApis(BaseHTTPRequestHandler):
    granted = False
    # The scope's status the request carries (None: as `granted` says; no grant, none sent).
    scope: ClassVar[str | None] = None
    failing = False
    reminders: ClassVar[dict[str, dict]] = {}
    calls: ClassVar[list[tuple[str, str, str]]] = []  # Reminders API calls
    zone_calls: ClassVar[list[str]] = []  # Settings API time-zone lookups

    def _send(self, status: int, body: object) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _guard(self) -> bool:
        AlexaApis.calls.append((self.command, self.path, self.headers.get("Authorization", "")))
        if AlexaApis.failing:
            self._send(500, {"code": "INTERNAL_ERROR", "message": "down"})
            return False
        if not AlexaApis.granted:
            self._send(401, {"code": "UNAUTHORIZED", "message": "no permission"})
            return False
        return True

    def do_GET(self) -> None:
        if self.path.endswith("/settings/System.timeZone"):
            AlexaApis.zone_calls.append(self.path)
            self._send(200, "America/New_York")
            return
        if self._guard():
            alerts = [{"alertToken": t, **r} for t, r in AlexaApis.reminders.items()]
            self._send(200, {"totalCount": str(len(alerts)), "alerts": alerts})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self._guard():
            token = f"alert-{len(AlexaApis.calls)}"
            AlexaApis.reminders[token] = body
            self._send(200, {"alertToken": token, "status": "ON", "version": "1"})

    def do_DELETE(self) -> None:
        if self._guard():
            AlexaApis.reminders.pop(self.path.rsplit("/", 1)[-1], None)
            self._send(200, {})

    def log_message(self, *args: object) -> None:
        pass


def _certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A CA and a certificate for 127.0.0.1 signed by it."""
    now = dt.datetime.now(dt.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "stand-in CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    import ipaddress

    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_path, cert_path, key_path = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    ca_path.write_bytes(ca.public_bytes(pem))
    cert_path.write_bytes(leaf.public_bytes(pem))
    key_path.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_path, cert_path, key_path


@pytest.fixture
def apis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    AlexaApis.granted, AlexaApis.failing, AlexaApis.scope = False, False, None
    AlexaApis.reminders, AlexaApis.calls, AlexaApis.zone_calls = {}, [], []
    ca, cert, key = _certificates(tmp_path)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca))  # the Reminders client (requests)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))  # the Settings lookup (urllib)
    server = ThreadingHTTPServer(("127.0.0.1", 0), AlexaApis)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


class Person:
    """A Coachee whose requests carry the stand-in's endpoint, with a printed transcript."""

    def __init__(self, nlu: Any, endpoint: str) -> None:
        skill = checked(
            build_handler(
                __import__("legcoach.storage.memory", fromlist=["MemoryStore"]).MemoryStore(),
                settings=Settings(audio="ssml"),
                rng_factory=lambda: random.Random(3),
            )
        )

        def handler(event: dict, context: Any) -> dict:
            system = event["context"]["System"]
            system["apiEndpoint"] = endpoint
            system["apiAccessToken"] = "token-abc"
            # What the request says of the permission: as granted, unless a test says otherwise.
            status = AlexaApis.scope or ("GRANTED" if AlexaApis.granted else None)
            if status is not None:
                system["user"]["permissions"] = {
                    "consentToken": "consent-abc",
                    "scopes": {SCOPE: {"status": status}},
                }
            return skill(event, context)

        self.skill = handler
        self.coachee = Coachee(nlu, handler=handler)
        self.last: Reply | None = None

    def say(self, text: str) -> Reply:
        self.last = self.coachee.say(text)
        print(f"You: {text}\nAlexa: {self.last.text or '(no speech)'} {_directives(self.last)}")
        return self.last

    def permission_answer(self, status: str) -> Reply:
        """Alexa's Connections.Response to the AskFor the last reply sent."""
        assert self.last is not None
        asked = next(
            d for d in self.last.response["response"]["directives"] if d["name"] == "AskFor"
        )
        moment = dt.datetime(2026, 11, 24, 18, 2, tzinfo=dt.UTC)
        request = {
            "type": "Connections.Response",
            "requestId": new_request_id(),
            "timestamp": timestamp(moment),
            "locale": "en-US",
            "name": "AskFor",
            "status": {"code": "200", "message": "OK"},
            "payload": {"permissionScope": SCOPE, "status": status},
            "token": asked["token"],
        }
        event = envelope(
            request,
            session_id="amzn1.echo-api.session.permission",
            new=False,
            attributes=self.last.response.get("sessionAttributes") or {},
            identity=self.coachee.device.identity,
        )
        self.last = Reply(self.skill(event, None))
        print(f"(Alexa asks for the permission; the user says {status})")
        print(f"Alexa: {self.last.text or '(no speech)'} {_directives(self.last)}")
        return self.last


def _directives(reply: Reply) -> str:
    body = reply.response["response"]
    names = [d.get("type") for d in body.get("directives") or []]
    if body.get("card"):
        names.append(f"card {body['card']['type']}")
    return f"[{', '.join(names)}]" if names else ""


@pytest.fixture
def person(nlu: Any, apis: str) -> Person:
    return Person(nlu, apis)


def test_without_permission_the_skill_asks_by_voice_then_sets_the_reminder(person: Person):
    asked = person.say("remind me to train legs at seven pm")
    directive = asked.response["response"]["directives"][0]
    assert directive["type"] == "Connections.SendRequest" and directive["name"] == "AskFor"
    assert directive["payload"]["permissionScope"] == SCOPE
    assert AlexaApis.reminders == {}
    AlexaApis.granted = True  # the user said yes to Alexa
    done = person.permission_answer("ACCEPTED")
    assert "I'll remind you to train legs every other day at 7 PM" in done.text
    (reminder,) = AlexaApis.reminders.values()
    trigger = reminder["trigger"]
    assert trigger["type"] == "SCHEDULED_ABSOLUTE"
    assert trigger["timeZoneId"] == "America/New_York"  # from the Settings API
    assert trigger["recurrence"]["recurrenceRules"] == [
        "FREQ=DAILY;INTERVAL=2;BYHOUR=19;BYMINUTE=0;BYSECOND=0"
    ]
    spoken = reminder["alertInfo"]["spokenInfo"]["content"][0]
    assert spoken["locale"] == "en-US" and "leg day" in spoken["text"]
    assert all(auth == "Bearer token-abc" for _, _, auth in AlexaApis.calls)
    stopped = person.say("stop my reminders")
    assert "reminder is off" in stopped.text and AlexaApis.reminders == {}
    assert "any leg day reminders" in person.say("stop my reminders").text


@pytest.mark.parametrize("scope", [None, "DENIED"])
def test_without_the_grant_in_the_request_no_api_is_called_before_asking(
    person: Person, scope: str | None
):
    """The permission is read from the request first: no grant (no permissions sent, or the
    scope denied) means AskFor straight away, with no call to the Reminders API, even where
    that API is out of reach; stopping reminders then has nothing to stop, and says so."""
    AlexaApis.scope, AlexaApis.failing = scope, True
    asked = person.say("remind me to train legs at seven pm")
    (directive,) = asked.response["response"]["directives"]
    assert directive["type"] == "Connections.SendRequest" and directive["name"] == "AskFor"
    assert "couldn't set the reminder" not in asked.text
    assert AlexaApis.calls == []
    stopped = person.say("stop my reminders")
    assert "any leg day reminders" in stopped.text and not stopped.open
    assert AlexaApis.calls == []


def test_with_the_grant_in_the_request_the_api_is_called_once_per_step(person: Person):
    """Granted: one list (to replace an old reminder) and one create, and the outcome said."""
    AlexaApis.granted = True
    reply = person.say("remind me to train legs at seven pm")
    assert "I'll remind you to train legs every other day at 7 PM" in reply.text
    assert [method for method, _, _ in AlexaApis.calls] == ["GET", "POST"]
    assert not reply.response["response"].get("directives")


def test_with_the_session_lookup_off_a_reminder_asks_the_settings_api_once(person: Person):
    """The time-zone lookup at a session's start is off here; the reminder needs the device's
    clock, so it asks once (bounded by the turn), through the permission and the create."""
    person.say("remind me to train legs at seven pm")  # no grant yet: AskFor
    AlexaApis.granted = True
    done = person.permission_answer("ACCEPTED")
    assert "I'll remind you to train legs every other day at 7 PM" in done.text
    (reminder,) = AlexaApis.reminders.values()
    assert reminder["trigger"]["timeZoneId"] == "America/New_York"
    assert len(AlexaApis.zone_calls) == 1, AlexaApis.zone_calls


def test_refusing_the_permission_says_how_to_grant_it_and_sends_the_consent_card(person: Person):
    person.say("remind me to train legs")
    refused = person.permission_answer("DENIED")
    assert "Alexa app" in refused.text
    card = refused.response["response"]["card"]
    assert card["type"] == "AskForPermissionsConsent" and card["permissions"] == [SCOPE]
    assert AlexaApis.reminders == {}


def test_chosen_days_make_a_weekly_reminder_and_replace_the_old_one(person: Person):
    AlexaApis.granted = True
    person.say("remind me to train legs")
    first = set(AlexaApis.reminders)
    reply = person.say("remind me on monday and thursday at 7 am")
    assert "every Monday and Thursday at 7 AM" in reply.text
    assert len(AlexaApis.reminders) == 1 and set(AlexaApis.reminders) != first
    (reminder,) = AlexaApis.reminders.values()
    assert reminder["trigger"]["recurrence"]["recurrenceRules"] == [
        "FREQ=WEEKLY;BYDAY=MO,TH;BYHOUR=7;BYMINUTE=0;BYSECOND=0"
    ]


def test_no_time_named_takes_the_time_of_asking_and_says_so(person: Person):
    AlexaApis.granted = True
    reply = person.say("remind me to train legs")
    # The Coachee's clock is 09:01 UTC; the device is in New York, where it is 04:01.
    assert "at 4 AM" in reply.text and "for another time" in reply.text


def test_a_reminders_service_failure_is_said_plainly_and_nothing_breaks(person: Person):
    AlexaApis.granted, AlexaApis.failing = True, True
    reply = person.say("remind me to train legs at seven pm")
    assert "couldn't set the reminder" in reply.text
    reply = person.say("stop my reminders")
    assert "couldn't reach your reminders" in reply.text


def test_when_to_train_next_comes_from_the_users_own_last_leg_day(person: Person):
    coachee = person.coachee
    assert "today is a fine day to start" in person.say("when should i train next").text
    coachee.finish_workout()
    reply = person.say("when should i train next")
    # Trained today (Tuesday 24 November 2026): rest tomorrow, train on Thursday.
    assert "was today" in reply.text and "rest until Thursday" in reply.text
    coachee.next_day(3)
    assert "today is a good day to train" in person.say("when should i train next").text


def test_accepting_the_offer_after_a_whole_workout_sets_a_reminder(person: Person):
    AlexaApis.granted = True
    reply = person.say("start leg workout")
    for _ in range(20):
        if reply.ask in ("cool_down", "reminder"):
            break
        reply = person.say("ready" if reply.state.get("phase") == "ready" else "all of them")
    reply = person.say("no thanks") if reply.ask == "cool_down" else reply
    assert reply.ask == "reminder" and "reminder on your next leg day?" in reply.text
    done = person.say("yes please")
    assert "I'll remind you to train legs every other day" in done.text and not done.open
    assert len(AlexaApis.reminders) == 1
    again = person.say("start leg workout")  # offered once: the next workout ends plainly
    assert again.open and AlexaApis.reminders
