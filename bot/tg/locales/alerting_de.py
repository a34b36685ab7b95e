"""German texts of alert delivery and the /alerts menu (merged by `bot.tg.i18n`)."""

MESSAGES: dict[str, str] = {
    "alert.by_bot_named": " (durch diesen Bot ({name}))",
    "alert.left_open": "⚠️ Nach {minutes} Min. geparkt noch offen: {parts}",
    "alert.theft": (
        "🚨 <b>Das geparkte, verriegelte Auto hat sich etwa {distance} km bewegt.</b> "
        "Sein Standort steht darunter."
    ),
    "kind.left_open": "Offen gelassen",
    "btn.where_now": "📍 Wo ist es jetzt",
    "btn.follow": "🛰 Verfolgen",
    "alerts17.lateness": (
        "\n⏱ So spät kann eine Meldung jetzt kommen: {idle}, wenn das Auto parkt ({asleep}, "
        "wenn es schläft), {fast} während der Fahrt oder beim Laden, {command} gleich nach "
        "einem Befehl. Unverriegelt oder offen: pünktlich (das Auto wird dann gelesen), "
        "ab {shortest} Min."
    ),
    "alerts17.unlocked_too_short": (
        "Ein geparktes Auto wird alle {shortest} Min. gelesen, eine kürzere Zeit ließe sich "
        "nicht einhalten. Wähle {shortest} Min. oder mehr."
    ),
    "alerts17.seconds": "{n} s",
    "alerts17.minutes": "{n} Min.",
    "btn.alerts_sounds": "🔔 Töne",
    "btn.alerts_battery": "🪫 Akku bei {percent} %",
    "btn.alerts_unlocked": "⏱ Nach {minutes} Min.",
    "btn.alerts_back": "◀ Zurück",
    "btn.alerts_sound_on": "🔔 {label}",
    "btn.alerts_sound_off": "🔕 {label}",
    "alerts17.pick_battery": "🪫 Warnen, wenn der Akku fällt auf:",
    "alerts17.pick_unlocked": (
        "⏱ Warnen, wenn das geparkte Auto so lange unverriegelt oder offen ist:"
    ),
    "alerts17.pick_sounds": "🔔 klingelt, 🔕 kommt lautlos. Zum Umschalten tippen.",
    "alerts17.sound_on": "{label}: klingelt",
    "alerts17.sound_off": "{label}: lautlos",
    "alerts17.battery_done": "Akku-Meldung bei {percent} %",
    "alerts17.unlocked_done": "Meldung nach {minutes} Min.",
    "unshare.notice": "{owner} teilt <b>{car}</b> nicht mehr mit dir.",
}
