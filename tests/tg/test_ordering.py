"""Updates of different users run at once; one user's updates run one after the other."""

from __future__ import annotations

import asyncio

from telegram import Update, User

from bot.tg.ordering import PerUserUpdateProcessor


def _update(update_id: int, user_id: int) -> Update:
    user = User(id=user_id, first_name="u", is_bot=False)
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": user_id, "type": "private"},
                "from": user.to_dict(),
                "text": "hi",
            },
        },
        None,
    )


async def test_a_slow_update_holds_up_only_its_own_users_later_updates() -> None:
    processor = PerUserUpdateProcessor()
    log: list[str] = []
    release = asyncio.Event()

    async def slow() -> None:
        log.append("a1 start")
        await release.wait()
        log.append("a1 end")

    async def record(name: str) -> None:
        log.append(name)

    tasks = [
        asyncio.create_task(processor.process_update(_update(1, 1), slow())),
        asyncio.create_task(processor.process_update(_update(2, 1), record("a2"))),
        asyncio.create_task(processor.process_update(_update(3, 2), record("b1"))),
    ]
    await asyncio.sleep(0.05)
    assert log == ["a1 start", "b1"], "the other user is served, the same user waits"
    assert processor.waiting_users == 1
    release.set()
    await asyncio.gather(*tasks)
    assert log == ["a1 start", "b1", "a1 end", "a2"]
    assert processor.waiting_users == 0


async def test_at_most_the_running_limit_of_updates_run_at_once() -> None:
    processor = PerUserUpdateProcessor(running=2)
    running = peak = 0

    async def work() -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.01)
        running -= 1

    await asyncio.gather(*(processor.process_update(_update(n, 100 + n), work()) for n in range(6)))
    assert peak == 2
