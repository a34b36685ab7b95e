"""Telegram live locations for the poller's `LiveMap` seam: move one with
`editMessageLiveLocation`, end it with `stopMessageLiveLocation`."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.storage.records_places import LiveLocation

_LOGGER = logging.getLogger(__name__)
LIVE_PERIOD_S = 3600  # an hour: Telegram allows 60 s to 24 h


class TelegramLiveMap:
    """Implements `bot.poller.places.LiveMap` with the bot."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def move(self, live: LiveLocation, latitude: float, longitude: float) -> bool:
        """Show the new position; False when Telegram will not move it any more."""
        try:
            await self._bot.edit_message_live_location(
                chat_id=live.chat_id,
                message_id=live.message_id,
                latitude=latitude,
                longitude=longitude,
            )
        except BadRequest as err:
            if "not modified" in err.message.lower():
                return True
            _LOGGER.info("live location %s cannot move any more (%s)", live.id, err.message)
            return False
        except Forbidden:
            return False
        except TelegramError as err:  # transient: the next position tries again
            _LOGGER.warning("live location %s not moved (%s)", live.id, type(err).__name__)
        return True

    async def stop(self, live: LiveLocation) -> None:
        """End the live location; one that already ended is fine."""
        try:
            await self._bot.stop_message_live_location(
                chat_id=live.chat_id, message_id=live.message_id
            )
        except TelegramError as err:
            _LOGGER.info("live location %s not stopped (%s)", live.id, type(err).__name__)
