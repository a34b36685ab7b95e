"""Telegram remote control for smart #1, #3 and #5 cars."""

import os

# Opt in to PTB's future behaviour now: durations such as `RetryAfter.retry_after` are
# `datetime.timedelta` values (PTB 22.2 deprecates the int form).
os.environ.setdefault("PTB_TIMEDELTA", "1")

__version__ = "0.1.0"
