"""An offline Bot API for handler tests: a recording `BaseRequest` and Update factories.

`RecordingRequest` answers the Bot API methods the bot uses the way Telegram would (message
ids, edits, 64-byte callback data, 4096-character texts, HTML that must parse) and records
every call's parameters, so tests assert on what a user would see.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from http import HTTPStatus
from typing import Any

import httpx
from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.ext import ExtBot
from telegram.request import BaseRequest, RequestData

from bot.config import Settings
from bot.services import BotServices
from bot.simulator.simulator import Simulator
from bot.smart.endpoints import Endpoints
from bot.storage.db import Database

SIM_BASE = "http://127.0.0.1:8787"

BOT_ID = 999_000
BOT_USERNAME = "smart_test_bot"
_ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "code",
    "pre",
    "a",
    "tg-spoiler",
    "blockquote",
    "span",
}
_ENTITY_RE = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


class _StrictHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            raise ValueError(f"unsupported start tag {tag!r}")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            raise ValueError(f"unexpected end tag {tag!r}")


def check_html(text: str) -> None:
    """Raise ValueError where Telegram would answer "can't parse entities"."""
    if _ENTITY_RE.search(text):
        raise ValueError("unescaped '&'")
    parser = _StrictHtml()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise ValueError(f"unclosed tags {parser.stack}")
    if re.search(r"<(?![a-z/]|tg-)", text):
        raise ValueError("unescaped '<'")


@dataclass
class Call:
    """One recorded Bot API call."""

    method: str
    params: dict[str, Any]
    result: Any = None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[dict[str, Any]]:
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        return [b for row in markup.get("inline_keyboard", []) for b in row]

    @property
    def callback_data(self) -> list[str]:
        return [str(b["callback_data"]) for b in self.buttons if "callback_data" in b]


@dataclass
class RecordingRequest(BaseRequest):
    """A fake Bot API transport: answers like Telegram, records every call."""

    calls: list[Call] = field(default_factory=list)
    faults: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(5000))

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return None

    def fail(self, method: str, status: int, description: str) -> None:
        """Make the next call of `method` fail with this status and description."""
        self.faults.setdefault(method, []).append((status, description))

    def of(self, *methods: str) -> list[Call]:
        """Recorded calls of the given methods (all calls when none is given)."""
        return [c for c in self.calls if not methods or c.method in methods]

    def sent_texts(self) -> list[str]:
        """Every text the bot sent or edited, in order."""
        return [c.text for c in self.calls if c.method in ("sendMessage", "editMessageText")]

    def last(self, *methods: str) -> Call:
        found = self.of(*methods)
        assert found, f"no call of {methods}; calls: {[c.method for c in self.calls]}"
        return found[-1]

    def clear(self) -> None:
        self.calls.clear()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if request_data is not None and request_data.multipart_data:
            params["_files"] = request_data.multipart_data  # name -> (file name, bytes, type)
        call = Call(api_method, params)
        if api_method != "getMe":
            self.calls.append(call)
        queued = self.faults.get(api_method)
        if queued:
            status, description = queued.pop(0)
            return status, _error(status, description)
        try:
            self._validate(params)
        except ValueError as err:
            return HTTPStatus.BAD_REQUEST, _error(400, f"Bad Request: {err}")
        call.result = self._result(api_method, params)
        return HTTPStatus.OK, json.dumps({"ok": True, "result": call.result}).encode()

    @staticmethod
    def _validate(params: dict[str, Any]) -> None:
        caption = params.get("caption")
        if caption is not None and len(str(caption)) > 1024:
            raise ValueError("message caption is too long")
        text = params.get("text", caption)
        if text is not None:
            if len(str(text)) > 4096:
                raise ValueError("message is too long")
            if params.get("parse_mode") == "HTML":
                try:
                    check_html(str(text))
                except ValueError as err:
                    raise ValueError(f"can't parse entities: {err}") from None
        markup = params.get("reply_markup")
        if isinstance(markup, dict):
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    data = button.get("callback_data")
                    if data is not None and len(str(data).encode()) > 64:
                        raise ValueError("BUTTON_DATA_INVALID")

    def _result(self, api_method: str, params: dict[str, Any]) -> Any:
        if api_method == "getMyDescription":
            return {"description": ""}
        if api_method == "getMyShortDescription":
            return {"short_description": ""}
        if api_method == "getMyCommands":
            return []
        if api_method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Smart",
                "username": BOT_USERNAME,
                "can_join_groups": False,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if api_method in (
            "sendMessage",
            "sendPhoto",
            "sendLocation",
            "editMessageText",
            "editMessageReplyMarkup",
        ):
            chat_id = int(params.get("chat_id", 0))
            message_id = int(params.get("message_id") or next(self._ids))
            message: dict[str, Any] = {
                "message_id": message_id,
                "date": int(datetime.now(UTC).timestamp()),
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Smart"},
            }
            if "text" in params:
                message["text"] = params["text"]
            if api_method == "sendLocation":
                message["location"] = {
                    "latitude": params["latitude"],
                    "longitude": params["longitude"],
                }
            return message
        return True


def _error(status: int, description: str) -> bytes:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if status == 429:
        body["parameters"] = {"retry_after": 3}
    return json.dumps(body).encode()


_update_ids = itertools.count(1)
_message_ids = itertools.count(100)


def _user(user_id: int, language: str | None, first_name: str) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language:
        user["language_code"] = language
    return user


def message_update(
    bot: ExtBot[Any],
    text: str,
    *,
    user_id: int,
    chat_type: str = "private",
    chat_id: int | None = None,
    language: str | None = "en",
    first_name: str = "Anna",
) -> Update:
    """A text message (a command when it starts with '/') from a user."""
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(datetime.now(UTC).timestamp()),
        "chat": {"id": chat_id if chat_id is not None else user_id, "type": chat_type},
        "from": _user(user_id, language, first_name),
        "text": text,
    }
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return Update.de_json({"update_id": next(_update_ids), "message": message}, bot)


def callback_update(
    bot: ExtBot[Any],
    data: str,
    *,
    user_id: int,
    message_id: int = 4000,
    chat_type: str = "private",
    language: str | None = "en",
    message_text: str = "card",
) -> Update:
    """A button press on a message the bot sent earlier."""
    query = {
        "id": str(next(_update_ids)),
        "from": _user(user_id, language, "Anna"),
        "chat_instance": "ci",
        "data": data,
        "message": {
            "message_id": message_id,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": user_id, "type": chat_type},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Smart"},
            "text": message_text,
        },
    }
    return Update.de_json({"update_id": next(_update_ids), "callback_query": query}, bot)


def simulated_services(
    settings: Settings, sim: Simulator, *, http: httpx.AsyncClient, database: Database
) -> BotServices:
    """Bot services whose clock, sleep and cloud are the simulator's manual clock and app:
    waiting for a car is instant, and nothing leaves the process."""

    async def sleep(seconds: float) -> None:
        sim.advance(seconds)
        await asyncio.sleep(0)

    return BotServices(
        settings=settings,
        clock=lambda: datetime.fromtimestamp(sim.now(), UTC),
        sleep=sleep,
        endpoints=Endpoints.local(SIM_BASE),
        cloud_clock=sim.now,
        http=http,
        db=database,
        run_poller=False,
    )
