"""The cards, the finished rounds and the roster are stored apart from the live state and
parsed once per process (the roster once per change of it); whatever the layout, a load
gives back exactly the state saved, in any process."""

import asyncio
import random
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from redis.asyncio import Redis

from server.content.catalogue import load_catalogue
from server.engine import RoomSettings, RoomState, apply_in_place
from server.engine.commands import (
    Command,
    Disconnect,
    Join,
    SendOpening,
    SendReply,
    Skip,
    Start,
)
from server.resources import data_dir
from server.rooms.codes import new_code
from server.storage import Storage, keys, open_storage

POOL = tuple(
    card for deck in load_catalogue(data_dir("game_content")).decks.values() for card in deck.cards
)


@pytest.fixture(params=["embedded", "redis"])
async def stores(request: pytest.FixtureRequest) -> AsyncIterator[tuple[Storage, Storage]]:
    """Two processes' storage on one store (the embedded store has only one process)."""
    url = request.getfixturevalue("redis_url") if request.param == "redis" else None
    first = open_storage(url, room_ttl_s=60)
    second = open_storage(url, room_ttl_s=60) if url else first
    yield first, second
    await first.close()
    if second is not first:
        await second.close()


def _lobby() -> RoomState:
    state = RoomState(
        code=new_code(random.Random()),
        seed=7,
        settings=RoomSettings(rounds=4),
        host_token_hash="host",
        created_ms=0,
        updated_ms=0,
    )
    for n in range(4):
        apply_in_place(state, Join(name=f"p{n}", token_hash=f"t{n}", connection=n), 0)
    return state


def _play_a_round(state: RoomState) -> list[Command]:
    """Opening, every reply, then skip through voting, reveal and scoreboard."""
    assert state.round is not None
    customer = state.round.customer_id
    commands: list[Command] = [SendOpening(player_id=customer, text="My parcel is lost.")]
    commands += [
        SendReply(player_id=p.id, text=f"Sorry, {p.name} here.")
        for p in state.players
        if p.id != customer
    ]
    return [*commands, Skip(), Skip(), Skip()]


async def _change(storage: Storage, code: str, commands: list[Command] | Command) -> RoomState:
    state = await storage.rooms.load(code)
    assert state is not None
    for command in commands if isinstance(commands, list) else [commands]:
        apply_in_place(state, command, 0)
    state.version += 1
    assert await storage.rooms.save(state, {})
    return state


async def test_every_process_loads_the_state_saved_round_after_round(
    stores: tuple[Storage, Storage],
) -> None:
    first, second = stores
    lobby = _lobby()
    assert await first.rooms.create(lobby)
    saved = await _change(first, lobby.code, Start(pool=POOL))
    assert len(saved.cards) == 4
    for n in range(3):
        # The processes take turns, so each finds rounds the other one filed.
        writer = first if n % 2 else second
        state = await writer.rooms.load(lobby.code)
        assert state is not None
        saved = await _change(writer, lobby.code, _play_a_round(state))
        assert len(saved.history) == n + 1
        for reader in (first, second):
            assert await reader.rooms.load(lobby.code) == saved


async def test_loaded_states_are_independent_of_each_other(
    stores: tuple[Storage, Storage],
) -> None:
    first, _ = stores
    code = (await _room_codes(first, _lobby()))[0]
    state = await _change(first, code, Start(pool=POOL))
    state = await _change(first, code, _play_a_round(state))
    one, two = await first.rooms.load(code), await first.rooms.load(code)
    assert one is not None and two is not None
    one.history.append(one.history[0])
    one.cards.clear()
    assert two == state and await first.rooms.load(code) == state


async def test_a_state_built_elsewhere_is_stored_whole(redis_url: str) -> None:
    """A state that is not a loaded one (a copy, a test's own) cannot vouch for what the
    store holds, so every settled part of it is written: the writer and a process that
    had not read the room before both load it as saved. (Another process that had parsed
    the room's settled parts keeps them: once saved they do not change, see RoomStore.)"""
    for url in (None, redis_url):
        first = open_storage(url, room_ttl_s=60)
        await _rewrite_and_reload(first, open_storage(url, room_ttl_s=60) if url else first)
        await first.close()


