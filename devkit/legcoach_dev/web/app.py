"""The skill as a Flask web service, for people who host it on their own HTTPS server.

Alexa's request verification (see :mod:`legcoach_dev.web.verify`) is ON unless explicitly disabled.

Production (behind a TLS-terminating proxy; Alexa only calls HTTPS on port 443)::

    gunicorn --bind 0.0.0.0:8080 --workers 2 'legcoach_dev.web.app:create_app()'

Local testing only, verification off (requests without Alexa's signature are accepted)::

    ALEXA_VERIFY_REQUESTS=false flask --app 'legcoach_dev.web.app:create_app()' run --port 8080

Routes: ``POST /`` and ``POST /alexa`` take the Alexa request envelope and answer with the skill's
response envelope; ``GET /health`` answers ``ok``. A request that fails verification gets HTTP 400
with ``{"error": "..."}`` and no skill code runs.

flask-ask-sdk / ask-sdk-webservice-support are not used: they fail at import on OpenSSL >= 3.0.10
(certvalidator -> oscrypto 1.3.0 cannot parse the OpenSSL version; fixed upstream, unreleased).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, Response, jsonify, request
from legcoach.settings import Settings

from legcoach_dev.web.verify import RequestVerifier, VerificationError

__all__ = ["ENV_VERIFY", "Dispatch", "create_app"]

Dispatch = Callable[[dict, object], dict]

ENV_VERIFY = "ALEXA_VERIFY_REQUESTS"
MAX_BODY_BYTES = 1024 * 1024  # Alexa envelopes are a few KB; refuse absurd bodies with 413

log = logging.getLogger(__name__)
_warned_disabled = False
_warn_lock = threading.Lock()


def _warn_verification_disabled() -> None:
    global _warned_disabled
    with _warn_lock:
        if _warned_disabled:
            return
        _warned_disabled = True
    log.warning(
        "!!! ALEXA REQUEST VERIFICATION IS DISABLED !!! Anyone can call this skill. "
        "This is for local testing only: never expose it to the internet. "
        "Unset %s (or set it to true) in production.",
        ENV_VERIFY,
    )


def _default_dispatch(settings: Settings) -> Dispatch:
    # The skill and storage are imported only when no dispatch is injected, so the web layer
    # (and its tests) do not depend on them.
    from legcoach.storage import contract_store_for
    from legcoach.voice.deadline import seconds_left
    from legcoach.voice.skill import build_handler

    # The same settings as Lambda's: verifying real Alexa traffic without a table fails closed.
    settings.check()
    return build_handler(contract_store_for(settings, deadline=seconds_left), settings=settings)


def _error(message: str, status: int = 400) -> tuple[Response, int]:
    return jsonify({"error": message}), status


def create_app(
    dispatch: Dispatch | None = None,
    *,
    verify: bool | None = None,
    verifier: RequestVerifier | None = None,
) -> Flask:
    """Build the Flask app (also the gunicorn factory: ``'legcoach_dev.web.app:create_app()'``).

    ``dispatch(event, context)`` runs the skill (default: ``build_handler`` over the
    storage adapter from the environment). Verification is on unless ``verify=False`` or, when
    ``verify`` is None, the environment variable ``ALEXA_VERIFY_REQUESTS`` is false/0/no/off.
    ``verifier`` replaces the default :class:`RequestVerifier` (tests inject fetcher/roots/clock).
    """
    settings = Settings.read(web=True, verify=verify)
    enabled = settings.verify_requests
    if enabled:
        verifier = verifier or RequestVerifier()
    else:
        verifier = None
        _warn_verification_disabled()
    handler = dispatch if dispatch is not None else _default_dispatch(settings)
    skill_id = settings.skill_id

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @app.get("/health")
    def health() -> Response:
        return Response("ok", status=200, mimetype="text/plain")

    @app.post("/")
    @app.post("/alexa")
    def alexa() -> Any:
        body = request.get_data(cache=False)
        if verifier is not None:
            try:
                event = verifier.verified_event(request.headers, body)
            except VerificationError as exc:
                log.warning("Rejected a request that failed Alexa verification: %s", exc)
                return _error(str(exc))
        else:
            try:
                event = json.loads(body)
            except (UnicodeDecodeError, ValueError):
                return _error("request body is not valid JSON")
            if not isinstance(event, dict):
                return _error("request body is not an Alexa request")
        if skill_id and _application_id(event) != skill_id:
            # A genuine Alexa request, but for another skill: refuse before any skill code runs.
            return _error("request is for another skill")
        return jsonify(handler(event, None))

    return app


def _application_id(event: dict) -> str | None:
    system = (event.get("context") or {}).get("System") or {}
    application = system.get("application") or (event.get("session") or {}).get("application") or {}
    value = application.get("applicationId") if isinstance(application, dict) else None
    return value if isinstance(value, str) else None
