"""In-process twins of the Redis adapters, for a laptop with nothing else installed.
They keep the same contract (version checks, expiry, leaderboard in the same step)."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from server.engine import Phase, RoomState

from .ports import StandingUpdates, TeamScores
from .settled_parts import SettledParts, SettledWrite, live_json


@dataclass
class _StoredRoom:
    """Laid out like the Redis hash: the live part, the settled parts written once, and the
    roster with the version that wrote it."""

    version: int
    state_json: str
    expires_at: float
    cards_json: str = "[]"
    cards_count: int = 0
    rounds_json: list[str] = field(default_factory=list)
    players_json: str = "[]"
    players_at: int = 0
    leaderboard: dict[str, int] = field(default_factory=dict)
    teams: dict[str, float] = field(default_factory=dict)

    def write_settled(self, state: RoomState, write: SettledWrite) -> None:
        if write.cards is not None:
            self.cards_json = write.cards
        self.cards_count = len(state.cards)
        del self.rounds_json[write.rounds_from :]
        self.rounds_json += write.rounds
        if write.players is not None:
            self.players_json, self.players_at = write.players, state.version


class MemoryRoomStore:
    def __init__(self, ttl_s: int, finished_ttl_s: int, bus: "MemoryRoomBus") -> None:
        self._bus = bus
        self._ttl_s = ttl_s
        self._finished_ttl_s = finished_ttl_s
        self._rooms: dict[str, _StoredRoom] = {}
        self._settled = SettledParts()

    async def create(self, state: RoomState) -> bool:
        if self._live(state.code):
            return False
        room = _StoredRoom(state.version, live_json(state), time.monotonic() + self._ttl_s)
        write = self._settled.to_write(state)
        room.write_settled(state, write)
        self._rooms[state.code] = room
        self._settled.saved(state, write)
        return True

    async def load(self, code: str) -> RoomState | None:
        room = self._live(code)
        if room is None:
            return None
        live = RoomState.model_validate_json(room.state_json)
        reading = self._settled.reading(
            live, room.cards_count, len(room.rounds_json), room.players_at
        )
        cards = room.cards_json if reading.cards is None else None
        rounds = [room.rounds_json[index] for index in reading.rounds_missing]
        players = room.players_json if reading.players is None else None
        return self._settled.complete(live, reading, cards, rounds, players)

    async def save(
        self, state: RoomState, standings: StandingUpdates, teams: TeamScores | None = None
    ) -> bool:
        room = self._live(state.code)
        if room is None or room.version != state.version - 1:
            return False
        write = self._settled.to_write(state)
        if write.rounds_from > len(room.rounds_json):
            self._settled.forget(state.code)
            write = self._settled.to_write(state)
        room.version, room.state_json = state.version, live_json(state)
        room.write_settled(state, write)
        self._settled.saved(state, write)
        finished = state.phase is Phase.FINISHED
        room.expires_at = time.monotonic() + (self._finished_ttl_s if finished else self._ttl_s)
        room.teams.update(teams or {})
        for player_id, score in standings.items():
            if score is None:
                room.leaderboard.pop(player_id, None)
            else:
                room.leaderboard[player_id] = score
        self._bus.announce(state.code, state.version)
        return True

    async def ping(self) -> None:
        return None

    def scores(self, code: str) -> dict[str, int]:
        room = self._live(code)
        return dict(room.leaderboard) if room else {}

    def team_scores(self, code: str) -> dict[str, float]:
        room = self._live(code)
        return dict(room.teams) if room else {}

    def _live(self, code: str) -> _StoredRoom | None:
        room = self._rooms.get(code)
        if room and room.expires_at <= time.monotonic():
            del self._rooms[code]
            return None
        return room


class MemoryDeckStore:
    def __init__(self, ttl_s: int) -> None:
        self._ttl_s = ttl_s
        self._decks: dict[str, tuple[str, float]] = {}

    async def put(self, deck_id: str, deck_json: str) -> bool:
        if await self.get(deck_id) is not None:
            return False
        self._decks[deck_id] = (deck_json, time.monotonic() + self._ttl_s)
        return True

    async def get(self, deck_id: str) -> str | None:
        stored = self._decks.get(deck_id)
        if stored is None or stored[1] <= time.monotonic():
            self._decks.pop(deck_id, None)
            return None
        self._decks[deck_id] = (stored[0], time.monotonic() + self._ttl_s)
        return stored[0]


class MemoryLeaderboard:
    def __init__(self, store: MemoryRoomStore) -> None:
        self._store = store

    async def scores(self, code: str) -> dict[str, int]:
        return self._store.scores(code)

    async def team_scores(self, code: str) -> dict[str, float]:
        return self._store.team_scores(code)


class MemoryGameIndex:
    def __init__(self, ttl_s: int) -> None:
        self._ttl_ms = ttl_s * 1000
        self._finished: dict[str, int] = {}

    async def record(self, code: str, finished_ms: int) -> None:
        self._finished[code] = finished_ms
        oldest = finished_ms - self._ttl_ms
        self._finished = {c: at for c, at in self._finished.items() if at >= oldest}

    async def recent(self, now_ms: int, limit: int) -> list[str]:
        oldest = now_ms - self._ttl_ms
        newest_first = sorted(self._finished.items(), key=lambda item: -item[1])
        return [code for code, at in newest_first if at >= oldest][:limit]


class MemoryRoomBus:
    def __init__(self) -> None:
        self._queues: dict[str, set[asyncio.Queue[int | None]]] = {}

    def announce(self, code: str, version: int) -> None:
        for queue in self._queues.get(code, ()):
            queue.put_nowait(version)

    @asynccontextmanager
    async def subscribe(self, code: str) -> AsyncIterator[asyncio.Queue[int | None]]:
        queue: asyncio.Queue[int | None] = asyncio.Queue()
        self._queues.setdefault(code, set()).add(queue)
        try:
            yield queue
        finally:
            watchers = self._queues[code]
            watchers.discard(queue)
            if not watchers:
                del self._queues[code]

    async def close(self) -> None:
        return None


class MemoryPresence:
    """One process: its beats are kept against the monotonic clock, as Redis keeps them."""

    def __init__(self) -> None:
        self._until: dict[int, float] = {}

    async def beat(self, instance: int, ttl_s: float) -> None:
        self._until[instance] = time.monotonic() + ttl_s

    async def alive(self, instances: set[int]) -> set[int]:
        now = time.monotonic()
        return {i for i in instances if self._until.get(i, 0.0) > now}
