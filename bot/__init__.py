"""Telegram remote control for smart #1, #3 and #5 cars."""

__version__ = "0.1.0"
