"""/settings: one menu whose buttons open each setting's own menu, in the user's language."""

from __future__ import annotations

from tests.tg.conftest import Bot


async def test_settings_shows_the_current_values_and_a_button_per_setting(logged_in: Bot) -> None:
    (menu,) = await logged_in.send("/settings")
    assert menu.text.startswith("⚙️ <b>Settings</b>\n🌐 Language: English\n🕒 Time zone: ")
    assert [b["text"] for b in menu.buttons] == [
        "🌐 Language",
        "🕒 Time zone",
        "📏 Units",
        "⭐ Default car",
        "🌡 Climate preset",
        "🔔 Alerts and sounds",
    ]
    opened = {}
    for data in logged_in.buttons("se", [menu]):
        calls = await logged_in.press(data)
        sent = [c for c in calls if c.method == "sendMessage"]
        assert len(sent) == 1, data
        opened[data.rsplit(":", 1)[-1]] = sent[0].text
        assert len([c for c in calls if c.method == "answerCallbackQuery"]) == 1
    assert opened["language"] == (await logged_in.send("/language"))[0].text
    assert (await logged_in.send("/timezone"))[0].text == opened["timezone"]
    assert (await logged_in.send("/alerts"))[0].text == opened["alerts"]
    assert (await logged_in.send("/preset"))[0].text == opened["preset"]
    assert (await logged_in.send("/cars"))[0].text == opened["cars"]


async def test_settings_speaks_german_to_a_german_user(logged_in: Bot) -> None:
    await logged_in.press("v1:la:de")
    (menu,) = await logged_in.send("/settings")
    assert "🌐 Sprache: Deutsch" in menu.text
    assert "🔔 Meldungen und Töne" in [b["text"] for b in menu.buttons]