async def _rewrite_and_reload(first: Storage, second: Storage) -> None:
    code = (await _room_codes(first, _lobby()))[0]
    state = await _change(first, code, Start(pool=POOL))
    state = await _change(first, code, _play_a_round(state))
    rebuilt = RoomState.model_validate_json(state.model_dump_json())
    rebuilt.history[0].replies.clear()
    rebuilt.cards.reverse()
    rebuilt.version += 1
    assert await first.rooms.save(rebuilt, {})
    for reader in (first, second):
        assert await reader.rooms.load(code) == rebuilt
    if second is not first:
        await second.close()


async def test_the_roster_is_written_only_when_it_changes(redis_url: str) -> None:
    """A reply leaves the stored roster (and its version) as it was; a disconnect writes
    it again; the other process parses it again only then, and loads what was saved."""
    first, second = open_storage(redis_url, room_ttl_s=60), open_storage(redis_url, room_ttl_s=60)
    redis = Redis.from_url(redis_url)
    code = (await _room_codes(first, _lobby()))[0]
    key = keys.room_state(code)
    started = await _change(first, code, Start(pool=POOL))
    assert started.round is not None
    roster_at = await redis.hget(key, "players_at")
    assert await second.rooms.load(code) == started
    customer = started.round.customer_id
    replied = await _change(second, code, SendOpening(player_id=customer, text="Where is it?"))
    assert await redis.hget(key, "players_at") == roster_at
    connection = next(p.connection for p in started.players if p.id == customer)
    left = await _change(first, code, Disconnect(player_id=customer, connection=connection))
    assert await redis.hget(key, "players_at") == str(left.version).encode()
    assert replied.players != left.players
    for reader in (first, second):
        assert await reader.rooms.load(code) == left
    await redis.aclose()
    await first.close()
    await second.close()


async def _stored_whole(redis: Redis, key: str, state: RoomState) -> None:
    """As versions before the settled parts wrote a room: everything in `state`."""
    await redis.delete(key)
    await redis.hset(key, mapping={"version": state.version, "state": state.model_dump_json()})


async def _players_inside_state(redis: Redis, key: str, state: RoomState) -> None:
    """As versions before the roster was apart wrote a room: the players in `state`."""
    await redis.hdel(key, "players", "players_at")
    await redis.hset(key, "state", state.model_dump_json(exclude={"cards", "history"}))


@pytest.mark.parametrize("older_layout", [_stored_whole, _players_inside_state])
async def test_a_room_in_an_older_layout_still_loads(
    redis_url: str, older_layout: Callable[[Redis, str, RoomState], Awaitable[None]]
) -> None:
    storage = open_storage(redis_url, room_ttl_s=60)
    code = (await _room_codes(storage, _lobby()))[0]
    state = await _change(storage, code, Start(pool=POOL))
    redis = Redis.from_url(redis_url)
    await older_layout(redis, keys.room_state(code), state)
    fresh = open_storage(redis_url, room_ttl_s=60)
    assert await fresh.rooms.load(code) == state
    moved = await _change(fresh, code, _play_a_round(state))
    assert await storage.rooms.load(code) == moved
    await redis.aclose()
    await storage.close()
    await fresh.close()


async def _room_codes(storage: Storage, *rooms: RoomState) -> list[str]:
    for room in rooms:
        assert await storage.rooms.create(room)
    return [room.code for room in rooms]


async def test_a_load_while_the_roster_keeps_changing_gets_the_roster_of_its_live_part(
    redis_url: str,
) -> None:
    """One process joins player after player while another loads the room as fast as it
    can: every load succeeds, and its roster is the one of the live part read with it (as
    many players as joined before that version)."""
    writer, reader = open_storage(redis_url, room_ttl_s=60), open_storage(redis_url, room_ttl_s=60)
    lobby = _lobby()
    lobby.settings.max_players = 100
    code = (await _room_codes(writer, lobby))[0]
    assert await reader.rooms.load(code) is not None  # the reader holds a roster parsed
    joining = True

    async def join_many() -> None:
        nonlocal joining
        for n in range(60):
            await _change(writer, code, Join(name=f"late {n}", token_hash=f"l{n}", connection=n))
        joining = False

    async def load_many() -> list[RoomState]:
        loaded = []
        while joining:
            state = await reader.rooms.load(code)
            assert state is not None
            loaded.append(state)
        return loaded

    _, loaded = await asyncio.gather(join_many(), load_many())
    assert len(loaded) > 10
    assert all(len(s.players) == s.next_seq - 1 for s in loaded)
    await writer.close()
    await reader.close()
