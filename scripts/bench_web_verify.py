#!/usr/bin/env python3
"""Time Alexa request verification in the web-service mode (prints figures; not a test).

    .venv/bin/python scripts/bench_web_verify.py [--n 2000]

Uses the throwaway PKI from tests/support/web_certs.py (root -> intermediate -> echo-api leaf, RSA 2048),
served by an in-memory fetcher, with the clock pinned so the request timestamp stays fresh.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _time(fn: Callable[[], object], n: int) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def _report(label: str, samples: list[float]) -> None:
    us = sorted(s * 1e6 for s in samples)
    p99 = us[min(len(us) - 1, int(len(us) * 0.99))]
    print(
        f"{label:<44} mean {statistics.fmean(us):8.1f} us   median {statistics.median(us):8.1f} us"
        f"   p99 {p99:8.1f} us   (n={len(us)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="verifications per measurement")
    args = parser.parse_args()

    sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "lambda")]
    from legcoach_dev.web.app import create_app
    from legcoach_dev.web.verify import RequestVerifier
    from support.web_certs import CERT_URL, NOW, alexa_body, build_pki, sign

    logging.getLogger("legcoach_dev.web.app").setLevel(logging.ERROR)  # the "disabled" warning
    pki = build_pki()
    body = alexa_body()
    headers = {"Signature-256": sign(pki.leaf_key, body), "SignatureCertChainUrl": CERT_URL}
    fetches: list[str] = []

    def fetcher(url: str) -> bytes:
        fetches.append(url)
        return pki.good_chain

    def new_verifier() -> RequestVerifier:
        return RequestVerifier(fetcher=fetcher, trusted_roots=[pki.root.cert], clock=lambda: NOW)

    verifier = new_verifier()
    first = _time(lambda: verifier.verify(headers, body), 1)
    cached = _time(lambda: verifier.verify(headers, body), args.n)
    uncached = _time(lambda: new_verifier().verify(headers, body), max(args.n // 10, 1))

    app = create_app(lambda event, context: {"version": "1.0"}, verifier=verifier)
    client = app.test_client()
    full = _time(lambda: client.post("/", data=body, headers=headers), max(args.n // 4, 1))
    plain = create_app(lambda event, context: {"version": "1.0"}, verify=False).test_client()
    unverified = _time(lambda: plain.post("/", data=body), max(args.n // 4, 1))

    print(f"Python {sys.version.split()[0]}, RSA 2048 chain of 2 + root; {len(body)} B body")
    _report("first request (download + chain validation)", first)
    _report("verify(), chain cached", cached)
    _report("verify(), chain re-validated every time", uncached)
    _report("Flask test-client POST, verification on", full)
    _report("Flask test-client POST, verification off", unverified)
    print(f"chain downloads by the cached verifier: {fetches.count(CERT_URL) - len(uncached)}")


if __name__ == "__main__":
    main()
