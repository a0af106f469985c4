"""Redis adapters. A room is one hash: `version`, the live part of its state (`state`), its
settled parts, written once each (see settled_parts.py): `cards` with `cards_count`, and
each finished round as `round:N` with their number in `rounds`; and the roster (`players`),
written when it changes, with the version that wrote it (`players_at`). A Lua script
checks the version and writes the state, its newly settled parts, a changed roster and the
leaderboard in one atomic step, and publishes the new version on the room's channel."""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import TypeVar

from redis import exceptions as redis_errors
from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff

from server.engine import Phase, RoomState

from . import keys
from .ports import StandingUpdates, StoreUnavailable, TeamScores
from .settled_parts import Reading, SettledParts, SettledWrite, live_json

log = logging.getLogger(__name__)
T = TypeVar("T")

# Writes the parts stored apart that a save or create brings. ARGV from `first`: cards JSON
# ('' when the store has them), cards count, roster JSON ('' when the store has it), the
# version that writes it, index of the first round sent, number of rounds sent, then the
# rounds. Returns the ARGV index after the rounds. A round sent again (the writer could not
# tell whether it was stored) is written again, with the same content.
_WRITE_SETTLED = """
local function write_settled(key, first)
  if ARGV[first] ~= '' then redis.call('HSET', key, 'cards', ARGV[first]) end
  if ARGV[first + 2] ~= '' then
    redis.call('HSET', key, 'players', ARGV[first + 2], 'players_at', ARGV[first + 3])
  end
  local rounds_from, rounds_sent = tonumber(ARGV[first + 4]), tonumber(ARGV[first + 5])
  for i = 0, rounds_sent - 1 do
    redis.call('HSET', key, 'round:' .. (rounds_from + i), ARGV[first + 6 + i])
  end
  redis.call('HSET', key, 'cards_count', ARGV[first + 1], 'rounds', rounds_from + rounds_sent)
  return first + 6 + rounds_sent
end
"""

# ARGV: version, live state, ttl ms, then the settled parts as write_settled reads them.
_CREATE = (
    _WRITE_SETTLED
    + """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'state', ARGV[2])
write_settled(KEYS[1], 4)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
"""
)

# ARGV: expected version, new version, live state, ttl ms, number of player pairs, then the
# settled parts as write_settled reads them, then the player pairs (id, score or '' to
# remove), then the team pairs (name, score). Returns -1 if the writer's first round to
# send lies beyond the rounds stored: it must send them all. KEYS: the room's hash,
# leaderboard, teams and channel (the channel shares the hash tag, so one Cluster slot).
_SAVE = (
    _WRITE_SETTLED
    + """
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
local stored_rounds = tonumber(redis.call('HGET', KEYS[1], 'rounds') or '0')
if tonumber(ARGV[10]) > stored_rounds then return -1 end
redis.call('HSET', KEYS[1], 'version', ARGV[2], 'state', ARGV[3])
local players_from = write_settled(KEYS[1], 6)
local teams_from = players_from + 2 * tonumber(ARGV[5])
for i = players_from, teams_from - 1, 2 do
  if ARGV[i + 1] == '' then
    redis.call('ZREM', KEYS[2], ARGV[i])
  else
    redis.call('ZADD', KEYS[2], ARGV[i + 1], ARGV[i])
  end
end
for i = teams_from, #ARGV, 2 do
  redis.call('ZADD', KEYS[3], ARGV[i + 1], ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[4]) end
redis.call('PUBLISH', KEYS[4], ARGV[2])
return 1
"""
)
# Reads the live part, the counts of the settled parts and the roster's version, and the roster
# itself unless its version is ARGV[1] (the one the reader holds parsed): one atomic step, so
# the roster always belongs to the live part read with it, however often the room changes.
_LOAD = """
local stored = redis.call('HMGET', KEYS[1], 'state', 'cards_count', 'rounds', 'players_at')
if stored[4] and stored[4] ~= ARGV[1] then
  stored[5] = redis.call('HGET', KEYS[1], 'players')
end
return stored
"""
# A save's answer when the store holds fewer rounds than the writer assumed.
_SEND_ALL_ROUNDS = -1
# Times a load reads again when the room changed between its two reads.
LOAD_ATTEMPTS = 3


def _settled_args(state: RoomState, write: SettledWrite) -> list[str | int]:
    players: list[str | int] = [write.players or "", state.version]
    rounds: list[str | int] = [write.rounds_from, len(write.rounds), *write.rounds]
    return [write.cards or "", len(state.cards), *players, *rounds]


def _int_or_none(raw: bytes | None) -> int | None:
    return None if raw is None else int(raw)


STORE_ERRORS = (redis_errors.ConnectionError, redis_errors.TimeoutError, OSError)


def connect_redis(url: str) -> "Redis":
    """A client with explicit timeouts and a short, bounded retry on connection trouble."""
    return Redis.from_url(
        url,
        socket_timeout=2.0,
        socket_connect_timeout=2.0,
        retry=Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=3),
        retry_on_error=[redis_errors.ConnectionError, redis_errors.TimeoutError],
        health_check_interval=10,
        decode_responses=False,
    )


async def _guarded(call: Callable[[], Awaitable[T]]) -> T:
    try:
        return await call()
    except STORE_ERRORS as error:
        raise StoreUnavailable(str(error)) from error


class RedisRoomStore:
    def __init__(self, redis: "Redis", ttl_s: int, finished_ttl_s: int) -> None:
        self._redis = redis
        self._ttl_ms = ttl_s * 1000
        self._finished_ttl_ms = finished_ttl_s * 1000
        self._create = redis.register_script(_CREATE)
        self._save = redis.register_script(_SAVE)
        self._load = redis.register_script(_LOAD)
        self._settled = SettledParts()

    async def create(self, state: RoomState) -> bool:
        write = self._settled.to_write(state)
        settled = _settled_args(state, write)
        args: list[str | int] = [state.version, live_json(state), self._ttl_ms, *settled]
        created = await _guarded(
            lambda: self._create(keys=[keys.room_state(state.code)], args=args)
        )
        if created:
            self._settled.saved(state, write)
        return bool(created)

    async def load(self, code: str) -> RoomState | None:
        key = keys.room_state(code)
        for _ in range(LOAD_ATTEMPTS):
            known = self._settled.players_at_of(code)
            read = partial(self._load, keys=[key], args=["" if known is None else known])
            stored: list[bytes | None] = await _guarded(read)
            live_raw, cards_count, rounds_count, players_at, players = (stored + [None] * 5)[:5]
            if live_raw is None:
                return None
            live = RoomState.model_validate_json(live_raw)
            if cards_count is None:
                return live  # stored whole, by a version that kept everything in `state`
            reading = self._settled.reading(
                live, int(cards_count), int(rounds_count or 0), _int_or_none(players_at)
            )
            completed = await self._complete(key, live, reading, players)
            if completed is not None:
                return completed
        raise StoreUnavailable(f"room {code} kept changing while it was read")

    async def _complete(
        self, key: str, live: RoomState, reading: Reading, players: bytes | None
    ) -> RoomState | None:
        """`live` with its parts stored apart, read from the store only where this process
        has not parsed them yet (`players`: the roster read with `live`, if it was); None if
        the room changed between the reads."""
        if reading.players is not None:
            players = None  # this process has them parsed
        # Rare: the cache changed between the two steps of this load, so the roster was not
        # sent; it is read apart, and must be of the same version as the live part.
        read_players = reading.players is None and players is None
        if reading.settled_at_hand and not read_players:
            return self._settled.complete(live, reading, None, (), players)
        fields = ["cards"] if reading.cards is None else []
        fields += [f"round:{i}" for i in reading.rounds_missing]
        if read_players:
            fields += ["players_at", "players"]
        values: list[bytes | None] = await _guarded(
            lambda: self._redis.hmget(key, fields)  # type: ignore[arg-type,return-value]
        )
        read = [value for value in values if value is not None]
        if len(read) < len(values):
            return None
        if read_players:
            *read, players_at, players = read
            if int(players_at) != reading.players_at:
                return None  # a newer roster than the live part's
        cards = read.pop(0) if reading.cards is None else None
        return self._settled.complete(live, reading, cards, read, players)

    async def save(
        self, state: RoomState, standings: StandingUpdates, teams: TeamScores | None = None
    ) -> bool:
        write = self._settled.to_write(state)
        saved = await self._try_save(state, standings, teams, write)
        if saved == _SEND_ALL_ROUNDS:
            self._settled.forget(state.code)
            write = self._settled.to_write(state)
            saved = await self._try_save(state, standings, teams, write)
        if saved == 1:
            self._settled.saved(state, write)
        return saved == 1

    async def _try_save(
        self,
        state: RoomState,
        standings: StandingUpdates,
        teams: TeamScores | None,
        settled: SettledWrite,
    ) -> int:
        finished = state.phase is Phase.FINISHED
        args: list[str | int | float] = [
            state.version - 1,
            state.version,
            live_json(state),
            self._finished_ttl_ms if finished else self._ttl_ms,
            len(standings),
            *_settled_args(state, settled),
        ]
        for player_id, score in standings.items():
            args += [player_id, "" if score is None else score]
        for team, team_score in (teams or {}).items():
            args += [team, team_score]
        code = state.code
        room_keys = [
            keys.room_state(code),
            keys.room_leaderboard(code),
            keys.room_teams(code),
            keys.room_channel(code),
        ]
        return int(await _guarded(lambda: self._save(keys=room_keys, args=args)))

    async def ping(self) -> None:
        await _guarded(self._redis.ping)


class RedisDeckStore:
    def __init__(self, redis: "Redis", ttl_s: int) -> None:
        self._redis = redis
        self._ttl_ms = ttl_s * 1000

    async def put(self, deck_id: str, deck_json: str) -> bool:
        key = keys.uploaded_deck(deck_id)
        return bool(
            await _guarded(lambda: self._redis.set(key, deck_json, nx=True, px=self._ttl_ms))
        )

    async def get(self, deck_id: str) -> str | None:
        key = keys.uploaded_deck(deck_id)
        raw = await _guarded(lambda: self._redis.getex(key, px=self._ttl_ms))
        return raw.decode() if isinstance(raw, bytes) else raw


