"""What the game needs from storage, named for the game, not the technology."""

import asyncio
from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from server.engine import RoomState

# Absolute scores to write into a room's leaderboard; None removes the player.
StandingUpdates = Mapping[str, int | None]
# Every team's score, written whole (a team's mean moves when anyone joins or scores).
TeamScores = Mapping[str, float]


class StoreUnavailable(Exception):
    """The store did not answer. Nothing was written; the caller may retry later."""


class RoomStore(Protocol):
    async def create(self, state: RoomState) -> bool:
        """Store a new room. False if the code is taken; pick another code and try again."""

    async def load(self, code: str) -> RoomState | None:
        """The room's current state, or None if it never existed or has expired."""

    async def save(
        self, state: RoomState, standings: StandingUpdates, teams: TeamScores | None = None
    ) -> bool:
        """Write `state` if the stored version is `state.version - 1`, together with the
        leaderboard updates, and announce the new version on the room's bus, in one step.
        False on a stale version (nothing written or announced): reload and retry.
        A finished game is kept for the report's time to live, a running one for the
        room's. The drawn cards and the finished rounds (`history`) are settled: once
        saved, later states keep them as they are (the engine only appends to `history`),
        so every process may keep its parsed copy of them."""

    async def ping(self) -> None:
        """Raise StoreUnavailable if the store cannot be reached."""


class Leaderboard(Protocol):
    async def scores(self, code: str) -> dict[str, int]:
        """Every player's stored score in the room (0 from the moment they join)."""

    async def team_scores(self, code: str) -> dict[str, float]:
        """Every team's stored score in the room (empty without teams)."""


class GameIndex(Protocol):
    async def record(self, code: str, finished_ms: int) -> None:
        """Remember that the room's game finished, and forget games past their time."""

    async def recent(self, now_ms: int, limit: int) -> list[str]:
        """Codes of games finished within the time to live, newest first."""


class RoomBus(Protocol):
    """Every process hears of each version a save stores (`RoomStore.save` announces it)."""

    def subscribe(self, code: str) -> AbstractAsyncContextManager["asyncio.Queue[int | None]"]:
        """A queue of the versions saved for the room from now on. None means messages
        may have been missed (the bus reconnected): reload the room."""


class DeckStore(Protocol):
    async def put(self, deck_id: str, deck_json: str) -> bool:
        """Keep an uploaded deck. False if the id is taken: choose another id."""

    async def get(self, deck_id: str) -> str | None:
        """The deck's JSON, or None. Reading it keeps it for another full time to live."""


class Presence(Protocol):
    async def beat(self, instance: int, ttl_s: float) -> None:
        """Say that server process `instance` is alive for the next `ttl_s` seconds."""

    async def alive(self, instances: set[int]) -> set[int]:
        """Those of `instances` whose last beat has not yet run out."""
