"""Pick the adapters from a URL: `redis://...` for Redis, None for the embedded store."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from .memory_adapters import (
    MemoryDeckStore,
    MemoryGameIndex,
    MemoryLeaderboard,
    MemoryPresence,
    MemoryRoomBus,
    MemoryRoomStore,
)
from .ports import DeckStore, GameIndex, Leaderboard, Presence, RoomBus, RoomStore
from .redis_adapters import (
    RedisDeckStore,
    RedisGameIndex,
    RedisLeaderboard,
    RedisPresence,
    RedisRoomBus,
    RedisRoomStore,
    connect_redis,
)


@dataclass
class Storage:
    rooms: RoomStore
    leaderboard: Leaderboard
    bus: RoomBus
    decks: DeckStore
    games: GameIndex
    presence: Presence
    description: str
    close: Callable[[], Awaitable[None]]


def open_storage(
    redis_url: str | None,
    room_ttl_s: int,
    deck_ttl_s: int = 90 * 86400,
    report_ttl_s: int = 30 * 86400,
) -> Storage:
    """Storage for the given URL. Call `close()` on shutdown. A finished game (its report)
    is kept for `report_ttl_s`, a running room for `room_ttl_s` after its last change."""
    if not redis_url:
        memory_bus = MemoryRoomBus()
        store = MemoryRoomStore(room_ttl_s, report_ttl_s, memory_bus)
        return Storage(
            store,
            MemoryLeaderboard(store),
            memory_bus,
            MemoryDeckStore(deck_ttl_s),
            MemoryGameIndex(report_ttl_s),
            MemoryPresence(),
            "embedded in-process store",
            memory_bus.close,
        )
    redis = connect_redis(redis_url)
    redis_bus = RedisRoomBus(redis)

    async def close() -> None:
        await redis_bus.close()
        await redis.aclose()

    return Storage(
        RedisRoomStore(redis, room_ttl_s, report_ttl_s),
        RedisLeaderboard(redis),
        redis_bus,
        RedisDeckStore(redis, deck_ttl_s),
        RedisGameIndex(redis, report_ttl_s),
        RedisPresence(redis),
        f"Redis at {redact(redis_url)}",
        close,
    )


def redact(url: str) -> str:
    """The URL without its password, fit for a log line."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
