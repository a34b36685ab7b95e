"""The running bot forgets history samples older than the retention period, by a job."""

from __future__ import annotations

from datetime import timedelta

from bot.storage import repo_history, repo_vehicles
from bot.storage.repo_history import Sample
from tests.tg.conftest import ADMIN, Bot


async def test_history_older_than_the_retention_period_is_pruned_by_a_job(
    logged_in: Bot,
) -> None:
    jobs = logged_in.app.job_queue
    assert jobs is not None
    (prune,) = jobs.get_jobs_by_name("prune_history")
    (car, *_) = await repo_vehicles.list_user_vehicles(logged_in.db, user_id=ADMIN)
    now = logged_in.now()
    old, recent = now - timedelta(days=181), now - timedelta(days=179)
    await repo_history.add_samples(
        logged_in.db, [(car.id, Sample(at=old, soc=40)), (car.id, Sample(at=recent, soc=41))]
    )
    await prune.run(logged_in.app)
    kept = await repo_history.samples_between(
        logged_in.db, vehicle_id=car.id, start=old - timedelta(days=1), end=now
    )
    assert [s.soc for s in kept] == [41]
