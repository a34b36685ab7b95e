"""Per-account login back-off, so a failing login never hammers the login gateway.

The EU login gateway's WAF blocks clients that log in too often (REFERENCE §10.2). After a
blocked or rate-limited login the account stays quiet for a growing window (2 min, x1.5, up to
90 min); after any other failure automatic re-logins wait 60 s. A user typing a password again
is not a tight loop, so explicit logins only honour the rate-limit window.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.smart.errors import RateLimitedError, SmartAPIError

RATE_LIMIT_FIRST_WAIT = 120.0
RATE_LIMIT_MAX_WAIT = 5400.0
RATE_LIMIT_FACTOR = 1.5
OTHER_FAILURE_WAIT = 60.0


@dataclass(slots=True)
class _AccountState:
    rate_wait: float = 0.0
    rate_quiet_until: float = 0.0
    quiet_until: float = 0.0


class LoginBackoff:
    """Quiet windows per account key (region + e-mail)."""

    def __init__(self) -> None:
        self._states: dict[str, _AccountState] = {}

    def check(self, key: str, now: float, *, automatic: bool) -> None:
        """Raise `RateLimitedError` while the account must not try to log in."""
        state = self._states.get(key)
        if state is None:
            return
        until = max(state.rate_quiet_until, state.quiet_until if automatic else 0.0)
        if now < until:
            msg = "login paused after recent failures"
            raise RateLimitedError(msg, retry_after=round(until - now, 1))

    def failed(self, key: str, now: float, error: SmartAPIError) -> None:
        """Record a failed login and open the matching quiet window."""
        state = self._states.setdefault(key, _AccountState())
        if isinstance(error, RateLimitedError):
            state.rate_wait = min(
                RATE_LIMIT_MAX_WAIT,
                max(RATE_LIMIT_FIRST_WAIT, state.rate_wait * RATE_LIMIT_FACTOR),
            )
            state.rate_quiet_until = now + max(state.rate_wait, error.retry_after)
        else:
            state.quiet_until = now + OTHER_FAILURE_WAIT

    def succeeded(self, key: str) -> None:
        """Forget the account's failures."""
        self._states.pop(key, None)

    def clear(self) -> None:
        """Forget every account (process restart semantics)."""
        self._states.clear()


LOGIN_BACKOFF = LoginBackoff()
