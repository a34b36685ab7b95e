"""Fixtures for the cloud client tests: a mocked cloud, a fixed clock, predictable nonces."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from bot.smart.backoff import LOGIN_BACKOFF
from bot.smart.client import SmartClient
from bot.smart.const import Region
from tests.smart.router import Clock, Nonces, SmartCloudMock, make_tokens


@pytest.fixture(autouse=True)
def _fresh_login_backoff() -> Iterator[None]:
    """Each test starts without quiet windows left by another test."""
    LOGIN_BACKOFF.clear()
    yield
    LOGIN_BACKOFF.clear()


@pytest.fixture
def clock() -> Clock:
    """The client's clock, frozen at the fixtures' capture time."""
    return Clock()


@pytest.fixture
def cloud() -> Iterator[SmartCloudMock]:
    """The EU cloud with a signed-in account (tokens from `make_tokens`)."""
    with SmartCloudMock(Region.EU) as router:
        yield router


@pytest.fixture
async def make_client(clock: Clock) -> AsyncIterator[Callable[..., SmartClient]]:
    """Build clients with the test clock and nonces; all are closed after the test."""
    clients: list[SmartClient] = []

    def factory(region: Region = Region.EU, **kwargs: Any) -> SmartClient:
        kwargs.setdefault("tokens", make_tokens(region))
        client = SmartClient(region, clock=clock, nonce=Nonces(), **kwargs)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        await client.aclose()


@pytest.fixture
def client(make_client: Callable[..., SmartClient]) -> SmartClient:
    """An EU client holding a valid session."""
    return make_client()
