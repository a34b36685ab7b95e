"""The trip journal (REFERENCE §7.6): the grant and journalLogV4 pages as the app sends
them, signed; the captured answer read into trips; odd answers read leniently."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from bot.smart import SmartClient
from bot.smart.errors import SmartAPIError
from bot.smart.journal import JournalTrip, parse_journal_page, parse_trip
from tests.smart.router import NOW, VIN1, VIN5, SmartCloudMock, envelope, load

CAPTURE = load("pysmarthashtag/journal_log_v4.json")
GRANTED = load("pysmarthashtag/journal_log_toggle_put_success.json")  # same envelope


class JournalRoutes:
    """Grant and journal routes on both hosts, recording what arrives."""

    def __init__(self, cloud: SmartCloudMock) -> None:
        self.cloud = cloud
        self.grants: list[httpx.Request] = []
        self.pages: list[httpx.Request] = []
        self.answers: list[dict[str, Any]] = [CAPTURE]
        for host in ("api.ecloudeu.com", "apiv2.ecloudeu.com"):
            cloud.on(
                "POST", host, "/remote-control/user/authorization/insert", f"grant@{host}"
            ).mock(side_effect=self._grant)
            cloud.on(
                "GET",
                host,
                r"/geelyTCAccess/tcservices/vehicle/status/journalLogV4/(?P<vin>\w{17})",
                f"journal@{host}",
            ).mock(side_effect=self._journal)

    def _grant(self, request: httpx.Request) -> httpx.Response:
        self.grants.append(request)
        return self.cloud.check_auth(request) or self.cloud.reply(GRANTED)

    def _journal(self, request: httpx.Request, vin: str) -> httpx.Response:
        self.pages.append(request)
        refused = self.cloud.check_auth(request, vin)
        if refused is not None:
            return refused
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return self.cloud.reply(answer)


@pytest.fixture
def journal(cloud: SmartCloudMock) -> JournalRoutes:
    return JournalRoutes(cloud)


def test_the_captured_journal_reads_into_two_trips_newest_first() -> None:
    trips, listed, total = parse_journal_page(CAPTURE)
    assert (listed, total) == (2, 42)
    assert trips[0] == JournalTrip(
        trip_id=1734246000,
        start_at=1734246000.0,
        end_at=1734247230.0,
        distance_km=15.4,
        average_kmh=45.0,
        kwh_per_100km=20.8,
        start_odometer_km=2950.0,
        end_odometer_km=2965.4,
        start_place=(60.392971, 22.396309),
        end_place=(60.384586, 22.381399),
        regenerated_kwh=0.8,
    )
    assert trips[0].energy_kwh == 3.2
    assert trips[1].start_place is None  # no track points: no place
    assert trips[1].energy_kwh == 1.5


@pytest.mark.parametrize(
    "item",
    [
        None,
        "trip",
        {},
        {"tripId": 1, "startTime": 1734246000000},  # no end
        {"tripId": "x", "startTime": 1734246000000, "endTime": 1734247230000},
        {"tripId": 1, "startTime": 1734247230000, "endTime": 1734246000000},  # ends first
        {"tripId": 1, "startTime": 0, "endTime": 1734246000000},
    ],
)
def test_a_journal_entry_without_id_start_or_end_is_skipped(item: object) -> None:
    assert parse_trip(item) is None


def test_odd_figures_of_an_entry_read_as_unknown_and_strings_as_numbers() -> None:
    trip = parse_trip(
        {
            "tripId": "7",
            "startTime": "1734246000000",
            "endTime": 1734246600000,
            "startOdometer": "100.0",
            "endOdometer": "112.5",
            "traveledDistance": "",
            "avgSpeed": "fast",
            "electricConsumption": -3,
            "trackpoints": [
                {"position": {"latitude": 999999999999, "longitude": 1}},  # off the globe
                {"position": {"latitude": 1, "longitude": 2, "posCanBeTrusted": False}},
                "point",
                {"position": {"latitude": "187272000", "longitude": "48664800"}},
            ],
            "regeneratedEnergy": None,
        }
    )
    assert trip is not None
    assert trip.distance_km == 12.5  # from the odometers
    assert (trip.average_kmh, trip.kwh_per_100km, trip.energy_kwh) == (None, None, None)
    assert trip.start_place == trip.end_place == (52.02, 13.518)


@pytest.mark.parametrize(
    "body",
    [{}, {"data": None}, {"data": []}, {"data": {"list": "x"}}, [], "x"],
)
def test_a_journal_answer_of_another_shape_holds_no_trips(body: object) -> None:
    assert parse_journal_page(body) == ([], 0, None)


async def test_the_grant_and_the_journal_page_go_out_signed_as_the_app_sends_them(
    cloud: SmartCloudMock, journal: JournalRoutes, client: SmartClient
) -> None:
    trips = await client.get_trips(VIN1, since=NOW - 86400, until=NOW)
    assert [t.trip_id for t in trips] == [1734246000, 1734200000]
    (grant,) = journal.grants
    assert grant.url.host == "api.ecloudeu.com"
    assert (
        grant.content
        == json.dumps(
            {"serviceCode": "travelLogBusiCode", "authStatus": 1, "vin": VIN1},
            separators=(",", ":"),
        ).encode()
    )
    (page,) = journal.pages  # 2 listed < 20 a page: the last page
    assert page.url.path == f"/geelyTCAccess/tcservices/vehicle/status/journalLogV4/{VIN1}"
    assert page.url.query.decode() == (
        f"endTime={round(NOW * 1000)}&pageIndex=1&pageSize=20"
        f"&startTime={round((NOW - 86400) * 1000)}&userId=112233"
    )
    assert page.headers["x-vehicle-identifier"] == VIN1
    assert cloud.signed_paths[-2:] == [
        "/remote-control/user/authorization/insert",
        f"/geelyTCAccess/tcservices/vehicle/status/journalLogV4/{VIN1}",
    ]


async def test_the_grant_is_sent_once_per_session_token(
    cloud: SmartCloudMock, journal: JournalRoutes, client: SmartClient
) -> None:
    await client.get_trips(VIN1, since=NOW - 3600, until=NOW)
    await client.get_trips(VIN1, since=NOW - 3600, until=NOW)
    assert len(journal.grants) == 1
    assert len(journal.pages) == 2


async def test_a_smart_5_journal_is_read_on_the_v2_host(
    cloud: SmartCloudMock, journal: JournalRoutes, client: SmartClient
) -> None:
    await client.get_trips(VIN5, since=NOW - 3600, until=NOW)
    assert journal.grants[0].url.host == journal.pages[0].url.host == "apiv2.ecloudeu.com"


async def test_a_window_longer_than_14_days_is_cut_to_the_last_14(
    cloud: SmartCloudMock, journal: JournalRoutes, client: SmartClient
) -> None:
    await client.get_trips(VIN1, since=0, until=NOW)
    start = journal.pages[0].url.params["startTime"]
    assert int(start) == round((NOW - 14 * 86400) * 1000)


def _full_page(first_id: int, total: int) -> dict[str, Any]:
    item = CAPTURE["data"]["list"][1]
    items = [{**item, "tripId": first_id + i} for i in range(20)]
    return {"code": "1000", "data": {"pagination": {"totleSize": total}, "list": items}}


async def test_pages_are_read_until_the_total_and_no_data_ends_them(
    cloud: SmartCloudMock, journal: JournalRoutes, client: SmartClient
) -> None:
    journal.answers = [_full_page(100, 60), _full_page(200, 60), envelope("8153", "no data")]
    trips = await client.get_trips(VIN1, since=NOW - 3600, until=NOW)
    assert len(trips) == 40
    assert [p.url.params["pageIndex"] for p in journal.pages] == ["1", "2", "3"]


async def test_no_data_on_the_first_page_is_no_trips(
    cloud: SmartCloudMock, journal: JournalRoutes, client: SmartClient
) -> None:
    journal.answers = [envelope("8153", "Connection interruption")]
    assert await client.get_trips(VIN1, since=NOW - 3600, until=NOW) == ()


async def test_a_failing_first_page_is_an_error_not_an_empty_journal(
    cloud: SmartCloudMock, journal: JournalRoutes, client: SmartClient
) -> None:
    journal.answers = [envelope("9999", "internal")]
    with pytest.raises(SmartAPIError) as raised:
        await client.get_trips(VIN1, since=NOW - 3600, until=NOW)
    assert raised.value.code == "9999"
