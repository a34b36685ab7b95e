"""The diff's rules, one small function per family of events. Each reads a `Step` and adds to it.

Thresholds that are not per-user live here as constants, with the reason for each value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from bot.poller.events import EventKind, JSONValue, episode_key
from bot.poller.memory import PollMemory
from bot.poller.step import DiffContext, Step
from bot.smart.geo import distance_m
from bot.smart.models import VehicleStatus

BATTERY_REARM_POINTS = 5  # re-arm low battery only above threshold + 5 (no flapping at 19/20)
AUX_LOW_V = 11.8  # a resting 12 V battery below ~11.8 V is about a quarter charged
AUX_REARM_V = 12.2  # back above this after charging or driving
TYRE_LOW_KPA = 180.0  # well under any smart's recommended cold pressure (~230-290 kPa)
SERVICE_DUE_DAYS = 14
MOVED_METRES = 200.0  # GPS jitter of a parked car stays far below this
PARKED_MAX_KMH = 1.0
# Charger states that mean "done" (REFERENCE §7: COMPLETE, FULLY_CHARGED, FINISHED_FULLY_CHARGED).
CHARGER_DONE_STATES = frozenset({4, 5, 6})


def is_driving(status: VehicleStatus) -> bool:
    """The engine (drive system) runs or the car moves."""
    return bool(status.engine_running) or (status.speed_kmh or 0.0) > PARKED_MAX_KMH


def is_parked(status: VehicleStatus) -> bool:
    """Not driving. Unknown engine and speed count as parked (the car reports both when on)."""
    return not is_driving(status)


def _position(status: VehicleStatus) -> tuple[float, float] | None:
    if status.latitude is None or status.longitude is None:
        return None
    return (status.latitude, status.longitude)


def _became(before: bool | None, after: bool | None, value: bool) -> bool:
    """An observed change to `value`: both sides known, and different."""
    return before is not None and after is not None and before is not value and after is value


def _low_battery(status: VehicleStatus, threshold: int) -> bool:
    return status.battery_percent is not None and status.battery_percent <= threshold


def _tyre_problem(status: VehicleStatus) -> tuple[bool | None, list[str]]:
    """(warning?, wheels under pressure). None when the car reports neither."""
    pressures = status.tyre_pressure_kpa or {}
    low = sorted(wheel for wheel, kpa in pressures.items() if 0 < kpa < TYRE_LOW_KPA)
    if status.tyre_warning or low:
        return True, low
    if status.tyre_warning is None and not pressures:
        return None, low
    return False, low


def _aux_state(volts: float | None) -> bool | None:
    """True low, False recovered, None unknown or in between (keep the latch as it is)."""
    if volts is None or volts <= 0:
        return None
    if volts <= AUX_LOW_V:
        return True
    return False if volts >= AUX_REARM_V else None


def _service_state(days: int | None) -> bool | None:
    return None if days is None else days <= SERVICE_DUE_DAYS


def initial_memory(status: VehicleStatus, now: datetime, ctx: DiffContext) -> PollMemory:
    """Memory for a car seen for the first time: every condition already true counts as told."""
    position = _position(status)
    parked = is_parked(status)
    fw = ctx.firmware
    update_seen = None
    if fw is not None:
        update_seen = (fw.target_version or "") if fw.update_available else ""
    return PollMemory(
        unlocked_since=now if parked and status.locked is False else None,
        anchor=position if parked and status.locked is True else None,
        battery_low_sent=frozenset(t for t in ctx.battery_thresholds if _low_battery(status, t)),
        aux_low_sent=_aux_state(status.aux_battery_v) is True,
        tyre_sent=_tyre_problem(status)[0] is True,
        service_sent=_service_state(status.days_to_service) is True,
        update_seen=update_seen,
        charge_session=None,
        target_sent=bool(status.is_charging)
        and status.charge_target_percent is not None
        and (status.battery_percent or 0) >= status.charge_target_percent,
    )


def locks(step: Step) -> None:
    """Locked / unlocked, saying whether this bot asked for it."""
    before, after = step.prev.locked, step.cur.locked
    if _became(before, after, True):
        step.emit(EventKind.LOCKED, details=step.attribution("locked", True))
    elif _became(before, after, False):
        step.emit(EventKind.UNLOCKED, details=step.attribution("locked", False))


def openings(step: Step) -> None:
    """Doors, windows, trunk, hood and sunroof opened while the car is parked."""
    prev, cur = step.prev, step.cur
    if not is_parked(cur):
        return
    if prev.doors_open is not None and cur.doors_open is not None:
        doors = sorted(cur.doors_open - prev.doors_open)
        if doors:
            step.emit(EventKind.DOOR_OPENED, doors=doors)
    if prev.windows_open is not None and cur.windows_open is not None:
        windows = sorted(cur.windows_open - prev.windows_open)
        if windows:
            step.emit(
                EventKind.WINDOW_OPENED,
                details=step.attribution("windows_open", True),
                windows=windows,
            )
    for kind, name in (
        (EventKind.TRUNK_OPENED, "trunk_open"),
        (EventKind.HOOD_OPENED, "hood_open"),
        (EventKind.SUNROOF_OPENED, "sunroof_open"),
    ):
        if _became(getattr(prev, name), getattr(cur, name), True):
            step.emit(kind)


def plug(step: Step) -> None:
    """Charging cable plugged in or pulled."""
    if _became(step.prev.plugged_in, step.cur.plugged_in, True):
        step.emit(EventKind.PLUGGED_IN, battery=step.cur.battery_percent)
    elif _became(step.prev.plugged_in, step.cur.plugged_in, False):
        step.emit(EventKind.UNPLUGGED, battery=step.cur.battery_percent)


def charging(step: Step) -> None:
    """Started; target reached (while charging or as it ends); finished; stopped early."""
    prev, cur = step.prev, step.cur
    battery, target = cur.battery_percent, cur.charge_target_percent
    if _became(prev.is_charging, cur.is_charging, True):
        session = episode_key(step.stamp)
        step.remember(charge_session=session, target_sent=False)
        step.emit(
            EventKind.CHARGING_STARTED,
            episode=session,
            battery=battery,
            target=target,
            power_kw=cur.charge_power_kw,
            minutes_to_full=cur.minutes_to_full,
            dc=cur.dc_charging,
            power_estimated=cur.charge_power_estimated,
            details=step.attribution("is_charging", True),
        )
    session = step.remembered("charge_session") or episode_key(step.stamp)
    reached = battery is not None and target is not None and battery >= target
    if cur.is_charging and reached and not step.remembered("target_sent"):
        before = prev.battery_percent
        if before is not None and target is not None and before < target:
            step.emit(EventKind.CHARGE_TARGET_REACHED, episode=session, battery=battery)
            step.remember(target_sent=True)
    if not _became(prev.is_charging, cur.is_charging, False):
        return
    already_said = bool(step.remembered("target_sent"))
    if reached or already_said:
        if not already_said:
            step.emit(EventKind.CHARGE_TARGET_REACHED, episode=session, battery=battery)
    elif (battery or 0) >= 100 or cur.charger_state in CHARGER_DONE_STATES:
        step.emit(EventKind.CHARGING_FINISHED, episode=session, battery=battery)
    else:
        step.emit(
            EventKind.CHARGING_STOPPED,
            episode=session,
            battery=battery,
            plugged_in=cur.plugged_in,
            details=step.attribution("is_charging", False),
        )
    step.remember(charge_session=None, target_sent=False)


def climate(step: Step) -> None:
    """Climate (pre-conditioning) switched on or off."""
    before, after = step.prev.climate_on, step.cur.climate_on
    if _became(before, after, True):
        step.emit(EventKind.CLIMATE_STARTED, details=step.attribution("climate_on", True))
    elif _became(before, after, False):
        step.emit(
            EventKind.CLIMATE_FINISHED,
            details=step.attribution("climate_on", False),
            interior_c=step.cur.interior_temp_c,
        )


def battery_low(step: Step) -> None:
    """Falling to a subscriber's threshold; re-armed only above threshold + 5 points."""
    battery, before = step.cur.battery_percent, step.prev.battery_percent
    if battery is None:
        return
    sent: frozenset[int] = step.remembered("battery_low_sent")
    kept = {t for t in sent if battery <= t + BATTERY_REARM_POINTS}
    for threshold in sorted(step.ctx.battery_thresholds):
        if battery > threshold or threshold in sent:
            continue
        kept.add(threshold)
        if before is not None and before > threshold:
            step.emit(
                EventKind.BATTERY_LOW,
                episode=f"{episode_key(step.stamp)}-{threshold}",
                battery=battery,
                threshold=threshold,
                range_km=step.cur.range_km,
            )
    step.remember(battery_low_sent=frozenset(kept))


