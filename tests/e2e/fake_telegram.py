"""A loopback fake of the Telegram Bot API for end-to-end tests and benchmarks.

The real bot reaches it through `TELEGRAM_API_BASE_URL=<fake.base_url>`. It implements the
methods the bot calls, validates like Telegram does (64-byte callback data, 4096-character
texts, HTML entities, "message is not modified", a callback answered twice), records every call,
lets tests inject user messages and button presses, and injects faults (429 with retry_after,
5xx, slow answers, 403 for a user who blocked the bot).

Updates reach the bot by long polling (`getUpdates`, counted in `polls` so a test can tell the
bot is up), or, after `use_webhook(urls, secret)`, are POSTed to the bot replicas' webhook
endpoints in turn like a load balancer would. `transcript` keeps the conversation as a user
would see it (messages, button taps, edits, toasts) for `tests.e2e.transcript`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse as StarletteJSONResponse
from starlette.responses import Response
from starlette.routing import Route

from tests.e2e.fake_telegram_api import (
    BOT_ID,
    ApiError,
    BotApiMethods,
    Call,
    Fault,
    Said,
    StoredMessage,
    button_rows,
)

__all__ = ["BOT_ID", "Call", "FakeTelegram", "Said", "StoredMessage", "button_rows", "free_port"]

BARRIER = "barrier-"  # query ids of `barrier` presses
WEBHOOK_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"

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


class JSONResponse(StarletteJSONResponse):
    """JSON as Telegram writes it: ASCII with escapes, so any string (a lone surrogate of a
    user's text too) can be sent."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode()


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class FakeTelegram(BotApiMethods):
    """The fake server and its recorded world. Use `async with FakeTelegram() as tg:`."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.blocked: set[int] = set()
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        self.commands: list[dict[str, Any]] = []
        self.menus: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._next_message_id: dict[int, int] = {}
        self._callbacks: dict[str, bool] = {}
        self.senders: set[int] = set()  # every user who sent the bot an update
        self._query_chats: dict[str, int] = {}
        self._labels: dict[str, str] = {}  # every button label ever shown, by callback data
        self._changed = asyncio.Condition()
        self.polls = 0
        self._closing = False
        self.transcript: list[Said] = []
        self._webhooks: list[str] = []
        self._webhook_secret = ""
        self._next_webhook = 0
        self.webhook_deliveries: list[tuple[str, int]] = []
        self.port = free_port()
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
        self._closing = True
        async with self._changed:
            self._changed.notify_all()  # long polls in flight answer now
        if self._server is not None:
            self._server.should_exit = True
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self._task, timeout=5)

    # ------------------------------------------------------------- test inputs
    def _language_of(self, user_id: int) -> str:
        """The language code the user's last message came with ("en" before any)."""
        return str(self.users.get(user_id, {}).get("language_code", "en"))

    def _user(self, user_id: int, language_code: str = "en") -> dict[str, Any]:
        user = self.users.setdefault(
            user_id,
            {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"},
        )
        user["language_code"] = language_code
        return user

    def use_webhook(self, urls: list[str], secret: str) -> None:
        """Deliver updates by POSTing them to these webhook URLs in turn (a load balancer in
        front of several replicas) instead of through `getUpdates`."""
        self._webhooks = list(urls)
        self._webhook_secret = secret

    async def _post_webhook(self, update: dict[str, Any]) -> None:
        """POST one update to the next replica; a replica that fails is skipped, as Telegram
        would retry the delivery."""
        problems: list[str] = []
        async with httpx.AsyncClient(timeout=10) as client:
            for _ in range(len(self._webhooks)):
                url = self._webhooks[self._next_webhook % len(self._webhooks)]
                self._next_webhook += 1
                try:
                    answer = await client.post(
                        url, json=update, headers={WEBHOOK_SECRET_HEADER: self._webhook_secret}
                    )
                except httpx.HTTPError as err:
                    problems.append(f"{url}: {type(err).__name__}")
                    continue
                if answer.status_code == 200:
                    self.webhook_deliveries.append((url, int(update["update_id"])))
                    return
                problems.append(f"{url}: HTTP {answer.status_code}")
        raise AssertionError(f"no webhook took update {update['update_id']}: {problems}")

    def last_message_id(self, chat_id: int) -> int:
        """The newest message id in a chat (the user's or the bot's); 0 when empty."""
        return self._next_message_id.get(chat_id, 0)

    async def wait_polled(self, more_than: int, *, timeout: float = 20.0) -> None:
        """Wait until the bot has called `getUpdates` more than `more_than` times."""
        await self.wait_for(
            lambda: self.polls > more_than, timeout=timeout, what="the bot to poll for updates"
        )

    async def _push(self, update: dict[str, Any]) -> int:
        for body in update.values():
            sender = body.get("from") if isinstance(body, dict) else None
            if isinstance(sender, dict) and isinstance(sender.get("id"), int):
                self.senders.add(sender["id"])
        update["update_id"] = self._next_update_id
        self._next_update_id += 1
        if self._webhooks:
            await self._post_webhook(update)
            return int(update["update_id"])
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
        self.transcript.append(Said(chat, "message", text, message_id))
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

    async def push_update(self, update: dict[str, Any]) -> int:
        """Deliver a hand-built update (any type Telegram has: business, edited, forged ...);
        returns its update id."""
        return await self._push(dict(update))

    def message_json(
        self, user_id: int, text: str, *, chat_id: int | None = None, message_id: int = 0
    ) -> dict[str, Any]:
        """A message object as Telegram puts it in an update (a command gets its entity)."""
        chat = chat_id if chat_id is not None else user_id
        message: dict[str, Any] = {
            "message_id": message_id or self._new_message_id(chat),
            "date": int(time.time()),
            "chat": self._chat(chat, "private"),
            "from": self._user(user_id),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return message

    async def user_presses(
        self, user_id: int, message_id: int, data: str, *, chat_id: int | None = None
    ) -> str:
        """A user taps the inline button with `data` under a bot message."""
        chat = chat_id if chat_id is not None else user_id
        stored = self.messages.get((chat, message_id))
        query_id = f"cbq-{self._next_update_id}"
        self._callbacks[query_id] = False
        self._query_chats[query_id] = chat
        message = {
            "message_id": message_id,
            "date": stored.date if stored else int(time.time()),
            **({"edit_date": stored.edit_date} if stored and stored.edit_date else {}),
            "chat": self._chat(chat, "private"),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Smart"},
            "text": stored.text if stored else "",
        }
        if stored is not None and stored.reply_markup:
            message["reply_markup"] = stored.reply_markup
        self.transcript.append(Said(chat, "tap", self._label(stored, data), message_id))
        await self._push(
            {
                "callback_query": {
                    "id": query_id,
                    # Telegram sends the user's language on a button press too.
                    "from": self._user(user_id, self._language_of(user_id)),
                    "chat_instance": f"ci-{chat}",
                    "message": message,
                    "data": data,
                }
            }
        )
        return query_id

    async def barrier(self, user_id: int) -> str:
        """A press by `user_id` under a message of a chat that is not theirs: the bot only
        answers it (no text, no audit), after the user's earlier updates; returns its query
        id (`answered` tells when). Not in the transcript, not counted by `calls_to`."""
        query_id = f"{BARRIER}{self._next_update_id}"
        self._callbacks[query_id] = False
        chat = -user_id  # a group: never the user's own chat
        message = {"message_id": 1, "date": int(time.time()), "chat": self._chat(chat, "group")}
        body = {"id": query_id, "from": self._user(user_id), "chat_instance": "barrier"}
        await self._push({"callback_query": {**body, "message": message, "data": "v1:rf:0"}})
        return query_id

    def answered(self, query_id: str) -> bool:
        """True once the bot answered the button press `query_id`."""
        return self._callbacks.get(query_id, False)

    def _label(self, stored: StoredMessage | None, data: str) -> str:
        markup = stored.reply_markup if stored is not None else None
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                if button.get("callback_data") == data:
                    return str(button.get("text", data))
        return self._labels.get(data, data)

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

    def answer_late_next(self, seconds: float, *, method: str) -> None:
        """The next `method` call takes effect at once (the message is in the chat), but its
        answer comes only after `seconds`: a client that dies meanwhile never learns it."""
        self.faults.append(Fault(200, 1, method, delay=seconds, after=True))

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
            and not str(c.params.get("callback_query_id", "")).startswith(BARRIER)
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
            late = await self._apply_faults(method, params)
            result = await self._dispatch(method, params)
            if late:
                await self._record(Call(method, params, time.time()))
                await asyncio.sleep(late)
                return JSONResponse({"ok": True, "result": result})
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

    async def _apply_faults(self, method: str, params: dict[str, Any]) -> float:
        """Raise the next matching fault; returns how late the answer is to come (seconds)."""
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
            if fault.after:
                return fault.delay
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
            return 0.0
        return 0.0

    async def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            raise ApiError(404, f"Not Found: method {method} is not implemented by the fake")
        return await handler(params)
