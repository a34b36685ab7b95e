"""The Telegram layer: python-telegram-bot 22 handlers, keyboards, texts and errors as text,
calling the command layer (`bot.commands`) and storage; it never reaches the cloud itself."""
