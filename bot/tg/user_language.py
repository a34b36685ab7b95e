"""The language of a message the user did not just ask for (an alert, a notice, a schedule
report): the one chosen with /language, else the one Telegram last reported for them (stored
by the gate from each update's `language_code`), else English."""

from __future__ import annotations

from bot.storage import repo_users
from bot.storage.db import Database
from bot.storage.records import UserRecord
from bot.tg.i18n import Lang, pick_language


def language_of(user: UserRecord | None, telegram_code: str | None = None) -> Lang:
    """The stored user's language; `telegram_code` stands in for a user with no stored one
    (a stranger the bot remembers only in memory)."""
    if user is None:
        return pick_language(None, telegram_code)
    return pick_language(user.language, user.telegram_language or telegram_code)


async def stored_language(db: Database, user_id: int, telegram_code: str | None = None) -> Lang:
    """`language_of` the user read from the database."""
    return language_of(await repo_users.get_user(db, user_id=user_id), telegram_code)
