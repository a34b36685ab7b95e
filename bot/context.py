"""Kept for `bot.tg.webhook`, which imports `BotApplication` from here; the class lives in
`bot.tg.context`. Import it from there."""

from bot.tg.context import BotApplication

__all__ = ["BotApplication"]
