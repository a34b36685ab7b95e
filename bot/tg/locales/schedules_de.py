"""Deutsche Texte für Zeitpläne und Zeitzonen (von `bot.tg.i18n` in den Katalog übernommen)."""

MESSAGES: dict[str, str] = {
    "menu.schedule": "Zeitpläne: Auto vorwärmen, Ladefenster",
    "help.schedules": (
        "\n"
        "\n"
        "<b>Zeitpläne</b>\n"
        "/schedule [Auto] – Auto vorwärmen oder zu festen Zeiten laden, mit Knöpfen\n"
        "/schedules – alle deine Zeitpläne und ihr nächster Lauf\n"
        "/timezone [Zone] – die Zeitzone deiner Zeitpläne"
    ),
    "btn.next": "Weiter ▶",
    "btn.back": "◀ Zurück",
    "btn.save": "💾 Speichern",
    "btn.pause": "⏸ Pausieren",
    "btn.resume": "▶ Fortsetzen",
    "btn.run_now": "⚡ Jetzt ausführen",
    "btn.schedules": "⏰ Zeitpläne",
    "btn.stop_climate": "❄️ Klima aus",
    "sched.wd.0": "Mo",
    "sched.wd.1": "Di",
    "sched.wd.2": "Mi",
    "sched.wd.3": "Do",
    "sched.wd.4": "Fr",
    "sched.wd.5": "Sa",
    "sched.wd.6": "So",
    "sched.once": "einmalig",
    "sched.every_day": "täglich",
    "sched.workdays": "Mo–Fr",
    "sched.seat_level": "Sitzheizung {level}",
    "sched.wheel_level": "Lenkradheizung {level}",
    "sched.line_climate": "🌡 {time} · {days} · {temp} °C{extras}",
    "sched.line_climate_ready": "🌡 fertig um {time} · {days} · {temp} °C{extras}",
    "sched.line_charging": "⚡ {start}–{end} · {days} · bis {target} %",
    "sched.paused": "pausiert",
    "sched.today_at": "heute {time}",
    "sched.tomorrow_at": "morgen {time}",
    "sched.day_at": "{day} {time}",
    "sched.shift": "{minutes} Min.",
    "sched.ask_time": (
        "<b>Neuer Zeitplan</b>\n{summary}\n\nWann? Verschiebe die Zeit mit den Knöpfen."
    ),
    "sched.ask_days": "<b>Neuer Zeitplan</b>\n{summary}\n\nAn welchen Tagen?",
    "sched.ask_options": "<b>Neuer Zeitplan</b>\n{summary}\n\nNoch etwas? Dann speichern.",
    "sched.until": "bis {time}",
    "sched.plug_on": "✅ Starten, sobald im Zeitfenster eingesteckt",
    "sched.plug_off": "⬜ Starten, sobald im Zeitfenster eingesteckt",
    "sched.seat_button": "💺 Sitzheizung: {level}",
    "sched.wheel_button": "🎡 Lenkradheizung: {level}",
    "sched.ready_by_on": "✅ Fertig zu dieser Zeit (startet früher)",
    "sched.ready_by_off": "⬜ Fertig zu dieser Zeit (startet früher)",
    "sched.menu_title": "<b>⏰ Zeitpläne für {name}</b>",
    "sched.none": "Noch keine Zeitpläne. Lege mit den Knöpfen unten einen an.",
    "sched.menu_line": "{number}. {line} — nächster Lauf: {when}",
    "sched.add_climate": "➕ Klima",
    "sched.add_charging": "➕ Ladefenster",
    "sched.saved": "✅ Gespeichert: {line}\nNächster Lauf: {when}.",
    "sched.saved_past": "Diese einmalige Zeit ist schon vorbei; wähle eine spätere.",
    "sched.deleted": "Zeitplan gelöscht.",
    "sched.paused_toast": "Pausiert.",
    "sched.resumed_toast": "Fortgesetzt: nächster Lauf {when}.",
    "sched.gone": "Diesen Zeitplan gibt es nicht mehr.",
    "sched.run_started": "Wird jetzt ausgeführt…",
    "sched.list_title": "<b>⏰ Deine Zeitpläne</b> (Zeiten in {zone})",
    "sched.list_none": "Du hast keine Zeitpläne. Öffne /schedule, um einen anzulegen.",
    "sched.list_line": "• <b>{car}</b>: {line} — nächster Lauf: {when}",
    "status.next_schedule": "⏰ Als Nächstes: {line} — {when}",
    "sched.outcome.done": "⏰ {name}: {line} — erledigt, das Auto hat es bestätigt.",
    "sched.outcome.sent": "⏰ {name}: {line} — gesendet; das Auto hat es noch nicht bestätigt.",
    "sched.outcome.failed": "⏰ {name}: {line} — vom Auto oder der Cloud abgelehnt.",
    "sched.outcome.missed": (
        "⏰ {name}: {line} — verpasst: der Bot lief um {time} nicht. Nächstes Mal wieder."
    ),
    "sched.outcome.not_logged_in": (
        "⏰ {name}: {line} — nicht gestartet: das Smart-Konto braucht erneut /login."
    ),
    "sched.outcome.driving": "⏰ {name}: {line} — nicht gestartet: das Auto fährt gerade.",
    "sched.outcome.low_battery": (
        "⏰ {name}: {line} — nicht gestartet: der Akku ist für die Klimatisierung zu leer "
        "({battery} %)."
    ),
    "sched.outcome.not_plugged": (
        "⏰ {name}: {line} — nicht gestartet: das Auto ist nicht eingesteckt."
    ),
    "sched.outcome.waiting_plug": (
        "⏰ {name}: {line} — noch nicht eingesteckt; das Laden startet, wenn du vor {end} "
        "einsteckst."
    ),
    "sched.stop.done": "⏰ {name}: das Ladefenster ist zu Ende; das Laden wurde beendet.",
    "sched.stop.sent": "⏰ {name}: das Ladefenster ist zu Ende; Stopp gesendet, noch unbestätigt.",
    "sched.stop.failed": "⏰ {name}: das Ladefenster ist zu Ende, aber der Stopp wurde abgelehnt.",
    "tz.usage": (
        "Deine Zeitzone ist <b>{zone}</b> (Zeitpläne und Ruhezeiten richten sich danach). "
        "Ändern mit <code>/timezone Europe/Berlin</code> oder teile einen Standort mit dem Bot."
    ),
    "tz.set": "Zeitzone auf <b>{zone}</b> gesetzt (dort ist es jetzt {time}).",
    "tz.unknown": (
        "„{value}“ kenne ich nicht als Zeitzone. Nutze einen Namen wie "
        "<code>Europe/Berlin</code> oder <code>Australia/Sydney</code>."
    ),
    "tz.from_location": "Zeitzone aus dem geteilten Standort auf <b>{zone}</b> gesetzt.",
    "sched.car_timer_button": "{number} · 🧪 Auch als Timer im Auto setzen (experimentell)",
    "sched.car_timers": "🚗 Timer im Auto: {timers}",
    "sched.car_timers_none": "🚗 Im Auto ist kein eigener Timer gesetzt.",
    "sched.car_timer_climate": "Klima {time}",
    "sched.car_timer_charging": "Laden {start}–{end} bis {target} %",
    "sched.car_timer_shown": (
        "🧪 Das Auto zeigt jetzt seinen eigenen Timer: {timers}. Das ist experimentell; "
        "prüf es in der smart-App."
    ),
    "sched.car_timer_not_shown": (
        "🧪 Gesendet, aber das Auto zeigt den Timer danach nicht; es nimmt Timer so "
        "vielleicht nicht an. Der Zeitplan des Bots läuft weiter."
    ),
    "sched.car_timer_failed": (
        "🧪 Die Cloud hat den Timer im Auto abgelehnt; der Zeitplan des Bots läuft weiter."
    ),
    "status.car_timer": "{timers}",
    "btn.use_timezone": "🕐 {zone} als meine Zeitzone nutzen",
    "sched.minutes": "{n} Min.",
    "sched.minutes_button": "⏱ Läuft {n} Min.",
    "sched.minutes_default": "⏱ Läuft so lange wie im Auto eingestellt",
}
