"""The gate: the first handler (group -1) for every update, messages and buttons alike.

Only new messages and button presses in the sender's own private chat (`bot.tg.updates`);
Business updates, edited messages and every other chat are ignored. Admins from
ADMIN_USER_IDS and users an admin allowed pass, and the gate records who they are in
`context.principal` and the cars they may reach in `context.cars` (read in one statement,
outside a transaction; valid for this update only, so a /deny or a lost share takes effect
with the next update, on every replica). Everyone else is stopped; a stranger gets one short
reply with their Telegram id at most once an hour, and nothing else: a stranger the bot has
no row for is throttled in memory and never written to the database (`bot.tg.strangers`); a
known user who was denied by an atomic claim on their row, so several replicas agree.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ApplicationHandlerStop

from bot.storage import repo_audit, repo_users, repo_vehicles
from bot.storage.records import CarRecord, Role
from bot.tg.context import BotApplication, BotContext, Principal
from bot.tg.i18n import pick_language, t
from bot.tg.profile import publish_admin_menu
from bot.tg.units import units_of
from bot.tg.updates import in_own_private_chat

_LOGGER = logging.getLogger(__name__)


async def gate(update: Update, context: BotContext) -> None:
    """Let allowed users through with their `Principal`; stop everything else."""
    if update.my_chat_member is not None:
        await _track_block(update, context)
        raise ApplicationHandlerStop
    user = update.effective_user
    if user is None or not in_own_private_chat(update):
        # Groups, channels, inline queries, Business chats, edited messages: the bot never
        # acts there and says nothing (a button press only stops its spinner, without text).
        if update.callback_query is not None:
            await update.callback_query.answer()
        raise ApplicationHandlerStop
    services = context.services
    if services.claim_first_admin(user.id):
        _LOGGER.warning("demo mode: user %s wrote first and is the demo's admin", user.id)
        await context.bot.send_message(
            user.id, t(pick_language(None, user.language_code), "setup.demo_admin")
        )
    is_admin = user.id in services.settings.admin_user_ids
    # One read per update: the user and, when allowed, the cars they may reach (kept on the
    # context for this update only; the next update reads both again).
    record, known = await repo_vehicles.user_with_cars(services.db, user_id=user.id)
    cars: list[CarRecord] | None = known
    if is_admin and (record is None or not record.allowed or not record.is_admin):
        record = await repo_users.allow_user(
            services.db, user_id=user.id, display_name=user.full_name, role=Role.ADMIN
        )
        cars = None  # read when a handler needs them, after the allowlist changed
        await publish_admin_menu(context.bot, user.id)  # now that the admin has a chat
    if (
        record is not None
        and user.language_code
        and (record.telegram_language != user.language_code[:8])
    ):  # alerts and notices follow Telegram's language until /language picks one
        await repo_users.set_telegram_language(
            services.db, user_id=user.id, code=user.language_code, now=services.now()
        )
    if record is None or not record.allowed:
        if record is None:
            _application(context).strangers.note_language(user.id, user.language_code)
        await _refuse(update, context, known=record is not None)
        raise ApplicationHandlerStop
    if not record.active:
        await repo_users.set_active(services.db, user_id=user.id, active=True)
    context.principal = Principal(
        user_id=user.id,
        name=record.display_name or user.first_name,
        lang=pick_language(record.language, user.language_code),
        is_admin=is_admin,
        units=units_of(record),
    )
    context.cars = cars


async def _refuse(update: Update, context: BotContext, *, known: bool) -> None:
    user = update.effective_user
    if user is None:
        return
    services = context.services
    if known:
        reply = await repo_users.claim_refusal_reply(
            services.db, user_id=user.id, now=services.now()
        )
    else:
        reply = _application(context).strangers.claim(user.id, services.now())
    lang = pick_language(None, user.language_code)
    query = update.callback_query
    if reply:
        _LOGGER.info("refused user %s (not on the allowlist)", user.id)
        await repo_audit.append_audit(
            services.db,
            user_id=user.id,
            action="refused",
            source="button" if query is not None else "command",
            result="rejected",
            now=services.now(),
        )
    if query is not None:
        text = t(lang, "gate.stranger_short", user_id=user.id) if reply else None
        await query.answer(text, show_alert=reply)
    elif reply and update.effective_message is not None:
        await update.effective_message.reply_text(t(lang, "gate.stranger", user_id=user.id))


def _application(context: BotContext) -> BotApplication:
    application = context.application
    if not isinstance(application, BotApplication):
        raise TypeError("the application was not built by bot.app.build_application")
    return application


async def _track_block(update: Update, context: BotContext) -> None:
    member = update.my_chat_member
    if member is None or member.chat.type != ChatType.PRIVATE:
        return
    status = member.new_chat_member.status
    active = status not in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)
    db = context.services.db
    if await repo_users.get_user(db, user_id=member.from_user.id) is not None:
        await repo_users.set_active(db, user_id=member.from_user.id, active=active)
        _LOGGER.info(
            "user %s %s the bot", member.from_user.id, "unblocked" if active else "blocked"
        )
