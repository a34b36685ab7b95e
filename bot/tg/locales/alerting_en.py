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
    "alerts17.header": (
        "🔔 <b>Alerts</b> for all your cars\n"
        "Low battery at {battery} %, left unlocked or open after {unlocked} min\n"
        "Quiet hours: {quiet}{muted}\n"
        "{lateness}\n"
        "Tap a kind to switch it on or off; 🔔 rings, 🔕 arrives silently."
    ),
    "alerts17.lateness": (
        "At the current settings a change is seen within {idle} while the car is parked "
        "({asleep} once it sleeps), {fast} while it drives, charges or just got a command; "
        "timed alerts (left unlocked or open) come on time."
    ),
    "alerts17.seconds": "{n} s",
    "alerts17.minutes": "{n} min",
    "btn.alerts_kinds": "✅ Which alerts",
    "btn.alerts_sounds": "🔔 Sounds",
    "btn.alerts_battery": "🪫 Battery at {percent} %",
    "btn.alerts_unlocked": "⏱ After {minutes} min",
    "btn.alerts_back": "◀ Back",
    "btn.alerts_sound_on": "🔔 {label}",
    "btn.alerts_sound_off": "🔕 {label}",
    "alerts17.pick_battery": "🪫 Warn when the battery falls to:",
    "alerts17.pick_unlocked": "⏱ Warn when the parked car is left unlocked or open for:",
    "alerts17.pick_kinds": "✅ Tap a kind to switch it on or off.",
    "alerts17.pick_sounds": "🔔 rings, 🔕 arrives silently. Tap to switch.",
    "alerts17.sound_on": "{label}: rings",
    "alerts17.sound_off": "{label}: silent",
    "alerts17.battery_done": "Battery alert at {percent} %",
    "alerts17.unlocked_done": "Alert after {minutes} min",
    "unshare.notice": "{owner} no longer shares <b>{car}</b> with you.",
}
