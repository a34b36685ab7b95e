"""Journey 11: two bot replicas in webhook mode behind one load balancer, on one PostgreSQL
database. Updates go to the replicas in turn (so the /login conversation hops between them),
both run the poller and the outbox sender, yet each car is polled once per period and each
alert is sent once."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.db_fixtures import create_postgres_database, drop_postgres_database, postgres_admin_url
from tests.e2e.cloud import status_requests
from tests.e2e.fake_telegram import free_port
from tests.e2e.harness import (
    ADMIN,
    SESSION_SECRETS,
    VIN_1,
    VIN_5,
    BotProcess,
    World,
    alert_texts,
    login,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
IDLE_SECONDS = 5  # POLL_INTERVAL_IDLE of the harness


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A brand-new PostgreSQL database for this test, dropped afterwards."""
    admin = postgres_admin_url()
    if admin is None:
        pytest.skip("two replicas need PostgreSQL: set TEST_POSTGRES_URL")
    url = create_postgres_database(admin)
    yield url
    drop_postgres_database(admin, url)


@pytest.fixture
async def pg_world(tmp_path: Path, postgres_url: str) -> AsyncIterator[World]:
    """A world whose bots share one PostgreSQL database."""
    async with World.open(tmp_path, database_url=postgres_url) as opened:
        yield opened


async def _replicas(world: World, count: int) -> list[BotProcess]:
    secret = secrets.token_urlsafe(24)
    SESSION_SECRETS.add(secret)
    ports = [free_port() for _ in range(count)]
    world.tg.use_webhook([f"http://127.0.0.1:{port}/telegram" for port in ports], secret)
    return [
        await world.start_bot(
            f"replica-{index}",
            webhook_port=port,
            TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram",
            TELEGRAM_WEBHOOK_SECRET=secret,
            WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(port),
        )
        for index, port in enumerate(ports, start=1)
    ]


def _successful_reads(world: World, vin: str) -> list[float]:
    return [entry.at for entry in status_requests(world.sim, vin) if entry.code == "1000"]


async def _read_successfully(world: World, vin: str, *, times: int) -> None:
    await world.wait_until(
        lambda: len(_successful_reads(world, vin)) >= times,
        timeout=15 + 12 * times,
        what=f"{times} status reads of …{vin[-4:]}",
    )


def _gaps(vin: str, world: World) -> list[float]:
    # Successful reads only: when the replicas take turns on an account, each one's memory of
    # the account's selected car is stale, the cloud answers the first read with 8006, and the
    # client re-selects and reads again: one poll, two requests.
    times = _successful_reads(world, vin)
    return [later - earlier for earlier, later in itertools.pairwise(times)]


async def test_two_replicas_poll_each_car_once_per_period_and_send_each_alert_once(
    pg_world: World,
) -> None:
    world = pg_world
    replicas = await _replicas(world, 2)
    user = world.user(ADMIN)
    await login(user)  # its updates alternate between the replicas
    served = {url for url, _update in world.tg.webhook_deliveries}
    assert len(served) == 2, "both replicas took part in the conversation"
    await world.first_poll_stored(VIN_1)
    await world.first_poll_stored(VIN_5)
    world.sim.clear_requests()

    for vin in (VIN_1, VIN_5):
        await _read_successfully(world, vin, times=3)
    for vin in (VIN_1, VIN_5):
        gaps = _gaps(vin, world)
        assert gaps, f"{vin[-4:]} was polled"
        assert min(gaps) > IDLE_SECONDS - 1, f"…{vin[-4:]} polled twice in a period: {gaps}"

    world.sim.open_door(VIN_1, "driver")
    await user.wait_message("Opened while parked", timeout=30)
    world.sim.open_door(VIN_1, "trunk")
    await user.wait_message("Trunk opened", timeout=30)
    await world.polled_since(VIN_1, 1)
    alerts = alert_texts(user)
    assert len(alerts) == 2, alerts
    for replica in replicas:
        assert replica.running, replica.log_tail()
        assert "poller" in replica.log_text()
