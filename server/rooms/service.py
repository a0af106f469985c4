"""RoomService: runs commands against stored rooms. Load → decide → save (which announces)."""

import hmac
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

from server.content import Catalogue
from server.engine import ErrorCode, Outcome, RoomSettings, RoomState, RuleError
from server.engine.commands import Command, Connect, Join, Start, Tick
from server.engine.events import (
    Event,
    PhaseChanged,
    PlayerConnected,
    PlayerJoined,
    PlayerKicked,
    ScoresAwarded,
)
from server.engine.state import Phase
from server.engine.teams import team_scores
from server.storage import Storage, StoreUnavailable

from .batches import CommandBatcher
from .codes import new_code, new_token, normalize_code, token_hash
from .decks import DeckLibrary
from .profanity import ProfanityCheck

log = logging.getLogger(__name__)

CODE_ATTEMPTS = 20


@dataclass(frozen=True)
class OpenedRoom:
    state: RoomState
    host_token: str


@dataclass(frozen=True)
class Seat:
    """Who a socket speaks for (a player id, or None for the host), and the room version
    that seated them: older states a watcher still holds do not include the seat yet; and
    the room's settings, which `welcome` carries."""

    player_id: str | None
    token: str
    version: int
    settings: RoomSettings


class RoomService:
    def __init__(
        self,
        storage: Storage,
        catalogue: Catalogue,
        clock_ms: Callable[[], int],
        rng: random.Random,
    ) -> None:
        self.storage = storage
        self.catalogue = catalogue
        self.decks = DeckLibrary(catalogue, storage.decks)
        self.profanity = ProfanityCheck()
        self.clock_ms = clock_ms
        self._rng = rng
        self._saved_listeners: list[Callable[[RoomState], None]] = []
        self._batcher = CommandBatcher(self.load, self._save, clock_ms, rng, self._tell_saved)

    def on_saved(self, listener: Callable[[RoomState], None]) -> None:
        """Call `listener` with every state this process saves, once it is stored and
        announced (other processes hear of it first) and its commands have their outcomes.
        The state is never changed afterwards, so a listener may keep it."""
        self._saved_listeners.append(listener)

    def _tell_saved(self, state: RoomState) -> None:
        for listener in self._saved_listeners:
            listener(state)

    async def open_room(self, settings: RoomSettings) -> OpenedRoom:
        """Create a room with a fresh code; the host token is returned once, never stored."""
        await self.decks.pool_for(settings)
        host_token, now_ms = new_token(), self.clock_ms()
        for _ in range(CODE_ATTEMPTS):
            state = RoomState(
                code=new_code(self._rng),
                seed=self._rng.getrandbits(32),
                settings=settings,
                skills=self.catalogue.skill_ids,
                host_token_hash=token_hash(host_token),
                created_ms=now_ms,
                updated_ms=now_ms,
            )
            if await self.storage.rooms.create(state):
                log.info("room opened", extra={"room": state.code})
                return OpenedRoom(state, host_token)
        raise StoreUnavailable("no free room code found")

    def heard(self, code: str, version: int) -> None:
        """The bus announced the room at `version`: working copies loaded ahead of it are
        out of date."""
        self._batcher.spares.heard(code, version)

    async def load(self, raw_code: str) -> RoomState:
        """The room, or RuleError room_not_found for any unknown code, whatever its shape."""
        code = normalize_code(raw_code)
        state = await self.storage.rooms.load(code) if code else None
        if state is None:
            raise RuleError(ErrorCode.ROOM_NOT_FOUND, "No room with that code.")
        return state

    async def execute(self, code: str, command: Command) -> Outcome:
        """Apply a command (batched with others for the same room), save it with a version
        check and tell every process. Raises the command's own RuleError."""
        return await self._batcher.execute(code, command)

    async def _save(self, state: RoomState, events: tuple[Event, ...]) -> bool:
        if not await self.storage.rooms.save(
            state, _standings(state, events), _teams(state, events)
        ):
            return False
        if state.finished_ms is not None and _finished_now(events):
            await self.storage.games.record(state.code, state.finished_ms)
        return True

    async def join(self, code: str, name: str, team: str | None, connection: int) -> Seat:
        token = new_token()
        join = Join(
            name=name,
            token_hash=token_hash(token),
            connection=connection,
            team=team,
            flagged=self.profanity.flags(name),
        )
        outcome = await self.execute(code, join)
        joined = next(e for e in outcome.events if isinstance(e, PlayerJoined))
        return Seat(joined.player_id, token, outcome.state.version, outcome.state.settings)

    async def rejoin(self, code: str, token: str, connection: int) -> Seat:
        """Resume the player the token belongs to; their older socket is superseded."""
        outcome = await self.execute(
            code, Connect(token_hash=token_hash(token), connection=connection)
        )
        connected = next(e for e in outcome.events if isinstance(e, PlayerConnected))
        return Seat(connected.player_id, token, outcome.state.version, outcome.state.settings)

    async def check_host(self, code: str, token: str) -> Seat:
        state = await self.load(code)
        if not hmac.compare_digest(token_hash(token), state.host_token_hash):
            raise RuleError(ErrorCode.BAD_TOKEN, "That is not this room's host token.")
        return Seat(None, token, state.version, state.settings)

    async def start(self, code: str) -> Outcome:
        state = await self.load(code)
        return await self.execute(code, Start(pool=await self.decks.pool_for(state.settings)))

    async def tick(self, code: str) -> Outcome:
        return await self.execute(code, Tick())


def _standings(state: RoomState, events: tuple[Event, ...]) -> dict[str, int | None]:
    """Leaderboard writes that keep the sorted set equal to the players' scores."""
    updates: dict[str, int | None] = {}
    for event in events:
        if isinstance(event, PlayerJoined):
            updates[event.player_id] = 0
        elif isinstance(event, PlayerKicked):
            updates[event.player_id] = None
        elif isinstance(event, ScoresAwarded):
            scores = {p.id: p.score for p in state.players}
            updates.update({pid: scores[pid] for pid in event.points if pid in scores})
    return updates


def _teams(state: RoomState, events: tuple[Event, ...]) -> dict[str, float]:
    """Every team's score, rewritten whenever a player's score or the teams' make-up moves."""
    moved = (PlayerJoined, PlayerKicked, ScoresAwarded)
    if not state.settings.teams or not any(isinstance(e, moved) for e in events):
        return {}
    return {team.team: team.score for team in team_scores(state)}


def _finished_now(events: tuple[Event, ...]) -> bool:
    return any(isinstance(e, PhaseChanged) and e.phase is Phase.FINISHED for e in events)
