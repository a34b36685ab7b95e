"""The cloud's memory: accounts, their cars, issued tokens and sessions, seen nonces.

Every handler and every scenario helper works under `CloudState.lock` (an `RLock`), so the
simulator can serve HTTP in a uvicorn thread while a test mutates cars from its own thread.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, fields
from typing import Any

from bot.simulator.clock import Clock
from bot.simulator.model import VehicleState
from bot.simulator.physics import settle
from bot.simulator.timer_state import SimCarTimers
from bot.smart.const import Region


@dataclass(slots=True)
class SimConfig:
    """Tunable behaviour. Times in seconds."""

    command_delay: float = 3.0
    token_lifetime: float = 4_579_200.0
    oauth_lifetime: float = 604_800.0
    timestamp_skew: float = 300.0
    latency: float = 0.0
    climate_minutes: float = 15.0
    # An RCE_2 command the cloud accepts within this many seconds of the previous one is
    # ignored by the car (SmartHashtag #129; the window is our guess, the bot waits 5 s).
    rce_ignore_seconds: float = 5.0

    def update(self, values: dict[str, Any]) -> None:
        """Set the named fields (unknown names raise `KeyError`)."""
        for key, value in values.items():
            if key not in {f.name for f in fields(self)}:
                raise KeyError(key)
            setattr(self, key, float(value))


@dataclass(slots=True)
class Account:
    """One cloud user with password, region and cars (in vehicle-list order)."""

    email: str
    password: str
    region: Region
    user_id: str
    uid: str
    vehicles: dict[str, VehicleState] = field(default_factory=dict)
    selected_vin: str | None = None


@dataclass(slots=True)
class Grant:
    """An issued credential that names an account and expires (OAuth token, code, ...)."""

    account: Account
    expires_at: float
    used: bool = False


@dataclass(slots=True)
class ApiSession:
    """A session from `/auth/account/session/secure`: the `authorization` token and friends."""

    account: Account
    region: Region
    access_token: str
    refresh_token: str
    client_id: str
    expires_at: float
    refresh_used: bool = False
    # VINs whose trip journal this session was granted (`authorization/insert`).
    journal_grants: set[str] = field(default_factory=set)


def new_token(prefix: str = "st2.s.") -> str:
    """An opaque Gigya-style token (`st2.s.…`)."""
    return prefix + secrets.token_urlsafe(48)


def new_jwt(claims: dict[str, Any], alg: str = "HS256") -> str:
    """A JWT-shaped opaque token (not verifiable; the cloud's tokens look like this)."""

    def part(obj: dict[str, Any]) -> str:
        raw = json.dumps(obj, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    signature = base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
    return f"{part({'alg': alg})}.{part(claims)}.{signature}"


class CloudState:
    """All mutable simulator state plus the clock and config it is read against."""

    def __init__(self, clock: Clock, config: SimConfig) -> None:
        self.clock = clock
        self.config = config
        self.lock = threading.RLock()
        self.accounts: dict[str, Account] = {}
        self.oauth_tokens: dict[str, Grant] = {}
        self.login_tokens: dict[str, Grant] = {}
        self.oidc_codes: dict[str, Grant] = {}
        self.auth_codes: dict[str, Grant] = {}
        self.iam_tokens: dict[str, Grant] = {}
        self.oidc_contexts: dict[str, float] = {}
        self.gmids: set[str] = set()
        self.sessions: dict[str, ApiSession] = {}
        self.refresh_tokens: dict[str, ApiSession] = {}
        self.nonces: OrderedDict[str, float] = OrderedDict()  # oldest first
        self.car_timers: dict[str, SimCarTimers] = {}
        self._next_user_id = 112233

    def now(self) -> float:
        """The simulator's current time."""
        return self.clock.now()

    def add_account(self, email: str, password: str, region: Region) -> Account:
        """Create an account (e-mail is matched case-insensitively)."""
        with self.lock:
            key = email.strip().lower()
            if key in self.accounts:
                msg = f"account {email} exists"
                raise ValueError(msg)
            self._next_user_id += 1
            account = Account(
                email, password, region, str(self._next_user_id), secrets.token_hex(16)
            )
            self.accounts[key] = account
            return account

    def account(self, email: str) -> Account:
        """The account for `email`; `KeyError` if unknown."""
        return self.accounts[email.strip().lower()]

    def add_vehicle(self, account: Account, vehicle: VehicleState) -> VehicleState:
        """Give `account` a car; the car's clocks start now."""
        with self.lock:
            if self.find_vehicle(vehicle.vin) is not None:
                msg = "VIN already in use"
                raise ValueError(msg)
            now = self.now()
            vehicle.region = account.region
            vehicle.settled_at = now
            vehicle.touch(vehicle.updated_at or now)
            vehicle.park_time = vehicle.park_time or now - 3600
            account.vehicles[vehicle.vin] = vehicle
            return vehicle

    def find_vehicle(self, vin: str) -> VehicleState | None:
        """The car with `vin` in any account, or None."""
        for account in self.accounts.values():
            if vin in account.vehicles:
                return account.vehicles[vin]
        return None

    def owner(self, vin: str) -> Account | None:
        """The account that owns `vin`."""
        for account in self.accounts.values():
            if vin in account.vehicles:
                return account
        return None

    def vehicle(self, vin: str) -> VehicleState:
        """The car with `vin`, brought up to the current time; `KeyError` if unknown."""
        with self.lock:
            vehicle = self.find_vehicle(vin)
            if vehicle is None:
                raise KeyError(vin)
            settle(vehicle, self.now())
            return vehicle

    def settle_all(self) -> None:
        """Bring every car up to the current time."""
        with self.lock:
            now = self.now()
            for account in self.accounts.values():
                for vehicle in account.vehicles.values():
                    settle(vehicle, now)

    def grant(self, table: dict[str, Grant], token: str, account: Account, lifetime: float) -> str:
        """Record `token` for `account` in `table`, valid for `lifetime` seconds."""
        table[token] = Grant(account, self.now() + lifetime)
        return token

    def valid_grant(self, table: dict[str, Grant], token: str, *, consume: bool) -> Grant | None:
        """The live, unused grant for `token` (marked used when `consume`), else None."""
        grant = table.get(token)
        if grant is None or grant.used or grant.expires_at <= self.now():
            return None
        if consume:
            grant.used = True
        return grant

    def open_session(self, account: Account, region: Region, client_id: str = "") -> ApiSession:
        """Issue a new API session for `account`."""
        now = self.now()
        client = client_id or ("APPLE0000APP00IPHONE" + secrets.token_hex(6).upper())
        access = new_jwt(
            {
                "uid": account.user_id,
                "clientId": client,
                "moduleType": "mobile",
                "appId": "SmartAPPEU" if region is Region.EU else "SMARTAPP-ISRAEL",
                "businessId": "",
                "exp": int(now + self.config.token_lifetime),
                "env": "production",
                "jti": secrets.token_hex(8),
            }
        )
        refresh = base64.b64encode(secrets.token_hex(16).upper().encode()).decode()
        session = ApiSession(
            account, region, access, refresh, client, now + self.config.token_lifetime
        )
        self.sessions[access] = session
        self.refresh_tokens[refresh] = session
        return session

    def expire_sessions(self, account: Account | None = None) -> int:
        """Make API access tokens expire now (all, or one account's); returns how many."""
        with self.lock:
            now = self.now()
            count = 0
            for session in self.sessions.values():
                if account is None or session.account is account:
                    session.expires_at = min(session.expires_at, now)
                    count += 1
            return count

    def remember_nonce(self, nonce: str) -> bool:
        """Record a nonce; False if it was already seen inside the replay window.

        The nonces are kept oldest first and forgotten from the front once outside the
        window: constant work per request at any rate (it used to rebuild the whole
        memory on every request once it held 10,000, 2 ms a request at 33 a second)."""
        now = self.now()
        window = 2 * self.config.timestamp_skew
        nonces = self.nonces
        while nonces and now - next(iter(nonces.values())) >= window:
            nonces.popitem(last=False)
        seen = nonces.get(nonce)
        if seen is not None and now - seen < window:
            return False
        nonces[nonce] = now
        nonces.move_to_end(nonce)  # (a clock set back could leave an old one behind it)
        return True
