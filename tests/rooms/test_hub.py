"""The hub's pacing: a change of presence alone (joins, reconnects, dropped phones) reaches
a room's sockets at most every PRESENCE_PACE_S; any other change goes out at once and
carries the presence changes waiting with it."""

import asyncio
import random
import time
from collections.abc import AsyncIterator, Callable

import pytest

from server.content import load_catalogue
from server.engine import RoomSettings, RoomState
from server.engine.commands import Extend
from server.resources import data_dir
from server.rooms import Mailbox, RoomHub, RoomService
from server.rooms.hub import PRESENCE_PACE_S
from server.storage import open_storage

CATALOGUE = load_catalogue(data_dir("game_content"))


@pytest.fixture
async def service() -> AsyncIterator[RoomService]:
    storage = open_storage(None, 3600)
    yield RoomService(storage, CATALOGUE, lambda: int(time.time() * 1000), random.Random(5))
    await storage.close()


async def _collect(mailbox: Mailbox, into: list[tuple[float, RoomState]]) -> None:
    while True:
        _, state = await mailbox.next()
        if state is not None:
            into.append((time.monotonic(), state))


async def test_a_join_storm_goes_out_as_a_few_snapshots_and_a_move_goes_out_at_once(
    service: RoomService,
) -> None:
    code = (await service.open_room(RoomSettings(max_players=100))).state.code
    hub = RoomHub(service)
    seen: list[tuple[float, RoomState]] = []
    async with hub.watch(code) as mailbox:
        reader = asyncio.create_task(_collect(mailbox, seen))
        await asyncio.sleep(0.05)
        started = time.monotonic()
        for n in range(40):
            await service.join(code, f"Player {n}", None, n)
            await asyncio.sleep(0.005)
        await asyncio.sleep(PRESENCE_PACE_S * 1.5)
        joins_took = time.monotonic() - started
        snapshots_during_joins = [s for at, s in seen if at >= started]
        assert len(snapshots_during_joins) <= joins_took / PRESENCE_PACE_S + 2
        assert len(snapshots_during_joins[-1].players) == 40, "the last join goes out too"

        await service.start(code)
        await asyncio.sleep(0.01)
        await service.join(code, "Late", None, 99)
        await asyncio.sleep(0.01)
        assert "Late" not in [p.name for p in seen[-1][1].players], "the join waits its turn"
        sent = time.monotonic()
        await service.execute(code, Extend(seconds=5))
        await asyncio.sleep(0.02)
        arrived, newest = seen[-1]
        assert arrived - sent < PRESENCE_PACE_S / 2, "a move is not held back"
        assert "Late" in [p.name for p in newest.players], "and carries the join with it"
        reader.cancel()
    await hub.close()


async def test_consoles_are_served_after_the_phones(service: RoomService) -> None:
    code = (await service.open_room(RoomSettings())).state.code
    hub = RoomHub(service)
    order: list[str] = []

    def sender(label: str) -> Callable[[RoomState | str], bool]:
        def send_now(item: RoomState | str) -> bool:
            order.append(label)
            return True

        return send_now

    async with (
        hub.watch(code, sender("console"), last=True),
        hub.watch(code, sender("phone 1")),
        hub.watch(code, sender("phone 2")),
    ):
        await asyncio.sleep(0.05)
        order.clear()
        await service.join(code, "Ana", None, 1)
        await asyncio.sleep(PRESENCE_PACE_S * 1.5)
    assert sorted(order[:2]) == ["phone 1", "phone 2"] and order[2:] == ["console"]
    await hub.close()
