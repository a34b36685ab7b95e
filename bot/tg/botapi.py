"""The bot's Bot API client: every call goes through `SafeBot`, every request through
`RetryingRequest`, so no handler, alert or report has to remember either.

- `SafeBot` fits every outgoing text to Telegram's limits (`bot.tg.limits`): a message text
  to 4,096, a caption to 1,024, a button answer to 200 characters. A cut is logged (its
  method and lengths, never the text).
- `RetryingRequest` retries a request that Telegram answered with a transient server error
  (500, 502, 503, 504) or that never left (connection refused, no free connection), with
  back-off and jitter (0.5, 1, 2 s). Flood control (429) stays with PTB's `AIORateLimiter`,
  which waits exactly as long as Telegram asks. A timeout after sending is not retried: the
  message may have arrived, and a second one would be a duplicate.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import httpx
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import JSONDict, ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.ext import ExtBot
from telegram.request import BaseRequest, RequestData

from bot.textclean import clean_text
from bot.tg.limits import MAX_ANSWER, MAX_CAPTION, MAX_TEXT, fit, tg_len

_LOGGER = logging.getLogger(__name__)

TRANSIENT_STATUSES = frozenset({500, 502, 503, 504})
RETRY_DELAYS_S: tuple[float, ...] = (0.5, 1.0, 2.0)
# (method, field, limit): which fields of which methods are fitted, and to what.
_LIMITS: dict[str, tuple[tuple[str, int], ...]] = {
    "sendMessage": (("text", MAX_TEXT),),
    "editMessageText": (("text", MAX_TEXT),),
    "answerCallbackQuery": (("text", MAX_ANSWER),),
    "sendPhoto": (("caption", MAX_CAPTION),),
    "sendDocument": (("caption", MAX_CAPTION),),
    "editMessageCaption": (("caption", MAX_CAPTION),),
}
_HTML_FIELDS = {"text": "parse_mode", "caption": "parse_mode"}


def fit_call(endpoint: str, data: JSONDict) -> None:
    """Fit the text fields of one Bot API call to Telegram's limits, in place."""
    for name, limit in _LIMITS.get(endpoint, ()):
        value = data.get(name)
        if not isinstance(value, str):
            continue
        value = data[name] = clean_text(value)  # echoed input may hold a lone surrogate
        if tg_len(value) <= limit:
            continue
        html = endpoint != "answerCallbackQuery" and str(data.get("parse_mode")) == "HTML"
        data[name] = fit(value, limit, html=html)
        _LOGGER.warning(
            "%s: %s of %d characters cut to Telegram's limit of %d",
            endpoint,
            name,
            tg_len(value),
            limit,
        )


class SafeBot(ExtBot[Any]):
    """PTB's `ExtBot` whose every call is fitted to Telegram's limits before it is sent."""

    async def _do_post(
        self,
        endpoint: str,
        data: JSONDict,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> bool | JSONDict | list[JSONDict]:
        fit_call(endpoint, data)
        return await super()._do_post(
            endpoint,
            data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )


def _never_sent(err: NetworkError) -> bool:
    """True when the request certainly did not reach Telegram."""
    if isinstance(err, TimedOut):
        return "not* sent" in err.message or "Pool timeout" in err.message
    return isinstance(err.__cause__, httpx.ConnectError)


class RetryingRequest(BaseRequest):
    """A `BaseRequest` that retries transient Bot API failures of the request it wraps."""

    def __init__(
        self,
        inner: BaseRequest,
        *,
        delays: Sequence[float] = RETRY_DELAYS_S,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._inner = inner
        self._delays = tuple(delays)
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311  (jitter, not cryptography)

    async def initialize(self) -> None:
        """Initialise the wrapped request."""
        await self._inner.initialize()

    async def shutdown(self) -> None:
        """Shut the wrapped request down."""
        await self._inner.shutdown()

    @property
    def read_timeout(self) -> float | None:
        """The wrapped request's read timeout."""
        return self._inner.read_timeout

    async def do_request(  # noqa: PLR0917 (PTB's signature)
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One Bot API request, tried again after a transient failure."""
        endpoint = url.rsplit("/", 1)[-1]  # the URL holds the token; only its method is logged
        kwargs: dict[str, Any] = {
            "url": url,
            "method": method,
            "request_data": request_data,
            "read_timeout": read_timeout,
            "write_timeout": write_timeout,
            "connect_timeout": connect_timeout,
            "pool_timeout": pool_timeout,
        }
        for attempt in range(len(self._delays) + 1):
            last = attempt == len(self._delays)
            try:
                code, payload = await self._inner.do_request(**kwargs)
            except NetworkError as err:
                if last or not _never_sent(err):
                    raise
                what = type(err).__name__
            else:
                if code not in TRANSIENT_STATUSES or last:
                    return code, payload
                what = f"HTTP {code}"
            delay = self._delays[attempt] * self._rng.uniform(0.8, 1.2)
            _LOGGER.warning(
                "Bot API %s failed (%s); retry %d in %.1f s", endpoint, what, attempt + 1, delay
            )
            await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover
