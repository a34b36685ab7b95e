"""How cars are named and found by what an owner would type."""

from __future__ import annotations

from bot.commands.cars import match_cars
from bot.smart.models import CarModel
from bot.storage.records import CarRecord


def _car(
    car_id: int, colour: str, model: CarModel, plate: str, name: str | None = None
) -> CarRecord:
    return CarRecord(
        id=car_id,
        account_id=1,
        owner_user_id=1,
        vin=f"HESXR1C46PS00010{car_id}",
        model=model,
        series_code="HX11",
        model_name="",
        color_name=colour,
        plate=plate,
        name=name,
        is_default=False,
        owned=True,
    )


BLUE = _car(1, "G68 SPECTRUM BLUE", CarModel.SMART_1, "B-SM 101")
BLACK = _car(2, "A68 LUMINOUS BLACK", CarModel.SMART_5, "B-SM 505")


def test_a_car_is_called_by_its_paint_name_without_the_factory_code() -> None:
    assert BLUE.label == "Spectrum Blue #1"
    assert _car(3, "", CarModel.SMART_3, "").label == "#3"
    assert _car(4, "G68 SPECTRUM BLUE", CarModel.SMART_1, "", name="Bluey").label == "Bluey"


def test_a_car_is_found_by_a_colour_word_its_plate_or_its_model() -> None:
    cars = [BLUE, BLACK]
    assert match_cars(cars, "blue") == [BLUE]
    assert match_cars(cars, "b-sm 505") == [BLACK]
    assert match_cars(cars, "#5") == [BLACK]
    assert match_cars(cars, "Spectrum Blue #1") == [BLUE]
    assert match_cars(cars, "red") == []


def test_a_car_is_found_by_the_start_of_its_name_colour_or_plate() -> None:
    named = _car(3, "A68 LUMINOUS BLACK", CarModel.SMART_3, "M-XY 42", name="Weekend")
    cars = [BLUE, BLACK, named]
    assert match_cars(cars, "week") == [named]
    assert match_cars(cars, "spec") == [BLUE]
    assert match_cars(cars, "lumin") == [BLACK, named]
    assert match_cars(cars, "M-XY") == [named]
    assert match_cars(cars, "b-sm 5") == [BLACK]


def test_an_exact_name_wins_over_a_longer_name_it_starts() -> None:
    short = _car(3, "", CarModel.SMART_3, "", name="Max")
    longer = _car(4, "", CarModel.SMART_3, "", name="Maxi")
    assert match_cars([longer, short], "max") == [short]
