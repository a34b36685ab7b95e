"""The "add a schedule" buttons: each carries the whole draft, within Telegram's 64 bytes,
and nothing forged decodes; the words are right in English and German."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from telegram import InlineKeyboardMarkup

from bot.schedules.plan import Kind
from bot.tg.i18n import Lang
from bot.tg.keyboards import Op, decode
from bot.tg.schedule_draft import Draft, Step
from bot.tg.schedule_draft import decode as decode_draft
from bot.tg.schedule_views import describe_draft, draft_view, when_text

BIG_ID = 2**62 - 1


def _buttons(markup: InlineKeyboardMarkup) -> dict[str, str]:
    return {b.text: str(b.callback_data) for row in markup.inline_keyboard for b in row}


def _press(markup: InlineKeyboardMarkup, label: str) -> tuple[Step, Draft]:
    callback = decode(_buttons(markup)[label])
    assert callback is not None
    assert callback.op in (Op.SCHEDULE_DRAFT, Op.SCHEDULE_SAVE)
    decoded = decode_draft(callback.arg)
    assert decoded is not None
    return decoded


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("step", list(Step))
def test_every_button_fits_telegrams_limit_even_for_the_largest_car_id(
    kind: Kind, step: Step
) -> None:
    draft = Draft(kind, BIG_ID, minute=1439, weekdays=127, temp_half_c=60, seat_level=3,
                  wheel_level=3, ready_by=True, end_minute=1439, target_percent=100,
                  minutes=30)  # fmt: skip
    _, markup = draft_view(Lang.DE, step, draft)
    for data in _buttons(markup).values():
        assert len(data.encode()) <= 64
        assert decode(data) is not None


def test_building_warm_car_by_0730_on_weekdays_with_seat_heat_takes_only_presses() -> None:
    step, draft = Step.TIME, Draft.new(Kind.CLIMATE, 7)
    _, markup = draft_view(Lang.EN, step, draft)
    step, draft = _press(markup, "+15 min")
    step, draft = _press(draft_view(Lang.EN, step, draft)[1], "-15 min")
    assert draft.minute == 7 * 60 + 30
    step, draft = _press(draft_view(Lang.EN, step, draft)[1], "Next ▶")
    assert step is Step.DAYS
    step, draft = _press(draft_view(Lang.EN, step, draft)[1], "Next ▶")
    markup = draft_view(Lang.EN, step, draft)[1]
    step, draft = _press(markup, "💺 Seat heat: 0")
    step, draft = _press(draft_view(Lang.EN, step, draft)[1], "💺 Seat heat: 1")
    step, draft = _press(
        draft_view(Lang.EN, step, draft)[1], "⬜ Ready by this time (starts earlier)"
    )
    text, markup = draft_view(Lang.EN, step, draft)
    assert "🌡 ready by 07:30 · Mon–Fri · 21 °C · seat heat 2" in text
    _, saved = _press(markup, "💾 Save")
    assert saved == Draft(Kind.CLIMATE, 7, seat_level=2, ready_by=True)


def test_charging_between_2300_and_0600_to_80_percent_is_the_default_window() -> None:
    draft = Draft.new(Kind.CHARGING, 7)
    assert describe_draft(Lang.EN, draft) == "⚡ 23:00–06:00 · every day · to 80 %"
    assert describe_draft(Lang.DE, draft) == "⚡ 23:00–06:00 · täglich · bis 80 %"
    _, markup = draft_view(Lang.EN, Step.OPTIONS, draft)
    _, lower = _press(markup, "−5 %")
    assert lower.target_percent == 75


def test_a_weekday_toggle_turns_one_day_off_and_the_summary_names_the_rest() -> None:
    _, markup = draft_view(Lang.DE, Step.DAYS, Draft.new(Kind.CLIMATE, 7))
    _, draft = _press(markup, "✅ Mi")
    assert describe_draft(Lang.DE, draft).startswith("🌡 07:30 · Mo, Di, Do, Fr · 21 °C")


def test_german_temperatures_use_a_decimal_comma() -> None:
    draft = Draft(Kind.CLIMATE, 7, temp_half_c=43)
    assert "21,5 °C" in describe_draft(Lang.DE, draft)
    assert "21.5 °C" in describe_draft(Lang.EN, draft)


def test_a_value_pushed_past_its_range_stays_at_the_limit() -> None:
    hot = Draft(Kind.CLIMATE, 7, temp_half_c=60)
    _, markup = draft_view(Lang.EN, Step.OPTIONS, hot)
    _, same = _press(markup, "+0.5 °C")
    assert same.temp_half_c == 60


@pytest.mark.parametrize(
    "arg",
    [
        "",
        "tc",
        "xc7_a_v_16_0_0_0_a0_28_1_0",  # unknown step
        "tq7_a_v_16_0_0_0_a0_28_1_0",  # unknown kind
        "tc7_a_v_16_0_0_0_a0_28_1",  # a field missing
        "tc0_a_v_16_0_0_0_a0_28_1_0",  # no car 0
        "tc7_1400_v_16_0_0_0_a0_28_1_0",  # minute out of the day
        "tc7_a_v_16_9_0_0_a0_28_1_0",  # seat level 9
        "tc7_a_v_16_0_0_2_a0_28_1_0",  # a flag that is not 0 or 1
        "tc7_a_v_16_0_0_0_a0_29_1_0",  # target not a multiple of 5
        "tc7_a_v_16_0_0_0_a0_28_1_7",  # a run time the flow does not offer
        "tc7_a_v_-16_0_0_0_a0_28_1_0",
    ],
)
def test_a_forged_or_damaged_draft_is_refused(arg: str) -> None:
    assert decode_draft(arg) is None


def test_a_well_formed_draft_decodes_to_what_it_says() -> None:
    assert decode_draft("tc7_a_v_16_0_0_0_a0_28_1_f") == (
        Step.TIME,
        Draft(Kind.CLIMATE, 7, minute=10, weekdays=31, temp_half_c=42, end_minute=360,
              target_percent=80, when_plugged=True, minutes=15),
    )  # fmt: skip


def test_the_run_time_button_cycles_through_the_offered_durations() -> None:
    draft, seen = Draft.new(Kind.CLIMATE, 7), []
    for _ in range(6):
        seen.append(draft.minutes)
        _, markup = draft_view(Lang.EN, Step.OPTIONS, draft)
        label = next(label for label in _buttons(markup) if label.startswith("⏱"))
        _, draft = _press(markup, label)
    assert seen == [0, 10, 15, 20, 30, 0]
    assert "· 20 min" in describe_draft(Lang.EN, Draft(Kind.CLIMATE, 7, minutes=20))


def test_next_run_is_said_as_today_tomorrow_or_the_weekday_in_the_users_zone() -> None:
    zone = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)  # Tuesday 21:00 in Berlin
    assert when_text(Lang.EN, now + timedelta(hours=1), zone, now) == "today 22:00"
    assert when_text(Lang.EN, now + timedelta(hours=10), zone, now) == "tomorrow 07:00"
    assert when_text(Lang.DE, now + timedelta(days=3), zone, now) == "Fr 21:00"
    assert when_text(Lang.DE, None, zone, now) == "pausiert"
