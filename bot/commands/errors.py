"""Why a use case refused, as data. `bot.tg.errors` words each one for the chat; a schedule or
a rule can word them for a notification. The cloud's own errors are `bot.smart.errors`.

Each error keeps what the text needs in `details` (names as the catalogues use them).
"""

from __future__ import annotations


class CommandError(Exception):
    """Base class: a use case could not do what was asked."""

    def __init__(self, **details: object) -> None:
        super().__init__(type(self).__name__)
        self.details = details


class NotLoggedInError(CommandError):
    """The user has no Smart account stored (or it was removed meanwhile)."""


class UnknownCarError(CommandError):
    """No car of the user matches the words (`query`; `names`: their cars; `car`: an example)."""


class AmbiguousCarError(CommandError):
    """Several of the user's cars match the words (`query`; `names`: those cars)."""


class CarNotChosenError(CommandError):
    """The user has several cars and no default (`car`: an example)."""


class CarGoneError(CommandError):
    """The car (of a button or a confirmation) is no longer reachable by the user."""


class UnsupportedActionError(CommandError):
    """The car's model does not offer the action (`model`, `command`)."""


class CarBusyError(CommandError):
    """The car takes no command yet: its last one is within the cool-down (`seconds`)."""


class StateRefusedError(CommandError):
    """The car's last stored status says the action cannot work (`action`, `reason`, `name`,
    `age_seconds`: how old that status is, None when unknown; `stale`: it may be out of
    date, so the user may send it anyway)."""
