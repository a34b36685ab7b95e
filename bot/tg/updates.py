"""Which updates the bot may act on or answer at all.

Only a message, or a button press under a message, in the sender's own private chat with the
bot (the chat id equals the user id). Everything else is ignored without a word: Telegram
Business updates (a message the user wrote to someone else, whose chat is that other person),
edited messages (editing an old message must not run it again), group and channel posts,
inline queries, and hand-built updates whose chat is not the sender's.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatType


def in_own_private_chat(update: Update) -> bool:
    """True when `update` is a new message or a button press in the sender's own chat."""
    if update.message is not None:
        message: Message | None = update.message
        user = update.message.from_user
        if update.message.business_connection_id is not None:
            return False
    elif update.callback_query is not None:
        query = update.callback_query
        user = query.from_user
        if query.message is None or query.inline_message_id is not None:
            return False
        chat = query.message.chat
        return not user.is_bot and chat.type == ChatType.PRIVATE and chat.id == user.id
    else:
        return False
    if message is None or user is None or user.is_bot:
        return False
    return message.chat.type == ChatType.PRIVATE and message.chat.id == user.id
