"""Numbers as the user reads them, whatever the cloud sent."""

from __future__ import annotations

import pytest

from bot.tg.formatting import decimal
from bot.tg.i18n import Lang


@pytest.mark.parametrize(
    ("value", "german", "english"),
    [
        (17.507, "17,5", "17.5"),
        (2.45, "2,5", "2.5"),  # halves round up
        (1e30, "1" + "0" * 30, "1" + "0" * 30),  # an absurd odometer: shown, not an error
        (-1e30, "-1" + "0" * 30, "-1" + "0" * 30),
        (float("inf"), "∞", "∞"),
    ],
)
def test_any_float_is_written_in_the_users_notation_without_an_error(
    value: float, german: str, english: str
) -> None:
    assert decimal(Lang.DE, value) == german
    assert decimal(Lang.EN, value) == english


def test_the_largest_floats_are_written_out_as_the_cloud_sent_them() -> None:
    assert decimal(Lang.EN, 1e300, places=0) == "1" + "0" * 300
