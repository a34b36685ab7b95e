"""The README transcript is rendered from what the fake Telegram recorded, and kept between
its markers."""

from __future__ import annotations

from tests.e2e.fake_telegram import Said
from tests.e2e.harness import ROOT
from tests.e2e.transcript import END, GENERATED, START, patch_readme, render


def test_a_session_renders_as_plain_text_with_buttons_and_without_the_password() -> None:
    said = [
        Said(7, "message", "/status", 1),
        Said(7, "sent", "<b>Blue #1</b> &amp; co\n🔋 76 %", 2, (("🔒 Lock", "🔄 Refresh"),)),
        Said(7, "tap", "🔄 Refresh", 2),
        Said(7, "edited", "<b>Blue #1</b>\n🔋 70 %", 2),
        Said(7, "message", "hunter2-secret", 3),
        Said(7, "deleted", "hunter2-secret", 3),
        Said(7, "toast", "This button was already used."),
        Said(9, "message", "someone else", 1),
    ]
    text = render(said, {7: "Erika"})
    assert text.splitlines() == [
        "👤 Erika: /status",
        "🤖 Bot: Blue #1 & co",
        "   🔋 76 %",
        "   [🔒 Lock] [🔄 Refresh]",
        "👤 Erika taps [🔄 Refresh]",
        "🤖 Bot (edits its message): Blue #1",
        "   🔋 70 %",
        "👤 Erika: ••••••••",
        "🤖 Bot deletes Erika's password message",
        "🤖 Bot (pop-up): This button was already used.",
    ]


def test_the_readme_holds_a_generated_transcript_between_its_markers() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(START) : readme.index(END)]
    assert GENERATED in section
    for line in ("👤 Erika: /status", "🤖 Bot → Erika: Locking", "👤 Erika: ••••••••"):
        assert line in section
    assert "demo-password" not in readme
    patched = patch_readme(readme, "👤 X: /help")
    assert patched.count(START) == 1
    assert "👤 X: /help" in patched
    assert "## What it looks like" in patched
