"""What the schedule screens say and which buttons they show (no I/O).

`draft_view(lang, step, draft)` renders one step of the "add" flow, each button carrying the
draft as it will be after the press (`bot.tg.schedule_draft`); `menu_view` lists a car's
schedules with pause/resume, run-now and delete buttons; `describe` is the one-line summary
used in lists, on the status card and in outcome messages.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.schedules.plan import Kind, weekdays_of
from bot.smart.timers import CarTimers
from bot.storage.repo_schedules import Schedule
from bot.tg.formatting import decimal
from bot.tg.i18n import Html, Lang, t
from bot.tg.keyboards import Op, encode
from bot.tg.schedule_draft import Draft, Step

ALL_DAYS = 127
WORKDAY_BITS = 31
TIME_STEPS = (-60, -15, 15, 60)


def clock(minute: int) -> str:
    """07:30."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def days_text(lang: Lang, weekdays: int) -> str:
    """The days in words: Mon–Fri, every day, once, or the days in order."""
    if weekdays == 0:
        return t(lang, "sched.once")
    if weekdays == ALL_DAYS:
        return t(lang, "sched.every_day")
    if weekdays == WORKDAY_BITS:
        return t(lang, "sched.workdays")
    return ", ".join(t(lang, f"sched.wd.{day}") for day in sorted(weekdays_of(weekdays)))


def _climate_extras(lang: Lang, seat: int, wheel: int, minutes: int = 0) -> str:
    extras = [t(lang, "sched.minutes", n=minutes)] if minutes else []
    if seat:
        extras.append(t(lang, "sched.seat_level", level=seat))
    if wheel:
        extras.append(t(lang, "sched.wheel_level", level=wheel))
    return "".join(f" · {extra}" for extra in extras)


def describe_draft(lang: Lang, draft: Draft) -> str:
    """One line for a draft: "🌡 07:30 (ready by) · Mon–Fri · 21.5 °C · seat heat 2"."""
    days = days_text(lang, draft.weekdays)
    if draft.kind is Kind.CHARGING:
        return t(
            lang,
            "sched.line_charging",
            start=clock(draft.minute),
            end=clock(draft.end_minute),
            days=days,
            target=draft.target_percent,
        )
    return t(
        lang,
        "sched.line_climate_ready" if draft.ready_by else "sched.line_climate",
        time=clock(draft.minute),
        days=days,
        temp=decimal(lang, draft.temp_c),
        extras=Html(_climate_extras(lang, draft.seat_level, draft.wheel_level, draft.minutes)),
    )


def describe(lang: Lang, schedule: Schedule) -> str:
    """One line for a stored schedule (same words as its draft)."""
    params = schedule.params
    draft = Draft(
        Kind(schedule.kind),
        schedule.vehicle_id,
        minute=schedule.minute_of_day,
        weekdays=schedule.weekdays,
        temp_half_c=round(float(params.get("temp_c", 21.0)) * 2),
        seat_level=int(params.get("seat_level", 0)),
        wheel_level=int(params.get("wheel_level", 0)),
        ready_by=schedule.ready_by,
        end_minute=schedule.end_minute if schedule.end_minute is not None else 6 * 60,
        target_percent=int(params.get("target_soc", 80)),
        when_plugged=bool(params.get("when_plugged", False)),
        minutes=int(params.get("minutes", 0)),
    )
    return describe_draft(lang, draft)


def when_text(lang: Lang, at: datetime | None, zone: ZoneInfo, now: datetime) -> str:
    """When, in words: today 07:30, tomorrow 07:30, Fri 07:30, or paused."""
    if at is None:
        return t(lang, "sched.paused")
    local, today = at.astimezone(zone), now.astimezone(zone).date()
    days = (local.date() - today).days
    hhmm = local.strftime("%H:%M")
    if days == 0:
        return t(lang, "sched.today_at", time=hhmm)
    if days == 1:
        return t(lang, "sched.tomorrow_at", time=hhmm)
    return t(lang, "sched.day_at", day=t(lang, f"sched.wd.{local.weekday()}"), time=hhmm)


