"""Numbers are read from ASCII digits only: superscripts, other scripts' digits and full-width
digits get the command's usage reply, never a crash, an admin error report or a command."""

from __future__ import annotations

import pytest

from tests.e2e.cloud import command_requests
from tests.e2e.harness import ADMIN, PROBE, World, login

pytestmark = pytest.mark.slow

# Each passes `str.isdigit()`; `int()` refuses the first, accepts the others.
ODD_DIGITS = ("²", "٢٢", "２２", "۲۰")
TEMPLATES = (
    "/mute {n}",
    "/alerts battery {n}",
    "/alerts unlocked {n}",
    "/alerts quiet {n}:00-07:00",
    "/share {n}",
    "/unshare {n}",
    "/allow {n}",
    "/deny {n}",
    "/climate {n}",
    "/climate 22 {n}",
    "/charge limit {n}",
    "/seatheat driver {n}",
    "/seatvent {n}",
)


async def test_unicode_digits_get_the_usage_reply_and_no_admin_report(world: World) -> None:
    await world.start_bot()
    owner, probe = world.user(ADMIN), world.user(PROBE)
    await login(owner)
    await world.handled()
    probe_mark = probe.mark()
    commands_before = len(command_requests(world.sim))
    replies: list[str] = []
    for digits in ODD_DIGITS:
        for template in TEMPLATES:
            text = template.format(n=digits)
            reply = await owner.ask(text)
            replies.append(f"{text} -> {reply.text}")
    wrong = [r for r in replies if "went wrong" in r or "Error" in r or "…" in r]
    assert not wrong, "\n".join(wrong)
    assert len(command_requests(world.sim)) == commands_before, "nothing reached the cloud"
    reports = [m.text for m in probe.bot_messages(probe_mark) if "Error" in m.text]
    assert reports == [], "no admin was sent an error report"
    assert "Traceback" not in world.bots[0].log_text()
