"""A throwaway PKI shaped like Alexa's: root CA -> intermediate CA -> leaf for echo-api.amazon.com.

Built with `cryptography` at test time (nothing secret is committed). Certificates carry the
extensions a WebPKI verifier requires (BasicConstraints, KeyUsage, EKU serverAuth, SAN, AKI/SKI).
Used by tests/test_web_verify.py and scripts/bench_web_verify.py.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ALEXA_DNS = "echo-api.amazon.com"
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"
NOW = datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test PKI"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


@dataclass
class Issuer:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey


def make_ca(
    common_name: str,
    key: rsa.RSAPrivateKey,
    *,
    parent: Issuer | None = None,
    not_before: datetime = NOW - timedelta(days=3650),
    not_after: datetime = NOW + timedelta(days=3650),
) -> Issuer:
    """A self-signed root (no parent) or an intermediate signed by ``parent``."""
    issuer_name = parent.cert.subject if parent else _name(common_name)
    signing_key = parent.key if parent else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if parent:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(parent.key.public_key()),
            critical=False,
        )
    return Issuer(builder.sign(signing_key, hashes.SHA256()), key)


def make_leaf(
    issuer: Issuer,
    key: rsa.RSAPrivateKey,
    *,
    dns_names: tuple[str, ...] = (ALEXA_DNS,),
    not_before: datetime = NOW - timedelta(days=30),
    not_after: datetime = NOW + timedelta(days=300),
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(dns_names[0] if dns_names else "no-san"))
        .issuer_name(issuer.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=True,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    )
    if dns_names:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in dns_names]), critical=False
        )
    return builder.sign(issuer.key, hashes.SHA256())


def pem_chain(*certs: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def sign(key: rsa.RSAPrivateKey, body: bytes) -> str:
    """The ``Signature-256`` header value Alexa would send for ``body``."""
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode()


def alexa_body(timestamp: datetime = NOW, **request_fields: Any) -> bytes:
    event = {
        "version": "1.0",
        "session": {
            "new": True,
            "sessionId": "amzn1.echo-api.session.test",
            "application": {"applicationId": "amzn1.ask.skill.test"},
            "user": {"userId": "amzn1.ask.account.test"},
        },
        "context": {
            "System": {
                "application": {"applicationId": "amzn1.ask.skill.test"},
                "user": {"userId": "amzn1.ask.account.test"},
                "device": {"deviceId": "amzn1.ask.device.test", "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        },
        "request": {
            "type": "LaunchRequest",
            "requestId": "amzn1.echo-api.request.test",
            "timestamp": timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "locale": "en-US",
            **request_fields,
        },
    }
    return json.dumps(event).encode()


@dataclass
class AlexaPki:
    """Everything the tests need, generated once per session (RSA 2048 is slow-ish)."""

    root: Issuer
    intermediate: Issuer
    leaf_key: rsa.RSAPrivateKey
    leaf: x509.Certificate
    expired_leaf: x509.Certificate
    other_san_leaf: x509.Certificate
    wildcard_leaf: x509.Certificate
    expired_intermediate: x509.Certificate
    untrusted_leaf: x509.Certificate
    untrusted_intermediate: x509.Certificate

    @property
    def good_chain(self) -> bytes:
        return pem_chain(self.leaf, self.intermediate.cert)


def build_pki() -> AlexaPki:
    ca_key, leaf_key, rogue_key = new_key(), new_key(), new_key()
    root = make_ca("Test Root CA", ca_key)
    intermediate = make_ca("Test Intermediate CA", ca_key, parent=root)
    rogue_root = make_ca("Rogue Root CA", rogue_key)
    rogue_intermediate = make_ca("Test Intermediate CA", rogue_key, parent=rogue_root)
    return AlexaPki(
        root=root,
        intermediate=intermediate,
        leaf_key=leaf_key,
        leaf=make_leaf(intermediate, leaf_key),
        expired_leaf=make_leaf(
            intermediate,
            leaf_key,
            not_before=NOW - timedelta(days=400),
            not_after=NOW - timedelta(days=1),
        ),
        other_san_leaf=make_leaf(intermediate, leaf_key, dns_names=("example.com",)),
        wildcard_leaf=make_leaf(intermediate, leaf_key, dns_names=("*.amazon.com",)),
        expired_intermediate=make_ca(
            "Test Intermediate CA",
            ca_key,
            parent=root,
            not_before=NOW - timedelta(days=400),
            not_after=NOW - timedelta(days=1),
        ).cert,
        untrusted_leaf=make_leaf(rogue_intermediate, leaf_key),
        untrusted_intermediate=rogue_intermediate.cert,
    )
