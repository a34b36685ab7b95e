"""English texts of set-up mode (no ADMIN_USER_IDS yet) and of the demo (merged into the
catalogue by `bot.tg.i18n`)."""

MESSAGES: dict[str, str] = {
    "setup.reply": (
        "🛠 <b>This bot is being set up.</b>\n"
        "Your Telegram id is <code>{user_id}</code>.\n\n"
        "To become its admin, whoever runs the bot puts this line in its <code>.env</code> "
        "and restarts it:\n<code>ADMIN_USER_IDS={user_id}</code>\n\n"
        "Until then the bot does nothing else."
    ),
    "setup.reply_short": "Set-up mode. Your Telegram id is {user_id}.",
    "demo.admin": (
        "🎮 <b>Demo mode.</b> You were the first to write, so you are this demo's admin. "
        "Log in with /login and one of the demo accounts the bot printed at start "
        "(its data is gone when the demo stops)."
    ),
}
