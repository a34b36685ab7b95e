"""Bad input, property-based: thousands of random command texts and button presses, and
mutated status payloads from the cloud.

These run in-process (the real `Application` with the offline recording Bot API and the
simulator over ASGI, see `tests/tg/conftest.py`): the properties are about handler logic, and
thousands of updates through a process would take minutes. The properties:

- every message gets a reply or a clear refusal, every button press exactly one answer, and no
  update ends in the "something went wrong" apology;
- invalid input sends nothing to the cloud;
- whatever the cloud's status looks like (keys dropped, types changed, empty strings, huge
  numbers), the poller, the alerts and /status keep working and send valid messages.
"""

from __future__ import annotations

import json
import logging
import string
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text, update

from bot.poller.sender import OutboxSender
from bot.poller.tick import Poller
from bot.storage import repo_vehicles
from bot.storage.tables import VehicleState
from bot.tg.handlers import all_handlers
from bot.tg.keyboards import Op
from bot.tg.notifier import TelegramNotifier
from bot.tg.parsing import PARSERS
from tests.e2e.cloud import cloud_secrets
from tests.e2e.harness import SESSION_SECRETS
from tests.e2e.status_mutations import MUTATIONS, StatusRewriter, mutate
from tests.tg.conftest import ADMIN, STRANGER, Bot
from tests.tg.harness import Call

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures/smart/status"
APOLOGY = "something went wrong"
REPLIES = ("sendMessage", "sendPhoto", "editMessageText", "sendLocation", "deleteMessage")
COMMANDS = sorted(
    {name for h in all_handlers() for name in getattr(h, "commands", ())} | set(PARSERS)
)
WORDS = [
    "on", "off", "22", "45", "16", "30", "abc", "limit", "42", "80", "start", "stop", "driver",
    "passenger", "wheel", "3", "9", "-1", "1e9", "0x10", "NaN", "inf", "<b>", "&amp;", "#1", "#5",
    "Blue", "Black", "B-SM 101", "open", "close", "vent", "lock", "unlock", "battery", "quiet",
    "22:00-07:00", "999999999999999999999", "2002", "🚗", "ÄÖÜ",
]  # fmt: skip

_arg = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
_command = st.builds(
    lambda name, args: " ".join([f"/{name}", *args]),
    st.sampled_from(COMMANDS),
    st.lists(_arg.filter(lambda a: a.strip() != ""), max_size=4),
)
_junk_command = st.builds(
    lambda name, rest: f"/{name} {rest}".strip(),
    st.text(alphabet=string.ascii_letters + string.digits + "_@", min_size=1, max_size=20),
    st.text(max_size=30),
)
_plain = st.text(min_size=1, max_size=60).filter(lambda t: t.strip() and not t.startswith("/"))
TEXTS = st.one_of(_command, _command, _command, _junk_command, _plain)


@pytest.fixture
def database_url(_databases: Any) -> str:
    """Property tests run on SQLite only (the journeys cover PostgreSQL where it matters)."""
    return str(_databases.migrated("sqlite"))


class Quiet:
    """A fixture value with a short repr: hypothesis prints the arguments of a failing example,
    and the application's repr is long (and shows the test token)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"<{type(self.value).__name__}>"


@pytest.fixture
def app(logged_in: Bot, settings: Any) -> Iterator[Quiet]:
    """The logged-in application; its Fernet key and the cloud's tokens join the secrets that
    the log scan looks for."""
    SESSION_SECRETS.update(key.get_secret_value() for key in settings.fernet_keys)
    yield Quiet(logged_in)
    SESSION_SECRETS.update(cloud_secrets(logged_in.sim))


def _commands_sent(bot: Bot) -> int:
    return sum(1 for e in bot.sim.requests if "/telematics/" in e.path)


def _invalid(text: str) -> bool:
    """True when the bot must refuse the text's arguments before contacting the cloud."""
    words = text.split()
    name = words[0].lstrip("/").split("@", 1)[0].casefold()
    parser: Callable[[list[str]], Any] | None = PARSERS.get(name)
    if parser is None:
        return False
    try:
        parser(words[1:])
    except Exception:
        return True
    return False


def _check_answered(calls: list[Call], what: str) -> None:
    replies = [c for c in calls if c.method in REPLIES]
    assert replies, f"no reply to {what!r}"
    texts = " ".join(c.text for c in calls).lower()
    assert APOLOGY not in texts, f"{what!r} ended in an unexpected error: {texts[:300]}"
    assert all(c.result is not None for c in replies), f"Telegram refused a reply to {what!r}"


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(texts=st.lists(TEXTS, min_size=1, max_size=10))
async def test_random_commands_always_get_a_reply_and_invalid_ones_reach_no_car(
    app: Quiet, texts: list[str]
) -> None:
    logged_in: Bot = app.value
    for message in texts:
        before = _commands_sent(logged_in)
        calls = await logged_in.send(message)
        _check_answered(calls, message)
        if _invalid(message):
            assert _commands_sent(logged_in) == before, f"{message!r} reached the cloud"
        logged_in.advance(7)  # past the command cool-down


