"""Message catalogues: gettext `<lang>/LC_MESSAGES/messages.po` (and its compiled .mo) per
language, `messages.pot` extracted from the code, and `dynamic_keys.py` for the keys built at
run time (see `bot.tg.i18n`)."""
