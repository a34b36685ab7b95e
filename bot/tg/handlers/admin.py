"""Admin commands: /allow <id> [name], /deny <id> (also wipes stored credentials), /users
(with the users the gate refused lately).

Only admins from ADMIN_USER_IDS may use them; every change is audited.
"""

from __future__ import annotations

import contextlib

from telegram import Update
from telegram.error import TelegramError

from bot.storage import repo_accounts, repo_audit, repo_users
from bot.storage.records import Role
from bot.tg.context import BotContext
from bot.tg.errors import UserFacingError
from bot.tg.formatting import day_time
from bot.tg.handlers.common import args_of, say, send
from bot.tg.i18n import Html, t
from bot.tg.numbers import ascii_int
from bot.tg.strangers import StrangerThrottle
from bot.tg.user_language import language_of

MAX_TELEGRAM_ID = 2**52
# How many of the users the gate refused lately /users lists (the newest, one line each).
REFUSALS_SHOWN = 10


def _require_admin(context: BotContext) -> None:
    if not context.who.is_admin:
        raise UserFacingError("admin.only")


def parse_user_id(text: str, usage: str) -> int:
    """A Telegram user id from an argument, or the usage reply."""
    value = ascii_int(text)
    if value is None or not 0 < value < MAX_TELEGRAM_ID:
        raise UserFacingError(usage)
    return value


async def _audit(context: BotContext, action: str, target: int, result: str = "ok") -> None:
    await repo_audit.append_audit(
        context.services.db,
        user_id=context.who.user_id,
        action=action,
        params={"target_user_id": target},
        source="admin",
        result=result,
        now=context.services.now(),
    )


async def allow(update: Update, context: BotContext) -> None:
    """/allow <user id> [name]."""
    _require_admin(context)
    args = args_of(context)
    if not args:
        raise UserFacingError("admin.allow.usage")
    user_id = parse_user_id(args[0], "admin.allow.usage")
    name = " ".join(args[1:]).strip() or None
    services = context.services
    record = await repo_users.allow_user(
        services.db, user_id=user_id, display_name=name, role=Role.USER, now=services.now()
    )
    await _audit(context, "allow_user", user_id)
    await say(update, context, "admin.allow.done", name=record.display_name or "–", user_id=user_id)
    # They may not have started the bot yet; then they see /start when they do.
    heard = _strangers_language(context, user_id)
    if heard and record.telegram_language is None:  # keep it: later notices use it too
        await repo_users.set_telegram_language(
            services.db, user_id=user_id, code=heard, now=services.now()
        )
    lang = language_of(record, heard)
    with contextlib.suppress(TelegramError):
        await context.bot.send_message(user_id, t(lang, "admin.allow.welcome"))


def _strangers_language(context: BotContext, user_id: int) -> str | None:
    """The Telegram language a stranger wrote with before they were allowed, if known."""
    application = context.application
    strangers = getattr(application, "strangers", None)
    return strangers.language_of(user_id) if isinstance(strangers, StrangerThrottle) else None


async def deny(update: Update, context: BotContext) -> None:
    """/deny <user id>: off the allowlist, stored credentials deleted."""
    _require_admin(context)
    args = args_of(context)
    if len(args) != 1:
        raise UserFacingError("admin.deny.usage")
    user_id = parse_user_id(args[0], "admin.deny.usage")
    services = context.services
    if user_id in services.settings.admin_user_ids:
        raise UserFacingError("admin.deny.env_admin", user_id=user_id)
    account = await repo_accounts.get_account(services.db, user_id=user_id)
    if account is not None:
        await services.clients.forget(account.id)
    denied = await repo_users.deny_user(services.db, user_id=user_id, now=services.now())
    await _audit(context, "deny_user", user_id, "ok" if denied else "unknown")
    await say(
        update, context, "admin.deny.done" if denied else "admin.deny.unknown", user_id=user_id
    )


async def users(update: Update, context: BotContext) -> None:
    """/users: who may use the bot, and who the gate turned away lately."""
    _require_admin(context)
    lang = context.who.lang
    allowed = await repo_users.list_users(context.services.db, allowed_only=True)
    lines = [t(lang, "admin.users.header" if allowed else "admin.users.empty")]
    for user in allowed:
        inactive = "" if user.active else t(lang, "admin.users.inactive")
        lines.append(
            t(
                lang,
                "admin.users.line",
                user_id=user.id,
                name=user.display_name or "–",
                role=t(lang, f"role.{Role.ADMIN if user.is_admin else Role.USER}"),
                inactive=Html(inactive),
            )
        )
    lines.extend(await _refusal_lines(context))
    await send(update, "\n".join(lines))


async def _refusal_lines(context: BotContext) -> list[str]:
    """Who the gate turned away lately (kept out of their /history: it lists commands)."""
    services, lang = context.services, context.who.lang
    refused = await repo_audit.recent_refusals(services.db, limit=REFUSALS_SHOWN)
    if not refused:
        return []
    zone = services.settings.zone
    lines = ["", t(lang, "admin.users.refused_header")]
    lines.extend(
        t(
            lang,
            "admin.users.refused_line",
            user_id=entry.user_id or 0,
            when=day_time(lang, entry.at.astimezone(zone)),
        )
        for entry in refused
    )
    return lines
