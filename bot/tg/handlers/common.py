"""Small helpers every handler uses: reply in the user's language, read arguments."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.tg.context import BotContext
from bot.tg.i18n import t


async def say(
    update: Update,
    context: BotContext,
    key: str,
    /,
    *,
    markup: InlineKeyboardMarkup | None = None,
    **values: object,
) -> Message | None:
    """Send the catalogue text `key` to the chat of the update, in the user's language."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(t(context.who.lang, key, **values), reply_markup=markup)


async def send(
    update: Update, text: str, *, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Send already rendered text to the chat of the update."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await chat.send_message(text, reply_markup=markup)


def args_of(context: BotContext) -> list[str]:
    """The command's arguments (never None)."""
    return list(context.args or [])


async def ack(
    update: Update, context: BotContext, key: str | None = None, **values: object
) -> None:
    """Answer the button press once (a toast when `key` is given)."""
    query = update.callback_query
    if query is None or context.answered:
        return
    context.answered = True
    text = t(context.who.lang, key, **values) if key else None
    await query.answer(text)


def query_message(update: Update) -> Message | None:
    """The message a pressed button sits under, when Telegram still has it."""
    query = update.callback_query
    if query is None or not isinstance(query.message, Message):
        return None
    return query.message


async def edit_in_place(message: Message, text: str, markup: InlineKeyboardMarkup) -> bool:
    """Edit `message`; False when Telegram says nothing would change (not an error)."""
    try:
        await message.edit_text(text, reply_markup=markup)
    except BadRequest as err:
        if "not modified" not in err.message.lower():
            raise
        return False
    return True


async def show_in_place(update: Update, text: str, markup: InlineKeyboardMarkup) -> None:
    """Edit the message the pressed button sits under (a flow stays in one message), or send
    a new one when the update is not a button press."""
    message = query_message(update)
    if message is None:
        await send(update, text, markup=markup)
        return
    await edit_in_place(message, text, markup)
