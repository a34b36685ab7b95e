"""The Telegram layer: python-telegram-bot 22 wired to the Smart cloud client and storage."""
