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
    "alerts17.header": (
        "🔔 <b>Meldungen</b> für alle deine Autos\n"
        "Akku niedrig bei {battery} %, unverriegelt oder offen nach {unlocked} Min.\n"
        "Ruhezeit: {quiet}{muted}\n"
        "{lateness}\n"
        "Tippe auf eine Art, um sie ein- oder auszuschalten; 🔔 klingelt, 🔕 kommt lautlos."
    ),
    "alerts17.lateness": (
        "Mit den jetzigen Einstellungen wird eine Änderung geparkt nach höchstens {idle} "
        "gesehen ({asleep}, wenn das Auto schläft), nach {fast} während der Fahrt, beim Laden "
        "oder gleich nach einem Befehl; zeitgesteuerte Meldungen (unverriegelt oder offen) "
        "kommen pünktlich."
    ),
    "alerts17.seconds": "{n} s",
    "alerts17.minutes": "{n} Min.",
    "btn.alerts_kinds": "✅ Welche Meldungen",
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
    "alerts17.pick_kinds": "✅ Tippe auf eine Art, um sie ein- oder auszuschalten.",
    "alerts17.pick_sounds": "🔔 klingelt, 🔕 kommt lautlos. Zum Umschalten tippen.",
    "alerts17.sound_on": "{label}: klingelt",
    "alerts17.sound_off": "{label}: lautlos",
    "alerts17.battery_done": "Akku-Meldung bei {percent} %",
    "alerts17.unlocked_done": "Meldung nach {minutes} Min.",
    "unshare.notice": "{owner} teilt <b>{car}</b> nicht mehr mit dir.",
}
