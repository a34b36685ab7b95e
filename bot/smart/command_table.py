"""The remote command table: data, one row per action and car model, each with the
provenance of its wire format (REFERENCE §8.3 and
`fixtures/derived/telematics_and_control_requests.json`). `bot.smart.commands` renders rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.smart.const import PATH_JOURNAL_TOGGLE, PATH_TELEMATICS
from bot.smart.models import CarModel


class Provenance(StrEnum):
    """How far a command's wire format is known to work (the evidence level).

    Upper layers label `DOCUMENTED` commands "experimental": nobody has seen them work.
    """

    CAPTURED = "captured"  # request recorded from an official app
    LIVE_CLIENT = "live-client"  # sent by a public client against the live cloud
    DOCUMENTED = "documented-only"  # inferred from APK names / docs, never seen working

    @property
    def experimental(self) -> bool:
        """True when no captured or live-tested payload backs the command."""
        return self is Provenance.DOCUMENTED


class Envelope(StrEnum):
    """The body layouts the cloud expects (they differ in keys and scheduling types)."""

    STANDARD = "standard"  # timestamp, recurrentOperation false
    CHARGING = "charging"  # rcs: timeStamp, scheduledTime null, recurrentOperation 0
    LID = "lid"  # RDO/RDC: timeStamp + userId
    ZAF = "zaf"  # smart #5 comfort: latest false, timeStamp, userId, recurrentOperation 1
    JOURNAL = "journal"  # JOU on its own path


class Args(StrEnum):
    """Which caller arguments an action takes."""

    NONE = "none"
    CLIMATE = "climate"  # temp_c, minutes, heat {seat: level}
    SEAT_HEAT = "seat_heat"  # seat, level 0-3, climate_temp_c (RCE_2 riding in climate)
    SEAT_VENT = "seat_vent"  # seat (driver|passenger), level 0-3
    CHARGE_LIMIT = "charge_limit"  # percent 50-100 step 5


_ALL_MODELS: frozenset[CarModel] = frozenset()
_ONLY_5 = frozenset({CarModel.SMART_5})
_NOT_5 = frozenset({CarModel.SMART_1, CarModel.SMART_3, CarModel.UNKNOWN})
_S2 = "pySmartHashtag 0.15.0"
_HS = "hello_smart v0.5.1 (APK names, low confidence)"


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One remote service as the cloud wants it."""

    action: str
    service_id: str
    command: str
    params: tuple[tuple[str, str], ...]
    duration: int
    provenance: Provenance
    source: str
    envelope: Envelope = Envelope.STANDARD
    args: Args = Args.NONE
    path: str = PATH_TELEMATICS
    models: frozenset[CarModel] = _ALL_MODELS

    @property
    def experimental(self) -> bool:
        """True when the wire format has never been seen working (label it so)."""
        return self.provenance.experimental


def _spec(  # noqa: PLR0917 (a table row reads best positionally)
    action: str,
    service: str,
    command: str,
    params: tuple[tuple[str, str], ...],
    duration: int,
    provenance: Provenance,
    source: str,
    **extra: Any,
) -> CommandSpec:
    return CommandSpec(action, service, command, params, duration, provenance, source, **extra)


_LIVE, _DOC = Provenance.LIVE_CLIENT, Provenance.DOCUMENTED
_CHARGING = {"envelope": Envelope.CHARGING}
_LID = {"envelope": Envelope.LID, "models": _ONLY_5}
_JOURNAL = {"envelope": Envelope.JOURNAL, "path": PATH_JOURNAL_TOGGLE}

