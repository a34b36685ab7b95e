"""The Bot API methods of the fake Telegram server, and the records it keeps.

`BotApiMethods` answers each method like Telegram does, with Telegram's checks (64-byte
callback data, 4096-character texts, valid HTML, "message is not modified", a callback answered
twice). `FakeTelegram` (in `fake_telegram.py`) owns the state and the HTTP server around it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.telegram_html import HtmlError, check_html

BOT_ID = 4242
BOT_USERNAME = "smart_test_bot"
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64


class ApiError(Exception):
    """An error answer of the fake Bot API."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after


@dataclass
class Call:
    """One recorded Bot API call."""

    method: str
    params: dict[str, Any]
    at: float
    ok: bool = True
    error: str = ""


@dataclass
class Fault:
    """A scripted failure for the next `count` matching calls."""

    status: int
    count: int
    method: str | None = None
    chat_id: int | None = None
    retry_after: int = 1
    delay: float = 0.0
    after: bool = False  # the delay comes after the call took effect (the answer is late)


@dataclass
class StoredMessage:
    """A message as the fake server keeps it."""

    chat_id: int
    message_id: int
    text: str
    from_bot: bool
    reply_markup: dict[str, Any] | None = None
    deleted: bool = False
    location: tuple[float, float] | None = None
    date: int = field(default_factory=lambda: int(time.time()))
    edit_date: int | None = None  # when it was last edited (Telegram's `edit_date`)
    silent: bool = False  # sent with disable_notification (no sound on the phone)
    live_until: float | None = None  # a live location: until when it may move
    live_period: int | None = None


@dataclass(frozen=True)
class Said:
    """One line of the conversation as the user sees it.

    `kind` is "message" (a user's text), "tap" (a button press, `text` is its label), "sent",
    "edited", "deleted", "location" or "toast" (a callback answer with text).
    """

    chat_id: int
    kind: str
    text: str
    message_id: int = 0
    buttons: tuple[tuple[str, ...], ...] = ()


def button_rows(markup: dict[str, Any] | None) -> tuple[tuple[str, ...], ...]:
    """The labels of an inline keyboard, row by row."""
    if not markup:
        return ()
    return tuple(
        tuple(str(button.get("text", "")) for button in row)
        for row in markup.get("inline_keyboard", [])
    )


