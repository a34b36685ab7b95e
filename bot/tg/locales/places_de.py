"""Deutsche Texte der gespeicherten Orte, Ankunft und Abfahrt, der Erinnerung „nicht
eingesteckt“, des Standorts und des Live-Standorts (von `bot.tg.i18n` zusammengeführt)."""

MESSAGES: dict[str, str] = {
    "menu.places": "Zuhause und gespeicherte Orte, Ankunftsmeldungen",
    "help.places": (
        "\n"
        "\n"
        "<b>Orte</b>\n"
        "/places – Zuhause und deine Orte: Meldungen bei Ankunft und Abfahrt, die abendliche "
        "Erinnerung „nicht eingesteckt“, wo „nicht abgeschlossen“ still bleibt\n"
        "/places add &lt;Name&gt; – danach einen Standort teilen (📎 → Standort)\n"
        "/location [Auto] – wo das Auto ist, mit „Folgen“, solange es fährt"
    ),
    "alert.place_arrived": "🏁 <b>{car}</b> ist bei {place} angekommen ({time})",
    "alert.place_left": "🚗 <b>{car}</b> hat {place} verlassen ({time})",
    "alert.not_plugged_in": (
        "🔌 <b>{car}</b> steht bei {place} mit {battery} % und ist nicht eingesteckt."
    ),
    "kind.place_arrived": "Ankunft an einem Ort",
    "kind.place_left": "Abfahrt von einem Ort",
    "kind.not_plugged_in": "Zuhause nicht eingesteckt",
    "btn.remind_later": "⏰ In 1 Std. erinnern",
    "place.snoozed": "Ich erinnere dich in einer Stunde noch einmal.",
    "place.title": "📍 <b>Deine Orte</b>",
    "place.none": "Noch keine Orte gespeichert. Füge einen hinzu: der erste ist Zuhause.",
    "place.line": "{icon} <b>{name}</b> · {car} · {radius} m{flags}",
    "place.flag.arrive": " · 🏁 Ankunft",
    "place.flag.leave": " · 🚗 Abfahrt",
    "place.flag.quiet": " · 🔇 offen",
    "place.flag.remind": " · 🔌 {time}",
    "place.add_ask": (
        "Schick mir den Ort für <b>{car}</b>: 📎 → Standort (oder einen Ort), oder tippe "
        "„Standort des Autos“. (Ich warte zehn Minuten.)"
    ),
    "place.added": "<b>{name}</b> gespeichert.",
    "place.home_name": "Zuhause",
    "place.default_name": "Ort {n}",
    "place.too_many": "Du hast schon {max} Orte für dieses Auto; lösche zuerst einen.",
    "place.gone": "Diesen Ort gibt es nicht mehr.",
    "place.no_position": "<b>{name}</b> hat noch keinen Standort gemeldet.",
    "place.rename_ask": "Schick mir den neuen Namen für <b>{name}</b>.",
    "place.renamed": "Umbenannt in <b>{name}</b>.",
    "place.deleted": "<b>{name}</b> gelöscht.",
    "place.delete_ask": "<b>{name}</b> löschen?",
    "place.card": (
        "{icon} <b>{name}</b> · {car}\n"
        "Radius {radius} m\n"
        "Ankunftsmeldung: {arrive} · Abfahrtsmeldung: {leave}\n"
        "„Nicht abgeschlossen“ hier: {quiet}"
    ),
    "place.card.remind": ("\n🔌 Erinnerung um {time}, wenn unter {below} % und nicht eingesteckt"),
    "place.on": "an",
    "place.off": "aus",
    "place.silent": "still",
    "place.said": "gemeldet",
    "btn.places_add": "➕ Ort hinzufügen",
    "btn.places_here": "🚗 Standort des Autos",
    "btn.places_back": "◀ Orte",
    "btn.place_minus": "− 50 m",
    "btn.place_plus": "+ 50 m",
    "btn.place_arrive": "🏁 Ankunft",
    "btn.place_leave": "🚗 Abfahrt",
    "btn.place_quiet": "🔇 Offen hier",
    "btn.place_remind": "🔌 Erinnerung: {time}",
    "btn.place_below": "unter {below} %",
    "btn.place_rename": "✏️ Umbenennen",
    "btn.place_delete": "🗑 Löschen",
    "btn.place_delete_yes": "🗑 Ja, löschen",
    "btn.place_save": "📍 Als Ort speichern",
    "place.remind_off": "aus",
    "location.where": "📍 {name} ist bei {place}, Standort von {age}",
    "location.hidden": "Der Standort von <b>{name}</b> wird nicht mit dir geteilt.",
    "btn.follow": "🛰 Folgen",
    "follow.parked": "{name} parkt; ein Live-Standort folgt ihm nur, solange es fährt.",
    "follow.started": "Ich folge {name} eine Stunde lang oder bis es parkt.",
    "share.without_location": "Sein Standort bleibt vor ihnen verborgen.",
}
