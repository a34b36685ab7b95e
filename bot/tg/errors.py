"""Errors become user messages here, and only here.

`USER_MESSAGES` maps exception types (the cloud's, the use cases', storage's) to catalogue
keys, resolved along the exception's MRO,
so a new subclass of a known error gets its parent's text. Handlers raise (or let through)
typed errors; `on_error` is the PTB error handler that replies. An exception with no entry
is a bug: the user gets a short apology with an error id, the log gets the traceback, and
every admin gets a redacted report with the same id.
"""

from __future__ import annotations

import html
import logging
import secrets
import traceback
from datetime import UTC, datetime, timedelta

from telegram import Update
from telegram.constants import MessageLimit
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.commands.errors import (
    AmbiguousCarError,
    CarBusyError,
    CarGoneError,
    CarNotChosenError,
    CommandError,
    NotLoggedInError,
    StateRefusedError,
    UnknownCarError,
    UnsupportedActionError,
)
from bot.log import redact
from bot.smart.errors import (
    AuthenticationError,
    CloudUnavailableError,
    CommandRejectedError,
    InvalidCredentialsError,
    NotFoundError,
    RateLimitedError,
    SignatureError,
    SmartAPIError,
    TokenExpiredError,
    UnreadableAnswerError,
    VehicleNotLinkedError,
    VehicleNotSelectedError,
)
from bot.storage import repo_users
from bot.storage.crypto import CredentialsUndecryptableError
from bot.tg.context import BotApplication, BotContext
from bot.tg.i18n import CATALOGUES, Html, Lang, pick_language, t
from bot.tg.render import age_text, wait_text
from bot.tg.reports import ReportThrottle, group_key

_LOGGER = logging.getLogger(__name__)