COMMAND_TABLE: tuple[CommandSpec, ...] = (
    _spec("lock", "RDL_2", "start", (("door", "all"),), 6, _LIVE, f"{_S2} control/lock.py"),
    _spec("unlock", "RDU_2", "start", (("door", "all"),), 6, _LIVE, f"{_S2} control/lock.py"),
    _spec("trunk_lock", "RDL_2", "start", (("target", "trunk"),), 6, _LIVE, f"{_S2} lock_trunk"),
    _spec(
        "trunk_unlock", "RDU_2", "start", (("target", "trunk"),), 6, _LIVE, f"{_S2} unlock_trunk"
    ),
    _spec("horn", "RHL", "start", (("rhl", "horn"),), 0, _LIVE, f"{_S2} control/horn_light.py"),
    _spec(
        "flash", "RHL", "start", (("rhl", "light-flash"),), 0, _LIVE, f"{_S2} control/horn_light.py"
    ),
    _spec(
        "find",
        "RHL",
        "start",
        (("rhl.horn", "1"), ("rhl.flash", "1")),
        6,
        _DOC,
        f"{_HS} find_my_car",
    ),
    _spec(
        "windows_ventilate",
        "RWS_2",
        "start",
        (("target", "ventilate"),),
        0,
        _LIVE,
        f"{_S2} control/windows.py",
    ),
    _spec(
        "windows_close",
        "RWS_2",
        "stop",
        (("target", "ventilate"),),
        0,
        _LIVE,
        f"{_S2} control/windows.py",
    ),
    _spec(
        "sunshade_open",
        "RWS_2",
        "start",
        (("target", "sunshade"),),
        0,
        _LIVE,
        f"{_S2} control/windows.py",
    ),
    _spec(
        "sunshade_close",
        "RWS_2",
        "stop",
        (("target", "sunshade"),),
        0,
        _LIVE,
        f"{_S2} control/windows.py",
    ),
    _spec(
        "charge_lid_open",
        "RDO",
        "start",
        (("target", "front-charge-lid"),),
        0,
        _LIVE,
        f"{_S2} control/charging_lid.py",
        **_LID,
    ),
    _spec(
        "charge_lid_close",
        "RDC",
        "start",
        (("target", "front-charge-lid"),),
        0,
        _LIVE,
        f"{_S2} control/charging_lid.py",
        **_LID,
    ),
    _spec(
        "charging_start",
        "rcs",
        "start",
        (("operation", "1"), ("rcs.restart", "1")),
        6,
        _LIVE,
        f"{_S2} control/charging.py",
        **_CHARGING,
    ),
    _spec(
        "charging_stop",
        "rcs",
        "start",
        (("operation", "0"), ("rcs.terminate", "1")),
        6,
        _LIVE,
        f"{_S2} control/charging.py (command stays start)",
        **_CHARGING,
    ),
    _spec(
        "charge_limit",
        "rcs",
        "start",
        (("operation", "4"), ("rcs.setting", "1")),
        6,
        _LIVE,
        f"{_S2} set_charging_limit",
        args=Args.CHARGE_LIMIT,
        **_CHARGING,
    ),
    _spec(
        "climate_start",
        "RCE_2",
        "start",
        (("rce.conditioner", "1"),),
        180,
        _LIVE,
        f"{_S2} control/climate.py; app capture SmartHashtag#129",
        args=Args.CLIMATE,
    ),
    _spec(
        "climate_stop",
        "RCE_2",
        "stop",
        (("rce.conditioner", "1"), ("rce.temp", "21.0")),
        180,
        _LIVE,
        f"{_S2} control/climate.py",
    ),
    _spec(
        "defrost_on",
        "RCE_2",
        "start",
        (("rce.conditioner", "2"), ("rce.level", "2")),
        90,
        _LIVE,
        f"{_S2} set_defrost; SmartHashtag#473",
        models=_NOT_5,
    ),
    _spec(
        "defrost_off",
        "RCE_2",
        "stop",
        (("rce.conditioner", "2"), ("rce.level", "2")),
        0,
        _LIVE,
        f"{_S2} set_defrost (stop, duration 0)",
        models=_NOT_5,
    ),
    _spec(
        "defrost_on",
        "ZAF",
        "start",
        (("operation", "4"), ("DF", "true")),
        60,
        _LIVE,
        f"{_S2} set_defrost on a #5 (ZAF DF, MITM capture SmartHashtag#478/#479)",
        envelope=Envelope.ZAF,
        models=_ONLY_5,
    ),
    _spec(
        "defrost_off",
        "ZAF",
        "start",
        (("operation", "4"), ("DF", "false")),
        60,
        _LIVE,
        f"{_S2} set_defrost off on a #5 (ZAF keeps command start)",
        envelope=Envelope.ZAF,
        models=_ONLY_5,
    ),
    _spec(
        "seat_heating",
        "RCE_2",
        "start",
        (),
        180,
        _LIVE,
        f"{_S2} set_heating",
        args=Args.SEAT_HEAT,
        models=_NOT_5,
    ),
    _spec(
        "seat_heating",
        "ZAF",
        "start",
        (("operation", "4"),),
        60,
        _LIVE,
        f"{_S2} ZAF (MITM capture SmartHashtag#478)",
        args=Args.SEAT_HEAT,
        envelope=Envelope.ZAF,
        models=_ONLY_5,
    ),
    _spec(
        "seat_ventilation",
        "RSV",
        "start",
        (),
        6,
        _DOC,
        f"{_HS} RSV",
        args=Args.SEAT_VENT,
        models=_NOT_5,
    ),
    _spec(
        "seat_ventilation",
        "ZAF",
        "start",
        (("operation", "4"),),
        60,
        _LIVE,
        f"{_S2} ZAF SV.11/SV.19",
        args=Args.SEAT_VENT,
        envelope=Envelope.ZAF,
        models=_ONLY_5,
    ),
    _spec("fridge_on", "UFR", "start", (("ufr.status", "1"),), 6, _DOC, f"{_HS} UFR"),
    _spec("fridge_off", "UFR", "stop", (("ufr.status", "0"),), 6, _DOC, f"{_HS} UFR"),
    _spec("fragrance_on", "RFD_2", "start", (("rfd.status", "1"),), 6, _DOC, f"{_HS} RFD_2"),
    _spec("fragrance_off", "RFD_2", "stop", (("rfd.status", "0"),), 6, _DOC, f"{_HS} RFD_2"),
    _spec("tracking_on", "VTM", "start", (("vtm.enabled", "1"),), 6, _DOC, f"{_HS} VTM"),
    _spec("tracking_off", "VTM", "stop", (("vtm.enabled", "0"),), 6, _DOC, f"{_HS} VTM"),
    _spec("locker_lock", "RPC", "start", (("rpc.lock", "1"),), 6, _DOC, f"{_HS} RPC"),
    _spec("locker_unlock", "RPC", "start", (("rpc.unlock", "1"),), 6, _DOC, f"{_HS} RPC"),
    _spec(
        "trip_recording_on",
        "JOU",
        "start",
        (("jou", "enable"),),
        60,
        _LIVE,
        f"{_S2} control/journal.py",
        **_JOURNAL,
    ),
    _spec(
        "trip_recording_off",
        "JOU",
        "stop",
        (("jou", "disable"),),
        60,
        _LIVE,
        f"{_S2} control/journal.py",
        **_JOURNAL,
    ),
)

ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(spec.action for spec in COMMAND_TABLE))