class RedisLeaderboard:
    def __init__(self, redis: "Redis") -> None:
        self._redis = redis

    async def scores(self, code: str) -> dict[str, int]:
        key = keys.room_leaderboard(code)
        pairs: list[tuple[bytes, float]] = await _guarded(
            lambda: self._redis.zrange(key, 0, -1, withscores=True)  # type: ignore[arg-type,return-value]
        )
        return {member.decode(): int(score) for member, score in pairs}

    async def team_scores(self, code: str) -> dict[str, float]:
        key = keys.room_teams(code)
        pairs: list[tuple[bytes, float]] = await _guarded(
            lambda: self._redis.zrange(key, 0, -1, withscores=True)  # type: ignore[arg-type,return-value]
        )
        return {member.decode(): float(score) for member, score in pairs}


class RedisGameIndex:
    """A sorted set of finished games' codes by finish time, trimmed to the time to live."""

    def __init__(self, redis: "Redis", ttl_s: int) -> None:
        self._redis = redis
        self._ttl_ms = ttl_s * 1000

    async def record(self, code: str, finished_ms: int) -> None:
        key = keys.finished_games()

        async def write() -> None:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.zadd(key, {code: finished_ms})
                pipe.zremrangebyscore(key, "-inf", f"({finished_ms - self._ttl_ms}")
                await pipe.execute()

        await _guarded(write)

    async def recent(self, now_ms: int, limit: int) -> list[str]:
        key, oldest = keys.finished_games(), now_ms - self._ttl_ms
        codes: list[bytes] = await _guarded(
            lambda: self._redis.zrevrangebyscore(key, "+inf", oldest, start=0, num=limit)  # type: ignore[arg-type,return-value]
        )
        return [code.decode() for code in codes]


class RedisPresence:
    def __init__(self, redis: "Redis") -> None:
        self._redis = redis

    async def beat(self, instance: int, ttl_s: float) -> None:
        key, ttl_ms = keys.server_instance(instance), max(1, round(ttl_s * 1000))
        await _guarded(lambda: self._redis.set(key, 1, px=ttl_ms))

    async def alive(self, instances: set[int]) -> set[int]:
        ordered = sorted(instances)
        if not ordered:
            return set()

        # One key per call: the keys may sit on different Redis Cluster slots.
        async def exists(instance: int) -> bool:
            found: int = await _guarded(lambda: self._redis.exists(keys.server_instance(instance)))
            return found > 0

        found = await asyncio.gather(*(exists(instance) for instance in ordered))
        return {instance for instance, yes in zip(ordered, found, strict=True) if yes}


class RedisRoomBus:
    """One pub/sub connection per process; a channel per room, subscribed while watched."""

    def __init__(self, redis: "Redis") -> None:
        self._redis = redis
        self._pubsub: PubSub = redis.pubsub(ignore_subscribe_messages=True)
        self._queues: dict[str, set[asyncio.Queue[int | None]]] = {}
        self._reader: asyncio.Task[None] | None = None

    @asynccontextmanager
    async def subscribe(self, code: str) -> AsyncIterator[asyncio.Queue[int | None]]:
        queue: asyncio.Queue[int | None] = asyncio.Queue()
        watchers = self._queues.setdefault(code, set())
        if not watchers:
            await _guarded(lambda: self._pubsub.subscribe(keys.room_channel(code)))
        watchers.add(queue)
        self._start_reader()
        try:
            yield queue
        finally:
            watchers.discard(queue)
            if not watchers:
                del self._queues[code]
                await self._unsubscribe(code)

    async def close(self) -> None:
        if self._reader:
            self._reader.cancel()
        await self._pubsub.aclose()  # type: ignore[no-untyped-call, unused-ignore]  # typed from redis 8.2

    async def _unsubscribe(self, code: str) -> None:
        try:
            await self._pubsub.unsubscribe(keys.room_channel(code))
        except STORE_ERRORS:
            log.warning("could not unsubscribe from room %s", code)

    def _start_reader(self) -> None:
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read_forever(), name="redis-room-bus")

    async def _read_forever(self) -> None:
        while self._queues:
            try:
                message = await self._pubsub.get_message(timeout=1.0)
            except STORE_ERRORS:
                await self._recover()
                continue
            if message and message["type"] == "message":
                self._deliver(message["channel"].decode(), int(message["data"]))

    async def _recover(self) -> None:
        log.warning("room bus lost its Redis connection; resubscribing")
        await asyncio.sleep(0.5)
        try:
            await self._pubsub.connect()  # type: ignore[no-untyped-call]
            channels = [keys.room_channel(code) for code in self._queues]
            if channels:
                await self._pubsub.subscribe(*channels)
        except STORE_ERRORS:
            return
        for watchers in self._queues.values():
            for queue in watchers:
                queue.put_nowait(None)

    def _deliver(self, channel: str, version: int) -> None:
        code = channel.split("{", 1)[1].split("}", 1)[0]
        for queue in self._queues.get(code, ()):
            queue.put_nowait(version)
