"""Following the login redirect chains safely: every hop is resolved against the allowlist.

Relative `Location`s are resolved against the cloud host that sent them. With a simulator
endpoint, a `Location` may name a real cloud URL (it is then served under the simulator's
`/<host>` prefix), a prefixed path, or a plain path of the current host.
"""

from __future__ import annotations

import posixpath
from urllib.parse import parse_qsl, urlsplit

from bot.smart.const import ALLOWED_HOSTS
from bot.smart.endpoints import Endpoints
from bot.smart.errors import SmartAPIError


def next_hop(endpoints: Endpoints, host: str, path: str, location: str) -> tuple[str, str, str]:
    """(host, path, query) of the request a redirect `location` asks for.

    Raises:
        SmartAPIError: the target is not HTTPS on a Smart cloud host (or, with a simulator,
            leaves the simulator).
    """
    parts = urlsplit(location)
    if parts.scheme or parts.netloc:
        if endpoints.is_local and parts.scheme == "https":
            target = parts.hostname or ""
            if target not in ALLOWED_HOSTS:
                msg = f"refusing a redirect outside the Smart cloud ({target or 'no host'})"
                raise SmartAPIError(msg)
            return target, parts.path or "/", parts.query
        return endpoints.split(location)
    if endpoints.is_local:
        first, _, rest = parts.path.lstrip("/").partition("/")
        if first in ALLOWED_HOSTS:
            return first, "/" + rest, parts.query
    target_path = parts.path or path
    if not target_path.startswith("/"):
        target_path = posixpath.join(posixpath.dirname(path), target_path)
    return host, target_path, parts.query


def location_params(location: str) -> dict[str, str]:
    """Query and fragment parameters of a `Location` (the fragment wins on clashes).

    Older OIDC flows put the tokens in the fragment, the current one in the query.
    """
    parts = urlsplit(location)
    params = dict(parse_qsl(parts.query, keep_blank_values=True))
    params.update(parse_qsl(parts.fragment, keep_blank_values=True))
    return params
