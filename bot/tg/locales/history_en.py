"""English texts of the history: charge and drive summaries, their charts (merged into the
catalogue by `bot.tg.i18n`)."""

MESSAGES: dict[str, str] = {
    "kind.charge_summary": "Charging summary",
    "kind.drive_summary": "Drive summary",
    "alert.charge_summary": "⚡ <b>Charging session ended</b>",
    "alert.drive_summary": "🛣 <b>Drive ended</b>",
    "summary.charge.energy": "🔋 {energy} kWh added ({method}) · {start} → {end} %",
    "summary.charge.soc": "🔋 {start} → {end} %",
    "summary.method.measured": "measured",
    "summary.method.soc": "estimated from the battery %",
    "summary.charge.time": "⏱ {duration} · {current}",
    "summary.charge.power": "📈 peak {peak} kW · average {average} kW",
    "summary.place": "📍 {place}",
    "summary.drive.line": "📏 {distance} km · ⏱ {duration} · ⌀ {speed} km/h",
    "summary.drive.energy": "🔋 {start} → {end} % · {energy} kWh · {per100} kWh/100 km",
    "summary.drive.places": "📍 {start} → {end}",
    "summary.hours": "{hours} h {minutes} min",
    "summary.minutes": "{minutes} min",
    "summary.ac": "AC",
    "summary.dc": "DC (fast)",
    "chart.charge.title": "{car} · charging {day}",
    "chart.battery": "Battery %",
    "chart.power": "Power kW",
}
