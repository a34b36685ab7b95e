"""German texts of set-up mode (no ADMIN_USER_IDS yet) and of the demo (merged into the
catalogue by `bot.tg.i18n`)."""

MESSAGES: dict[str, str] = {
    "setup.reply": (
        "🛠 <b>Dieser Bot wird gerade eingerichtet.</b>\n"
        "Deine Telegram-ID ist <code>{user_id}</code>.\n\n"
        "Um Admin zu werden, trägt die Person, die den Bot betreibt, diese Zeile in seine "
        "<code>.env</code> ein und startet ihn neu:\n<code>ADMIN_USER_IDS={user_id}</code>\n\n"
        "Bis dahin tut der Bot nichts anderes."
    ),
    "setup.reply_short": "Einrichtungsmodus. Deine Telegram-ID ist {user_id}.",
    "demo.admin": (
        "🎮 <b>Demo-Modus.</b> Du hast als Erste*r geschrieben und bist damit Admin dieser Demo. "
        "Melde dich mit /login und einem der Demo-Konten an, die der Bot beim Start ausgegeben "
        "hat (seine Daten sind weg, wenn die Demo endet)."
    ),
}
