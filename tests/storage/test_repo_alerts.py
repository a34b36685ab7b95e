"""Alert settings, episodes and the audience of a car's alerts."""

from __future__ import annotations

from bot.storage.crypto import CredentialCipher
from bot.storage.db import Database
from bot.storage.records import AlertPrefs, Episode
from bot.storage.repo_alerts import (
    get_alert_prefs,
    get_episodes,
    set_alert_prefs,
    set_episodes,
    vehicle_audience,
)
from bot.storage.repo_users import allow_user, set_active
from bot.storage.repo_vehicles import grant_share
from tests.db_fixtures import seed_owner


async def test_preferences_default_then_round_trip(db: Database, cipher: CredentialCipher) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1)
    assert await get_alert_prefs(db, user_id=1, vehicle_id=cars[0].id) == AlertPrefs()
    prefs = AlertPrefs(
        disabled_kinds=frozenset({"climate", "tyres"}),
        battery_low_percent=15,
        left_unlocked_minutes=5,
        quiet_start_minute=22 * 60,
        quiet_end_minute=7 * 60,
    )
    await set_alert_prefs(db, user_id=1, vehicle_id=cars[0].id, prefs=prefs)
    stored = await get_alert_prefs(db, user_id=1, vehicle_id=cars[0].id)
    assert stored == prefs
    assert not stored.enabled("climate")
    assert stored.enabled("theft")
    assert stored.is_quiet(23 * 60)
    assert stored.is_quiet(6 * 60)
    assert not stored.is_quiet(12 * 60)


async def test_episodes_are_kept_per_kind_and_updated_in_place(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1)
    vid = cars[0].id
    await set_episodes(
        db,
        vehicle_id=vid,
        episodes=[Episode("battery_low", 1, "fired", {"percent": 19}), Episode("unlocked", 4)],
    )
    await set_episodes(db, vehicle_id=vid, episodes=[Episode("battery_low", 1, "armed")])
    episodes = await get_episodes(db, vehicle_id=vid)
    assert set(episodes) == {"battery_low", "unlocked"}
    assert (episodes["battery_low"].state, episodes["battery_low"].data) == ("armed", {})
    assert episodes["unlocked"].episode == 4


async def test_owner_and_allowed_active_sharees_hear_a_cars_alerts(
    db: Database, cipher: CredentialCipher
) -> None:
    _, cars = await seed_owner(db, cipher, user_id=1)
    vid = cars[0].id
    for user in (2, 3):
        await allow_user(db, user_id=user)
        await grant_share(db, owner_user_id=1, vehicle_id=vid, user_id=user)
    await set_active(db, user_id=3, active=False)  # blocked the bot
    await set_alert_prefs(db, user_id=2, vehicle_id=vid, prefs=AlertPrefs(battery_low_percent=30))
    audience = await vehicle_audience(db, vehicle_id=vid)
    assert [(m.user.id, m.owned, m.prefs.battery_low_percent) for m in audience] == [
        (1, True, 20),
        (2, False, 30),
    ]
