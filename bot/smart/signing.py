"""Request signing, as pure functions: the ecloudeu `x-signature` (HMAC-SHA1) and the
Alibaba API gateway signature of the VC service (HMAC-SHA256).

The request code signs with these same functions over the exact bytes it sends, and the
simulator verifies with them over the exact bytes it received.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, quote

from bot.smart.const import (
    EMPTY_BODY_MD5,
    SIGNATURE_VERSION,
    SIGNED_ACCEPT,
    SIGNING_SECRETS,
    VC_APP_KEY,
    VC_APP_SECRET,
    Region,
)

# RFC 3986 unreserved characters: `quote` leaves them as they are, so text made only of them
# skips the (comparatively slow) call. Profiling bench 4 showed `quote` as most of the cost.
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


def _encode(text: str) -> str:
    return text if _UNRESERVED.fullmatch(text) else quote(text, safe="")


def body_md5(body: bytes) -> str:
    """base64(MD5(body)); the constant for an empty body."""
    if not body:
        return EMPTY_BODY_MD5
    return base64.b64encode(hashlib.md5(body).digest()).decode()  # noqa: S324 (protocol)


def canonical_query(params: Mapping[str, object] | Iterable[tuple[str, object]]) -> str:
    """Keys sorted ascending, values percent-encoded (RFC 3986, `,` as `%2C`).

    The same string goes into the URL and into the signature. Booleans render as
    `true`/`false`, `None` as an empty value.
    """
    items = params.items() if isinstance(params, Mapping) else params
    pairs: list[tuple[str, str]] = []
    for key, value in items:
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif value is None:
            text = ""
        else:
            text = str(value)
        pairs.append((key, text))
    pairs.sort(key=lambda pair: pair[0])
    return "&".join(f"{_encode(k)}={_encode(v)}" for k, v in pairs)


def canonicalize_received_query(query: str) -> str:
    """What a verifier signs for a received raw query: decoded, then `canonical_query`."""
    return canonical_query(parse_qsl(query, keep_blank_values=True))


def string_to_sign(
    *, method: str, path: str, query: str, body: bytes, nonce: str, timestamp: str
) -> str:
    """The exact text that is HMAC-signed (§3.1); no trailing newline."""
    return "\n".join(
        (
            SIGNED_ACCEPT,
            f"x-api-signature-nonce:{nonce}",
            f"x-api-signature-version:{SIGNATURE_VERSION}",
            "",
            query,
            body_md5(body),
            timestamp,
            method.upper(),
            path,
        )
    )


def sign(
    region: Region,
    *,
    method: str,
    path: str,
    query: str,
    body: bytes,
    nonce: str,
    timestamp: str,
) -> str:
    """The `x-signature` header value.

    Args:
        region: selects the secret.
        method: HTTP method.
        path: API path without host and without query.
        query: the exact query string sent, without `?` (empty for none).
        body: the exact body bytes sent (`b""` for none).
        nonce: the `x-api-signature-nonce` header value.
        timestamp: the `x-timestamp` header value (epoch milliseconds).
    """
    text = string_to_sign(
        method=method, path=path, query=query, body=body, nonce=nonce, timestamp=timestamp
    )
    digest = hmac.new(SIGNING_SECRETS[region], text.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def vc_string_to_sign(
    *,
    method: str,
    accept: str,
    content_md5: str,
    content_type: str,
    date: str,
    nonce: str,
    timestamp: str,
    path_and_query: str,
    app_key: str = VC_APP_KEY,
) -> str:
    """The Alibaba API gateway string to sign (§4)."""
    return "\n".join(
        (
            method.upper(),
            accept,
            content_md5,
            content_type,
            date,
            f"x-ca-key:{app_key}",
            f"x-ca-nonce:{nonce}",
            "x-ca-signature-method:HmacSHA256",
            f"x-ca-timestamp:{timestamp}",
            path_and_query,
        )
    )


def vc_sign(
    *,
    method: str,
    accept: str,
    content_md5: str,
    content_type: str,
    date: str,
    nonce: str,
    timestamp: str,
    path_and_query: str,
    app_key: str = VC_APP_KEY,
    app_secret: bytes = VC_APP_SECRET,
) -> str:
    """The `x-ca-signature` value: base64(HMAC-SHA256(app secret, string to sign))."""
    text = vc_string_to_sign(
        method=method,
        accept=accept,
        content_md5=content_md5,
        content_type=content_type,
        date=date,
        nonce=nonce,
        timestamp=timestamp,
        path_and_query=path_and_query,
        app_key=app_key,
    )
    digest = hmac.new(app_secret, text.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()
