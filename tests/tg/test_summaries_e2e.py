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
from bot.simulator import journeys
from bot.simulator.journeys import ChargeStory
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
    assert runtime.sender is not None
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


def _minutes(text: str) -> int:
    match = re.search(r"⏱ (?:(\d+) h )?(\d+) min", text)
    assert match is not None, text
    return int(match.group(1) or 0) * 60 + int(match.group(2))


def _png(call: Call) -> Image.Image:
    files = call.params["_files"]
    (_, payload, _) = next(iter(files.values()))
    return Image.open(io.BytesIO(payload))


async def _story(bot: Bot, dc: bool) -> ChargeStory:
    runtime = await _runtime(bot)

    async def wait(seconds: float) -> None:
        await _run(bot, runtime, int(seconds // 60))

    story = await (journeys.dc_session if dc else journeys.ac_session)(bot.sim, VIN_1, wait)
    await _run(bot, runtime, 10)
    await _run(bot, runtime, 60)  # seen again later: still one summary
    return story


@pytest.mark.parametrize("dc", [False, True], ids=["ac with a pause", "dc"])
async def test_a_charging_session_ends_with_one_summary_and_a_chart_that_match_it(
    logged_in: Bot, dc: bool
) -> None:
    story = await _story(logged_in, dc)

    (summary,) = _summaries(logged_in, "Charging session ended")
    (listing,) = await logged_in.send("/charges")  # and the history keeps it
    assert f"{story.start_soc:.0f} → {story.end_soc:.0f} %" in listing.text.splitlines()[1]
    assert summary.method == "sendPhoto"
    assert summary.params["chat_id"] == ADMIN
    caption = str(summary.params["caption"])
    assert f"{story.start_soc:.0f} → {story.end_soc:.0f} %" in caption
    assert ("DC" in caption) is dc
    added = _number(r"([\d.,]+) kWh added \(measured\)", caption)
    assert added == pytest.approx(story.kwh_added, abs=1.0)
    # DC power is the cloud's current times an estimated pack voltage: close to the charger's.
    assert _number(r"peak ([\d.,]+) kW", caption) == pytest.approx(story.power_kw, rel=0.02)
    # The average leaves the pause out; the duration runs from the first to the last charge.
    assert _number(r"average ([\d.,]+) kW", caption) == pytest.approx(story.power_kw, rel=0.02)
    minutes = story.charging_minutes + story.paused_minutes
    assert _minutes(caption) == pytest.approx(minutes, abs=2)
    image = _png(summary)
    assert image.size == (1200, 675)
    assert len(image.convert("RGB").getcolors(maxcolors=1 << 20) or []) > 20  # not blank


async def test_a_drive_summary_comes_only_after_the_owner_turned_it_on(logged_in: Bot) -> None:
    runtime = await _runtime(logged_in)

    async def wait(seconds: float) -> None:
        await _run(logged_in, runtime, int(seconds // 60))

    await journeys.drive(logged_in.sim, VIN_1, wait, 12.0, 10)
    await wait(10 * 60)
    assert _summaries(logged_in, "Drive ended") == []  # off by default

    await logged_in.send("/alerts")
    toggle = next(d for d in logged_in.buttons("at") if d.endswith("drive_summary"))
    await logged_in.press(toggle)
    stories = await journeys.drives(logged_in.sim, VIN_1, wait)

    summaries = _summaries(logged_in, "Drive ended")
    assert len(summaries) == len(stories)
    for summary, story in zip(summaries, stories, strict=True):
        text = summary.text
        assert _number(r"📏 ([\d.,]+) km", text) == pytest.approx(story.km, abs=0.1)
        # The energy is seen as whole percent of the bot's idea of the pack: within a percent.
        assert _number(r"· ([\d.,]+) kWh ·", text) == pytest.approx(story.kwh_used, abs=0.7)
        assert _minutes(text) == pytest.approx(story.minutes, abs=2)

    # The history keeps them: /trips lists every drive of the scenario, newest first.
    (listing,) = await logged_in.send("/trips")
    lines = listing.text.splitlines()[1:]
    distances = [_number(r" · ([\d.,]+) km", line) for line in lines]
    assert distances == [pytest.approx(s.km, abs=0.1) for s in reversed(stories)] + [
        pytest.approx(12.0, abs=0.1)
    ]


async def test_with_trip_recording_on_the_drives_are_the_journals_and_each_counts_once(
    logged_in: Bot,
) -> None:
    car = logged_in.sim.vehicle(VIN_1)
    car.journal_enabled = True
    consumption = car.spec.consumption_kwh_per_100km
    runtime = await _runtime(logged_in)

    async def wait(seconds: float) -> None:
        await _run(logged_in, runtime, int(seconds // 60))

    await logged_in.send("/alerts")
    toggle = next(d for d in logged_in.buttons("at") if d.endswith("drive_summary"))
    await logged_in.press(toggle)
    stories = await journeys.drives(logged_in.sim, VIN_1, wait)
    await wait(60 * 60)  # seen again later: still one summary each

    summaries = _summaries(logged_in, "Drive ended")
    assert len(summaries) == len(stories)
    for summary, story in zip(summaries, stories, strict=True):
        text = summary.text
        assert _number(r"📏 ([\d.,]+) km", text) == story.km
        # The journal's own figures: its time to the second, its consumption, not whole
        # percent of state of charge seen by polls a minute apart.
        assert _minutes(text) == story.minutes
        assert _number(r"⌀ ([\d.,]+) km/h", text) == round(story.km / story.minutes * 60)
        assert _number(r"([\d.,]+) kWh/100 km", text) == consumption
    (listing,) = await logged_in.send("/trips")
    lines = listing.text.splitlines()[1:]
    assert [_number(r" · ([\d.,]+) km", line) for line in lines] == [
        s.km for s in reversed(stories)
    ]
    journal_reads = [r for r in logged_in.sim.requests if "journalLogV4" in r.path]
    assert len(journal_reads) == len(stories)  # once per drive, not at every poll
