"""Real Alexa request envelopes, and a local device that keeps a session going across turns.

`Conversation` plays the part of the Echo plus the Alexa service: it opens sessions, carries the
skill's `sessionAttributes` from each response into the next request, closes the session after a
response that ends it, and sends the SessionEndedRequest Alexa sends when the person walks away.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

from .nlu import Resolution

APPLICATION_ID = "amzn1.ask.skill.local-leg-workout"
USER_ID = "amzn1.ask.account.LOCALUSER"
DEVICE_ID = "amzn1.ask.device.LOCALDEVICE"
API_ENDPOINT = "https://api.amazonalexa.com"
LOCALE = "en-US"
# Alexa waits about 8 s for the endpoint; the local Lambda context reports the same budget.
TIME_BUDGET_MS = 8_000

EndReason = Literal["USER_INITIATED", "EXCEEDED_MAX_REPROMPTS", "ERROR"]
Clock = Callable[[], datetime]
Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def utc_now() -> datetime:
    return datetime.now(UTC)


def clock_on(day: date, *, now: Clock = utc_now) -> Clock:
    """A clock that pretends today is `day` (the time of day still runs from `now`)."""

    def tick() -> datetime:
        current = now().astimezone(UTC)
        return current.replace(year=day.year, month=day.month, day=day.day)

    return tick


def timestamp(moment: datetime) -> str:
    """Alexa's request timestamp form: "2026-11-24T10:00:00Z" (naive datetimes count as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_session_id() -> str:
    return f"amzn1.echo-api.session.{uuid.uuid4()}"


def new_request_id() -> str:
    return f"amzn1.echo-api.request.{uuid.uuid4()}"


@dataclass(frozen=True)
class Identity:
    """Who and what is talking: the skill, the account, the recognised voice, the device."""

    application_id: str = APPLICATION_ID
    user_id: str = USER_ID
    person_id: str | None = None
    device_id: str = DEVICE_ID
    locale: str = LOCALE
    screen: bool = False  # an Echo Show: the device declares APL


DEFAULT_IDENTITY = Identity()
# What an Echo Show 10 declares (the APL runtime it runs, and its viewport).
SCREEN_INTERFACES = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2023.2"}}}
SCREEN_VIEWPORT = {
    "experiences": [{"arcMinuteWidth": 346, "arcMinuteHeight": 216, "canRotate": False}],
    "mode": "HUB",
    "shape": "RECTANGLE",
    "pixelWidth": 1280,
    "pixelHeight": 800,
    "dpi": 160,
    "currentPixelWidth": 1280,
    "currentPixelHeight": 800,
    "touch": ["SINGLE"],
}


def interfaces(identity: Identity) -> dict[str, Any]:
    return dict(SCREEN_INTERFACES) if identity.screen else {}


