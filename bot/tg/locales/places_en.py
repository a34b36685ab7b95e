"""English texts of saved places, arrival and departure, the "not plugged in" reminder, the
car's location and live location (merged into the catalogue by `bot.tg.i18n`)."""

MESSAGES: dict[str, str] = {
    "menu.places": "Home and saved places, arrival alerts",
    "help.places": (
        "\n"
        "\n"
        "<b>Places</b>\n"
        "/places – home and your saved places: arrival and departure alerts, the evening "
        "“not plugged in” reminder, where “left unlocked” stays silent\n"
        "/places add &lt;name&gt; – then share a location (📎 → Location) to save it\n"
        "/location [car] – where the car is, with “Follow” while it drives"
    ),
    # --- alerts ------------------------------------------------------------------------
    "alert.place_arrived": "🏁 <b>{car}</b> arrived at {place} ({time})",
    "alert.place_left": "🚗 <b>{car}</b> left {place} ({time})",
    "alert.not_plugged_in": (
        "🔌 <b>{car}</b> is parked at {place} with {battery} % and not plugged in."
    ),
    "kind.place_arrived": "Arrived at a place",
    "kind.place_left": "Left a place",
    "kind.not_plugged_in": "Not plugged in at home",
    "btn.remind_later": "⏰ Remind me in 1 h",
    "place.snoozed": "I will remind you again in an hour.",
    # --- /places -----------------------------------------------------------------------
    "place.title": "📍 <b>Your places</b>",
    "place.none": "No saved places yet. Add one: the first is home.",
    "place.line": "{icon} <b>{name}</b> · {car} · {radius} m{flags}",
    "place.flag.arrive": " · 🏁 arrival",
    "place.flag.leave": " · 🚗 departure",
    "place.flag.quiet": " · 🔇 unlocked",
    "place.flag.remind": " · 🔌 {time}",
    "place.add_ask": (
        "Send me the place for <b>{car}</b>: 📎 → Location (or a venue), or tap "
        "“The car's position”. (This waits ten minutes.)"
    ),
    "place.added": "Saved <b>{name}</b>.",
    "place.home_name": "Home",
    "place.default_name": "Place {n}",
    "place.too_many": "You have {max} places for this car already; delete one first.",
    "place.gone": "That place no longer exists.",
    "place.no_position": "<b>{name}</b> has not reported a position yet.",
    "place.rename_ask": "Send me the new name of <b>{name}</b>.",
    "place.renamed": "Renamed to <b>{name}</b>.",
    "place.deleted": "Deleted <b>{name}</b>.",
    "place.delete_ask": "Delete <b>{name}</b>?",
    "place.card": (
        "{icon} <b>{name}</b> · {car}\n"
        "Radius {radius} m\n"
        "Arrival alert: {arrive} · departure alert: {leave}\n"
        "“Left unlocked” here: {quiet}"
    ),
    "place.card.remind": "\n🔌 Reminder at {time} when below {below} % and not plugged in",
    "place.on": "on",
    "place.off": "off",
    "place.silent": "silent",
    "place.said": "said",
    "btn.places_add": "➕ Add a place",
    "btn.places_here": "🚗 The car's position",
    "btn.places_back": "◀ Places",
    "btn.place_minus": "− 50 m",
    "btn.place_plus": "+ 50 m",
    "btn.place_arrive": "🏁 Arrival",
    "btn.place_leave": "🚗 Departure",
    "btn.place_quiet": "🔇 Unlocked here",
    "btn.place_remind": "🔌 Reminder: {time}",
    "btn.place_below": "below {below} %",
    "btn.place_rename": "✏️ Rename",
    "btn.place_delete": "🗑 Delete",
    "btn.place_delete_yes": "🗑 Yes, delete",
    "btn.place_save": "📍 Save as a place",
    "place.remind_off": "off",
    # --- /location ---------------------------------------------------------------------
    "location.where": "📍 {name} is at {place}, position from {age}",
    "location.hidden": "The position of <b>{name}</b> is not shared with you.",
    "btn.follow": "🛰 Follow",
    "follow.parked": "{name} is parked; a live location follows it only while it drives.",
    "follow.started": "Following {name} for an hour, or until it parks.",
    # --- /share ------------------------------------------------------------------------
    "share.without_location": "Its position stays hidden from them.",
}