class UserFacingError(Exception):
    """Something the user should be told in words from the catalogue (bad input, no car...)."""

    def __init__(self, key: str, /, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


USER_MESSAGES: dict[type[Exception], str] = {
    NotLoggedInError: "error.not_logged_in",
    UnknownCarError: "car.unknown",
    AmbiguousCarError: "car.ambiguous",
    CarNotChosenError: "car.several",
    CarGoneError: "car.gone",
    UnsupportedActionError: "car.unsupported",
    CarBusyError: "cmd.cooldown",
    StateRefusedError: "refused.state",
    InvalidCredentialsError: "error.invalid_credentials",
    TokenExpiredError: "error.session_expired",
    AuthenticationError: "error.session_expired",
    RateLimitedError: "error.rate_limited",
    UnreadableAnswerError: "error.cloud_unreadable",
    CloudUnavailableError: "error.cloud_unavailable",
    VehicleNotLinkedError: "error.vehicle_not_linked",
    VehicleNotSelectedError: "error.cloud",
    CommandRejectedError: "error.rejected",
    SignatureError: "error.signature",
    NotFoundError: "error.not_found",
    SmartAPIError: "error.cloud",
    CredentialsUndecryptableError: "error.credentials_unreadable",
}


# The login conversation words the same failures differently: it is not yet a stored account.
LOGIN_MESSAGES: dict[type[Exception], str] = {
    InvalidCredentialsError: "login.wrong_password",
    RateLimitedError: "login.blocked",
    CloudUnavailableError: "login.outage",
}


def login_message(lang: Lang, exc: BaseException) -> str | None:
    """The /login reply for a failed login, or the general text; None for unexpected errors."""
    for cls in type(exc).__mro__:
        key = LOGIN_MESSAGES.get(cls)
        if key is None:
            continue
        if isinstance(exc, RateLimitedError):
            return t(lang, key, wait=wait_text(lang, exc.retry_after))
        return t(lang, key)
    return user_message(lang, exc)


def message_key(exc: BaseException) -> str | None:
    """The catalogue key for an exception, found along its MRO; None for unexpected ones."""
    if isinstance(exc, UserFacingError):
        return exc.key
    for cls in type(exc).__mro__:
        key = USER_MESSAGES.get(cls)
        if key is not None:
            return key
    return None


def user_message(lang: Lang, exc: BaseException) -> str | None:
    """The text for the user, or None when the exception is unexpected."""
    key = message_key(exc)
    if key is None:
        return None
    if isinstance(exc, UserFacingError):
        return t(lang, key, **exc.values)
    if isinstance(exc, StateRefusedError):
        return state_refusal(lang, exc)
    if isinstance(exc, CommandError):
        return t(lang, key, **_chat_values(exc))
    if isinstance(exc, RateLimitedError):
        return t(lang, key, wait=wait_text(lang, exc.retry_after))
    if isinstance(exc, CommandRejectedError):
        reason = (exc.message or "").strip()
        return t(lang, key, reason=reason) if reason else t(lang, "error.rejected_plain")
    return t(lang, key)


def state_refusal(lang: Lang, exc: StateRefusedError) -> str:
    """Why the stored status refuses the action, how old it is, and (when old) that the
    user may try anyway."""
    details = exc.details
    age = details.get("age_seconds")
    now = datetime.now(UTC)
    then = now - timedelta(seconds=age) if isinstance(age, int) else None
    key = f"refused.{details.get('reason')}.{details.get('action')}"
    if key not in CATALOGUES[lang]:
        key = "refused.state"
    text = t(lang, key, name=str(details.get("name", "")), age=Html(age_text(lang, then, now)))
    if details.get("stale"):
        text += "\n" + t(lang, "refused.stale")
    return text


def _chat_values(exc: CommandError) -> dict[str, object]:
    """A use case's details as the chat texts want them: a command as it is typed."""
    values = dict(exc.details)
    command = values.pop("command", None)
    car = values.pop("car", None)
    if command is not None:
        values["action"] = f"/{command}"
        values["example"] = f"/{command} {car}" if car is not None else f"/{command}"
    return values


async def _lang_of(update: object, context: BotContext) -> Lang:
    # PTB gives the error handler a fresh context, so the gate's principal is usually not
    # here: read the language the user chose (/language) from the database.
    if context.principal is not None:
        return context.principal.lang
    if not isinstance(update, Update) or update.effective_user is None:
        return Lang.EN
    stored: str | None = None
    try:
        user = await repo_users.get_user(context.services.db, user_id=update.effective_user.id)
        stored = user.language if user is not None else None
    except Exception:  # a broken database must not hide the error reply
        _LOGGER.warning("could not read the user's language for an error reply")
    return pick_language(stored, update.effective_user.language_code)


async def _reply(update: object, text: str) -> None:
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await update.effective_chat.send_message(text)
    except TelegramError as err:
        _LOGGER.warning("could not send the error reply: %s", type(err).__name__)


async def on_error(update: object, context: BotContext) -> None:
    """PTB error handler: the single place where failures reach the user."""
    exc = context.error
    if exc is None:
        return
    if isinstance(exc, TelegramError):
        await _telegram_error(update, context, exc)
        return
    lang = await _lang_of(update, context)
    text = user_message(lang, exc)
    if text is not None:
        _LOGGER.info("told the user about %s", type(exc).__name__)
        await _reply(update, text)
        if isinstance(exc, SignatureError):
            verdict = _reports(context).decide("SignatureError", context.services.now())
            if verdict.send:
                text = t(Lang.EN, "admin.cloud_signature", code=exc.code or "?")
                await notify_admins(context, text)
        return
    error_id = await report_unexpected(context, exc, update)
    await _reply(update, t(lang, "error.unexpected", error_id=error_id))


def _reports(context: BotContext) -> ReportThrottle:
    application = context.application
    if not isinstance(application, BotApplication):
        raise TypeError("the application was not built by bot.app.build_application")
    return application.reports


async def report_unexpected(context: BotContext, exc: BaseException, update: object) -> str:
    """Log a bug and tell the admins, throttled and grouped (`bot.tg.reports`); returns the
    error id for the user."""
    error_id = secrets.token_hex(4)
    services = context.services
    key = group_key(exc)
    verdict = _reports(context).decide(key, services.now())
    if not verdict.send:
        _LOGGER.error("unexpected error %s (%s; admins were told recently)", error_id, key)
        return error_id
    _LOGGER.error("unexpected error %s (%s)", error_id, key, exc_info=exc)
    report = admin_report(error_id, exc, update)
    if verdict.left_out:
        since = verdict.since.strftime("%H:%M UTC") if verdict.since else "?"
        report += "\n" + t(Lang.EN, "admin.error_left_out", count=verdict.left_out, since=since)
    await notify_admins(context, report)
    return error_id


async def _telegram_error(update: object, context: BotContext, exc: TelegramError) -> None:
    if isinstance(exc, BadRequest) and "not modified" in exc.message.lower():
        return
    if isinstance(exc, Forbidden) and isinstance(update, Update) and update.effective_user:
        await repo_users.set_active(
            context.services.db, user_id=update.effective_user.id, active=False
        )
        return
    level = logging.INFO if isinstance(exc, NetworkError) else logging.WARNING
    _LOGGER.log(level, "Telegram error: %s: %s", type(exc).__name__, redact(exc.message))


def _describe_update(update: object) -> str:
    if not isinstance(update, Update):
        return type(update).__name__
    kind = "callback" if update.callback_query else "message" if update.message else "other"
    user = update.effective_user.id if update.effective_user else "-"
    return f"{kind} from user {user}"


def admin_report(error_id: str, exc: BaseException, update: object) -> str:
    """A redacted HTML report: the id, the exception, where, and the end of the traceback.

    It never contains the update's text (a password could be in it) or any user/chat data.
    """
    trace = redact("".join(traceback.format_exception(exc)))
    budget = MessageLimit.MAX_TEXT_LENGTH - 700
    trace = trace[-budget:]
    return t(
        Lang.EN,
        "admin.error_report",
        error_id=error_id,
        kind=type(exc).__name__,
        message=redact(str(exc))[:300],
        update=_describe_update(update),
        trace=Html(html.escape(trace, quote=False)),
    )


def split_message(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split text into chunks under Telegram's limit, at line breaks where possible."""
    chunks: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        chunks.append(text[:cut])
        text = text[cut:].lstrip("\n")
    chunks.append(text)
    return chunks


async def notify_admins(context: BotContext, text: str) -> None:
    """Send `text` to every admin from ADMIN_USER_IDS; failures are logged, never raised."""
    for admin_id in context.services.settings.admin_user_ids:
        try:
            for chunk in split_message(text):
                await context.bot.send_message(admin_id, chunk)
        except TelegramError as err:
            _LOGGER.warning("could not notify admin %s: %s", admin_id, type(err).__name__)
