"""German texts of the drive chart (merged into the catalogue by `bot.tg.i18n`)."""

MESSAGES: dict[str, str] = {
    "chart.drive.title": "{car} · Fahrt am {day}",
    "chart.speed": "Tempo km/h",
}
