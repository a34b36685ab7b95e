"""English texts of commands and the status card (issue 17: refusals from the stored status,
the card kept true, the queue behind the cool-down, the default car); merged into the
catalogue by `bot.tg.i18n`."""

MESSAGES: dict[str, str] = {
    "refused.state": "<b>{name}</b>: its last status (from {age}) says this cannot work now.",
    "refused.not_plugged_in.charge_start": (
        "🔌 <b>{name}</b> is not plugged in (status from {age}), so charging cannot start. "
        "Plug in the cable first."
    ),
    "refused.not_plugged_in.charge_stop": (
        "🔌 <b>{name}</b> is not plugged in (status from {age}), so there is no charging to stop."
    ),
    "refused.stale": "That status is old: if the cable is in now, tap “Try anyway”.",
    "btn.try_anyway": "↪️ Try anyway",
    "card.up_to_date": "Up to date · data from {age}",
    "login.default_kept": (
        "Your default car stays <b>{name}</b> (⭐). Which car should be your default?"
    ),
    "queue.queued": (
        "{progress}\n🕒 Queued: the car needs a short break between commands; this goes in {wait}."
    ),
    "queue.replaced": (
        "{progress}\n↩️ Not sent: a newer command for this car took its place in the queue."
    ),
    "queue.dropped": (
        "{progress}\n⚠️ Not sent: the bot restarted before the car's break ended. "
        "Send it again if you still want it."
    ),
}
