"""German texts of commands and the status card (issue 17); merged into the catalogue by
`bot.tg.i18n`."""

MESSAGES: dict[str, str] = {
    "refused.state": ("<b>{name}</b>: Laut letztem Status (Stand: {age}) geht das gerade nicht."),
    "refused.not_plugged_in.charge_start": (
        "🔌 <b>{name}</b> ist nicht angesteckt (Stand: {age}), Laden kann nicht starten. "
        "Bitte zuerst das Kabel einstecken."
    ),
    "refused.not_plugged_in.charge_stop": (
        "🔌 <b>{name}</b> ist nicht angesteckt (Stand: {age}), es gibt kein Laden zu stoppen."
    ),
    "refused.stale": "Dieser Status ist alt: Steckt das Kabel jetzt, tippe auf „Trotzdem senden“.",
    "btn.try_anyway": "↪️ Trotzdem senden",
    "card.up_to_date": "Aktuell · Stand: {age}",
    "login.default_kept": (
        "Dein Standardauto bleibt <b>{name}</b> (⭐). Welches Auto soll dein Standardauto sein?"
    ),
    "queue.queued": (
        "{progress}\n🕒 In der Warteschlange: Das Auto braucht eine kurze Pause zwischen "
        "Befehlen; das geht in {wait} raus."
    ),
    "queue.replaced": (
        "{progress}\n↩️ Nicht gesendet: Ein neuerer Befehl für dieses Auto hat seinen Platz "
        "in der Warteschlange eingenommen."
    ),
    "queue.dropped": (
        "{progress}\n⚠️ Nicht gesendet: Der Bot wurde neu gestartet, bevor die Pause des Autos "
        "zu Ende war. Sende den Befehl noch einmal, wenn du ihn noch willst."
    ),
}
