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
    "places.title": "📍 <b>Your places</b>",
    "places.none": "No saved places yet. Add one: the first is home.",
    "places.line": "{icon} <b>{name}</b> · {car} · {radius} m{flags}",
    "places.flag.arrive": " · 🏁 arrival",
    "places.flag.leave": " · 🚗 departure",
    "places.flag.quiet": " · 🔇 unlocked",
    "places.flag.remind": " · 🔌 {time}",
    "places.add_ask": (
        "Send me the place for <b>{car}</b>: 📎 → Location (or a venue), or tap "
        "“The car's position”. (This waits ten minutes.)"
    ),
    "places.added": "Saved <b>{name}</b>.",
    "places.home_name": "Home",
    "places.default_name": "Place {n}",
    "places.too_many": "You have {max} places for this car already; delete one first.",
    "places.gone": "That place no longer exists.",
    "places.no_position": "<b>{name}</b> has not reported a position yet.",
    "places.rename_ask": "Send me the new name of <b>{name}</b>.",
    "places.renamed": "Renamed to <b>{name}</b>.",
    "places.deleted": "Deleted <b>{name}</b>.",
    "places.delete_ask": "Delete <b>{name}</b>?",
    "places.card": (
        "{icon} <b>{name}</b> · {car}\n"
        "Radius {radius} m\n"
        "Arrival alert: {arrive} · departure alert: {leave}\n"
        "“Left unlocked” here: {quiet}"
    ),
    "places.card.remind": "\n🔌 Reminder at {time} when below {below} % and not plugged in",
    "places.on": "on",
    "places.off": "off",
    "places.silent": "silent",
    "places.said": "said",
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
    "places.remind_off": "off",
    # --- /location ---------------------------------------------------------------------
    "location.where": "📍 {name} is at {place}, position from {age}",
    "location.hidden": "The position of <b>{name}</b> is not shared with you.",
    "btn.follow": "🛰 Follow",
    "follow.parked": "{name} is parked; a live location follows it only while it drives.",
    "follow.started": "Following {name} for an hour, or until it parks.",
    # --- /share ------------------------------------------------------------------------
    "share.without_location": "Its position stays hidden from them.",
}
