"""Alexa request verification for the web-service mode (standard library + ``cryptography``).

Amazon's rules for a skill hosted as a web service (checked in this order):

1. ``SignatureCertChainUrl``: scheme ``https``, host ``s3.amazonaws.com`` (both case-insensitive),
   port 443 if given, path starting ``/echo.api/`` once ``..`` segments are resolved.
2. The PEM chain behind that URL: the leaf is currently valid, names ``echo-api.amazon.com`` in its
   Subject Alternative Names, and chains to a trusted root (``cryptography.x509.verification``).
   A chain that passed is cached by URL until the earliest expiry in it, so the common request pays
   only for step 3 and 4.
3. ``Signature-256``: base64 RSA PKCS#1 v1.5 SHA-256 signature of the raw body bytes, by the leaf's
   key. The legacy SHA-1 ``Signature`` header is not accepted.
4. ``request.timestamp`` in the (now authenticated) JSON body is within 150 s of now.

Any failure raises :class:`VerificationError` with a short, caller-safe message.
"""

from __future__ import annotations

import base64
import binascii
import json
import posixpath
import ssl
import threading
import urllib.request
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import DNSName, PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as _ChainError

__all__ = [
    "ALEXA_SAN",
    "MAX_TIMESTAMP_SKEW",
    "RequestVerifier",
    "VerificationError",
    "default_trusted_roots",
    "fetch_url",
    "validate_cert_chain_url",
]

ALEXA_SAN = "echo-api.amazon.com"
CERT_HOST = "s3.amazonaws.com"
CERT_PATH_PREFIX = "/echo.api/"
MAX_TIMESTAMP_SKEW = timedelta(seconds=150)
FETCH_TIMEOUT_S = 3.0
MAX_CHAIN_BYTES = 256 * 1024  # real chains are a few KB
MAX_CACHED_CHAINS = 32  # Amazon rotates through a handful of URLs

Fetcher = Callable[[str], bytes]
Clock = Callable[[], datetime]


class VerificationError(Exception):
    """The request is not provably from Alexa: answer 400 and run no skill code."""


def _utcnow() -> datetime:
    return datetime.now(UTC)


