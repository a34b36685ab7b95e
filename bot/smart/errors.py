"""The client's error tree. Business codes map to classes through one table, `CODE_ERRORS`.

Nothing from httpx leaks out of `bot.smart`: transport failures become `CloudUnavailableError`.
"""

from __future__ import annotations


class SmartAPIError(Exception):
    """Base class: the cloud refused, failed, or answered something we cannot use."""

    def __init__(
        self, message: str = "", *, code: str | None = None, http_status: int | None = None
    ) -> None:
        super().__init__(message or self.__class__.__name__)
        self.message = message
        self.code = code
        self.http_status = http_status

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(code={self.code!r}, http_status={self.http_status!r}, "
            f"message={self.message!r})"
        )


class AuthenticationError(SmartAPIError):
    """The session is not usable and could not be renewed."""


class InvalidCredentialsError(AuthenticationError):
    """E-mail or password rejected; `message` holds the cloud's reason."""


class TokenExpiredError(AuthenticationError):
    """Access token invalid or expired (1402, 1501, 8500, HTTP 401) and not renewable."""


class RateLimitedError(SmartAPIError):
    """Too many requests (HTTP 429/403 quota, blocked login, command cooldown)."""

    def __init__(
        self,
        message: str = "",
        *,
        retry_after: float = 60.0,
        code: str | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message, code=code, http_status=http_status)
        self.retry_after = retry_after


class SignatureError(SmartAPIError):
    """The cloud refused our request signature (1445), timestamp (1442) or nonce (1443)."""


class VehicleNotLinkedError(SmartAPIError):
    """The VIN is not (or no longer) bound to this account (8040, 8060, 8063)."""


class VehicleNotSelectedError(SmartAPIError):
    """Another vehicle is selected for this account (8006, 4038); re-select and retry."""


class CommandRejectedError(SmartAPIError):
    """The cloud refused a command or a parameter (1400, 8160, success false)."""


class CloudUnavailableError(SmartAPIError):
    """Timeout, connection failure, 5xx, an HTML or non-JSON page, or no data (8153)."""


class UnreadableAnswerError(CloudUnavailableError):
    """An answer the client cannot decode safely (JSON nested too deep)."""


class NotFoundError(SmartAPIError):
    """The requested resource does not exist for this car (1405, OTA 1003)."""


# Business code -> error class. Codes not listed raise `SmartAPIError`.
CODE_ERRORS: dict[str, type[SmartAPIError]] = {
    "1400": CommandRejectedError,
    "1402": TokenExpiredError,
    "1405": NotFoundError,
    "1442": SignatureError,
    "1443": SignatureError,
    "1445": SignatureError,
    "1501": TokenExpiredError,
    "8500": TokenExpiredError,
    "4038": VehicleNotSelectedError,
    "8006": VehicleNotSelectedError,
    "8040": VehicleNotLinkedError,
    "8060": VehicleNotLinkedError,
    "8063": VehicleNotLinkedError,
    "8153": CloudUnavailableError,
    "8160": CommandRejectedError,
    "1003": NotFoundError,
}


def error_for_code(
    code: str, message: str = "", *, http_status: int | None = None
) -> SmartAPIError:
    """The exception instance for a business `code`."""
    cls = CODE_ERRORS.get(code, SmartAPIError)
    return cls(message or f"cloud code {code}", code=code, http_status=http_status)
