"""End-to-end fixtures: a real server process, on the embedded store and on Redis."""

from collections.abc import Iterator

import pytest

from tests.support.server import RunningServer, running_server


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