def _latch(
    step: Step,
    kind: EventKind,
    flag: str,
    states: tuple[bool | None, bool | None],
    data: dict[str, JSONValue],
) -> None:
    """Fire once when a condition starts; re-arm when it is seen cleared."""
    now_state, was = states
    if now_state is False:
        step.remember(**{flag: False})
        return
    if now_state is True and not step.remembered(flag):
        step.remember(**{flag: True})
        if was is not True:
            step.emit(kind, details=data)


def levels(step: Step) -> None:
    """12 V battery low, tyre pressure warning, service due: once per occurrence."""
    prev, cur = step.prev, step.cur
    aux = (_aux_state(cur.aux_battery_v), _aux_state(prev.aux_battery_v))
    _latch(step, EventKind.AUX_BATTERY_LOW, "aux_low_sent", aux, {"volts": cur.aux_battery_v})
    (tyres, low_wheels), (tyres_before, _) = _tyre_problem(cur), _tyre_problem(prev)
    _latch(
        step,
        EventKind.TYRE_PRESSURE_WARNING,
        "tyre_sent",
        (tyres, tyres_before),
        {"wheels": low_wheels},
    )
    service = (_service_state(cur.days_to_service), _service_state(prev.days_to_service))
    _latch(step, EventKind.SERVICE_DUE, "service_sent", service, {"days": cur.days_to_service})


