"""English texts of schedules and time zones (merged into the catalogue by `bot.tg.i18n`)."""

MESSAGES: dict[str, str] = {
    "menu.schedule": "Timers: warm car, charging window",
    "help.schedules": (
        "\n"
        "\n"
        "<b>Schedules</b>\n"
        "/schedule [car] – warm the car or charge at set times, with buttons\n"
        "/schedules – all your schedules and their next run\n"
        "/timezone [zone] – the time zone your schedules use"
    ),
    "btn.next": "Next ▶",
    "btn.back": "◀ Back",
    "btn.save": "💾 Save",
    "btn.pause": "⏸ Pause",
    "btn.resume": "▶ Resume",
    "btn.run_now": "⚡ Run now",
    "btn.schedules": "⏰ Schedules",
    "btn.stop_climate": "❄️ Stop climate",
    "sched.wd.0": "Mon",
    "sched.wd.1": "Tue",
    "sched.wd.2": "Wed",
    "sched.wd.3": "Thu",
    "sched.wd.4": "Fri",
    "sched.wd.5": "Sat",
    "sched.wd.6": "Sun",
    "sched.once": "once",
    "sched.every_day": "every day",
    "sched.workdays": "Mon–Fri",
    "sched.seat_level": "seat heat {level}",
    "sched.wheel_level": "wheel heat {level}",
    "sched.line_climate": "🌡 {time} · {days} · {temp} °C{extras}",
    "sched.line_climate_ready": "🌡 ready by {time} · {days} · {temp} °C{extras}",
    "sched.line_charging": "⚡ {start}–{end} · {days} · to {target} %",
    "sched.paused": "paused",
    "sched.today_at": "today {time}",
    "sched.tomorrow_at": "tomorrow {time}",
    "sched.day_at": "{day} {time}",
    "sched.shift": "{minutes} min",
    "sched.ask_time": "<b>New schedule</b>\n{summary}\n\nWhen? Move the time with the buttons.",
    "sched.ask_days": "<b>New schedule</b>\n{summary}\n\nOn which days?",
    "sched.ask_options": "<b>New schedule</b>\n{summary}\n\nAnything else? Then save.",
    "sched.until": "until {time}",
    "sched.plug_on": "✅ Start when plugged in during the window",
    "sched.plug_off": "⬜ Start when plugged in during the window",
    "sched.seat_button": "💺 Seat heat: {level}",
    "sched.wheel_button": "🎡 Wheel heat: {level}",
    "sched.ready_by_on": "✅ Ready by this time (starts earlier)",
    "sched.ready_by_off": "⬜ Ready by this time (starts earlier)",
    "sched.menu_title": "<b>⏰ Schedules of {name}</b>",
    "sched.none": "No schedules yet. Add one with the buttons below.",
    "sched.menu_line": "{number}. {line} — next: {when}",
    "sched.add_climate": "➕ Climate",
    "sched.add_charging": "➕ Charging window",
    "sched.saved": "✅ Saved: {line}\nNext run: {when}.",
    "sched.saved_past": "That one-off time has passed; pick a later time.",
    "sched.deleted": "Schedule deleted.",
    "sched.paused_toast": "Paused.",
    "sched.resumed_toast": "Resumed: next run {when}.",
    "sched.gone": "That schedule no longer exists.",
    "sched.run_started": "Running it now…",
    "sched.list_title": "<b>⏰ Your schedules</b> (times in {zone})",
    "sched.list_none": "You have no schedules. Open /schedule to add one.",
    "sched.list_line": "• <b>{car}</b>: {line} — next: {when}",
    "status.next_schedule": "⏰ Next: {line} — {when}",
    "sched.outcome.done": "⏰ {name}: {line} — done, the car confirmed it.",
    "sched.outcome.sent": "⏰ {name}: {line} — sent; the car has not confirmed it yet.",
    "sched.outcome.failed": "⏰ {name}: {line} — the car or the cloud refused it.",
    "sched.outcome.missed": (
        "⏰ {name}: {line} — missed: the bot was not running at {time}. It runs again next time."
    ),
    "sched.outcome.not_logged_in": (
        "⏰ {name}: {line} — not started: the Smart account needs /login again."
    ),
    "sched.outcome.driving": "⏰ {name}: {line} — not started: the car is being driven.",
    "sched.outcome.low_battery": (
        "⏰ {name}: {line} — not started: the battery is too low for climate ({battery} %)."
    ),
    "sched.outcome.not_plugged": "⏰ {name}: {line} — not started: the car is not plugged in.",
    "sched.outcome.waiting_plug": (
        "⏰ {name}: {line} — not plugged in yet; charging starts when you plug in before {end}."
    ),
    "sched.stop.done": "⏰ {name}: the charging window ended; charging stopped.",
    "sched.stop.sent": "⏰ {name}: the charging window ended; stop sent, not confirmed yet.",
    "sched.stop.failed": "⏰ {name}: the charging window ended, but stopping was refused.",
    "tz.usage": (
        "Your time zone is <b>{zone}</b> (schedules and quiet hours use it). Change it with "
        "<code>/timezone Europe/Berlin</code>, or share a location with the bot."
    ),
    "tz.set": "Time zone set to <b>{zone}</b> (it is {time} there now).",
    "tz.unknown": (
        "“{value}” is not a time zone I know. Use a name like <code>Europe/Berlin</code> "
        "or <code>Australia/Sydney</code>."
    ),
    "tz.from_location": "Time zone set to <b>{zone}</b> from the location you shared.",
    "sched.car_timer_button": "{number} · 🧪 Also set as the car's own timer (experimental)",
    "sched.car_timers": "🚗 The car's own timers: {timers}",
    "sched.car_timers_none": "🚗 The car has no timer of its own set.",
    "sched.car_timer_climate": "climate {time}",
    "sched.car_timer_charging": "charging {start}–{end} to {target} %",
    "sched.car_timer_shown": (
        "🧪 The car now shows its own timer: {timers}. This is experimental; check it in "
        "the smart app."
    ),
    "sched.car_timer_not_shown": (
        "🧪 Sent, but the car does not show the timer afterwards; it may not take timers "
        "this way. The bot's own schedule still runs."
    ),
    "sched.car_timer_failed": (
        "🧪 The cloud refused the car's timer; the bot's own schedule still runs."
    ),
    "status.car_timer": "{timers}",
    "btn.use_timezone": "🕐 Use {zone} as my time zone",
    "sched.minutes": "{n} min",
    "sched.minutes_button": "⏱ Runs {n} min",
    "sched.minutes_default": "⏱ Runs as long as the car's default",
}
