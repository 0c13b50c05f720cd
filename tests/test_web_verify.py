"""The web-service mode: Alexa request verification in front of the skill.

A local PKI (tests/web_certs.py) stands in for Amazon's: the chain is served by an injected fetcher,
the trusted roots and the clock are injected too, so nothing touches the network or the real time.
Every rejection is checked twice: HTTP 400 with a JSON error, and the skill never called.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from legcoach_dev.web import app as web_app
from legcoach_dev.web.app import create_app
from legcoach_dev.web.verify import RequestVerifier, VerificationError, validate_cert_chain_url
from support.web_certs import (
    CERT_URL,
    NOW,
    AlexaPki,
    alexa_body,
    build_pki,
    new_key,
    pem_chain,
    sign,
)

SKILL_RESPONSE = {"version": "1.0", "response": {"shouldEndSession": True}}


@pytest.fixture(scope="session")
def pki() -> AlexaPki:
    return build_pki()


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Fetcher:
    chains: dict[str, bytes]
    calls: list[str] = field(default_factory=list)

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        if url not in self.chains:
            raise OSError(f"404 for {url}")
        return self.chains[url]


@dataclass
class Skill:
    events: list[tuple[dict, object]] = field(default_factory=list)

    def __call__(self, event: dict, context: object) -> dict:
        self.events.append((event, context))
        return SKILL_RESPONSE


@dataclass
class Harness:
    pki: AlexaPki
    clock: Clock
    fetcher: Fetcher
    skill: Skill
    verifier: RequestVerifier
    client: Any

    def serve(self, chain: bytes, url: str = CERT_URL) -> None:
        self.fetcher.chains[url] = chain

    def post(
        self,
        body: bytes,
        *,
        signature: str | None = "sign",
        cert_url: str | None = CERT_URL,
        path: str = "/",
        extra_headers: dict[str, str] | None = None,
    ) -> Any:
        headers = {"Content-Type": "application/json", **(extra_headers or {})}
        if signature == "sign":
            signature = sign(self.pki.leaf_key, body)
        if signature is not None:
            headers["Signature-256"] = signature
        if cert_url is not None:
            headers["SignatureCertChainUrl"] = cert_url
        return self.client.post(path, data=body, headers=headers)


@pytest.fixture
def harness(pki: AlexaPki, monkeypatch: pytest.MonkeyPatch) -> Iterator[Harness]:
    monkeypatch.delenv("ALEXA_VERIFY_REQUESTS", raising=False)
    clock = Clock()
    fetcher = Fetcher({CERT_URL: pki.good_chain})
    skill = Skill()
    verifier = RequestVerifier(fetcher=fetcher, trusted_roots=[pki.root.cert], clock=clock)
    app = create_app(skill, verifier=verifier)
    yield Harness(pki, clock, fetcher, skill, verifier, app.test_client())


def assert_rejected(harness: Harness, response: Any, because: str) -> None:
    """HTTP 400, a short JSON error naming the reason, and the skill never ran."""
    assert response.status_code == 400
    assert response.is_json
    assert because in response.get_json()["error"]
    assert harness.skill.events == []


# -- the happy path ---------------------------------------------------------------------------


def test_valid_signed_request_reaches_the_skill_and_returns_its_response(harness: Harness):
    body = alexa_body()
    response = harness.post(body)
    assert response.status_code == 200
    assert response.get_json() == SKILL_RESPONSE
    [(event, context)] = harness.skill.events
    assert event["request"]["type"] == "LaunchRequest"
    assert event["session"]["user"]["userId"] == "amzn1.ask.account.test"
    assert context is None


def test_alexa_path_serves_the_skill_too(harness: Harness):
    response = harness.post(alexa_body(), path="/alexa")
    assert response.status_code == 200
    assert len(harness.skill.events) == 1


def test_header_names_are_case_insensitive_for_the_verifier(harness: Harness):
    body = alexa_body()
    headers = {
        "signature-256": sign(harness.pki.leaf_key, body),
        "signaturecertchainurl": CERT_URL,
    }
    harness.verifier.verify(headers, body)  # does not raise


def test_health_answers_ok(harness: Harness):
    response = harness.client.get("/health")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


# -- signature --------------------------------------------------------------------------------


def test_tampered_body_is_rejected(harness: Harness):
    body = alexa_body()
    signature = sign(harness.pki.leaf_key, body)
    tampered = body.replace(b"LaunchRequest", b"IntentRequest")
    assert_rejected(
        harness, harness.post(tampered, signature=signature), "signature does not match"
    )


def test_signature_by_another_key_is_rejected(harness: Harness):
    body = alexa_body()
    assert_rejected(
        harness, harness.post(body, signature=sign(new_key(), body)), "signature does not match"
    )


def test_missing_signature_is_rejected(harness: Harness):
    assert_rejected(harness, harness.post(alexa_body(), signature=None), "missing Signature-256")


def test_legacy_sha1_signature_header_is_not_accepted(harness: Harness):
    body = alexa_body()
    legacy = {"Signature": sign(harness.pki.leaf_key, body)}
    assert_rejected(
        harness, harness.post(body, signature=None, extra_headers=legacy), "missing Signature-256"
    )


def test_signature_that_is_not_base64_is_rejected(harness: Harness):
    assert_rejected(
        harness, harness.post(alexa_body(), signature="not base64 !!"), "malformed Signature-256"
    )


# -- certificate URL --------------------------------------------------------------------------


def test_missing_cert_url_is_rejected(harness: Harness):
    assert_rejected(
        harness, harness.post(alexa_body(), cert_url=None), "missing SignatureCertChainUrl"
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert-12.pem",
        "https://notamazon.com/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com@evil.example/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/invalid.path/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/echo.api/../invalid.pem",
        "https://s3.amazonaws.com/echo.api/%2e%2e/invalid.pem",
        "https://s3.amazonaws.com:563/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com:notaport/echo.api/echo-api-cert-12.pem",
    ],
    ids=[
        "http",
        "wrong-host",
        "host-suffix",
        "userinfo-trick",
        "wrong-path",
        "path-case",
        "no-echo-api-prefix",
        "dot-dot-trick",
        "encoded-dot-dot",
        "port-563",
        "bad-port",
    ],
)
def test_cert_url_breaking_amazons_rules_is_rejected_without_download(harness: Harness, url: str):
    harness.serve(harness.pki.good_chain, url)  # even if the attacker's URL served the real chain
    assert_rejected(harness, harness.post(alexa_body(), cert_url=url), "certificate URL")
    assert harness.fetcher.calls == []


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "HTTPS://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    ],
)
def test_cert_url_following_amazons_rules_is_accepted(url: str):
    assert validate_cert_chain_url(url) == url


# -- certificate chain ------------------------------------------------------------------------


def test_chain_from_an_untrusted_ca_is_rejected(harness: Harness):
    pki = harness.pki
    harness.serve(pem_chain(pki.untrusted_leaf, pki.untrusted_intermediate))
    assert_rejected(harness, harness.post(alexa_body()), "not trusted")


def test_chain_missing_its_intermediate_is_rejected(harness: Harness):
    harness.serve(pem_chain(harness.pki.leaf))
    assert_rejected(harness, harness.post(alexa_body()), "not trusted")


def test_expired_leaf_is_rejected(harness: Harness):
    pki = harness.pki
    harness.serve(pem_chain(pki.expired_leaf, pki.intermediate.cert))
    assert_rejected(harness, harness.post(alexa_body()), "expired")


def test_leaf_without_the_echo_api_name_is_rejected(harness: Harness):
    pki = harness.pki
    harness.serve(pem_chain(pki.other_san_leaf, pki.intermediate.cert))
    assert_rejected(harness, harness.post(alexa_body()), "echo-api.amazon.com")


def test_wildcard_name_is_not_enough_the_leaf_must_name_echo_api_exactly(harness: Harness):
    pki = harness.pki
    harness.serve(pem_chain(pki.wildcard_leaf, pki.intermediate.cert))
    assert_rejected(harness, harness.post(alexa_body()), "echo-api.amazon.com")


def test_chain_through_an_expired_intermediate_is_rejected(harness: Harness):
    pki = harness.pki
    harness.serve(pem_chain(pki.leaf, pki.expired_intermediate))
    assert_rejected(harness, harness.post(alexa_body()), "not trusted")


def test_unreadable_chain_is_rejected(harness: Harness):
    harness.serve(b"<html>Access Denied</html>")
    assert_rejected(harness, harness.post(alexa_body()), "unreadable")


def test_chain_download_failure_is_rejected(harness: Harness):
    harness.fetcher.chains.clear()
    assert_rejected(harness, harness.post(alexa_body()), "could not download")


def test_chain_is_downloaded_once_for_many_requests(harness: Harness):
    for _ in range(2):
        assert harness.post(alexa_body()).status_code == 200
    assert harness.fetcher.calls == [CERT_URL]
    assert len(harness.skill.events) == 2


def test_cached_chain_is_dropped_once_the_leaf_expires(harness: Harness):
    assert harness.post(alexa_body()).status_code == 200
    harness.clock.now = harness.pki.leaf.not_valid_after_utc + timedelta(seconds=1)
    harness.skill.events.clear()
    assert_rejected(harness, harness.post(alexa_body(timestamp=harness.clock.now)), "expired")
    assert harness.fetcher.calls == [CERT_URL, CERT_URL]


def test_concurrent_requests_share_the_verifier_safely(harness: Harness):
    body = alexa_body()
    headers = {"Signature-256": sign(harness.pki.leaf_key, body), "SignatureCertChainUrl": CERT_URL}
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: harness.verifier.verify(headers, body), range(64)))
    assert results == [None] * 64
    assert harness.verifier.cached_urls() == [CERT_URL]


# -- timestamp and body -----------------------------------------------------------------------


@pytest.mark.parametrize("offset", [-151, 151], ids=["151s-old", "151s-in-future"])
def test_timestamp_more_than_150_seconds_away_is_rejected(harness: Harness, offset: int):
    body = alexa_body(timestamp=NOW + timedelta(seconds=offset))
    assert_rejected(harness, harness.post(body), "timestamp")


@pytest.mark.parametrize("offset", [-150, 150])
def test_timestamp_exactly_150_seconds_away_is_accepted(harness: Harness, offset: int):
    body = alexa_body(timestamp=NOW + timedelta(seconds=offset))
    assert harness.post(body).status_code == 200


def test_missing_timestamp_is_rejected(harness: Harness):
    body = alexa_body().replace(b'"timestamp"', b'"stamp"')
    assert_rejected(harness, harness.post(body), "timestamp missing")


def test_malformed_json_body_is_rejected_even_when_signed(harness: Harness):
    assert_rejected(harness, harness.post(b'{"request": {"timestamp": '), "not valid JSON")


def test_json_that_is_not_an_alexa_envelope_is_rejected(harness: Harness):
    assert_rejected(harness, harness.post(b'["not", "an", "envelope"]'), "not an Alexa request")


def test_verifier_raises_verification_error_directly(harness: Harness):
    with pytest.raises(VerificationError):
        harness.verifier.verify({}, alexa_body())


# -- switching verification off ---------------------------------------------------------------


@pytest.fixture
def fresh_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(web_app, "_warned_disabled", False)


def test_disabled_verification_passes_unsigned_requests_and_warns_once(
    fresh_warning: None, caplog: pytest.LogCaptureFixture
):
    skill = Skill()
    with caplog.at_level(logging.WARNING, logger="legcoach_dev.web.app"):
        client = create_app(skill, verify=False).test_client()
        create_app(skill, verify=False)
    warnings = [r for r in caplog.records if "VERIFICATION IS DISABLED" in r.getMessage()]
    assert len(warnings) == 1
    assert "local testing only" in warnings[0].getMessage()

    response = client.post("/", data=alexa_body(timestamp=NOW - timedelta(days=365)))
    assert response.status_code == 200
    assert response.get_json() == SKILL_RESPONSE
    assert len(skill.events) == 1


def test_disabled_verification_still_rejects_malformed_json(fresh_warning: None):
    skill = Skill()
    client = create_app(skill, verify=False).test_client()
    response = client.post("/", data=b"{nope")
    assert response.status_code == 400
    assert skill.events == []


def test_environment_variable_false_disables_verification(
    fresh_warning: None, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ALEXA_VERIFY_REQUESTS", "false")
    skill = Skill()
    response = create_app(skill).test_client().post("/", data=alexa_body())
    assert response.status_code == 200


@pytest.mark.parametrize("value", [None, "true", "flase", ""])
def test_verification_is_on_unless_explicitly_disabled(
    monkeypatch: pytest.MonkeyPatch, value: str | None
):
    if value is None:
        monkeypatch.delenv("ALEXA_VERIFY_REQUESTS", raising=False)
    else:
        monkeypatch.setenv("ALEXA_VERIFY_REQUESTS", value)
    skill = Skill()
    response = create_app(skill).test_client().post("/", data=alexa_body())  # default verifier
    assert response.status_code == 400
    assert skill.events == []


def test_explicit_verify_true_wins_over_the_environment(
    pki: AlexaPki, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ALEXA_VERIFY_REQUESTS", "false")
    skill = Skill()
    response = create_app(skill, verify=True).test_client().post("/", data=alexa_body())
    assert response.status_code == 400
    assert skill.events == []


def test_a_genuine_request_for_another_skill_is_refused_when_skill_id_is_set(
    pki: AlexaPki, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("SKILL_ID", "amzn1.ask.skill.ours")
    clock, fetcher, skill = Clock(), Fetcher({CERT_URL: pki.good_chain}), Skill()
    verifier = RequestVerifier(fetcher=fetcher, trusted_roots=[pki.root.cert], clock=clock)
    client = create_app(skill, verifier=verifier).test_client()
    harness = Harness(pki, clock, fetcher, skill, verifier, client)
    assert_rejected(harness, harness.post(alexa_body()), "another skill")
    monkeypatch.setenv("SKILL_ID", "amzn1.ask.skill.test")
    client = create_app(skill, verifier=verifier).test_client()
    harness = Harness(pki, clock, fetcher, skill, verifier, client)
    assert harness.post(alexa_body()).status_code == 200


def test_the_real_skill_answers_through_the_web_app(monkeypatch: pytest.MonkeyPatch):
    from support.alexa_rules import check_response
    from support.coachee import Reply

    monkeypatch.delenv("TABLE_NAME", raising=False)
    monkeypatch.delenv("SKILL_ID", raising=False)
    client = create_app(verify=False).test_client()
    response = client.post("/", data=alexa_body(), headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    envelope = response.get_json()
    check_response(envelope, "LaunchRequest")
    assert "Leg Workout" in Reply(envelope).text
