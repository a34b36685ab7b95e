"""On the simulator, on the manual clock: an AC and a DC session each end with one summary
and a chart whose numbers match the scenario; a drive ends with a summary once the owner
turned drive summaries on in /alerts."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from bot.app import post_init
from bot.poller.runtime import PollerRuntime
from tests.tg.conftest import ADMIN, VIN_1, Bot
from tests.tg.harness import Call


async def _runtime(bot: Bot) -> PollerRuntime:
    bot.services.run_poller = True
    await post_init(bot.app)
    runtime = bot.services.runtime
    assert runtime is not None
    await runtime.stop()  # the ticks are driven by hand
    await runtime.poller.tick()  # the first look
    return runtime


async def _run(bot: Bot, runtime: PollerRuntime, minutes: int) -> None:
    """Let `minutes` pass a minute at a time, polling what is due and sending the outbox."""
    for _ in range(minutes):
        bot.advance(60)
        await runtime.poller.tick()
        await runtime.sender.run_once()


def _summaries(bot: Bot, header: str) -> list[Call]:
    calls = bot.api.of("sendPhoto", "sendMessage")
    return [c for c in calls if header in str(c.params.get("caption") or c.params.get("text"))]


def _number(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    assert match is not None, text
    return float(match.group(1).replace(",", "."))


def _png(call: Call) -> Image.Image:
    files = call.params["_files"]
    (_, payload, _) = next(iter(files.values()))
    return Image.open(io.BytesIO(payload))


@pytest.mark.parametrize(
    ("dc", "minutes", "kwh"),
    [
        (False, 100, 0.5 * 66.0),  # 40 -> 90 % at 22 kW on 66 kWh: 33 kWh in 90 min
        (True, 30, 0.5 * 66.0),  # the same at 150 kW: 13.2 min
    ],
    ids=["ac", "dc"],
)
async def test_a_charging_session_ends_with_one_summary_and_a_chart_that_match_it(
    logged_in: Bot, dc: bool, minutes: int, kwh: float
) -> None:
    runtime = await _runtime(logged_in)
    logged_in.sim.drain_battery(VIN_1, 40)
    await _run(logged_in, runtime, 6)
    logged_in.sim.plug_in(VIN_1, dc=dc)
    await _run(logged_in, runtime, minutes)
    logged_in.sim.unplug(VIN_1)
    await _run(logged_in, runtime, 10)
    await _run(logged_in, runtime, 60)  # seen again later: still one summary

    (summary,) = _summaries(logged_in, "Charging session ended")
    assert summary.method == "sendPhoto"
    assert summary.params["chat_id"] == ADMIN
    caption = str(summary.params["caption"])
    assert "40 → 90 %" in caption
    assert ("DC" in caption) is dc
    assert _number(r"([\d.,]+) kWh added \(measured\)", caption) == pytest.approx(kwh, abs=1.0)
    peak = _number(r"peak ([\d.,]+) kW", caption)
    # DC power is the cloud's current times an estimated pack voltage: close to 150 kW.
    assert peak == pytest.approx(150.0 if dc else 22.0, rel=0.02)
    image = _png(summary)
    assert image.size == (1200, 675)
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 20  # not blank


async def test_a_drive_summary_comes_only_after_the_owner_turned_it_on(logged_in: Bot) -> None:
    runtime = await _runtime(logged_in)
    logged_in.sim.start_driving(VIN_1)
    await _run(logged_in, runtime, 10)
    logged_in.sim.drive(VIN_1, 12.0)
    await _run(logged_in, runtime, 10)
    assert _summaries(logged_in, "Drive ended") == []  # off by default

    await logged_in.send("/alerts")
    toggle = next(d for d in logged_in.buttons("at") if d.endswith("drive_summary"))
    await logged_in.press(toggle)
    logged_in.sim.start_driving(VIN_1)
    await _run(logged_in, runtime, 15)
    logged_in.sim.drive(VIN_1, 20.0)
    await _run(logged_in, runtime, 10)

    (summary,) = _summaries(logged_in, "Drive ended")
    text = summary.text
    assert _number(r"📏 ([\d.,]+) km", text) == pytest.approx(20.0, abs=0.1)
    # 20 km at 16.5 kWh/100 km = 3.3 kWh, seen as whole percent of a 62 kWh pack.
    assert _number(r"· ([\d.,]+) kWh ·", text) == pytest.approx(3.3, abs=0.7)
