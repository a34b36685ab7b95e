"""Admin commands and sharing: who may use the bot, and who may use which car."""

from __future__ import annotations

from bot.storage import repo_accounts, repo_audit, repo_users
from bot.tg.i18n import Lang, t
from tests.tg.conftest import ADMIN, FRIEND, STRANGER, Bot, login


async def test_allow_lets_a_user_in_greets_them_and_is_audited(bot: Bot) -> None:
    calls = await bot.send(f"/allow {FRIEND} Ben")
    assert f"Ben (<code>{FRIEND}</code>) may now use the bot" in calls[0].text
    assert calls[1].params["chat_id"] == FRIEND
    assert "/help" in calls[1].text
    entry = (await repo_audit.recent_audit(bot.db, user_id=ADMIN))[0]
    assert (entry.action, entry.params["target_user_id"]) == ("allow_user", FRIEND)


async def test_deny_wipes_the_users_stored_credentials(bot: Bot) -> None:
    await bot.send(f"/allow {FRIEND} Ben")
    await login(bot, user=FRIEND)
    assert await repo_accounts.get_account(bot.db, user_id=FRIEND) is not None
    calls = await bot.send(f"/deny {FRIEND}")
    assert "credentials were deleted" in calls[0].text
    assert await repo_accounts.get_account(bot.db, user_id=FRIEND) is None
    user = await repo_users.get_user(bot.db, user_id=FRIEND)
    assert user is not None
    assert not user.allowed


async def test_admin_commands_validate_their_arguments(bot: Bot) -> None:
    for text, expected in (
        ("/allow", "Usage: /allow"),
        ("/allow abc", "Usage: /allow"),
        ("/allow -5", "Usage: /allow"),
        ("/deny", "Usage: /deny"),
        ("/deny 12 34", "Usage: /deny"),
        (f"/deny {ADMIN}", "ADMIN_USER_IDS"),
        (f"/deny {STRANGER}", "was not allowed anyway"),
    ):
        calls = await bot.send(text)
        assert expected in calls[0].text, text


async def test_only_admins_may_use_admin_commands(bot: Bot) -> None:
    await bot.send(f"/allow {FRIEND} Ben")
    for text in (f"/allow {STRANGER}", f"/deny {ADMIN}", "/users"):
        calls = await bot.send(text, user=FRIEND)
        assert "Only an admin" in calls[0].text
    user = await repo_users.get_user(bot.db, user_id=STRANGER)
    assert user is None or not user.allowed


async def test_users_lists_who_is_allowed(bot: Bot) -> None:
    await bot.send(f"/allow {FRIEND} Ben")
    text = (await bot.send("/users"))[0].text
    assert f"<code>{ADMIN}</code>" in text
    assert f"<code>{FRIEND}</code> Ben – user" in text


async def test_users_lists_who_the_gate_turned_away_and_history_keeps_to_commands(
    bot: Bot,
) -> None:
    refused = await bot.send("/status", user=STRANGER)
    assert f"<code>{STRANGER}</code>" in refused[0].text
    await bot.send(f"/allow {FRIEND} Ben")
    await bot.send(f"/deny {FRIEND}")
    await bot.send("/status", user=FRIEND)  # refused: denied
    text = (await bot.send("/users"))[0].text
    section = text.split("Turned away lately", 1)[1]
    assert f"<code>{FRIEND}</code> · " in section.splitlines()[1], "the newest refusal first"
    assert f"<code>{STRANGER}</code> · " in section.splitlines()[2]
    await bot.send(f"/allow {FRIEND} Ben")
    history = (await bot.send("/history", user=FRIEND))[0].text
    assert history == "No commands yet.", "the refusals are not the user's commands"


async def test_help_shows_admin_commands_only_to_admins(bot: Bot) -> None:
    await bot.send(f"/allow {FRIEND} Ben")
    assert "/allow" in (await bot.send("/help"))[0].text
    assert "/allow" not in (await bot.send("/help", user=FRIEND))[0].text


async def test_sharing_needs_an_allowed_user_and_an_owned_car(logged_in: Bot) -> None:
    calls = await logged_in.send(f"/share {STRANGER}")
    assert "must /allow them first" in calls[0].text
    calls = await logged_in.send(f"/share {ADMIN}")
    assert "with yourself" in calls[0].text
    calls = await logged_in.send("/share")
    assert "Usage: /share" in calls[0].text
    calls = await logged_in.send(f"/share {FRIEND} Nowhere")
    assert "I do not know a car called “Nowhere”" in calls[0].text
    await logged_in.send(f"/allow {FRIEND} Ben")
    calls = await logged_in.send(f"/share {ADMIN}", user=FRIEND)
    assert "only share your own cars" in calls[0].text
    calls = await logged_in.send(f"/unshare {FRIEND}")
    assert "has no access" in calls[0].text


async def test_cars_lists_model_and_plate_and_picks_the_default(logged_in: Bot) -> None:
    calls = await logged_in.send("/cars")
    text = calls[0].text
    assert "⭐ <b>Spectrum Blue #1</b> – smart #1, B-SM 101" in text
    assert "smart #5, B-SM 505" in text
    buttons = logged_in.buttons("df")
    await logged_in.press(buttons[1])
    assert "is now your default car" in logged_in.last_text()
    calls = await logged_in.send("/status")
    assert "smart #5" in calls[0].text


async def test_a_stranger_who_wrote_in_german_is_welcomed_in_german(bot: Bot) -> None:
    await bot.send("/start", user=FRIEND, language="de")
    calls = await bot.send(f"/allow {FRIEND} Ben")
    welcome = next(c for c in calls if c.params.get("chat_id") == FRIEND)
    assert welcome.text == t(Lang.DE, "admin.allow.welcome")


async def test_the_telegram_language_is_kept_apart_from_the_chosen_one(bot: Bot) -> None:
    await bot.send(f"/allow {FRIEND} Ben")
    await bot.send("/help", user=FRIEND, language="de")
    user = await repo_users.get_user(bot.db, user_id=FRIEND)
    assert user is not None
    assert (user.language, user.telegram_language) == (None, "de")
    await bot.send("/help", user=FRIEND, language="en")
    user = await repo_users.get_user(bot.db, user_id=FRIEND)
    assert user is not None
    assert user.telegram_language == "en", "a later Telegram language is still followed"


async def test_share_and_unshare_notices_reach_the_other_user_in_their_language(
    logged_in: Bot,
) -> None:
    await logged_in.send(f"/allow {FRIEND} Ben")
    await logged_in.send("/help", user=FRIEND, language="de")
    calls = await logged_in.send(f"/share {FRIEND}")
    notice = next(c for c in calls if c.params.get("chat_id") == FRIEND)
    assert "mit dir geteilt" in notice.text
    calls = await logged_in.send(f"/unshare {FRIEND}")
    notice = next(c for c in calls if c.params.get("chat_id") == FRIEND)
    assert "nicht mehr mit dir" in notice.text
