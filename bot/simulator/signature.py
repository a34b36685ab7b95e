"""Verifies signed ecloudeu requests the way the cloud does (REFERENCE §3).

The signature is recomputed with `bot.smart.signing.sign` over the real API path (without
the `/<host>` prefix), the *canonicalised* received query (keys sorted, values percent-encoded)
and the exact received body bytes. A client that signs anything else - another query order,
an unencoded comma, a re-serialised body, the wrong secret - gets 1445.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.simulator import codes
from bot.smart.const import APP_IDS, OPERATOR_CODES, SIGNATURE_VERSION, SIGNED_ACCEPT, Region
from bot.smart.signing import canonicalize_received_query, sign

_REGION_BY_APP_ID = {app_id: region for region, app_id in APP_IDS.items()}


@dataclass(frozen=True, slots=True)
class Verdict:
    """Outcome of verification: `code` is None when the request may proceed."""

    region: Region | None
    code: str | None
    reason: str

    @property
    def ok(self) -> bool:
        """True when the request passed every check."""
        return self.code is None


def verify_request(
    headers: Mapping[str, str],
    *,
    method: str,
    api_path: str,
    raw_query: str,
    body: bytes,
    now: float,
    skew: float,
    remember_nonce: Callable[[str], bool],
) -> Verdict:
    """Check app id, operator code, timestamp window, signature and nonce, in that order.

    Args:
        headers: received headers (case-insensitive mapping).
        method: HTTP method as received.
        api_path: the real API path, without the simulator's host prefix.
        raw_query: the query string exactly as received (no `?`).
        body: the exact received body bytes.
        now: current time, epoch seconds.
        skew: allowed distance of `x-timestamp` from `now`, seconds.
        remember_nonce: records a nonce, False when it was seen before.
    """
    region = _REGION_BY_APP_ID.get(headers.get("x-app-id", ""))
    if region is None:
        return Verdict(None, codes.ILLEGAL_PARAMETER, "unknown x-app-id")
    if headers.get("x-operator-code") != OPERATOR_CODES[region]:
        return Verdict(region, codes.ILLEGAL_PARAMETER, "x-operator-code does not match app")
    signature = headers.get("x-signature", "")
    nonce = headers.get("x-api-signature-nonce", "")
    timestamp = headers.get("x-timestamp", "")
    if not (signature and nonce and timestamp):
        return Verdict(region, codes.SIGNATURE_ERROR, "signature headers missing")
    if headers.get("accept") != SIGNED_ACCEPT:
        return Verdict(region, codes.SIGNATURE_ERROR, "accept header is not the signed one")
    if headers.get("x-api-signature-version") != SIGNATURE_VERSION:
        return Verdict(region, codes.SIGNATURE_ERROR, "unsupported signature version")
    try:
        stamp_ms = int(timestamp)
    except ValueError:
        return Verdict(region, codes.TIMESTAMP_EXPIRED, "x-timestamp is not epoch ms")
    if abs(now * 1000 - stamp_ms) > skew * 1000:
        return Verdict(region, codes.TIMESTAMP_EXPIRED, "x-timestamp outside the window")
    expected = sign(
        region,
        method=method.upper(),
        path=api_path,
        query=canonicalize_received_query(raw_query),
        body=body,
        nonce=nonce,
        timestamp=timestamp,
    )
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        return Verdict(region, codes.SIGNATURE_ERROR, "signature mismatch")
    if not remember_nonce(nonce):
        return Verdict(region, codes.NONCE_REPEATED, "nonce repeated")
    return Verdict(region, None, "ok")
