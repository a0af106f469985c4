"""Shared fixtures: a real Redis for every test that needs one, never a silent skip."""

import os
import shutil
from collections.abc import AsyncIterator, Iterator

import pytest
import redis

from tests.support.client import GameClient
from tests.support.redis_server import start_redis_server
from tests.support.server import RunningServer, running_server

HOW_TO_GET_REDIS = (
    "Redis is needed for these tests. Start one on 127.0.0.1:6379 "
    "(apt-get install redis-server, or docker compose up redis), "
    "set REDIS_URL, or put redis-server on PATH so the tests can start their own."
)


def _answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis that really answers: REDIS_URL, 127.0.0.1:6379, or one started here."""
    for url in filter(None, [os.environ.get("REDIS_URL"), "redis://127.0.0.1:6379/0"]):
        if _answers(url):
            yield url
            return
    if shutil.which("redis-server") is None:
        pytest.exit(HOW_TO_GET_REDIS, returncode=3)
    with start_redis_server(tmp_path_factory.mktemp("redis")) as server:
        yield server.url


@pytest.fixture(autouse=True)
async def close_game_clients() -> AsyncIterator[None]:
    """Close every WebSocket client a test opened, passed or failed."""
    yield
    await GameClient.close_all()


@pytest.fixture(scope="module", params=["embedded", "redis"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    redis_url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    with running_server(tmp_path_factory.mktemp("logs"), redis_url) as running:
        yield running


@pytest.fixture(scope="module")
def redis_server(
    redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningServer]:
    with running_server(tmp_path_factory.mktemp("logs"), redis_url) as running:
        yield running
