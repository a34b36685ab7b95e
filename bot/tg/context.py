"""PTB typing: the application class that carries our services, and the handler context.

`BotApplication` carries one `BotServices` (`bot.services`); `BotContext.services` hands it to
handlers with its real type, never through `bot_data`. The context also holds what the gate
resolved for the update being handled: who sent it and the cars they may reach.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.services import BotServices, NotStartedError
from bot.storage.records import CarRecord
from bot.tg.i18n import Lang
from bot.tg.reports import ReportThrottle
from bot.tg.strangers import StrangerThrottle
from bot.tg.units import Units


@dataclass(frozen=True, slots=True)
class Principal:
    """Who sent the update being handled, as the gate resolved them."""

    user_id: int
    name: str
    lang: Lang
    is_admin: bool
    units: Units = Units.METRIC


class BotApplication(
    Application[
        ExtBot[None],
        "BotContext",
        dict[Any, Any],
        dict[Any, Any],
        dict[Any, Any],
        JobQueue["BotContext"],
    ]
):
    """The PTB application with our services attached, and the chat layer's own state: the
    throttle of admin error reports and the one of replies to strangers."""

    def __init__(self, services: BotServices, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.reports = ReportThrottle()
        self.strangers = StrangerThrottle()


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The context every handler receives."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self.principal: Principal | None = None
        # The principal's cars as the gate read them for this update (None: not read).
        self.cars: list[CarRecord] | None = None
        self.answered = False

    @property
    def services(self) -> BotServices:
        """The process-wide services."""
        application = self.application
        if not isinstance(application, BotApplication):
            raise TypeError("the application was not built by bot.app.build_application")
        return application.services

    @property
    def jobs(self) -> JobQueue[BotContext] | None:
        """The application's job queue, typed for our context."""
        application = self.application
        return application.job_queue if isinstance(application, BotApplication) else None

    @property
    def who(self) -> Principal:
        """The sender as resolved by the gate (every handler after the gate may rely on it)."""
        if self.principal is None:
            raise NotStartedError("principal: the gate did not run for this update")
        return self.principal
