"""One contract, two adapters: the embedded store must behave exactly like Redis."""

import asyncio
import random
from collections.abc import AsyncIterator

import pytest

from server.engine import RoomSettings, RoomState
from server.rooms.codes import new_code
from server.storage import Storage, StoreUnavailable, open_storage
from server.storage.factory import redact


@pytest.fixture(params=["embedded", "redis"])
async def storage(request: pytest.FixtureRequest) -> AsyncIterator[Storage]:
    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    opened = open_storage(url, room_ttl_s=60)
    yield opened
    await opened.close()


def _room(version: int = 0) -> RoomState:
    return RoomState(
        code=new_code(random.Random()),
        version=version,
        seed=1,
        settings=RoomSettings(),
        host_token_hash="h",
        created_ms=0,
        updated_ms=0,
    )


def _bumped(state: RoomState) -> RoomState:
    return state.model_copy(update={"version": state.version + 1})


async def test_create_load_and_refuse_a_taken_code(storage: Storage) -> None:
    room = _room()
    assert await storage.rooms.create(room)
    assert not await storage.rooms.create(room)
    assert await storage.rooms.load(room.code) == room
    assert await storage.rooms.load("NOROOM") is None


async def test_save_checks_the_version(storage: Storage) -> None:
    room = _room()
    await storage.rooms.create(room)
    first = _bumped(room)
    assert await storage.rooms.save(first, {})
    assert not await storage.rooms.save(first, {}), "a second save of the same version is stale"
    assert not await storage.rooms.save(_bumped(_bumped(first)), {}), "skipping a version"
    loaded = await storage.rooms.load(room.code)
    assert loaded is not None and loaded.version == 1


async def test_concurrent_saves_of_one_version_let_exactly_one_win(storage: Storage) -> None:
    room = _room()
    await storage.rooms.create(room)
    contenders = [_bumped(room).model_copy(update={"seed": n}) for n in range(10)]
    results = await asyncio.gather(*(storage.rooms.save(c, {}) for c in contenders))
    assert results.count(True) == 1
    winner = contenders[results.index(True)]
    assert await storage.rooms.load(room.code) == winner


async def test_leaderboard_is_written_with_the_state(storage: Storage) -> None:
    room = _room()
    await storage.rooms.create(room)
    assert await storage.rooms.save(_bumped(room), {"p1": 0, "p2": 0})
    assert await storage.leaderboard.scores(room.code) == {"p1": 0, "p2": 0}
    assert await storage.rooms.save(_bumped(_bumped(room)), {"p2": 400, "p1": None})
    assert await storage.leaderboard.scores(room.code) == {"p2": 400}
    stale = await storage.rooms.save(_bumped(room), {"p3": 100})
    assert not stale and await storage.leaderboard.scores(room.code) == {"p2": 400}


async def test_a_save_announces_its_version_to_every_subscriber_of_the_room(
    storage: Storage,
) -> None:
    room, other_room = _room(), _room()
    for created in (room, other_room):
        await storage.rooms.create(created)
    async with (
        storage.bus.subscribe(room.code) as first,
        storage.bus.subscribe(room.code) as second,
        storage.bus.subscribe(other_room.code) as other,
    ):
        assert await storage.rooms.save(_bumped(room), {})
        assert await asyncio.wait_for(first.get(), 5) == 1
        assert await asyncio.wait_for(second.get(), 5) == 1
        assert not await storage.rooms.save(_bumped(room), {}), "stale"
        assert await storage.rooms.save(_bumped(other_room), {})
        assert await asyncio.wait_for(other.get(), 5) == 1
        assert first.empty() and second.empty(), "a stale save announces nothing"


async def test_a_presence_lasts_as_long_as_its_beat_says(storage: Storage) -> None:
    await storage.presence.beat(7, ttl_s=0.3)
    await storage.presence.beat(8, ttl_s=30)
    assert await storage.presence.alive({7, 8, 9}) == {7, 8}
    await asyncio.sleep(0.5)
    assert await storage.presence.alive({7, 8, 9}) == {8}
    assert await storage.presence.alive(set()) == set()


async def test_rooms_expire_after_their_time_to_live(redis_url: str) -> None:
    for url in (None, redis_url):
        short_lived = open_storage(url, room_ttl_s=1)
        room = _room()
        await short_lived.rooms.create(room)
        assert await short_lived.rooms.load(room.code) is not None
        await asyncio.sleep(1.2)
        assert await short_lived.rooms.load(room.code) is None, url
        await short_lived.close()


async def test_an_unreachable_redis_raises_store_unavailable() -> None:
    unreachable = open_storage("redis://127.0.0.1:1/0", room_ttl_s=60)
    with pytest.raises(StoreUnavailable):
        await unreachable.rooms.ping()
    with pytest.raises(StoreUnavailable):
        await unreachable.rooms.load("ABCDEF")
    await unreachable.close()


def test_redact_hides_the_password() -> None:
    assert redact("redis://:s3cret@db:6379/0") == "redis://:***@db:6379/0"
    assert redact("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
