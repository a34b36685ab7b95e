"""Redaction for log lines written by the cloud client: VINs shortened.

`bot.smart` imports nothing from the rest of the bot, so it carries its own small helpers;
the bot's logging filter (`bot.log`) still runs over every line as a second net.
"""

from __future__ import annotations

import re

_VIN_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9]{17}(?=/|$)")


def short_vin(vin: str) -> str:
    """The form in which a VIN may appear in logs and messages: its last 4 characters."""
    return "…" + vin[-4:] if len(vin) > 4 else vin


def redact_path(path: str) -> str:
    """An API path with every 17-character VIN segment shortened."""
    return _VIN_SEGMENT.sub(lambda match: short_vin(match.group(0)), path)
