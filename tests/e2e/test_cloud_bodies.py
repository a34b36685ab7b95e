"""Cloud answers the client cannot read: JSON nested 100,000 levels deep and bytes that are
not UTF-8 are cloud errors with a clear message, for /status and for the poller alike, never
a `RecursionError`, an apology with an error id or an "unexpected" poll failure."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.e2e.cloud_proxy import DEEP_JSON, NOT_UTF8, CloudProxy
from tests.e2e.harness import ADMIN, PROBE, VIN_1, World, login

pytestmark = pytest.mark.slow
STATUS_PATH = "/remote-control/vehicle/status/"


@pytest.mark.parametrize("body", [DEEP_JSON, NOT_UTF8], ids=["deep", "not-utf8"])
async def test_an_unreadable_cloud_answer_is_a_cloud_error(world: World, body: bytes) -> None:
    async with CloudProxy(world.cloud.base_url) as proxy:
        bot = await world.start_bot(SMART_CLOUD_URL=proxy.base_url)
        owner, probe = world.user(ADMIN), world.user(PROBE)
        await login(owner)
        await world.first_poll_stored(VIN_1)
        probe_mark = probe.mark()
        proxy.poison(STATUS_PATH, body, count=1000)
        reply = await owner.ask("/status", timeout=30)
        assert "went wrong" not in reply.text, reply.text

        async def three_reads() -> bool:
            if proxy.served >= 3:
                return True
            # A failed poll backs the account off for 15-30 s: moved to now, not slept through.
            now = datetime.now(UTC).replace(tzinfo=None)
            await world.sql("UPDATE smart_accounts SET backoff_until = :now", now=now)
            await world.sql(
                "UPDATE vehicle_state SET next_poll_at = :now WHERE next_poll_at > :now", now=now
            )
            return False

        await world.wait_until(three_reads, timeout=40, every=0.5, what="three poisoned reads")

        async def failure_recorded() -> bool:
            return bool((await world.car_state(VIN_1)).get("last_error"))

        await world.wait_until(failure_recorded, timeout=30, what="the poll failure to be stored")
        await world.handled()
        log = bot.log_text()
        assert "RecursionError" not in log
        assert "unexpectedly" not in log
        assert "Traceback" not in log
        assert [m for m in probe.bot_messages(probe_mark) if "Error" in m.text] == []
        state = await world.car_state(VIN_1)
        assert "RecursionError" not in str(state["last_error"])
