"""Comfort as sequences of requests: warming the car with seat heat, and the smart #5's
ZAF comfort functions (one request per function, REFERENCE §8.3; SmartHashtag #478/#479).

- smart #1/#3: `warm_car` is ONE RCE_2 command, temperature and seat/wheel levels together,
  as the app sends it (SmartHashtag #129: a second RCE command right after is ignored).
- smart #5: climate is RCE_2, but seats, wheel, defrost and ventilation go through ZAF, one
  request per function. The client sends them in order, each after the previous one was
  answered, with `step_gap` seconds between them (`SmartClient(step_gap=...)`). Evidence on
  pacing: pySmartHashtag 0.15.0 sends the ZAF requests back to back, awaiting each answer
  and not sleeping, and nothing reports a #5 ignoring them; the only car-side pacing report
  is for RCE_2 (#129). The default 1 s gap is our margin, not a measured value; 0 sends
  them as pySmartHashtag does. The whole sequence counts as one command for the client's
  5 s cool-down: it is checked once before the first request and runs from the last.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.smart.commands import ZAF_HEAT_KEYS, ZAF_VENT_KEYS
from bot.smart.models import CarModel, SequenceResult

STEP_GAP_SECONDS = 1.0
ZAF_HEAT_SEATS = tuple(ZAF_HEAT_KEYS)  # driver, passenger, rear_left, rear_right, wheel
ZAF_VENT_SEATS = tuple(ZAF_VENT_KEYS)  # driver, passenger


@dataclass(frozen=True, slots=True)
class Step:
    """One request of a sequence: a command-table action with its arguments."""

    label: str
    action: str
    args: dict[str, Any] = field(default_factory=dict)


Planner = Callable[[CarModel], list[Step]]


def _require_5(model: CarModel) -> None:
    if model is not CarModel.SMART_5:
        msg = f"ZAF comfort functions are a smart #5's; this is a smart {model.value}"
        raise ValueError(msg)


def _seats(value: object, allowed: tuple[str, ...], what: str) -> dict[str, int]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        msg = f"{what} must map seats to levels"
        raise ValueError(msg)
    unknown = set(value) - set(allowed)
    if unknown:
        msg = f"{what} seats must be {', '.join(allowed)}, got {sorted(map(str, unknown))}"
        raise ValueError(msg)
    return {seat: value[seat] for seat in allowed if seat in value}


def comfort_steps(
    model: CarModel,
    *,
    heat: Mapping[str, int] | None = None,
    ventilation: Mapping[str, int] | None = None,
    defrost: bool | None = None,
) -> list[Step]:
    """One ZAF step per function named (level 0 / False switches it off), #5 only."""
    _require_5(model)
    steps = [
        Step(f"heat:{seat}", "seat_heating", {"seat": seat, "level": level})
        for seat, level in _seats(heat, ZAF_HEAT_SEATS, "heat").items()
    ]
    if defrost is not None:
        steps.append(Step("defrost", "defrost_on" if defrost else "defrost_off"))
    steps += [
        Step(f"ventilation:{seat}", "seat_ventilation", {"seat": seat, "level": level})
        for seat, level in _seats(ventilation, ZAF_VENT_SEATS, "ventilation").items()
    ]
    if not steps:
        msg = "name at least one comfort function"
        raise ValueError(msg)
    return steps


def all_off_steps(model: CarModel) -> list[Step]:
    """Every #5 comfort function off, one request each (keys SH.11 ... SV.19)."""
    return comfort_steps(
        model,
        heat=dict.fromkeys(ZAF_HEAT_SEATS, 0),
        ventilation=dict.fromkeys(ZAF_VENT_SEATS, 0),
        defrost=False,
    )


def warm_steps(
    model: CarModel, temp_c: float, heat: Mapping[str, int] | None, minutes: int | None
) -> list[Step]:
    """Climate at `temp_c` with seat/wheel heat: one RCE_2 on #1/#3, RCE_2 + ZAF on a #5."""
    climate = {"temp_c": temp_c, "minutes": minutes}
    if model is not CarModel.SMART_5:
        return [Step("climate", "climate_start", {**climate, "heat": dict(heat or {})})]
    steps = [Step("climate", "climate_start", climate)]
    levels = {seat: level for seat, level in (heat or {}).items() if level}
    if levels:
        steps += comfort_steps(model, heat=levels)
    return steps


class ComfortMethods:
    """Sequence-sending comfort methods; the host class provides `send_sequence`."""

    send_sequence: Callable[[str, Planner], Awaitable[SequenceResult]]

    async def warm_car(
        self,
        vin: str,
        temp_c: float = 21.0,
        *,
        heat: Mapping[str, int] | None = None,
        minutes: int | None = None,
    ) -> SequenceResult:
        """Climate at `temp_c` (16-30 °C, 0.5 steps) with seat/wheel heat levels 0-3.

        `heat` maps `driver`/`passenger`/`wheel` (and on a #5 `rear_left`/`rear_right`) to
        a level. #1/#3: one RCE_2 command (one step); #5: RCE_2 climate, then one ZAF
        request per heated seat. "Cool car" is the same call with a low `temp_c`, no heat.
        """
        return await self.send_sequence(vin, lambda model: warm_steps(model, temp_c, heat, minutes))

    async def set_comfort(
        self,
        vin: str,
        *,
        heat: Mapping[str, int] | None = None,
        ventilation: Mapping[str, int] | None = None,
        defrost: bool | None = None,
    ) -> SequenceResult:
        """Comfort on a smart #5 through ZAF, one request per named function, in order: seats
        and wheel heat (level 0-3), defrost (on/off), seat ventilation (level 0-3)."""
        return await self.send_sequence(
            vin,
            lambda model: comfort_steps(model, heat=heat, ventilation=ventilation, defrost=defrost),
        )

    async def comfort_off(self, vin: str) -> SequenceResult:
        """Every comfort function of a smart #5 off (8 ZAF requests: 4 seats, wheel, defrost,
        2 ventilations)."""
        return await self.send_sequence(vin, all_off_steps)
