"""The rooms service against a real Redis: two services on one room lose no update."""

import asyncio
import random
from collections.abc import AsyncIterator

import pytest

from server.content import load_catalogue
from server.engine import RoomSettings
from server.resources import data_dir
from server.rooms import RoomService
from server.storage import open_storage

CATALOGUE = load_catalogue(data_dir("game_content"))


@pytest.fixture
async def two_services(redis_url: str) -> AsyncIterator[tuple[RoomService, RoomService]]:
    clock = [1_000_000]
    storages = [open_storage(redis_url, 3600), open_storage(redis_url, 3600)]
    # Unseeded: the shared Redis keeps rooms from earlier runs, so codes must differ.
    services = tuple(RoomService(s, CATALOGUE, lambda: clock[0], random.Random()) for s in storages)
    yield services[0], services[1]
    for storage in storages:
        await storage.close()


async def test_concurrent_joins_through_two_services_are_all_kept(
    two_services: tuple[RoomService, RoomService],
) -> None:
    first, second = two_services
    room = await first.open_room(RoomSettings(max_players=100))
    code = room.state.code
    seats = await asyncio.gather(
        *((first if n % 2 else second).join(code, f"Player {n}", n) for n in range(40))
    )
    state = await second.load(code)
    assert sorted(p.id for p in state.players) == sorted(s.player_id or "" for s in seats)
    assert len(state.players) == 40 and state.version == 40
    scores = await first.storage.leaderboard.scores(code)
    assert scores == {p.id: 0 for p in state.players}


async def test_a_deadline_ticked_by_both_services_advances_once(
    two_services: tuple[RoomService, RoomService],
) -> None:
    first, second = two_services
    room = await first.open_room(RoomSettings())
    code = room.state.code
    for n in range(3):
        await first.join(code, f"Player {n}", n)
    started = await first.start(code)
    deadline_ms = started.state.deadline_ms
    assert deadline_ms is not None
    late = deadline_ms + 1
    for service in (first, second):
        service.clock_ms = lambda: late
    outcomes = await asyncio.gather(first.tick(code), second.tick(code), first.tick(code))
    assert sum(1 for o in outcomes if o.events) == 1
    assert (await second.load(code)).phase == "replying"
