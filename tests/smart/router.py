"""A stateful respx router that plays the Smart cloud for the client tests.

It verifies every signed request with `bot.smart.signing` (1445 on a bad signature, 1443 on a
repeated nonce), hands out numbered session tokens, answers 1402 for a stale token and 8006
when the vehicle is not selected, and serves the fixtures of `tests/fixtures/smart/`. Scenario
switches (`expire_token`, `expire_main_token`, `select_elsewhere`) script the failure paths; a
test can still override one route with `side_effect=[...]`.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any, Self
from urllib.parse import parse_qs

import httpx
import respx

from bot.smart.const import GIGYA_API_KEY, Region
from bot.smart.endpoints import Endpoints
from bot.smart.models import Tokens
from bot.smart.signing import canonicalize_received_query, sign
from tests.fixture_files import SMART_FIXTURES, smart_fixture

OWN_FIXTURES = SMART_FIXTURES

VIN1 = "TestVIN0000000001"  # smart #1 in the vehicle-list fixture
VIN5 = "TestVIN0000000002"  # smart #5 in the vehicle-list fixture
EMAIL = "driver@example.com"
PASSWORD = "correct horse battery"
NOW = 1706028240.0
INTL_AUTH_CODE = "CODE-TEST"


def load(relative: str) -> dict[str, Any]:
    """A fixture by its path below `tests/fixtures/smart/`."""
    return smart_fixture(relative)


def envelope(code: str, message: str = "", **extra: Any) -> dict[str, Any]:
    """A cloud answer with business `code`."""
    return {"code": code, "message": message, "success": code == "1000", **extra}


def make_tokens(region: Region = Region.EU, **changes: Any) -> Tokens:
    """Tokens as a stored session would hold them, matching the router's first session."""
    values: dict[str, Any] = {
        "region": region,
        "device_id": "0123456789abcdef" if region is Region.EU else "0" * 32,
        "user_id": "112233",
        "client_id": "APPLE0000APP00IPHONE241P10804023",
        "access_token": "api-token-1",
        "refresh_token": "api-refresh-1",
        "oauth_access_token": "st2.s.oauth-1",
        "id_token": "iam-id" if region is Region.INTL else "",
    }
    values.update(changes)
    return Tokens(**values)