def envelope(
    request: dict[str, Any],
    *,
    identity: Identity = DEFAULT_IDENTITY,
    session_id: str,
    new: bool,
    attributes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Wrap a `request` dict in a full Alexa request envelope (version 1.0)."""
    system: dict[str, Any] = {
        "application": {"applicationId": identity.application_id},
        "user": {"userId": identity.user_id},
        "device": {"deviceId": identity.device_id, "supportedInterfaces": interfaces(identity)},
        "apiEndpoint": API_ENDPOINT,
        "apiAccessToken": "local",
    }
    if identity.person_id:
        system["person"] = {"personId": identity.person_id}
    context: dict[str, Any] = {"System": system}
    if identity.screen:
        context["Viewport"] = SCREEN_VIEWPORT
    return {
        "version": "1.0",
        "session": {
            "new": new,
            "sessionId": session_id,
            "application": {"applicationId": identity.application_id},
            "attributes": dict(attributes or {}),
            "user": {"userId": identity.user_id},
        },
        "context": context,
        "request": request,
    }


def launch_request(moment: datetime, *, locale: str = LOCALE) -> dict[str, Any]:
    return {
        "type": "LaunchRequest",
        "requestId": new_request_id(),
        "timestamp": timestamp(moment),
        "locale": locale,
    }


def intent_request(
    name: str,
    slots: dict[str, dict[str, Any]] | None,
    moment: datetime,
    *,
    locale: str = LOCALE,
) -> dict[str, Any]:
    intent: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
    if slots:
        intent["slots"] = slots
    return {
        "type": "IntentRequest",
        "requestId": new_request_id(),
        "timestamp": timestamp(moment),
        "locale": locale,
        "intent": intent,
    }


def session_ended_request(
    reason: EndReason, moment: datetime, *, locale: str = LOCALE, error: str | None = None
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "type": "SessionEndedRequest",
        "requestId": new_request_id(),
        "timestamp": timestamp(moment),
        "locale": locale,
        "reason": reason,
    }
    if reason == "ERROR":
        request["error"] = {"type": "INVALID_RESPONSE", "message": error or "invalid response"}
    return request


def ends_session(response: dict[str, Any]) -> bool:
    """Whether Alexa closes the session after this response.

    `shouldEndSession: false` keeps it open. True, or the flag left out (what ask-sdk-core sends
    when neither `.ask()` nor `.set_should_end_session()` was called), closes it on a screenless
    Echo.
    """
    return (response.get("response") or {}).get("shouldEndSession") is not False


class LocalLambdaContext:
    """Just enough of AWS Lambda's context object for handlers that look at it."""

    function_name = "leg-workout-local"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:leg-workout-local"
    memory_limit_in_mb = 256
    log_group_name = "/aws/lambda/leg-workout-local"
    log_stream_name = "local"

    def __init__(self, request_id: str) -> None:
        self.aws_request_id = request_id
        self._deadline = time.monotonic() + TIME_BUDGET_MS / 1000

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


@dataclass
class Exchange:
    """One request sent to the skill and what came back (`response` None if the handler raised)."""

    request: dict[str, Any]
    response: dict[str, Any] | None
    milliseconds: float


@dataclass
class Conversation:
    """A local Echo: one skill session at a time, attributes carried from turn to turn.

    `handler` is the Lambda entry point (`app.handler(event, context) -> dict`); it is only needed
    for `send` / `end_session`. `build` and `receive` work without it.
    """

    handler: Handler | None = None
    identity: Identity = field(default_factory=Identity)
    clock: Clock = utc_now
    session_id: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    history: list[Exchange] = field(default_factory=list)

    @property
    def in_session(self) -> bool:
        return self.session_id is not None

    def build(self, resolution: Resolution) -> dict[str, Any]:
        """The request envelope for a resolved utterance; opens a session when needed.

        A launch or one-shot always starts a fresh session. An intent typed while no session is
        open also starts one (as if the person had said "ask <invocation name> ...").
        """
        if resolution.kind == "end":
            raise ValueError("silence sends no request of its own: use end_session()")
        new = resolution.new_session or resolution.kind == "launch" or not self.in_session
        if new:
            self.session_id = new_session_id()
            self.attributes = {}
        moment = self.clock()
        if resolution.kind == "launch":
            request = launch_request(moment, locale=self.identity.locale)
        else:
            if resolution.intent is None:
                raise ValueError("the utterance resolved to no intent")
            request = intent_request(
                resolution.intent, resolution.slots, moment, locale=self.identity.locale
            )
        assert self.session_id is not None
        return envelope(
            request,
            identity=self.identity,
            session_id=self.session_id,
            new=new,
            attributes=self.attributes,
        )

    def build_session_ended(
        self, reason: EndReason = "USER_INITIATED", error: str | None = None
    ) -> dict[str, Any]:
        if self.session_id is None:
            raise ValueError("no session is open")
        request = session_ended_request(
            reason, self.clock(), locale=self.identity.locale, error=error
        )
        return envelope(
            request,
            identity=self.identity,
            session_id=self.session_id,
            new=False,
            attributes=self.attributes,
        )

    def receive(self, response: dict[str, Any]) -> None:
        """Take in the skill's response: keep its session attributes, or close the session."""
        if ends_session(response):
            self.close()
        else:
            self.attributes = dict(response.get("sessionAttributes") or {})

    def close(self) -> None:
        """Forget the session without telling the skill (after a SessionEndedRequest, say)."""
        self.session_id = None
        self.attributes = {}

    def _call(self, event: dict[str, Any]) -> Exchange:
        if self.handler is None:
            raise RuntimeError("this Conversation has no handler to send requests to")
        exchange = Exchange(event, None, 0.0)
        self.history.append(exchange)
        context = LocalLambdaContext(event["request"]["requestId"])
        started = time.perf_counter()
        try:
            exchange.response = self.handler(event, context)
        finally:
            exchange.milliseconds = (time.perf_counter() - started) * 1000
        return exchange

    def send(self, resolution: Resolution) -> Exchange:
        """Build the request, call the handler, take in the response.

        If the person interrupts an open session with a launch or one-shot, the old session gets
        its SessionEndedRequest (USER_INITIATED) first. If the handler raises, Alexa gives up on
        the session: the skill gets a SessionEndedRequest (ERROR), the session closes, and the
        handler's exception propagates.
        """
        if resolution.new_session and self.in_session:
            self.end_session("USER_INITIATED")
        event = self.build(resolution)
        try:
            exchange = self._call(event)
        except Exception as exc:
            self.fail(f"{type(exc).__name__}: {exc}")
            raise
        if isinstance(exchange.response, dict):
            self.receive(exchange.response)
        else:
            self.fail("the skill returned no response object")
        return exchange

    def fail(self, message: str) -> None:
        """Alexa could not use the skill's answer: end the session with reason ERROR."""
        try:
            self.end_session("ERROR", message)
        except Exception:  # the skill failing again changes nothing: the session is over
            self.close()

    def end_session(
        self, reason: EndReason = "USER_INITIATED", error: str | None = None
    ) -> Exchange | None:
        """Send a SessionEndedRequest if a session is open, and close it whatever happens."""
        if not self.in_session:
            return None
        event = self.build_session_ended(reason, error)
        try:
            return self._call(event)
        finally:
            self.close()


LocalDevice = Conversation
