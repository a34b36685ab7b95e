"""One short, clearly named method per remote command, mixed into `SmartClient`.

Each is a thin wrapper over `send_command(vin, action, **args)` and the command table in
`bot.smart.commands`; they all return a `CommandResult`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Literal

from bot.smart.models import CommandResult

HeatSeat = Literal["driver", "passenger", "wheel", "rear_left", "rear_right"]
VentSeat = Literal["driver", "passenger"]


class CommandMethods:
    """Verb-named command methods; the host class provides `send_command`."""

    send_command: Callable[..., Awaitable[CommandResult]]

    async def lock(self, vin: str) -> CommandResult:
        """Lock all doors."""
        return await self.send_command(vin, "lock")

    async def unlock(self, vin: str) -> CommandResult:
        """Unlock all doors."""
        return await self.send_command(vin, "unlock")

    async def lock_trunk(self, vin: str) -> CommandResult:
        """Lock the trunk."""
        return await self.send_command(vin, "trunk_lock")

    async def unlock_trunk(self, vin: str) -> CommandResult:
        """Unlock the trunk."""
        return await self.send_command(vin, "trunk_unlock")

    async def start_climate(
        self,
        vin: str,
        temp_c: float = 21.0,
        minutes: int | None = None,
        *,
        heat: Mapping[str, int] | None = None,
    ) -> CommandResult:
        """Start pre-conditioning at `temp_c` (16-30 °C, 0.5 steps) for `minutes` (1-180).

        `heat` maps `driver`/`passenger`/`wheel` to levels 0-3 that ride in the same RCE_2
        command (the app's body; #1/#3 only - a #5 heats seats through ZAF, use `warm_car`).
        `minutes` is sent as `operationScheduling.duration`, read as the run time in minutes
        (as the simulator models it; the reference does not state the unit). Without it the
        apps' value, 180, is sent.
        """
        return await self.send_command(
            vin, "climate_start", temp_c=temp_c, minutes=minutes, heat=dict(heat or {})
        )

    async def stop_climate(self, vin: str) -> CommandResult:
        """Stop pre-conditioning."""
        return await self.send_command(vin, "climate_stop")

    async def start_defrost(self, vin: str) -> CommandResult:
        """Start the front defroster."""
        return await self.send_command(vin, "defrost_on")

    async def stop_defrost(self, vin: str) -> CommandResult:
        """Stop the front defroster."""
        return await self.send_command(vin, "defrost_off")

    async def set_seat_heating(
        self, vin: str, seat: HeatSeat, level: int, *, climate_temp_c: float | None = None
    ) -> CommandResult:
        """Seat or steering-wheel heating level 0-3 (0 switches it off).

        #1/#3: RCE_2; pass `climate_temp_c` while climate runs (at that temperature) and the
        seat rides in a climate command instead of replacing it. Rear seats: #5 only (ZAF).
        """
        return await self.send_command(
            vin, "seat_heating", seat=seat, level=level, climate_temp_c=climate_temp_c
        )

    async def set_seat_ventilation(self, vin: str, seat: VentSeat, level: int) -> CommandResult:
        """Seat ventilation level 0-3 (0 switches it off)."""
        return await self.send_command(vin, "seat_ventilation", seat=seat, level=level)

    async def honk(self, vin: str) -> CommandResult:
        """Sound the horn."""
        return await self.send_command(vin, "horn")

    async def flash_lights(self, vin: str) -> CommandResult:
        """Flash the lights."""
        return await self.send_command(vin, "flash")

    async def find(self, vin: str) -> CommandResult:
        """Horn and lights together, to find the car."""
        return await self.send_command(vin, "find")

    async def close_windows(self, vin: str) -> CommandResult:
        """Close all windows."""
        return await self.send_command(vin, "windows_close")

    async def ventilate_windows(self, vin: str) -> CommandResult:
        """Open the windows to the ventilation position."""
        return await self.send_command(vin, "windows_ventilate")

    async def open_sunshade(self, vin: str) -> CommandResult:
        """Open the sunshade."""
        return await self.send_command(vin, "sunshade_open")

    async def close_sunshade(self, vin: str) -> CommandResult:
        """Close the sunshade."""
        return await self.send_command(vin, "sunshade_close")

    async def start_charging(self, vin: str) -> CommandResult:
        """Start charging."""
        return await self.send_command(vin, "charging_start")

    async def stop_charging(self, vin: str) -> CommandResult:
        """Stop charging."""
        return await self.send_command(vin, "charging_stop")

    async def set_charge_limit(self, vin: str, percent: int) -> CommandResult:
        """Charge limit 50-100 % in steps of 5."""
        return await self.send_command(vin, "charge_limit", percent=percent)

    async def open_charge_lid(self, vin: str) -> CommandResult:
        """Open the motorised charge lid (smart #5 only)."""
        return await self.send_command(vin, "charge_lid_open")

    async def close_charge_lid(self, vin: str) -> CommandResult:
        """Close the motorised charge lid (smart #5 only)."""
        return await self.send_command(vin, "charge_lid_close")

    async def set_fridge(self, vin: str, on: bool) -> CommandResult:
        """Switch the fridge on or off."""
        return await self.send_command(vin, "fridge_on" if on else "fridge_off")

    async def set_fragrance(self, vin: str, on: bool) -> CommandResult:
        """Switch the fragrance dispenser on or off."""
        return await self.send_command(vin, "fragrance_on" if on else "fragrance_off")

    async def set_tracking(self, vin: str, on: bool) -> CommandResult:
        """Switch vehicle tracking (VTM) on or off."""
        return await self.send_command(vin, "tracking_on" if on else "tracking_off")

    async def lock_locker(self, vin: str) -> CommandResult:
        """Lock the storage locker."""
        return await self.send_command(vin, "locker_lock")

    async def unlock_locker(self, vin: str) -> CommandResult:
        """Unlock the storage locker."""
        return await self.send_command(vin, "locker_unlock")

    async def set_trip_recording(self, vin: str, on: bool) -> CommandResult:
        """Switch trip journal recording on or off."""
        return await self.send_command(vin, "trip_recording_on" if on else "trip_recording_off")
