"""Deutsche Texte der Historie: Lade- und Fahrtberichte, ihre Diagramme (von `bot.tg.i18n`
in den Katalog übernommen)."""

MESSAGES: dict[str, str] = {
    "kind.charge_summary": "Ladebericht",
    "kind.drive_summary": "Fahrtbericht",
    "alert.charge_summary": "⚡ <b>Ladevorgang beendet</b>",
    "alert.drive_summary": "🛣 <b>Fahrt beendet</b>",
    "summary.charge.energy": "🔋 {energy} kWh geladen ({method}) · {start} → {end} %",
    "summary.charge.soc": "🔋 {start} → {end} %",
    "summary.method.measured": "gemessen",
    "summary.method.soc": "geschätzt aus dem Akkustand",
    "summary.charge.time": "⏱ {duration} · {current}",
    "summary.charge.power": "📈 Spitze {peak} kW · Mittel {average} kW",
    "summary.place": "📍 {place}",
    "summary.drive.line": "📏 {distance} km · ⏱ {duration} · ⌀ {speed} km/h",
    "summary.drive.energy": "🔋 {start} → {end} % · {energy} kWh · {per100} kWh/100 km",
    "summary.drive.places": "📍 {start} → {end}",
    "summary.hours": "{hours} Std. {minutes} Min.",
    "summary.minutes": "{minutes} Min.",
    "summary.ac": "AC",
    "summary.dc": "DC (Schnellladen)",
    "chart.charge.title": "{car} · Laden am {day}",
    "chart.battery": "Akku %",
    "chart.power": "Leistung kW",
}