class Clock:
    """A settable clock for the client (epoch seconds)."""

    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Nonces:
    """Unique, predictable nonces."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> str:
        self.count += 1
        return f"{self.count:016x}"


class SmartCloudMock(respx.MockRouter):
    """The cloud, as far as the client tests need it."""

    def __init__(self, region: Region = Region.EU, endpoints: Endpoints | None = None) -> None:
        super().__init__(assert_all_called=False, assert_all_mocked=True)
        self.region = region
        self.endpoints = endpoints or Endpoints.real()
        self.generation = 1
        self.token_valid = True
        self.oauth_token = "st2.s.oauth-1"
        self.oauth_valid = True
        self.refresh_token = "api-refresh-1"
        self.selected: str | None = None
        self.seen_nonces: set[str] = set()
        self.signed_paths: list[str] = []
        self.commands: list[tuple[str, str, dict[str, Any]]] = []
        self.status_body: dict[str, Any] = load(
            "evcc/remote_control_vehicle_status_ac_charging.json"
        )
        self.soc_body: dict[str, Any] = load(
            "pysmarthashtag/remote_control_vehicle_status_soc_80.json"
        )
        self.add_session_routes()
        self.add_vehicle_routes()
        self.add_command_routes()

    def __enter__(self) -> Self:
        super().__enter__()
        return self

    # -- scenario switches -------------------------------------------------------------------
    @property
    def access_token(self) -> str:
        """The session token the cloud currently accepts."""
        return f"api-token-{self.generation}"

    def expire_token(self) -> None:
        """The next data call answers 1402; a re-exchange fixes it."""
        self.token_valid = False

    def expire_main_token(self) -> None:
        """1501 from data calls and from the re-exchange; the refresh PUT fixes it."""
        self.token_valid = False
        self.oauth_valid = False

    def select_elsewhere(self) -> None:
        """Another app selected a different car (the next per-VIN call answers 8006)."""
        self.selected = None

    # -- routing helpers -------------------------------------------------------------------
    def on(self, method: str, host: str, path_regex: str, name: str) -> respx.Route:
        """A route for `path_regex` (anchored) on cloud `host`, real or simulator-prefixed."""
        if self.endpoints.local_base is None:
            return self.route(
                method=method, scheme="https", host=host, path__regex=f"^{path_regex}$", name=name
            )
        local = httpx.URL(self.endpoints.local_base)
        return self.route(
            method=method,
            host=local.host,
            path__regex=f"^/{re.escape(host)}{path_regex}$",
            name=name,
        )

    def api_path(self, request: httpx.Request) -> str:
        """The API path the client signed (without a simulator prefix)."""
        path = request.url.path
        if self.endpoints.local_base is not None:
            path = "/" + path.lstrip("/").partition("/")[2]
        return path

    @staticmethod
    def reply(body: dict[str, Any], status: int = 200) -> httpx.Response:
        """A JSON response."""
        return httpx.Response(status, json=body)

    def check_signature(self, request: httpx.Request) -> httpx.Response | None:
        """None when the request is correctly signed, else the cloud's error answer."""
        headers = request.headers
        nonce = headers.get("x-api-signature-nonce", "")
        expected = sign(
            self.region,
            method=request.method,
            path=self.api_path(request),
            query=canonicalize_received_query(request.url.query.decode()),
            body=request.content,
            nonce=nonce,
            timestamp=headers.get("x-timestamp", ""),
        )
        if headers.get("x-signature") != expected:
            return self.reply(envelope("1445", "Check signature error"))
        if nonce in self.seen_nonces:
            return self.reply(envelope("1443", "nonce repeated"))
        self.seen_nonces.add(nonce)
        self.signed_paths.append(self.api_path(request))
        return None

    def check_auth(self, request: httpx.Request, vin: str | None = None) -> httpx.Response | None:
        """Signature, then token, then (for per-VIN calls) vehicle selection."""
        refused = self.check_signature(request)
        if refused is not None:
            return refused
        if request.headers.get("authorization") != self.access_token or not self.token_valid:
            if not self.oauth_valid:
                return self.reply(envelope("1501", "main token expired"))
            return self.reply(load("pysmarthashtag/error_1402_token_expired.json"))
        if vin is not None and self.selected != vin:
            return self.reply(load("pysmarthashtag/error_8006_human_vehicle_relationship.json"))
        return None

    # -- session ---------------------------------------------------------------------------
    def add_session_routes(self) -> None:
        """Session exchange (POST) on both API hosts and the refresh PUT."""
        for host in ("api.ecloudeu.com", "apiv2.ecloudeu.com"):
            self.on("POST", host, "/auth/account/session/secure", f"exchange@{host}").mock(
                side_effect=self._exchange
            )
        self.on("PUT", "api.ecloudeu.com", "/auth/account/session/secure", "refresh").mock(
            side_effect=self._refresh
        )

    def _exchange(self, request: httpx.Request) -> httpx.Response:
        refused = self.check_signature(request)
        if refused is not None:
            return refused
        body = json.loads(request.content)
        if self.region is Region.INTL:
            accepted = body.get("authCode") == INTL_AUTH_CODE
        else:
            accepted = body.get("accessToken") == self.oauth_token and self.oauth_valid
        if not accepted:
            return self.reply(envelope("1501", "main token expired"))
        self.generation += 1
        self.token_valid = True
        answer = load("pysmarthashtag/auth_session_secure_eu.json")
        answer["data"]["accessToken"] = self.access_token
        answer["data"]["refreshToken"] = self.refresh_token
        return self.reply(answer)

    def _refresh(self, request: httpx.Request) -> httpx.Response:
        refused = self.check_signature(request)
        if refused is not None:
            return refused
        body = json.loads(request.content)
        if body != {"refreshToken": self.refresh_token, "proprietaryPlatform": "0"} or not (
            request.headers.get("x-client-id")
        ):
            return self.reply(envelope("1400", "Illegal parameter"))
        self.oauth_token = "st2.s.oauth-refreshed"
        self.oauth_valid = True
        return self.reply(envelope("1000", data={"accessToken": self.oauth_token}))

    # -- vehicles and status -----------------------------------------------------------------
    def add_vehicle_routes(self) -> None:
        """Vehicle list, selection, status and SoC (#5 only on apiv2)."""
        self.on("GET", "api.ecloudeu.com", "/device-platform/user/vehicle/secure", "vehicles").mock(
            side_effect=self._vehicles
        )
        for host in ("api.ecloudeu.com", "apiv2.ecloudeu.com"):
            self.on("POST", host, "/device-platform/user/session/update", f"select@{host}").mock(
                side_effect=self._select
            )
            self.on(
                "GET", host, r"/remote-control/vehicle/status/(?P<vin>\w{17})", f"status@{host}"
            ).mock(side_effect=self._status)
            self.on(
                "GET", host, r"/remote-control/vehicle/status/soc/(?P<vin>\w{17})", f"soc@{host}"
            ).mock(side_effect=self._soc)

    def _wrong_host(self, request: httpx.Request, vin: str) -> httpx.Response | None:
        on_v2 = "apiv2.ecloudeu.com" in str(request.url)
        if (vin == VIN5) != on_v2:
            return self.reply(
                envelope("8060", "The vehicle corresponding to the VIN does not exist")
            )
        return None

    def _vehicles(self, request: httpx.Request) -> httpx.Response:
        return self.check_auth(request) or self.reply(
            load("pysmarthashtag/device_platform_user_vehicle_secure.json")
        )

    def _select(self, request: httpx.Request) -> httpx.Response:
        refused = self.check_auth(request)
        if refused is not None:
            return refused
        body = json.loads(request.content)
        if body.get("sessionToken") != self.access_token:
            return self.reply(envelope("1402", "Token expired"))
        self.selected = body["vin"]
        return self.reply(envelope("1000", data=None))

    def _status(self, request: httpx.Request, vin: str) -> httpx.Response:
        return (
            self._wrong_host(request, vin)
            or self.check_auth(request, vin)
            or self.reply(copy.deepcopy(self.status_body))
        )

    def _soc(self, request: httpx.Request, vin: str) -> httpx.Response:
        return (
            self._wrong_host(request, vin)
            or self.check_auth(request, vin)
            or self.reply(self.soc_body)
        )

    # -- commands --------------------------------------------------------------------------
    def add_command_routes(self) -> None:
        """Telematics PUTs and the journal toggle, recorded in `self.commands`."""
        for host in ("api.ecloudeu.com", "apiv2.ecloudeu.com"):
            for path, name in (
                (r"/remote-control/vehicle/telematics/(?P<vin>\w{17})", "telematics"),
                (r"/remote-control/vehicle/status/journalLog/(?P<vin>\w{17})", "journal"),
            ):
                self.on("PUT", host, path, f"{name}@{host}").mock(side_effect=self._command)

    def _command(self, request: httpx.Request, vin: str) -> httpx.Response:
        refused = self._wrong_host(request, vin) or self.check_auth(request, vin)
        if refused is not None:
            return refused
        body = json.loads(request.content)
        self.commands.append((request.method, self.api_path(request), body))
        answer = load("pysmarthashtag/telematics_put_rcs_success.json")
        answer["data"]["serviceId"] = body.get("serviceId")
        answer["data"]["vin"] = vin
        return self.reply(answer)

    # -- logins ----------------------------------------------------------------------------
    def add_eu_login_routes(self, email: str = EMAIL, password: str = PASSWORD) -> None:
        """The EU web login chain, accepting exactly `email`/`password`."""
        redirects = load("derived/eu_oidc_redirect_locations.json")
        oidc = f"/oidc/op/v1.0/{re.escape(GIGYA_API_KEY)}"
        self.on("GET", "awsapi.future.smart.com", "/login-app/api/v1/authorize", "authorize").mock(
            return_value=httpx.Response(
                302,
                headers={
                    "location": f"https://auth.smart.com/oidc/op/v1.0/{GIGYA_API_KEY}/authorize?client_id=SeQMUFqDOSuEF0Iqi5bB2Dco"
                },
            )
        )
        self.on("GET", "auth.smart.com", f"{oidc}/authorize", "oidc-authorize").mock(
            return_value=httpx.Response(302, headers={"location": redirects["auth_context"]})
        )
        self.on("GET", "socialize.eu1.gigya.com", "/socialize.getIDs", "getIDs").mock(
            return_value=httpx.Response(
                200, json={"errorCode": 0, "gmid": "gmid.ver4.test", "ucid": "ucid-test"}
            )
        )

        def accounts_login(request: httpx.Request) -> httpx.Response:
            form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
            if "gmid=gmid.ver4.test" not in request.headers.get("cookie", ""):
                return httpx.Response(
                    200,
                    json={
                        "errorCode": 400006,
                        "errorMessage": "Invalid parameter value",
                        "errorDetails": "Your request is blocked because of security issues",
                    },
                )
            if form.get("loginID") != email or form.get("password") != password:
                return httpx.Response(
                    200,
                    json={
                        "errorCode": 403042,
                        "errorMessage": "Invalid LoginID",
                        "errorDetails": "invalid loginID or password",
                    },
                )
            return httpx.Response(200, json=load("pysmarthashtag/eu_gigya_accounts_login.json"))

        self.on("POST", "auth.smart.com", "/accounts.login", "accounts.login").mock(
            side_effect=accounts_login
        )
        login_token = load("pysmarthashtag/eu_gigya_accounts_login.json")["sessionInfo"][
            "login_token"
        ]
        mobile_token = parse_qs(redirects["auth_result"].split("?", 1)[1])["access_token"][0]

        def continue_(request: httpx.Request) -> httpx.Response:
            if f"glt_{GIGYA_API_KEY}={login_token}" not in request.headers.get("cookie", ""):
                return httpx.Response(
                    302,
                    headers={
                        "location": "https://app.id.smart.com/proxy?mode=error&errorCode=403005&errorMessage=Unauthorized+user"
                    },
                )
            self.oauth_token = mobile_token
            self.oauth_valid = True
            return httpx.Response(302, headers={"location": redirects["auth_intermediate"]})

        self.on("GET", "auth.smart.com", f"{oidc}/authorize/continue", "continue").mock(
            side_effect=continue_
        )
        self.on("GET", "awsapi.future.smart.com", "/login-app/api/v1/FinalPage", "final").mock(
            return_value=httpx.Response(302, headers={"location": redirects["auth_result"]})
        )

    def add_intl_login_routes(self, email: str = EMAIL, password: str = PASSWORD) -> None:
        """The INTL IAM login, accepting exactly `email`/`password`."""

        def iam_login(request: httpx.Request) -> httpx.Response:
            body = json.loads(request.content)
            if body != {"email": email, "password": password}:
                return httpx.Response(
                    200,
                    json={
                        "code": "1001",
                        "message": "Incorrect account or password",
                        "result": None,
                    },
                )
            return httpx.Response(
                200,
                json={
                    "code": "200",
                    "message": "Operation is Successful",
                    "result": {
                        "accessToken": "iam-access",
                        "refreshToken": "iam-refresh",
                        "idToken": "iam-id",
                        "userId": "556677",
                        "expiresIn": 86400,
                    },
                },
            )

        def iam_authorize(request: httpx.Request) -> httpx.Response:
            if (
                request.url.params.get("accessToken") != "iam-access"
                or request.headers.get("xs-auth-token") != "iam-id"
            ):
                return httpx.Response(
                    200, json={"code": "401", "message": "token invalid", "result": None}
                )
            return httpx.Response(
                200,
                json={
                    "code": "200",
                    "message": "Operation is Successful",
                    "result": INTL_AUTH_CODE,
                },
            )

        self.on("POST", "sg-app-api.smart.com", "/iam/service/api/v1/login", "iam-login").mock(
            side_effect=iam_login
        )
        self.on(
            "GET", "sg-app-api.smart.com", "/iam/service/api/v1/oauth20/authorize", "iam-authorize"
        ).mock(side_effect=iam_authorize)
