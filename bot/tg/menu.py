"""The command menu published with `set_my_commands` (descriptions live in the catalogues)."""

from __future__ import annotations

MENU: tuple[str, ...] = (
    "status",
    "lock",
    "unlock",
    "climate",
    "charge",
    "schedule",
    "location",
    "places",
    "preset",
    "cars",
    "history",
    "charges",
    "trips",
    "stats",
    "alerts",
    "mute",
    "login",
    "logout",
    "settings",
    "language",
    "help",
)
# Added to the menu in each admin's own chat (`bot.tg.profile`).
ADMIN_MENU: tuple[str, ...] = ("users", "allow", "deny")