_op = st.sampled_from([op.value for op in Op] + ["zz", "LK", "l", "lkk"])
_opaque = st.one_of(
    st.integers(min_value=-5, max_value=10**19).map(str),
    st.text(alphabet=string.ascii_letters + string.digits + "_-", min_size=1, max_size=43),
    st.sampled_from(["EU", "INTL", "en", "de", "0", "1", "2", "3", "999999", "' OR 1=1 --"]),
)
_forged = st.builds(
    lambda v, op, arg: f"{v}:{op}:{arg}", st.sampled_from(["v1", "v0", "v2"]), _op, _opaque
)
PAYLOADS = st.one_of(_forged, _forged, st.text(min_size=1, max_size=80))


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    presses=st.lists(
        st.tuples(PAYLOADS, st.sampled_from([ADMIN, ADMIN, ADMIN, STRANGER])),
        min_size=1,
        max_size=10,
    )
)
async def test_random_button_payloads_are_answered_once_and_act_only_on_own_cars(
    app: Quiet, presses: list[tuple[str, int]]
) -> None:
    logged_in: Bot = app.value
    own = {
        str(car.id) for car in await repo_vehicles.list_user_vehicles(logged_in.db, user_id=ADMIN)
    }
    acting = {Op.LOCK, Op.CLIMATE_ON, Op.CLIMATE_OFF, Op.CHARGE_START, Op.CHARGE_STOP, Op.WARM}
    for data, user in presses:
        before = _commands_sent(logged_in)
        calls = await logged_in.press(data, user=user)
        answers = [c for c in calls if c.method == "answerCallbackQuery"]
        assert len(answers) == 1, f"{data!r} was answered {len(answers)} times"
        texts = " ".join(c.text for c in calls).lower()
        assert APOLOGY not in texts, f"{data!r} ended in an unexpected error"
        parts = data.split(":")
        may_act = (
            user == ADMIN
            and len(parts) == 3
            and parts[0] == "v1"
            and parts[2] in own
            and parts[1] in {op.value for op in acting}
        )
        if not may_act:
            assert _commands_sent(logged_in) == before, f"{data!r} from {user} reached the cloud"
        logged_in.advance(7)


def _seed_bodies() -> list[dict[str, Any]]:
    return [json.loads(path.read_text()) for path in sorted(FIXTURES.glob("*.json"))]


@pytest.fixture
def rewriter(sim: Any) -> Quiet:
    """The simulator's status answers pass through a rewriter that mutates them."""
    wrapped = StatusRewriter(sim.app, seeds=_seed_bodies())
    sim.app = wrapped
    return Quiet(wrapped)


@pytest.fixture
def warnings_and_errors(caplog: pytest.LogCaptureFixture) -> Quiet:
    """The log records of the test, from WARNING up."""
    caplog.set_level(logging.WARNING)
    return Quiet(caplog)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(min_value=0, max_value=10),
    changes=st.lists(
        st.tuples(st.integers(min_value=0, max_value=10**6), st.sampled_from(MUTATIONS)),
        min_size=1,
        max_size=12,
    ),
)
async def test_mutated_status_payloads_never_break_the_poller_alerts_or_status(
    rewriter: Quiet,
    app: Quiet,
    warnings_and_errors: Quiet,
    seed: int,
    changes: list[tuple[int, str]],
) -> None:
    logged_in: Bot = app.value
    caplog: pytest.LogCaptureFixture = warnings_and_errors.value
    services = logged_in.services
    rewriter.value.mutation = lambda body: mutate(body, changes)
    rewriter.value.seed = seed
    poller = Poller(
        db=logged_in.db, clients=services.clients, settings=services.settings, clock=services.now
    )
    sender = OutboxSender(
        db=logged_in.db,
        notifier=TelegramNotifier(logged_in.app.bot, logged_in.db),
        clock=services.now,
    )
    caplog.clear()
    async with logged_in.db.session() as session:  # a failed example must not pause the next
        await session.execute(text("UPDATE smart_accounts SET backoff_until = NULL"))
        await session.execute(update(VehicleState).values(next_poll_at=services.now()))
    report = await poller.tick()  # never raises; a failure of the account skips its other car
    assert report.claimed == 0 or 1 <= report.polled + report.failed <= report.claimed
    before = len(logged_in.api.calls)
    await sender.run_once()
    for call in logged_in.api.calls[before:]:
        assert call.result is not None, f"Telegram refused an alert: {call.text[:200]}"
    calls = await logged_in.send("/status")
    _check_answered(calls, "/status")
    broken = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not broken, [r.getMessage() for r in broken]
    logged_in.advance(10)
