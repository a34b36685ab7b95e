"""Where each cloud host is reached: the real HTTPS hosts, or the simulator on loopback.

With `Endpoints.local("http://127.0.0.1:8787")` every cloud host is served under the path
prefix `/<host>`; the signature still covers the real API path.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.smart.const import ALLOWED_HOSTS
from bot.smart.errors import SmartAPIError


def _is_loopback(hostname: str) -> bool:
    if hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Maps (cloud host, API path) to the URL actually requested, and back."""

    local_base: str | None = None

    @classmethod
    def real(cls) -> Endpoints:
        """The real Smart cloud over HTTPS."""
        return cls()

    @classmethod
    def local(cls, base_url: str) -> Endpoints:
        """The simulator at `base_url`; refused unless it is a loopback address."""
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not _is_loopback(parts.hostname or ""):
            msg = "local endpoints must be http(s) on a loopback address"
            raise SmartAPIError(msg)
        return cls(local_base=f"{parts.scheme}://{parts.netloc}")

    @property
    def is_local(self) -> bool:
        """True when requests go to the simulator."""
        return self.local_base is not None

    def url(self, host: str, path: str, query: str = "") -> str:
        """The URL for `path` on cloud `host`, with the exact query string `query`."""
        if host not in ALLOWED_HOSTS:
            msg = f"host {host!r} is not a Smart cloud host"
            raise SmartAPIError(msg)
        if not path.startswith("/"):
            msg = f"API path must start with '/': {path!r}"
            raise SmartAPIError(msg)
        suffix = f"?{query}" if query else ""
        if self.local_base is not None:
            return f"{self.local_base}/{host}{path}{suffix}"
        return f"https://{host}{path}{suffix}"

    def split(self, url: str) -> tuple[str, str, str]:
        """(host, path, query) of a URL the cloud sent us (a redirect), checked against
        the allowlist. Raises `SmartAPIError` for anything else."""
        parts = urlsplit(url)
        if self.local_base is not None:
            base = urlsplit(self.local_base)
            if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
                msg = "redirect leaves the simulator"
                raise SmartAPIError(msg)
            host, _, rest = parts.path.lstrip("/").partition("/")
            path = "/" + rest
        else:
            if parts.scheme != "https":
                msg = "refusing a non-HTTPS cloud URL"
                raise SmartAPIError(msg)
            host, path = parts.hostname or "", parts.path or "/"
        if host not in ALLOWED_HOSTS:
            msg = f"refusing a URL outside the Smart cloud ({host or 'no host'})"
            raise SmartAPIError(msg)
        return host, path, parts.query
