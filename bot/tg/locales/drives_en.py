"""English texts of the drive chart (merged into the catalogue by `bot.tg.i18n`)."""

MESSAGES: dict[str, str] = {
    "chart.drive.title": "{car} · drive {day}",
    "chart.speed": "Speed km/h",
}
