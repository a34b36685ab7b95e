"""/login (region, e-mail, password), /cancel and /logout.

The conversation's progress lives in the database (`login_sessions`), not in process memory,
so a restart or another replica continues it; each step has five minutes. The password message
is deleted the moment it arrives; the password itself is handed to the login task and nowhere
else: not to `user_data`, not to a log (it is registered for redaction while in use), not to
an exception text.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta

from telegram import Message, Update
from telegram.error import TelegramError

from bot.commands.accounts import connect_account
from bot.log import forget_secret, register_secret
from bot.smart.const import Region
from bot.storage import repo_accounts, repo_actions, repo_audit, repo_login, repo_vehicles
from bot.storage.records import CarRecord, LoginProgress
from bot.tg.context import BotContext
from bot.tg.errors import login_message, report_unexpected
from bot.tg.handlers import places
from bot.tg.handlers.cars import default_keyboard
from bot.tg.handlers.common import ack, query_message, say, send
from bot.tg.i18n import Html, Lang, t, tn
from bot.tg.keyboards import Callback, Op, choice_keyboard, confirm_keyboard

_LOGGER = logging.getLogger(__name__)

LOGIN_TIMEOUT = timedelta(minutes=5)
LOGOUT_ACTION = "logout"
STEP_REGION, STEP_EMAIL, STEP_PASSWORD = "region", "email", "password"
_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
# `get_login_step` hides expired progress; asking "as of" the distant past shows it, so a
# message arriving after the timeout is still recognised as (probably) the password.
_DISTANT_PAST = datetime(2000, 1, 1, tzinfo=UTC)


async def login(update: Update, context: BotContext) -> None:
    """Start (or restart) the conversation: advice, then the region buttons."""
    lang = context.who.lang
    await _advance(context, STEP_REGION)
    markup = choice_keyboard(
        ((t(lang, f"login.region.{region.value}"), Op.REGION, region.value) for region in Region),
        columns=2,
    )
    await say(update, context, "login.advice")
    await say(update, context, "login.region_ask", markup=markup)


async def _advance(
    context: BotContext, step: str, *, region: str | None = None, email: str | None = None
) -> None:
    """Store the conversation's next step with a fresh 5-minute deadline and its reminder."""
    services = context.services
    expires = services.now() + LOGIN_TIMEOUT
    await repo_login.save_login_step(
        services.db,
        cipher=services.cipher,
        user_id=context.who.user_id,
        step=step,
        region=region,
        email=email,
        expires_at=expires,
        now=services.now(),
    )
    _schedule_timeout(context, expires)


def _schedule_timeout(context: BotContext, expires: datetime) -> None:
    jobs = context.jobs
    if jobs is None:
        return
    delay = max(0.0, (expires - context.services.now()).total_seconds()) + 1
    jobs.run_once(
        login_timeout,
        when=delay,
        data=(context.who.user_id, context.who.lang.value, expires.isoformat()),
        name=f"login-timeout-{context.who.user_id}",
    )


async def login_timeout(context: BotContext) -> None:
    """Job: tell the user their login timed out, unless they moved on since."""
    job = context.job
    if job is None or not isinstance(job.data, tuple):
        return
    user_id, lang_value, expires_iso = job.data
    services = context.services
    progress = await repo_login.get_login_step(
        services.db, cipher=services.cipher, user_id=user_id, now=_DISTANT_PAST
    )
    if progress is None or progress.expires_at.isoformat() != expires_iso:
        return
    if progress.expires_at > services.now():
        return
    await repo_login.end_login(services.db, user_id=user_id)
    await context.bot.send_message(user_id, t(Lang(lang_value), "login.timeout"))


async def region_button(update: Update, context: BotContext, callback: Callback) -> None:
    """The region was chosen: ask for the e-mail address."""
    await ack(update, context)
    progress = await _progress(context)
    message = query_message(update)
    if progress is None or progress.step != STEP_REGION or callback.arg not in Region.__members__:
        if message is not None:
            await message.edit_text(t(context.who.lang, "login.stale_button"), reply_markup=None)
        return
    await _advance(context, STEP_EMAIL, region=callback.arg)
    if message is not None:
        region = t(context.who.lang, f"login.region.{callback.arg}")
        await message.edit_text(f"✅ {region}", reply_markup=None)
    await say(update, context, "login.email_ask")


async def _progress(context: BotContext) -> LoginProgress | None:
    services = context.services
    return await repo_login.get_login_step(
        services.db, cipher=services.cipher, user_id=context.who.user_id, now=services.now()
    )


async def text_message(update: Update, context: BotContext) -> None:
    """Plain text: the next login step if a login is running, else a hint."""
    services = context.services
    message = update.effective_message
    if message is None or message.text is None:
        return
    progress = await repo_login.get_login_step(
        services.db, cipher=services.cipher, user_id=context.who.user_id, now=_DISTANT_PAST
    )
    if progress is None:
        if not await places.renamed_by_text(update, context, message.text):
            await say(update, context, "unknown.text")
        return
    if progress.expires_at <= services.now():
        await repo_login.end_login(services.db, user_id=context.who.user_id)
        if progress.step == STEP_PASSWORD:
            await _delete_secret_message(update, context, message)
        await say(update, context, "login.timeout")
        return
    if progress.step == STEP_EMAIL:
        await _email_step(update, context, progress, message.text.strip())
    elif progress.step == STEP_PASSWORD:
        await _password_step(update, context, progress, message)
    else:
        await say(update, context, "login.region_ask")


async def _email_step(
    update: Update, context: BotContext, progress: LoginProgress, email: str
) -> None:
    if not _EMAIL_RE.match(email):
        await say(update, context, "login.email_invalid")
        return
    await _advance(context, STEP_PASSWORD, region=progress.region, email=email)
    await say(update, context, "login.password_ask")


