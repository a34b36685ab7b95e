"""A loopback fake of the Telegram Bot API for end-to-end tests and benchmarks.

The real bot reaches it through `TELEGRAM_API_BASE_URL=<fake.base_url>`. It implements the
methods the bot calls, validates like Telegram does (64-byte callback data, 4096-character
texts, HTML entities, "message is not modified", a callback answered twice), records every call,
lets tests inject user messages and button presses, and injects faults (429 with retry_after,
5xx, slow answers, 403 for a user who blocked the bot).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.e2e.telegram_html import HtmlError, check_html

BOT_ID = 4242
BOT_USERNAME = "smart_test_bot"
MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64

_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "link_preview_options",
        "commands",
        "scope",
        "allowed_updates",
        "reply_parameters",
    }
)
_INT_PARAMS = frozenset({"chat_id", "message_id", "offset", "limit", "timeout", "user_id"})
_FLOAT_PARAMS = frozenset({"latitude", "longitude", "horizontal_accuracy"})
_BOOL_PARAMS = frozenset({"show_alert", "drop_pending_updates", "disable_notification"})


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


def _decode(params: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key in _JSON_PARAMS:
            out[key] = json.loads(value)
        elif key in _INT_PARAMS:
            out[key] = int(value)
        elif key in _FLOAT_PARAMS:
            out[key] = float(value)
        elif key in _BOOL_PARAMS:
            out[key] = value.lower() == "true"
        else:
            out[key] = value
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeTelegram:
    """The fake server and its recorded world. Use `async with FakeTelegram() as tg:`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.blocked: set[int] = set()
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        self.commands: list[dict[str, Any]] = []
        self.users: dict[int, dict[str, Any]] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._next_message_id: dict[int, int] = {}
        self._callbacks: dict[str, bool] = {}
        self._changed = asyncio.Condition()
        self.port = _free_port()
        self.app = Starlette(
            routes=[Route("/bot{token}/{method}", self._endpoint, methods=["GET", "POST"])]
        )
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    # ----------------------------------------------------------------- lifecycle
    @property
    def base_url(self) -> str:
        """Value for TELEGRAM_API_BASE_URL."""
        return f"http://127.0.0.1:{self.port}/bot"

    async def __aenter__(self) -> FakeTelegram:
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self._task, timeout=5)

    # ------------------------------------------------------------- test inputs
    def _user(self, user_id: int, language_code: str = "en") -> dict[str, Any]:
        user = self.users.setdefault(
            user_id,
            {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"},
        )
        user["language_code"] = language_code
        return user

    def _chat(self, chat_id: int, chat_type: str) -> dict[str, Any]:
        if chat_type == "private":
            return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
        return {"id": chat_id, "type": chat_type, "title": "Some group"}

    def _new_message_id(self, chat_id: int) -> int:
        self._next_message_id[chat_id] = self._next_message_id.get(chat_id, 0) + 1
        return self._next_message_id[chat_id]

    async def _push(self, update: dict[str, Any]) -> int:
        update["update_id"] = self._next_update_id
        self._next_update_id += 1
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()
        return int(update["update_id"])

    async def user_sends(
        self,
        user_id: int,
        text: str,
        *,
        language_code: str = "en",
        chat_id: int | None = None,
        chat_type: str = "private",
    ) -> int:
        """A user writes `text`; returns the new message's id."""
        chat = chat_id if chat_id is not None else user_id
        message_id = self._new_message_id(chat)
        self.messages[(chat, message_id)] = StoredMessage(chat, message_id, text, from_bot=False)
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat, chat_type),
            "from": self._user(user_id, language_code),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        await self._push({"message": message})
        return message_id

    async def user_presses(
        self, user_id: int, message_id: int, data: str, *, chat_id: int | None = None
    ) -> str:
        """A user taps the inline button with `data` under a bot message."""
        chat = chat_id if chat_id is not None else user_id
        stored = self.messages.get((chat, message_id))
        query_id = f"cbq-{self._next_update_id}"
        self._callbacks[query_id] = False
        message = {
            "message_id": message_id,
            "date": stored.date if stored else int(time.time()),
            "chat": self._chat(chat, "private"),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Smart"},
            "text": stored.text if stored else "",
        }
        if stored is not None and stored.reply_markup:
            message["reply_markup"] = stored.reply_markup
        await self._push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self._user(user_id),
                    "chat_instance": f"ci-{chat}",
                    "message": message,
                    "data": data,
                }
            }
        )
        return query_id

    # ------------------------------------------------------------ fault control
    def fail_next(
        self,
        status: int,
        *,
        count: int = 1,
        method: str | None = None,
        chat_id: int | None = None,
        retry_after: int = 1,
    ) -> None:
        """The next `count` matching calls answer `status` (429 carries retry_after)."""
        self.faults.append(Fault(status, count, method, chat_id, retry_after))

    def slow_next(self, seconds: float, *, count: int = 1, method: str | None = None) -> None:
        """The next `count` matching calls answer only after `seconds`."""
        self.faults.append(Fault(200, count, method, delay=seconds))

    def block(self, user_id: int) -> None:
        """The user blocks the bot: every send to them answers 403."""
        self.blocked.add(user_id)

    # ------------------------------------------------------------ test outputs
    def calls_to(self, method: str, chat_id: int | None = None) -> list[Call]:
        """Successful recorded calls of `method` (to `chat_id`)."""
        return [
            c
            for c in self.calls
            if c.method == method
            and c.ok
            and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def bot_messages(self, chat_id: int) -> list[StoredMessage]:
        """The bot's messages in a chat as they stand now (edits applied), oldest first."""
        return sorted(
            (m for m in self.messages.values() if m.chat_id == chat_id and m.from_bot),
            key=lambda m: m.message_id,
        )

    def last_bot_message(self, chat_id: int) -> StoredMessage:
        """The newest message the bot sent to a chat."""
        messages = self.bot_messages(chat_id)
        if not messages:
            raise AssertionError(f"the bot sent nothing to {chat_id}")
        return messages[-1]

    async def wait_for(
        self, predicate: Callable[[], bool], *, timeout: float = 10.0, what: str = "condition"
    ) -> None:
        """Wait until `predicate()` holds after some call, or fail the test."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"timed out waiting for {what}")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)

    # ----------------------------------------------------------------- server
    async def _endpoint(self, request: Request) -> Response:
        method = request.path_params["method"]
        if request.method == "POST":
            # PTB posts url-encoded forms (multipart only for file uploads, which we never do).
            raw = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
        else:
            raw = dict(request.query_params)
        params = _decode(raw)
        call = Call(method, params, time.time())
        try:
            await self._apply_faults(method, params)
            result = await self._dispatch(method, params)
        except ApiError as err:
            call.ok, call.error = False, err.description
            await self._record(call)
            body: dict[str, Any] = {
                "ok": False,
                "error_code": err.code,
                "description": err.description,
            }
            if err.retry_after is not None:
                body["parameters"] = {"retry_after": err.retry_after}
            return JSONResponse(body, status_code=err.code)
        if method != "getUpdates":
            await self._record(call)
        return JSONResponse({"ok": True, "result": result})

    async def _record(self, call: Call) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    async def _apply_faults(self, method: str, params: dict[str, Any]) -> None:
        if method in ("sendMessage", "sendLocation") and params.get("chat_id") in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        for fault in self.faults:
            if fault.count <= 0:
                continue
            if fault.method is not None and fault.method != method:
                continue
            if fault.method is None and method == "getUpdates":
                continue
            if fault.chat_id is not None and params.get("chat_id") != fault.chat_id:
                continue
            fault.count -= 1
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.status == 429:
                raise ApiError(
                    429,
                    f"Too Many Requests: retry after {fault.retry_after}",
                    retry_after=fault.retry_after,
                )
            if fault.status >= 400:
                raise ApiError(fault.status, "Bad Gateway" if fault.status >= 500 else "Error")
            return

    async def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            raise ApiError(404, f"Not Found: method {method} is not implemented by the fake")
        return await handler(params)

    # ------------------------------------------------------------- Bot API methods
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
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), timeout)
            limit = int(params.get("limit", 100))
            return [u for u in self._updates if u["update_id"] >= offset][:limit]

    async def _m_deleteWebhook(self, _params: dict[str, Any]) -> Any:  # noqa: N802
        return True

    async def _m_setWebhook(self, _params: dict[str, Any]) -> Any:  # noqa: N802
        return True

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:  # noqa: N802
        commands = params.get("commands", [])
        for command in commands:
            if not 1 <= len(command.get("command", "")) <= 32:
                raise ApiError(400, "Bad Request: command length must be 1-32")
        self.commands = commands
        return True

    async def _m_deleteMyCommands(self, _params: dict[str, Any]) -> Any:  # noqa: N802
        self.commands = []
        return True

    async def _m_sendChatAction(self, _params: dict[str, Any]) -> Any:  # noqa: N802
        return True

    def _check_markup(self, markup: dict[str, Any] | None) -> None:
        if not markup:
            return
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
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
            "chat": self._chat(stored.chat_id, "private"),
            "from": self._bot_user(),
        }
        if stored.location is not None:
            data["location"] = {"latitude": stored.location[0], "longitude": stored.location[1]}
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
        self.messages[(chat_id, stored.message_id)] = stored
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
        self.messages[(chat_id, stored.message_id)] = stored
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
        return self._message_json(stored)

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:  # noqa: N802
        stored = self._existing(params)
        markup = params.get("reply_markup")
        self._check_markup(markup)
        if markup == stored.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        stored.reply_markup = markup
        return self._message_json(stored)

    async def _m_deleteMessage(self, params: dict[str, Any]) -> Any:  # noqa: N802
        key = (int(params["chat_id"]), int(params["message_id"]))
        stored = self.messages.get(key)
        if stored is None or stored.deleted:
            raise ApiError(400, "Bad Request: message to delete not found")
        stored.deleted = True
        return True

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:  # noqa: N802
        query_id = str(params["callback_query_id"])
        if self._callbacks.get(query_id, True):
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query id is invalid",
            )
        self._callbacks[query_id] = True
        return True
