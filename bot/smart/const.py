"""Fixed facts about the Smart cloud: hosts, app identifiers, secrets, paths, limits.

Sources: the Smart cloud REFERENCE notes, sections 1-5 (public client code and captures).
"""

from __future__ import annotations

import base64
from enum import StrEnum
from typing import Final


class Region(StrEnum):
    """The two Smart cloud regions with different logins and signing secrets."""

    EU = "EU"
    INTL = "INTL"


# Cloud hosts. Every URL the client builds or follows must name one of these.
HOST_API_V1: Final = "api.ecloudeu.com"
HOST_API_V2: Final = "apiv2.ecloudeu.com"
HOST_AWSAPI: Final = "awsapi.future.smart.com"
HOST_GIGYA_AUTH: Final = "auth.smart.com"
HOST_APP_ID: Final = "app.id.smart.com"
HOST_GIGYA_SOCIALIZE: Final = "socialize.eu1.gigya.com"
HOST_SG_APP_API: Final = "sg-app-api.smart.com"
HOST_SG_APP: Final = "sg-app.smart.com"
HOST_VBS: Final = "vehicle.vbs.srv.smart.com"
HOST_OTA: Final = "ota.srv.smart.com"

ALLOWED_HOSTS: Final = frozenset(
    {
        HOST_API_V1,
        HOST_API_V2,
        HOST_AWSAPI,
        HOST_GIGYA_AUTH,
        HOST_APP_ID,
        HOST_GIGYA_SOCIALIZE,
        HOST_SG_APP_API,
        HOST_SG_APP,
        HOST_VBS,
        HOST_OTA,
    }
)

# Signing secrets (§3.2). EU is published base64-encoded; both are used as ASCII bytes.
EU_SIGNING_SECRET: Final = base64.b64decode("NzRlNzQ2OWFmZjUwNDJiYmJlZDdiYmIxYjM2YzE1ZTk=")
INTL_SIGNING_SECRET: Final = b"30fb4a7b7fab4e2e8b52120d0087efdd"
SIGNING_SECRETS: Final = {Region.EU: EU_SIGNING_SECRET, Region.INTL: INTL_SIGNING_SECRET}

APP_IDS: Final = {Region.EU: "SmartAPPEU", Region.INTL: "SMARTAPP-ISRAEL"}
OPERATOR_CODES: Final = {Region.EU: "SMART", Region.INTL: "SMART-ISRAEL"}
IDENTITY_TYPES: Final = {Region.EU: "smart", Region.INTL: "smart-israel"}
# Length in hex characters of the per-login device identifier.
DEVICE_ID_HEX_LENGTH: Final = {Region.EU: 16, Region.INTL: 32}

SIGNED_ACCEPT: Final = "application/json;responseformat=3"
SIGNATURE_VERSION: Final = "1.0"
# base64(MD5(b"")): the body digest signed for requests without a body.
EMPTY_BODY_MD5: Final = "1B2M2Y8AsgTpgAmY7PhCfg=="

# Gigya / OIDC (EU login).
GIGYA_API_KEY: Final = "3_L94eyQ-wvJhWm7Afp1oBhfTGXZArUfSHHW9p9Pncg513hZELXsxCfMWHrF8f5P5a"
OIDC_CLIENT_ID: Final = "SeQMUFqDOSuEF0Iqi5bB2Dco"
GIGYA_SESSION_EXPIRATION: Final = 2_592_000
MAX_REDIRECT_HOPS: Final = 5

# VC service (Alibaba API gateway, INTL).
VC_APP_KEY: Final = "204587190"
VC_APP_SECRET: Final = b"vxnzkHbpQrkKKQKmFBZlOnL780rjXLFT"

# API paths (without host).
PATH_SESSION_SECURE: Final = "/auth/account/session/secure"
PATH_VEHICLE_LIST: Final = "/device-platform/user/vehicle/secure"
PATH_SELECT_VEHICLE: Final = "/device-platform/user/session/update"
PATH_STATUS: Final = "/remote-control/vehicle/status/{vin}"
PATH_SOC: Final = "/remote-control/vehicle/status/soc/{vin}"
PATH_STATE: Final = "/remote-control/vehicle/status/state/{vin}"
PATH_TELEMATICS: Final = "/remote-control/vehicle/telematics/{vin}"
PATH_JOURNAL_TOGGLE: Final = "/remote-control/vehicle/status/journalLog/{vin}"
PATH_JOURNAL_GRANT: Final = "/remote-control/user/authorization/insert"
PATH_JOURNAL_LOG: Final = "/geelyTCAccess/tcservices/vehicle/status/journalLogV4/{vin}"
TRAVEL_LOG_SERVICE: Final = "travelLogBusiCode"
PATH_CAPABILITY: Final = "/geelyTCAccess/tcservices/capability/{vin}"
PATH_OTA_INFO: Final = "/app/info/{vin}"
PATH_EU_AUTHORIZE: Final = "/login-app/api/v1/authorize"
PATH_GIGYA_GET_IDS: Final = "/socialize.getIDs"
PATH_GIGYA_LOGIN: Final = "/accounts.login"
PATH_OIDC_CONTINUE: Final = f"/oidc/op/v1.0/{GIGYA_API_KEY}/authorize/continue"
PATH_INTL_LOGIN: Final = "/iam/service/api/v1/login"
PATH_INTL_AUTHORIZE: Final = "/iam/service/api/v1/oauth20/authorize"

# Business codes (§9).
CODE_SUCCESS: Final = "1000"
SUCCESS_CODES: Final = frozenset({"1000", "200", "0"})

COMMAND_COOLDOWN_SECONDS: Final = 5.0
REQUEST_TIMEOUT_SECONDS: Final = 20.0

# "No data for this car yet" on reads (the charge target, the car's timers): not an error.
NO_DATA_CODE: Final = "8153"