def _button(text: str, op: Op, arg: str | int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(op, arg))


def _to(text: str, draft: Draft, step: Step) -> InlineKeyboardButton:
    return _button(text, Op.SCHEDULE_DRAFT, draft.encode(step))


def draft_view(lang: Lang, step: Step, draft: Draft) -> tuple[str, InlineKeyboardMarkup]:
    """The text and buttons of one step of the "add" flow."""
    summary = describe_draft(lang, draft)
    cancel = _button(t(lang, "btn.cancel"), Op.SCHEDULE_MENU, draft.vehicle_id)
    if step is Step.TIME:
        prompt = "sched.ask_time"
        shifts = [
            _to(t(lang, "sched.shift", minutes=f"{m:+d}"), _shift(draft, m), Step.TIME)
            for m in TIME_STEPS
        ]
        rows = [shifts, [cancel, _to(t(lang, "btn.next"), draft, Step.DAYS)]]
    elif step is Step.DAYS:
        prompt = "sched.ask_days"
        rows = [_day_buttons(lang, draft)[:4], _day_buttons(lang, draft)[4:]]
        rows.append(
            [
                _to(t(lang, "sched.workdays"), draft.with_(weekdays=WORKDAY_BITS), Step.DAYS),
                _to(t(lang, "sched.every_day"), draft.with_(weekdays=ALL_DAYS), Step.DAYS),
                _to(t(lang, "sched.once"), draft.with_(weekdays=0), Step.DAYS),
            ]
        )
        back, forward = (
            _to(t(lang, "btn.back"), draft, Step.TIME),
            _to(t(lang, "btn.next"), draft, Step.OPTIONS),
        )
        rows.append([back, forward])
    else:
        prompt = "sched.ask_options"
        rows = _option_rows(lang, draft)
        rows.append(
            [
                _to(t(lang, "btn.back"), draft, Step.DAYS),
                _button(t(lang, "btn.save"), Op.SCHEDULE_SAVE, draft.encode(Step.OPTIONS)),
            ]
        )
    text = t(lang, prompt, summary=Html(summary))
    return text, InlineKeyboardMarkup(rows)


def _shift(draft: Draft, minutes: int) -> Draft:
    return draft.with_(minute=(draft.minute + minutes) % (24 * 60))


def _day_buttons(lang: Lang, draft: Draft) -> list[InlineKeyboardButton]:
    buttons = []
    for day in range(7):
        on = bool(draft.weekdays & (1 << day))
        label = ("✅ " if on else "") + t(lang, f"sched.wd.{day}")
        buttons.append(_to(label, draft.with_(weekdays=draft.weekdays ^ (1 << day)), Step.DAYS))
    return buttons


