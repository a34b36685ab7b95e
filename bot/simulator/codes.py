"""Business codes and the JSON envelopes the ecloudeu hosts answer with (REFERENCE §2.1, §9).

HTTP status is 200 even for business errors; the error lives in `code`. Messages are the
captured ones where a capture exists, otherwise our own wording (marked inferred).
"""

from __future__ import annotations

import secrets
from typing import Any, Final

from starlette.responses import JSONResponse

OK: Final = "1000"
ILLEGAL_PARAMETER: Final = "1400"
TOKEN_INVALID: Final = "1402"  # noqa: S105 (a business code)
TIMESTAMP_EXPIRED: Final = "1442"
NONCE_REPEATED: Final = "1443"
SIGNATURE_ERROR: Final = "1445"
MAIN_TOKEN_EXPIRED: Final = "1501"  # noqa: S105 (a business code)
VEHICLE_NOT_IN_USE: Final = "4038"
NOT_SELECTED: Final = "8006"
NOT_BOUND: Final = "8040"
VIN_NOT_FOUND: Final = "8060"
DATA_UNAVAILABLE: Final = "8153"
NO_PERMISSION: Final = "8160"

MESSAGES: Final[dict[str, str]] = {
    ILLEGAL_PARAMETER: "Illegal parameter",
    TOKEN_INVALID: "Token expired",
    TIMESTAMP_EXPIRED: "The inspection date has expired",
    NONCE_REPEATED: "The request nonce is repeated",  # inferred wording
    SIGNATURE_ERROR: "Check signature error",
    MAIN_TOKEN_EXPIRED: "The main token has expired",  # inferred wording
    VEHICLE_NOT_IN_USE: "Current vehicle is not in use",
    NOT_SELECTED: "Human and vehicle relationship does not exist",
    NOT_BOUND: "The vehicle is not bound to this user",  # inferred wording
    VIN_NOT_FOUND: "The vehicle corresponding to the VIN does not exist",
    DATA_UNAVAILABLE: "Connection interruption",
    NO_PERMISSION: "No permission",  # inferred wording
}


def session_id() -> str:
    """A fresh 32-hex session id, as every envelope carries one."""
    return secrets.token_hex(16)


def ok_body(data: Any, *, message: str | None = "operation succeed") -> dict[str, Any]:
    """A success envelope with string code `"1000"`, in the captured key order."""
    return {
        "code": OK,
        "data": data,
        "success": True,
        "hint": None,
        "httpStatus": "OK",
        "sessionId": session_id(),
        "message": message,
    }


def error_body(code: str, message: str | None = None) -> dict[str, Any]:
    """An error envelope (HTTP 200, `success: false`), as in the 1402/8006 fixtures."""
    return {
        "code": code,
        "message": message or MESSAGES.get(code, "operation failed"),
        "hint": None,
        "httpStatus": "OK",
        "sessionId": session_id(),
        "success": False,
    }


def ok(data: Any, *, message: str | None = "operation succeed") -> JSONResponse:
    """A success response."""
    return JSONResponse(ok_body(data, message=message))


def error(code: str, message: str | None = None) -> JSONResponse:
    """A business-error response (always HTTP 200)."""
    return JSONResponse(error_body(code, message))


class CloudError(Exception):
    """Raised inside handlers to answer with a business error envelope."""

    def __init__(self, code: str, message: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.message = message or MESSAGES.get(code, "operation failed")

    def response(self) -> JSONResponse:
        """The envelope for this error."""
        return error(self.code, self.message)
