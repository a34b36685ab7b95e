"""The texts and buttons of /places: the list, one place's card, and its edits.

A place button's argument is `<place id>-<edit>` (`Op.PLACE_EDIT`); the edits are listed in
`EDITS` and applied by `bot.tg.handlers.places`, which re-checks that the place is the
pressing user's own.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.storage.records import CarRecord
from bot.storage.records_places import Place
from bot.tg.i18n import Lang, t
from bot.tg.keyboards import Op, button
from bot.tg.units import Units, short_distance

RADIUS_STEP_M = 50
REMIND_TIMES: tuple[int | None, ...] = (None, 20 * 60, 21 * 60, 22 * 60)
REMIND_LEVELS: tuple[int, ...] = (30, 50, 70)
EDITS = frozenset({"rm", "rp", "ar", "lv", "qu", "rt", "rb", "rn", "dl", "dy"})


def clock(minute: int) -> str:
    """21:00."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _icon(place: Place) -> str:
    return "🏠" if place.is_home else "📍"


def _car(cars: Sequence[CarRecord], vehicle_id: int) -> str:
    return next((car.label for car in cars if car.id == vehicle_id), "?")


def list_text(
    lang: Lang, places: Sequence[Place], cars: Sequence[CarRecord], units: Units = Units.METRIC
) -> str:
    """The user's places, one line each (radii in `units`)."""
    if not places:
        return "\n".join([t(lang, "place.title"), t(lang, "place.none")])
    lines = [t(lang, "place.title")]
    for place in places:
        flags = ""
        if place.notify_arrive:
            flags += t(lang, "place.flag.arrive")
        if place.notify_leave:
            flags += t(lang, "place.flag.leave")
        if place.quiet_unlocked:
            flags += t(lang, "place.flag.quiet")
        if place.remind_minute is not None:
            flags += t(lang, "place.flag.remind", time=clock(place.remind_minute))
        lines.append(
            t(
                lang,
                "place.line",
                icon=_icon(place),
                name=place.name,
                car=_car(cars, place.vehicle_id),
                radius=short_distance(lang, units, place.radius_m),
                flags=flags,
            )
        )
    return "\n".join(lines)


def list_keyboard(
    lang: Lang, places: Sequence[Place], cars: Sequence[CarRecord]
) -> InlineKeyboardMarkup:
    """One button per place, then "Add a place" per car."""
    rows = [[button(f"{_icon(p)} {p.name}", Op.PLACE_OPEN, p.id)] for p in places]
    for car in cars:
        label = t(lang, "btn.places_add")
        rows.append(
            [button(f"{label} ({car.label})" if len(cars) > 1 else label, Op.PLACE_ADD, car.id)]
        )
    return InlineKeyboardMarkup(rows)


def card_text(
    lang: Lang, place: Place, cars: Sequence[CarRecord], units: Units = Units.METRIC
) -> str:
    """One place with its settings (the radius in `units`)."""
    text = t(
        lang,
        "place.card",
        icon=_icon(place),
        name=place.name,
        car=_car(cars, place.vehicle_id),
        radius=short_distance(lang, units, place.radius_m),
        arrive=t(lang, "place.on" if place.notify_arrive else "place.off"),
        leave=t(lang, "place.on" if place.notify_leave else "place.off"),
        quiet=t(lang, "place.silent" if place.quiet_unlocked else "place.said"),
    )
    if place.remind_minute is not None:
        text += t(
            lang, "place.card.remind", time=clock(place.remind_minute), below=place.remind_below
        )
    return text


def _toggle(lang: Lang, key: str, on: bool, place: Place, code: str) -> InlineKeyboardButton:
    label = t(lang, key)
    return button(
        t(lang, "btn.on" if on else "btn.off", label=label), Op.PLACE_EDIT, f"{place.id}-{code}"
    )


def card_keyboard(lang: Lang, place: Place, units: Units = Units.METRIC) -> InlineKeyboardMarkup:
    """Radius −/+ (the step in `units`), the alert toggles, the reminder (home), rename,
    delete, back."""
    step = short_distance(lang, units, RADIUS_STEP_M)

    def edit(key: str, code: str, **values: object) -> InlineKeyboardButton:
        return button(t(lang, key, **values), Op.PLACE_EDIT, f"{place.id}-{code}")

    rows = [
        [edit("btn.place_minus", "rm", step=step), edit("btn.place_plus", "rp", step=step)],
        [
            _toggle(lang, "btn.place_arrive", place.notify_arrive, place, "ar"),
            _toggle(lang, "btn.place_leave", place.notify_leave, place, "lv"),
        ],
        [_toggle(lang, "btn.place_quiet", place.quiet_unlocked, place, "qu")],
    ]
    if place.is_home:
        when = (
            clock(place.remind_minute)
            if place.remind_minute is not None
            else t(lang, "place.remind_off")
        )
        reminder = [edit("btn.place_remind", "rt", time=when)]
        if place.remind_minute is not None:
            reminder.append(edit("btn.place_below", "rb", below=place.remind_below))
        rows.append(reminder)
    rows.append([edit("btn.place_rename", "rn"), edit("btn.place_delete", "dl")])
    rows.append([button(t(lang, "btn.places_back"), Op.PLACES, 0)])
    return InlineKeyboardMarkup(rows)


def delete_keyboard(lang: Lang, place: Place) -> InlineKeyboardMarkup:
    """Yes, delete / back to the place."""
    return InlineKeyboardMarkup(
        [
            [
                button(t(lang, "btn.place_delete_yes"), Op.PLACE_EDIT, f"{place.id}-dy"),
                button(t(lang, "btn.back"), Op.PLACE_OPEN, place.id),
            ]
        ]
    )


def next_in(values: Sequence[int | None], current: int | None) -> int | None:
    """The value after `current` in `values`, round and round."""
    index = values.index(current) if current in values else -1
    return values[(index + 1) % len(values)]
