"""The INTL IAM login on `sg-app-api.smart.com` (REFERENCE §5.3): `POST .../login` with
e-mail and password, then `GET .../oauth20/authorize` (with `Xs-Auth-Token: <idToken>`) for the
one-time auth code that the session exchange on apiv2 accepts. Envelope: `code` "200" with the
payload under `result`. The error code and wording for a wrong password are inferred."""

from __future__ import annotations

import json
import secrets

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.simulator.guard import endpoint
from bot.simulator.middleware import raw_body
from bot.simulator.state import CloudState, new_jwt
from bot.smart.const import PATH_INTL_AUTHORIZE, PATH_INTL_LOGIN, Region

IAM_LIFETIME = 86_400.0
AUTH_CODE_LIFETIME = 300.0


def _iam(code: str, message: str, result: object) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, "result": result})


def routes(state: CloudState) -> list[Route]:
    """Routes for `sg-app-api.smart.com`."""

    def login(request: Request) -> Response:
        try:
            body = json.loads(raw_body(request) or b"null")
        except ValueError:
            body = None
        if not isinstance(body, dict) or not body.get("email") or not body.get("password"):
            return _iam("400", "Parameter error", None)
        account = state.accounts.get(str(body["email"]).strip().lower())
        if (
            account is None
            or account.region is not Region.INTL
            or account.password != body["password"]
        ):
            return _iam("1002", "The account or password is incorrect", None)
        access = state.grant(state.iam_tokens, secrets.token_hex(32), account, IAM_LIFETIME)
        id_token = new_jwt({"sub": account.uid, "exp": int(state.now() + IAM_LIFETIME)})
        state.grant(state.iam_tokens, id_token, account, IAM_LIFETIME)
        result = {
            "accessToken": access,
            "refreshToken": secrets.token_hex(32),
            "idToken": id_token,
            "userId": account.uid,
            "expiresIn": int(IAM_LIFETIME),
        }
        return _iam("200", "Operation is Successful", result)

    def authorize(request: Request) -> Response:
        access = request.query_params.get("accessToken", "")
        id_token = request.headers.get("xs-auth-token", "")
        grant = state.valid_grant(state.iam_tokens, access, consume=False)
        id_grant = state.valid_grant(state.iam_tokens, id_token, consume=False)
        if grant is None or id_grant is None or id_grant.account is not grant.account:
            return _iam("401", "Unauthorized", None)
        code = state.grant(
            state.auth_codes, "CODE-" + secrets.token_hex(12), grant.account, AUTH_CODE_LIFETIME
        )
        return _iam("200", "Operation is Successful", code)

    return [
        Route(PATH_INTL_LOGIN, endpoint(state, login), methods=["POST"]),
        Route(PATH_INTL_AUTHORIZE, endpoint(state, authorize), methods=["GET"]),
    ]