def fetch_url(url: str, timeout: float = FETCH_TIMEOUT_S) -> bytes:
    """Download a certificate chain (the default fetcher): bounded in time and size."""
    req = urllib.request.Request(url, headers={"User-Agent": "legcoach-alexa-verifier"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        data: bytes = resp.read(MAX_CHAIN_BYTES + 1)
    if len(data) > MAX_CHAIN_BYTES:
        raise ValueError("certificate chain too large")
    return data


def _load_pem_bundle(data: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM bundle that `cryptography` can parse; the others are skipped.

    CA bundles carry a few legacy roots (e.g. non-positive serials) that cryptography warns about
    today and will refuse later: one bad root must not make the whole store unusable.
    """
    certs: list[x509.Certificate] = []
    end = b"-----END CERTIFICATE-----"
    for block in data.split(end)[:-1]:
        start = block.find(b"-----BEGIN CERTIFICATE-----")
        if start < 0:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CryptographyDeprecationWarning)
            try:
                certs.append(x509.load_pem_x509_certificate(block[start:] + end + b"\n"))
            except ValueError:
                continue
    return certs


def default_trusted_roots() -> list[x509.Certificate]:
    """Trusted roots: certifi's bundle if installed, else the system CA bundle."""
    candidates: list[str] = []
    try:
        import certifi

        candidates.append(certifi.where())
    except ImportError:
        pass
    paths = ssl.get_default_verify_paths()
    candidates += [p for p in (paths.cafile, paths.openssl_cafile) if p]
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file():
            roots = _load_pem_bundle(path.read_bytes())
            if roots:
                return roots
    raise RuntimeError(
        "No CA bundle found to verify Alexa's certificate chain: install certifi or the "
        "system's ca-certificates package, or pass trusted_roots explicitly."
    )


def validate_cert_chain_url(url: str) -> str:
    """Check a ``SignatureCertChainUrl`` against Amazon's rules; return it unchanged if valid."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # raises ValueError on a non-numeric or out-of-range port
    except ValueError as exc:
        raise VerificationError("invalid certificate URL") from exc
    if parts.scheme.lower() != "https":
        raise VerificationError("certificate URL must use https")
    if (parts.hostname or "").lower() != CERT_HOST:
        raise VerificationError("certificate URL host must be s3.amazonaws.com")
    if port is not None and port != 443:
        raise VerificationError("certificate URL port must be 443")
    # Resolve percent-escapes first (S3 would), then `.`/`..` segments, then check the prefix.
    path = posixpath.normpath(unquote(parts.path)) if parts.path else ""
    if not (path + "/").startswith(CERT_PATH_PREFIX) or path + "/" == CERT_PATH_PREFIX:
        raise VerificationError("certificate URL path must start with /echo.api/")
    return url.strip()


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == wanted), None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _parse_timestamp(value: Any) -> datetime:
    if isinstance(value, bool):
        raise VerificationError("invalid request timestamp")
    if isinstance(value, int | float):  # epoch milliseconds (flask-ask accepted these too)
        try:
            return datetime.fromtimestamp(value / 1000, UTC)
        except (OverflowError, OSError, ValueError) as exc:
            raise VerificationError("invalid request timestamp") from exc
    if not isinstance(value, str):
        raise VerificationError("request timestamp missing")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise VerificationError("invalid request timestamp") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True)
class _Chain:
    public_key: rsa.RSAPublicKey
    expires: datetime  # the earliest not-after in the chain


class RequestVerifier:
    """Verifies Alexa's signed HTTPS requests. Thread-safe; build once per process.

    Everything time- or network-dependent is injectable for tests:
    ``fetcher(url) -> PEM bytes``, ``trusted_roots`` (defaults to certifi / the system bundle),
    ``clock() -> aware datetime``.
    """

    def __init__(
        self,
        *,
        fetcher: Fetcher | None = None,
        trusted_roots: Iterable[x509.Certificate] | None = None,
        clock: Clock | None = None,
        max_skew: timedelta = MAX_TIMESTAMP_SKEW,
    ) -> None:
        self._fetch = fetcher or fetch_url
        roots = list(trusted_roots) if trusted_roots is not None else default_trusted_roots()
        if not roots:
            raise ValueError("trusted_roots is empty")
        self._store = Store(roots)
        self._clock = clock or _utcnow
        self._max_skew = max_skew
        self._chains: dict[str, _Chain] = {}
        self._lock = threading.Lock()

    # -- public API -------------------------------------------------------------------------

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        """Raise :class:`VerificationError` unless ``body`` is a genuine, fresh Alexa request."""
        self.verified_event(headers, body)

    def verified_event(self, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        """Like :meth:`verify`, and return the parsed request envelope (parsed once)."""
        cert_url = _header(headers, "SignatureCertChainUrl")
        if cert_url is None:
            raise VerificationError("missing SignatureCertChainUrl header")
        signature_b64 = _header(headers, "Signature-256")
        if signature_b64 is None:
            raise VerificationError("missing Signature-256 header")
        cert_url = validate_cert_chain_url(cert_url)
        try:
            signature = base64.b64decode(signature_b64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise VerificationError("malformed Signature-256 header") from exc

        now = self._now()
        chain = self._chain_for(cert_url, now)
        try:
            chain.public_key.verify(signature, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as exc:
            raise VerificationError("signature does not match the request body") from exc

        try:
            event = json.loads(body)
        except (UnicodeDecodeError, ValueError) as exc:
            raise VerificationError("request body is not valid JSON") from exc
        if not isinstance(event, dict) or not isinstance(event.get("request"), dict):
            raise VerificationError("request body is not an Alexa request")
        stamp = _parse_timestamp(event["request"].get("timestamp"))
        if abs(now - stamp) > self._max_skew:
            raise VerificationError("request timestamp is too old or in the future")
        return event

    def cached_urls(self) -> list[str]:
        with self._lock:
            return list(self._chains)

    # -- chain handling ---------------------------------------------------------------------

    def _now(self) -> datetime:
        now = self._clock()
        return now if now.tzinfo else now.replace(tzinfo=UTC)

    def _chain_for(self, url: str, now: datetime) -> _Chain:
        with self._lock:
            cached = self._chains.get(url)
            if cached is not None and now < cached.expires:
                return cached
            self._chains.pop(url, None)
        # Fetch and validate outside the lock: a slow download must not stall other requests.
        # Two threads may fetch the same URL at once; both results are equally valid.
        chain = self._load_chain(url, now)
        with self._lock:
            if len(self._chains) >= MAX_CACHED_CHAINS:
                self._chains.pop(next(iter(self._chains)))
            self._chains[url] = chain
        return chain

    def _load_chain(self, url: str, now: datetime) -> _Chain:
        try:
            pem = self._fetch(url)
        except Exception as exc:  # network, HTTP status, timeout: all mean "cannot verify"
            raise VerificationError("could not download the certificate chain") from exc
        certs = _load_pem_bundle(pem)
        if not certs:
            raise VerificationError("certificate chain is empty or unreadable")
        leaf, intermediates = certs[0], certs[1:]

        if not leaf.not_valid_before_utc <= now <= leaf.not_valid_after_utc:
            raise VerificationError("signing certificate is expired or not yet valid")
        try:
            san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            names = [n.lower() for n in san.get_values_for_type(x509.DNSName)]
        except x509.ExtensionNotFound:
            names = []
        if ALEXA_SAN not in names:
            raise VerificationError("signing certificate is not for echo-api.amazon.com")

        verifier = (
            PolicyBuilder().store(self._store).time(now).build_server_verifier(DNSName(ALEXA_SAN))
        )
        try:
            verified = verifier.verify(leaf, intermediates)  # leaf .. root
        except _ChainError as exc:
            raise VerificationError("certificate chain is not trusted") from exc

        key = leaf.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise VerificationError("signing certificate does not hold an RSA key")
        expires = min(cert.not_valid_after_utc for cert in verified)
        return _Chain(public_key=key, expires=expires)
