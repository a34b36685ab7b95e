"""English texts of alert delivery and the /alerts menu (merged by `bot.tg.i18n`)."""

MESSAGES: dict[str, str] = {
    "alert.by_bot_named": " (by this bot ({name}))",
    "alert.left_open": "⚠️ Still open after {minutes} min while parked: {parts}",
    "alert.theft": (
        "🚨 <b>The parked, locked car moved about {distance} km.</b> Its position is below."
    ),
    "kind.left_open": "Left open",
    "btn.where_now": "📍 Where is it now",
    "btn.follow": "🛰 Follow",
    "alerts17.lateness": (
        "\n⏱ How late an alert can be now: {idle} while the car is parked ({asleep} once it "
        "sleeps), {fast} while it drives or charges, {command} right after a command. "
        "Left unlocked or open: on time (the car is read when it falls due), "
        "from {shortest} min on."
    ),
    "alerts17.unlocked_too_short": (
        "A parked car is read every {shortest} min, so a shorter delay could not be kept. "
        "Pick {shortest} min or more."
    ),
    "alerts17.seconds": "{n} s",
    "alerts17.minutes": "{n} min",
    "btn.alerts_sounds": "🔔 Sounds",
    "btn.alerts_battery": "🪫 Battery at {percent} %",
    "btn.alerts_unlocked": "⏱ After {minutes} min",
    "btn.alerts_back": "◀ Back",
    "btn.alerts_sound_on": "🔔 {label}",
    "btn.alerts_sound_off": "🔕 {label}",
    "alerts17.pick_battery": "🪫 Warn when the battery falls to:",
    "alerts17.pick_unlocked": "⏱ Warn when the parked car is left unlocked or open for:",
    "alerts17.pick_sounds": "🔔 rings, 🔕 arrives silently. Tap to switch.",
    "alerts17.sound_on": "{label}: rings",
    "alerts17.sound_off": "{label}: silent",
    "alerts17.battery_done": "Battery alert at {percent} %",
    "alerts17.unlocked_done": "Alert after {minutes} min",
    "unshare.notice": "{owner} no longer shares <b>{car}</b> with you.",
}