async def _delete_secret_message(update: Update, context: BotContext, message: Message) -> None:
    try:
        await message.delete()
    except TelegramError as err:
        _LOGGER.warning("could not delete a password message: %s", type(err).__name__)
        await say(update, context, "login.delete_failed")


async def _password_step(
    update: Update, context: BotContext, progress: LoginProgress, message: Message
) -> None:
    password = message.text or ""
    register_secret(password)
    await _delete_secret_message(update, context, message)
    services = context.services
    await repo_login.end_login(services.db, user_id=context.who.user_id)
    checking = await say(update, context, "login.checking")
    if checking is None or progress.email is None or progress.region is None:
        forget_secret(password)
        return
    services.background.spawn(
        _run_login(context, checking, Region(progress.region), progress.email, password)
    )


async def _run_login(
    context: BotContext, checking: Message, region: Region, email: str, password: str
) -> None:
    """Log in, store the encrypted credentials and tokens, list the cars. Never raises."""
    services = context.services
    who = context.who
    before = await repo_vehicles.list_user_vehicles(services.db, user_id=who.user_id)
    previous = next((car for car in before if car.is_default), None)
    try:
        cars = await connect_account(
            services.db,
            services.clients,
            cipher=services.cipher,
            user_id=who.user_id,
            region=region,
            email=email,
            password=password,
            now=services.now(),
        )
    except Exception as exc:  # every failure becomes a reply; bugs also get an error id
        text = login_message(who.lang, exc)
        if text is None:
            error_id = await report_unexpected(context, exc, None)
            text = t(who.lang, "error.unexpected", error_id=error_id)
        _LOGGER.info("login of user %s failed: %s", who.user_id, type(exc).__name__)
        await _audit(context, "failed", type(exc).__name__)
        await _edit(checking, text)
        return
    finally:
        forget_secret(password)
    await _audit(context, "ok", None)
    await _edit(checking, _login_ok_text(who.lang, cars))
    await _ask_default(context, checking, previous, cars)


async def _ask_default(
    context: BotContext, checking: Message, previous: CarRecord | None, cars: list[CarRecord]
) -> None:
    """Ask which car is the default: the new account's, when it has several; all the user's
    cars, when a default was chosen before (a login never changes it silently)."""
    lang = context.who.lang
    mine = await repo_vehicles.list_user_vehicles(context.services.db, user_id=context.who.user_id)
    kept = next((car for car in mine if previous is not None and car.id == previous.id), None)
    if kept is not None and kept.is_default and cars and len(mine) > 1:
        await checking.chat.send_message(
            t(lang, "login.default_kept", name=kept.label),
            reply_markup=default_keyboard(lang, mine),
        )
        return
    if len(cars) > 1:
        await checking.chat.send_message(
            t(lang, "login.pick_default"), reply_markup=default_keyboard(lang, cars)
        )


def _login_ok_text(lang: Lang, cars: list[CarRecord]) -> str:
    if not cars:
        return t(lang, "login.no_cars")
    lines = []
    for car in cars:
        plate = t(lang, "cars.plate", plate=car.plate) if car.plate else ""
        lines.append(
            t(lang, "login.ok_line", name=car.label, model=car.model.value, plate=Html(plate))
        )
    return tn(lang, "login.ok", "login.ok_plural", len(cars), cars=Html("\n".join(lines)))


async def _audit(context: BotContext, result: str, error_class: str | None) -> None:
    await repo_audit.append_audit(
        context.services.db,
        user_id=context.who.user_id,
        action="login",
        source="command",
        result=result,
        error_class=error_class,
        now=context.services.now(),
    )


async def _edit(message: Message, text: str) -> None:
    try:
        await message.edit_text(text)
    except TelegramError as err:
        _LOGGER.warning("could not edit the login message: %s", type(err).__name__)


async def cancel(update: Update, context: BotContext) -> None:
    """/cancel: stop a running login."""
    ended = await repo_login.end_login(context.services.db, user_id=context.who.user_id)
    await say(update, context, "login.cancelled" if ended else "login.nothing_to_cancel")


async def logout(update: Update, context: BotContext) -> None:
    """/logout: ask first, with a single-use button."""
    services = context.services
    account = await repo_accounts.get_account(services.db, user_id=context.who.user_id)
    if account is None:
        await say(update, context, "logout.none")
        return
    cars = await repo_vehicles.list_user_vehicles(services.db, user_id=context.who.user_id)
    owned = sum(1 for car in cars if car.owned)
    pending = await repo_actions.create_pending_action(
        services.db, user_id=context.who.user_id, action=LOGOUT_ACTION, now=services.now()
    )
    lang = context.who.lang
    text = tn(lang, "logout.confirm", "logout.confirm_plural", owned)
    text += "\n" + t(lang, "confirm.expires")
    await send(update, text, markup=confirm_keyboard(lang, pending.id))


async def logout_confirmed(update: Update, context: BotContext) -> None:
    """The confirmed logout: delete the account, its cars and the cached client."""
    services = context.services
    account = await repo_accounts.get_account(services.db, user_id=context.who.user_id)
    if account is not None:
        await services.clients.forget(account.id)
        await repo_accounts.delete_account(services.db, user_id=context.who.user_id)
    await repo_audit.append_audit(
        services.db,
        user_id=context.who.user_id,
        action="logout",
        source="button",
        result="ok",
        now=services.now(),
    )
    text = t(context.who.lang, "logout.done" if account is not None else "logout.none")
    message = query_message(update)
    if message is not None:
        await message.edit_text(text, reply_markup=None)
    else:
        await send(update, text)