def _option_rows(lang: Lang, draft: Draft) -> list[list[InlineKeyboardButton]]:
    if draft.kind is Kind.CHARGING:
        end = draft.end_minute
        return [
            [
                _to("−1 h", draft.with_(end_minute=(end - 60) % 1440), Step.OPTIONS),
                _to(t(lang, "sched.until", time=clock(end)), draft, Step.OPTIONS),
                _to("+1 h", draft.with_(end_minute=(end + 60) % 1440), Step.OPTIONS),
            ],
            [
                _to("−5 %", draft.with_(target_percent=draft.target_percent - 5), Step.OPTIONS),
                _to(f"🔋 {draft.target_percent} %", draft, Step.OPTIONS),
                _to("+5 %", draft.with_(target_percent=draft.target_percent + 5), Step.OPTIONS),
            ],
            [
                _to(
                    t(lang, "sched.plug_on" if draft.when_plugged else "sched.plug_off"),
                    draft.with_(when_plugged=not draft.when_plugged),
                    Step.OPTIONS,
                )
            ],
        ]
    temp, half = draft.temp_half_c, decimal(lang, 0.5)
    return [
        [
            _to(f"−{half} °C", draft.with_(temp_half_c=temp - 1), Step.OPTIONS),
            _to(f"🌡 {decimal(lang, draft.temp_c)} °C", draft, Step.OPTIONS),
            _to(f"+{half} °C", draft.with_(temp_half_c=temp + 1), Step.OPTIONS),
        ],
        [
            _to(
                t(lang, "sched.seat_button", level=draft.seat_level),
                draft.with_(seat_level=(draft.seat_level + 1) % 4),
                Step.OPTIONS,
            ),
            _to(
                t(lang, "sched.wheel_button", level=draft.wheel_level),
                draft.with_(wheel_level=(draft.wheel_level + 1) % 4),
                Step.OPTIONS,
            ),
        ],
        [
            _to(
                t(lang, "sched.minutes_button", n=draft.minutes)
                if draft.minutes
                else t(lang, "sched.minutes_default"),
                draft.next_duration(),
                Step.OPTIONS,
            )
        ],
        [
            _to(
                t(lang, "sched.ready_by_on" if draft.ready_by else "sched.ready_by_off"),
                draft.with_(ready_by=not draft.ready_by),
                Step.OPTIONS,
            )
        ],
    ]


def menu_view(
    lang: Lang,
    *,
    car_name: str,
    vehicle_id: int,
    schedules: list[Schedule],
    zone: ZoneInfo,
    now: datetime,
    car_timers: CarTimers | None = None,
) -> tuple[str, InlineKeyboardMarkup]:
    """A car's schedules, each with its next run, the car's own timers when known, and the
    buttons to manage and add them."""
    lines = [t(lang, "sched.menu_title", name=car_name)]
    rows: list[list[InlineKeyboardButton]] = []
    if not schedules:
        lines.append(t(lang, "sched.none"))
    for number, schedule in enumerate(schedules, start=1):
        lines.append(
            t(
                lang,
                "sched.menu_line",
                number=number,
                line=Html(describe(lang, schedule)),
                when=when_text(lang, schedule.next_run_at, zone, now),
            )
        )
        pause = "btn.resume" if schedule.paused else "btn.pause"
        rows.append(
            [
                _button(f"{number} · {t(lang, pause)}", Op.SCHEDULE_PAUSE, schedule.id),
                _button(f"{number} · {t(lang, 'btn.run_now')}", Op.SCHEDULE_RUN, schedule.id),
                _button(f"{number} · 🗑", Op.SCHEDULE_DELETE, schedule.id),
            ]
        )
        rows.append(
            [
                _button(
                    t(lang, "sched.car_timer_button", number=number),
                    Op.SCHEDULE_CAR_TIMER,
                    schedule.id,
                )
            ]
        )
    if car_timers is not None:
        lines.append(car_timers_text(lang, car_timers))
    rows.append(
        [
            _button(t(lang, "sched.add_climate"), Op.SCHEDULE_NEW, f"c{vehicle_id}"),
            _button(t(lang, "sched.add_charging"), Op.SCHEDULE_NEW, f"g{vehicle_id}"),
        ]
    )
    return "\n".join(lines), InlineKeyboardMarkup(rows)


def car_timers_text(lang: Lang, timers: CarTimers) -> str:
    """The car's own timers in one line ("🚗 The car's own timers: …"), or that it has none."""
    parts = []
    climate = timers.active_climate
    if climate is not None:
        parts.append(t(lang, "sched.car_timer_climate", time=climate.time))
    charging = timers.active_charging
    if charging is not None:
        parts.append(
            t(
                lang,
                "sched.car_timer_charging",
                start=charging.start or "?",
                end=charging.end or "?",
                target=charging.target_percent if charging.target_percent is not None else "?",
            )
        )
    if not parts:
        return t(lang, "sched.car_timers_none")
    return t(lang, "sched.car_timers", timers=" · ".join(parts))
