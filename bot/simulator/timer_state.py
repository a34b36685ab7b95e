"""What the simulator remembers of each car's own timers (served by `car_timers`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class SimCarTimers:
    """One car's timers and the generation that cancels an outdated armed change."""

    climate_time: str | None = None
    climate_enabled: bool = False
    climate_temperature: float = 21.0
    charge_start: str | None = None
    charge_end: str | None = None
    charge_target: int | None = None
    generation: int = 0
    fired: list[str] = field(default_factory=list)
