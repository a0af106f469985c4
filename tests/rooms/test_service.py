"""The rooms service against a real Redis: two services on one room lose no update."""

import asyncio
import random
from collections.abc import AsyncIterator

import pytest

from server.content import load_catalogue
from server.engine import RoomSettings, RoomState, RuleError
from server.engine.commands import Extend
from server.resources import data_dir
from server.rooms import RoomService
from server.storage import open_storage

CATALOGUE = load_catalogue(data_dir("game_content"))


class FakeClock:
    def __init__(self) -> None:
        self.now_ms = 1_000_000

    def __call__(self) -> int:
        return self.now_ms


CLOCK = FakeClock()


@pytest.fixture
async def two_services(redis_url: str) -> AsyncIterator[tuple[RoomService, RoomService]]:
    storages = [open_storage(redis_url, 3600), open_storage(redis_url, 3600)]
    # Unseeded: the shared Redis keeps rooms from earlier runs, so codes must differ.
    services = tuple(RoomService(s, CATALOGUE, CLOCK, random.Random()) for s in storages)
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
        *((first if n % 2 else second).join(code, f"Player {n}", None, n) for n in range(40))
    )
    state = await second.load(code)
    assert sorted(p.id for p in state.players) == sorted(s.player_id or "" for s in seats)
    assert len(state.players) == 40
    assert state.version < 40, "joins that arrive together are saved together"
    scores = await first.storage.leaderboard.scores(code)
    assert scores == {p.id: 0 for p in state.players}


async def test_a_deadline_ticked_by_both_services_advances_once(
    two_services: tuple[RoomService, RoomService],
) -> None:
    first, second = two_services
    room = await first.open_room(RoomSettings())
    code = room.state.code
    for n in range(3):
        await first.join(code, f"Player {n}", None, n)
    started = await first.start(code)
    deadline_ms = started.state.deadline_ms
    assert deadline_ms is not None
    CLOCK.now_ms = deadline_ms + 1
    outcomes = await asyncio.gather(first.tick(code), second.tick(code), first.tick(code))
    assert sum(1 for o in outcomes if o.events) == 1
    assert (await second.load(code)).phase == "replying"


async def test_each_command_in_a_batch_gets_its_own_outcome(
    two_services: tuple[RoomService, RoomService],
) -> None:
    service, _ = two_services
    room = await service.open_room(RoomSettings())
    code = room.state.code
    names = ["Ana", "Ben", "ana", "Cy", "   ", "Ben"]
    results = await asyncio.gather(
        *(service.join(code, name, None, n) for n, name in enumerate(names)), return_exceptions=True
    )
    refused = [r.code for r in results if isinstance(r, RuleError)]
    assert sorted(refused) == ["name_invalid", "name_taken", "name_taken"]
    state = await service.load(code)
    assert [p.name for p in state.players] == ["Ana", "Ben", "Cy"]


async def test_a_copy_loaded_ahead_never_hides_another_process_change(
    two_services: tuple[RoomService, RoomService],
) -> None:
    """After a save the first service loads its next working copy ahead. The second
    service then changes the room without the first hearing of it (no watcher runs here):
    the stale copy's save fails and the commands are applied again to the room as it is,
    and a refusal judged on it (extend in the lobby) is judged again too."""
    first, second = two_services
    code = (await first.open_room(RoomSettings())).state.code
    await first.join(code, "Ana", None, 1)
    await asyncio.sleep(0.05)
    await second.join(code, "Ben", None, 2)
    await second.join(code, "Cy", None, 3)
    await first.join(code, "Dee", None, 4)
    await asyncio.sleep(0.05)
    await second.start(code)
    extended = await first.execute(code, Extend(seconds=5))
    assert extended.state.phase == "briefing"
    state = await second.load(code)
    assert [p.name for p in state.players] == ["Ana", "Ben", "Cy", "Dee"]
    assert state.deadline_ms == extended.state.deadline_ms


async def test_a_command_after_a_pause_runs_on_the_copy_loaded_ahead(
    two_services: tuple[RoomService, RoomService],
) -> None:
    service, _ = two_services
    code = (await service.open_room(RoomSettings())).state.code
    for n in range(3):
        await service.join(code, f"Player {n}", None, n)
    await service.start(code)
    await asyncio.sleep(0.05)
    loads: list[str] = []
    real_load = service.storage.rooms.load

    async def counted_load(room_code: str) -> RoomState | None:
        loads.append(room_code)
        return await real_load(room_code)

    service.storage.rooms.load = counted_load  # type: ignore[method-assign]
    await service.execute(code, Extend(seconds=5))
    assert loads == [], "the command's batch loaded the room instead of taking its copy"
    await asyncio.sleep(0.05)
    assert loads == [code], "the next copy is loaded once the change is saved"