class BotApiMethods:
    """The methods the bot calls (`_m_<method>`), over the state `FakeTelegram` holds."""

    messages: dict[tuple[int, int], StoredMessage]
    commands: list[dict[str, Any]]
    # Command menus by (scope, language code; "" for every language), as Telegram keeps them.
    menus: dict[tuple[str, str], list[dict[str, Any]]]
    # Descriptions and short descriptions by language code ("" for every language).
    descriptions: dict[str, str]
    short_descriptions: dict[str, str]
    senders: set[int]
    transcript: list[Said]
    polls: int
    _updates: list[dict[str, Any]]
    _changed: asyncio.Condition
    _closing: bool
    _callbacks: dict[str, bool]
    _query_chats: dict[str, int]
    _labels: dict[str, str]
    _next_message_id: dict[int, int]

    def _chat(self, chat_id: int, chat_type: str) -> dict[str, Any]:
        if chat_type == "private":
            return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
        return {"id": chat_id, "type": chat_type, "title": "Some group"}

    def _new_message_id(self, chat_id: int) -> int:
        self._next_message_id[chat_id] = self._next_message_id.get(chat_id, 0) + 1
        return self._next_message_id[chat_id]

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Smart",
            "username": BOT_USERNAME,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _m_getMe(self, _params: dict[str, Any]) -> Any:  # noqa: N802
        return self._bot_user()

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:  # noqa: N802
        offset = int(params.get("offset", 0))
        timeout = min(float(params.get("timeout", 0)), 2.0)
        async with self._changed:
            self.polls += 1
            self._changed.notify_all()
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout > 0 and not self._closing:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), timeout)
            limit = int(params.get("limit", 100))
            return [u for u in self._updates if u["update_id"] >= offset][:limit]

    async def _m_deleteWebhook(self, _params: dict[str, Any]) -> Any:  # noqa: N802
        return True

    async def _m_setWebhook(self, _params: dict[str, Any]) -> Any:  # noqa: N802
        return True

    def _scope_key(self, params: dict[str, Any]) -> str:
        """Telegram's scope of a command menu; a chat scope needs a chat the bot has."""
        scope = params.get("scope") or {"type": "default"}
        kind = str(scope.get("type", ""))
        if kind == "chat":
            chat_id = int(scope.get("chat_id", 0))
            if chat_id not in self.senders:
                raise ApiError(400, "Bad Request: chat not found")
            return f"chat:{chat_id}"
        if kind not in ("default", "all_private_chats", "all_group_chats"):
            raise ApiError(400, f"Bad Request: unsupported scope type {kind!r}")
        return kind

    @staticmethod
    def _language(params: dict[str, Any]) -> str:
        code = str(params.get("language_code") or "")
        if code and (len(code) != 2 or not code.isalpha()):
            raise ApiError(400, "Bad Request: invalid language code")
        return code

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:  # noqa: N802
        commands = params.get("commands", [])
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands")
        for command in commands:
            if not 1 <= len(command.get("command", "")) <= 32:
                raise ApiError(400, "Bad Request: command length must be 1-32")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: command description must be 1-256")
        self.menus[(self._scope_key(params), self._language(params))] = commands
        self.commands = commands
        return True

    async def _m_getMyCommands(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return self.menus.get((self._scope_key(params), self._language(params)), [])

    async def _m_deleteMyCommands(self, params: dict[str, Any]) -> Any:  # noqa: N802
        self.menus.pop((self._scope_key(params), self._language(params)), None)
        self.commands = []
        return True

    async def _m_setMyDescription(self, params: dict[str, Any]) -> Any:  # noqa: N802
        text = str(params.get("description") or "")
        if len(text) > 512:
            raise ApiError(400, "Bad Request: description is too long")
        self.descriptions[self._language(params)] = text
        return True

    async def _m_getMyDescription(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return {"description": self.descriptions.get(self._language(params), "")}

    async def _m_setMyShortDescription(self, params: dict[str, Any]) -> Any:  # noqa: N802
        text = str(params.get("short_description") or "")
        if len(text) > 120:
            raise ApiError(400, "Bad Request: short description is too long")
        self.short_descriptions[self._language(params)] = text
        return True

    async def _m_getMyShortDescription(self, params: dict[str, Any]) -> Any:  # noqa: N802
        return {"short_description": self.short_descriptions.get(self._language(params), "")}

    async def _m_sendChatAction(self, _params: dict[str, Any]) -> Any:  # noqa: N802
        return True

    def _check_markup(self, markup: dict[str, Any] | None) -> None:
        if not markup:
            return
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None:
                    self._labels[str(data)] = str(button.get("text", ""))
                if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise ApiError(400, "Bad Request: button text must be non-empty")

    def _check_text(self, params: dict[str, Any]) -> str:
        text = str(params.get("text", ""))
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        length = len(text)
        if params.get("parse_mode") == "HTML":
            try:
                length = check_html(text)
            except HtmlError as err:
                raise ApiError(400, f"Bad Request: can't parse entities: {err}") from None
        if length > MAX_TEXT:
            raise ApiError(400, "Bad Request: message is too long")
        return text

    def _message_json(self, stored: StoredMessage) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": stored.message_id,
            "date": stored.date,
            **({"edit_date": stored.edit_date} if stored.edit_date is not None else {}),
            "chat": self._chat(stored.chat_id, "private"),
            "from": self._bot_user(),
        }
        if stored.location is not None:
            data["location"] = {"latitude": stored.location[0], "longitude": stored.location[1]}
            if stored.live_period is not None:
                data["location"]["live_period"] = stored.live_period
        else:
            data["text"] = stored.text
        if stored.reply_markup:
            data["reply_markup"] = stored.reply_markup
        return data

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = int(params["chat_id"])
        text = self._check_text(params)
        markup = params.get("reply_markup")
        self._check_markup(markup)
        stored = StoredMessage(chat_id, self._new_message_id(chat_id), text, True, markup)
        stored.silent = params.get("disable_notification") is True
        self.messages[(chat_id, stored.message_id)] = stored
        self.transcript.append(Said(chat_id, "sent", text, stored.message_id, button_rows(markup)))
        return self._message_json(stored)

    async def _m_sendLocation(self, params: dict[str, Any]) -> Any:  # noqa: N802
        chat_id = int(params["chat_id"])
        lat, lon = float(params["latitude"]), float(params["longitude"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ApiError(400, "Bad Request: wrong coordinates")
        stored = StoredMessage(
            chat_id, self._new_message_id(chat_id), "", True, params.get("reply_markup")
        )
        stored.location = (lat, lon)
        stored.silent = params.get("disable_notification") is True
        period = params.get("live_period")
        if period is not None:
            # Bot API: 60-86400 seconds, or 0x7FFFFFFF for a live location shared for ever.
            seconds = int(period)
            if not (60 <= seconds <= 86_400 or seconds == 0x7FFFFFFF):
                raise ApiError(400, "Bad Request: wrong live period specified")
            stored.live_period = seconds
            stored.live_until = time.time() + seconds
        self.messages[(chat_id, stored.message_id)] = stored
        self.transcript.append(
            Said(chat_id, "location", f"{lat:.4f}, {lon:.4f}", stored.message_id)
        )
        return self._message_json(stored)

    def _existing(self, params: dict[str, Any]) -> StoredMessage:
        key = (int(params["chat_id"]), int(params["message_id"]))
        stored = self.messages.get(key)
        if stored is None or stored.deleted:
            raise ApiError(400, "Bad Request: message to edit not found")
        return stored

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:  # noqa: N802
        stored = self._existing(params)
        text = self._check_text(params)
        markup = params.get("reply_markup")
        self._check_markup(markup)
        if text == stored.text and markup == stored.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        stored.text, stored.reply_markup = text, markup
        stored.edit_date = int(time.time())
        self.transcript.append(
            Said(stored.chat_id, "edited", text, stored.message_id, button_rows(markup))
        )
        return self._message_json(stored)

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:  # noqa: N802
        stored = self._existing(params)
        markup = params.get("reply_markup")
        self._check_markup(markup)
        if markup == stored.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        stored.reply_markup = markup
        stored.edit_date = int(time.time())
        return self._message_json(stored)

    def _live(self, params: dict[str, Any]) -> StoredMessage:
        stored = self._existing(params)
        if stored.live_until is None or time.time() >= stored.live_until:
            raise ApiError(400, "Bad Request: message can't be edited")
        return stored

    async def _m_editMessageLiveLocation(self, params: dict[str, Any]) -> Any:  # noqa: N802
        stored = self._live(params)
        lat, lon = float(params["latitude"]), float(params["longitude"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ApiError(400, "Bad Request: wrong coordinates")
        if stored.location == (lat, lon):
            raise ApiError(400, "Bad Request: message is not modified")
        stored.location = (lat, lon)
        self.transcript.append(
            Said(stored.chat_id, "location", f"{lat:.4f}, {lon:.4f} (live)", stored.message_id)
        )
        return self._message_json(stored)

    async def _m_stopMessageLiveLocation(self, params: dict[str, Any]) -> Any:  # noqa: N802
        stored = self._live(params)
        stored.live_until = 0.0  # stopped: it can no longer be edited
        self.transcript.append(
            Said(stored.chat_id, "location", "live location stopped", stored.message_id)
        )
        return self._message_json(stored)

    async def _m_deleteMessage(self, params: dict[str, Any]) -> Any:  # noqa: N802
        key = (int(params["chat_id"]), int(params["message_id"]))
        stored = self.messages.get(key)
        if stored is None or stored.deleted:
            raise ApiError(400, "Bad Request: message to delete not found")
        stored.deleted = True
        self.transcript.append(Said(key[0], "deleted", stored.text, key[1]))
        return True

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:  # noqa: N802
        query_id = str(params["callback_query_id"])
        if self._callbacks.get(query_id, True):
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query id is invalid",
            )
        self._callbacks[query_id] = True
        text = str(params.get("text") or "")
        if text:
            chat = self._query_chats.get(query_id, 0)
            self.transcript.append(Said(chat, "toast", text))
        return True
