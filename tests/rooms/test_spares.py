"""Working copies loaded ahead: at most one per room, of its newest version, and not for
long (a quiet room may expire and its code go to a new room)."""

import asyncio

from server.engine import RoomState
from server.rooms.spares import MAX_AGE_S, Spares
from tests.engine.builders import new_room


def _room(version: int) -> RoomState:
    return new_room().model_copy(update={"version": version})


async def test_a_copy_is_taken_once_and_only_while_fresh() -> None:
    stored = _room(3)
    now = [100.0]

    async def load(code: str) -> RoomState:
        return stored.model_copy(deep=True)

    ahead = Spares(load, clock=lambda: now[0])
    ahead.heard("ABCDEF", 3)
    ahead.load_ahead("ABCDEF")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    copy = ahead.take("ABCDEF")
    assert copy == stored and copy is not stored
    assert ahead.take("ABCDEF") is None, "a copy is handed out once"

    ahead.load_ahead("ABCDEF")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    ahead.heard("ABCDEF", 4)
    assert ahead.take("ABCDEF") is None, "the bus announced a newer version"

    stored = _room(4)
    ahead.load_ahead("ABCDEF")
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    now[0] += MAX_AGE_S + 1
    assert ahead.take("ABCDEF") is None, "an old copy is dropped"
