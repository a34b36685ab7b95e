"""The application factory and its lifecycle: command menu, poller wiring, clean shutdown."""

from __future__ import annotations

import json

from bot.app import build_application, post_init, post_shutdown
from bot.config import Settings
from bot.services import BotServices
from bot.storage.db import Database
from tests.tg.conftest import ADMIN, VIN_1, Bot
from tests.tg.harness import Call, RecordingRequest


async def test_post_init_publishes_the_menu_for_private_chats_in_both_languages(
    settings: Settings, db: Database
) -> None:
    api = RecordingRequest()
    services = BotServices(settings=settings, db=db, run_poller=False)
    app = build_application(settings, services=services, request=api)
    await app.initialize()
    await post_init(app)

    def scope_type(call: Call) -> str:
        scope = call.params["scope"]
        return str((json.loads(scope) if isinstance(scope, str) else scope)["type"])

    menus = [call for call in api.of("setMyCommands") if scope_type(call) == "all_private_chats"]
    assert len(menus) == 2
    for call in menus:
        names = [c["command"] for c in call.params["commands"]]
        assert {"status", "lock", "unlock", "climate", "login"} <= set(names)
    assert menus[1].params["language_code"] == "de"
    await post_shutdown(app)
    assert not services.is_open
    await app.shutdown()


async def test_the_poller_runs_with_the_bot_and_its_alerts_reach_telegram(logged_in: Bot) -> None:
    services = logged_in.services
    services.run_poller = True
    await post_init(logged_in.app)
    runtime = services.runtime
    assert runtime is not None
    assert runtime.running
    await runtime.stop()  # drive the ticks by hand from here on
    await runtime.poller.tick()  # the first look: never an alert
    logged_in.sim.plug_in(VIN_1)
    logged_in.advance(400)
    logged_in.api.clear()
    await runtime.poller.tick()
    assert runtime.sender is not None
    await runtime.sender.run_once()
    alerts = logged_in.api.of("sendMessage")
    assert len(alerts) == 1
    assert alerts[0].params["chat_id"] == ADMIN
    assert "Plugged in" in alerts[0].text
    assert [b["text"] for b in alerts[0].buttons] == ["📋 Status", "🔕 Mute 1 h"]
    await post_shutdown(logged_in.app)
    assert services.runtime is None


async def test_expired_confirmations_are_deleted_by_a_job_a_day_after_they_expired(
    logged_in: Bot,
) -> None:
    jobs = logged_in.app.job_queue
    assert jobs is not None
    (purge,) = jobs.get_jobs_by_name("purge_confirmations")
    await logged_in.send("/unlock")
    question = logged_in.button("cf")
    logged_in.advance(3600)
    await purge.run(logged_in.app)  # expired an hour ago: kept, a tap still says so
    late = await logged_in.press(question)
    assert "This confirmation has expired" in late[0].params["text"]
    await logged_in.send("/unlock")
    second = logged_in.button("cf")
    logged_in.advance(2 * 86400)
    await purge.run(logged_in.app)
    gone = await logged_in.press(second)
    assert "Send /status for fresh buttons" in gone[0].params["text"]