def moved(step: Step) -> None:
    """Moved more than 200 m while parked and locked, without being driven: theft or tow.

    A car started with its key (engine on) or driven a full trip between two polls
    (the odometer grew by at least half the distance) was used by a key holder: the parked
    position is simply renewed. An anchor is only set while parked and locked.
    """
    cur = step.cur
    position = _position(cur)
    if cur.locked is False or cur.engine_running is True:
        step.remember(anchor=None, moved_sent=False)
        return
    anchor: tuple[float, float] | None = step.remembered("anchor")
    if cur.locked is not True or position is None:
        return
    if anchor is None:
        if is_parked(cur):
            step.remember(anchor=position, moved_sent=False)
        return
    distance = distance_m(anchor, position)
    if distance <= MOVED_METRES or step.remembered("moved_sent"):
        return
    before, after = step.prev.odometer_km, cur.odometer_km
    driven_km = (after - before) if before is not None and after is not None else 0.0
    if driven_km * 1000 >= distance / 2 and is_parked(cur):
        step.remember(anchor=position, moved_sent=False)
        return
    step.remember(moved_sent=True)
    step.emit(
        EventKind.MOVED_WHILE_PARKED,
        distance_m=round(distance),
        latitude=round(position[0], 5),
        longitude=round(position[1], 5),
    )


def left_unlocked(step: Step) -> None:
    """A timer: the parked car stayed unlocked for a subscriber's number of minutes."""
    cur = step.cur
    if cur.locked is True or is_driving(cur):
        step.remember(unlocked_since=None, left_unlocked_sent=frozenset())
        return
    if cur.locked is None:
        return
    since = step.remembered("unlocked_since")
    if since is None:
        since = step.stamp if step.prev.locked is True else step.now
        step.remember(unlocked_since=since, left_unlocked_sent=frozenset())
    emit_thresholds(step, EventKind.LEFT_UNLOCKED, since=since, sent_key="left_unlocked_sent")


def emit_thresholds(
    step: Step,
    kind: EventKind,
    *,
    since: datetime,
    sent_key: str,
    details: Mapping[str, JSONValue] | None = None,
) -> None:
    """The timers' common half: `kind` once for each subscriber threshold (minutes) passed
    since `since`, the thresholds already sent remembered under `sent_key`."""
    sent: frozenset[int] = step.remembered(sent_key)
    for minutes in sorted(step.ctx.left_unlocked_minutes - sent):
        if step.now - since >= timedelta(minutes=minutes):
            sent |= {minutes}
            step.emit(
                kind,
                episode=f"{episode_key(since)}-{minutes}",
                at=step.now,
                details=details,
                minutes=minutes,
            )
    step.remember(**{sent_key: sent})


def firmware(step: Step) -> None:
    """A new software version is offered (once per target version)."""
    fw = step.ctx.firmware
    if fw is None:
        return
    seen = step.remembered("update_seen")
    if not fw.update_available or not fw.target_version:
        step.remember(update_seen="")
        return
    if seen == fw.target_version:
        return
    step.remember(update_seen=fw.target_version)
    if seen is not None:
        step.emit(
            EventKind.SOFTWARE_UPDATE_AVAILABLE,
            episode=fw.target_version,
            at=step.now,
            current=fw.current_version,
            target=fw.target_version,
        )


EDGE_RULES: tuple[Callable[[Step], None], ...] = (
    locks,
    openings,
    plug,
    charging,
    climate,
    battery_low,
    levels,
    moved,
)
