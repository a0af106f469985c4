"""Which server process holds each player's socket, and noticing when one has died.

A player's `connection` carries the id of the process that seated them in its high bits.
Every process renews its presence in the store (`Presence.beat`); one that was killed stops.
Each process looks at the rooms it watches, and a connected player whose process is no
longer present is marked disconnected, as their socket's close would have done: so a
round stops waiting for players whose server died and who never came back."""

import asyncio
import logging
import secrets
import time
from collections.abc import Callable, Iterable

from server.engine import RoomState
from server.engine.commands import Disconnect
from server.storage import StoreUnavailable

from .service import RoomService

log = logging.getLogger(__name__)

_SOCKET_BITS = 32


def new_instance() -> int:
    """An id for this server process (30 random bits: ids fit in 62 with the socket's)."""
    return secrets.randbits(30) or 1


def new_connection(instance: int) -> int:
    """A socket's connection id, which names the process it is on."""
    return (instance << _SOCKET_BITS) | secrets.randbits(_SOCKET_BITS)


def instance_of(connection: int) -> int:
    return connection >> _SOCKET_BITS


class PresenceKeeper:
    """Renews this process's presence and sweeps the rooms it watches for players seated
    by a process that is gone. Both every third of the presence's time to live."""

    def __init__(
        self,
        service: RoomService,
        instance: int,
        ttl_s: float,
        rooms: Callable[[], Iterable[RoomState]],
    ) -> None:
        self._service, self.instance, self._ttl_s, self._rooms = service, instance, ttl_s, rooms

    async def run(self) -> None:
        """Beat, and sweep only once the store has answered every beat for a whole time to
        live: after an outage every live process has beaten again by then, so none is
        taken for dead because its presence ran out while nobody could renew it."""
        beating_since: float | None = None
        while True:
            try:
                await self._service.storage.presence.beat(self.instance, self._ttl_s)
                beating_since = beating_since or time.monotonic()
                if time.monotonic() - beating_since >= self._ttl_s:
                    for state in self._rooms():
                        await self.sweep(state)
            except StoreUnavailable as error:
                beating_since = None
                log.warning("presence: store unavailable (%s)", error)
            await asyncio.sleep(self._ttl_s / 3)

    async def sweep(self, state: RoomState) -> None:
        """Mark disconnected the room's players whose process has stopped beating."""
        seated = {p.id: p.connection for p in state.players if p.connected and p.connection}
        others = {instance_of(c) for c in seated.values()} - {self.instance}
        if not others:
            return
        gone = others - await self._service.storage.presence.alive(others)
        lost = [(pid, c) for pid, c in seated.items() if instance_of(c) in gone]
        # At once, so that the room's batch takes them in one save.
        results = await asyncio.gather(
            *(self._service.execute(state.code, Disconnect(pid, c)) for pid, c in lost),
            return_exceptions=True,
        )
        for (player_id, _), result in zip(lost, results, strict=True):
            if isinstance(result, StoreUnavailable):
                raise result
            if not isinstance(result, BaseException):
                log.info(
                    "marked disconnected: its server process is gone",
                    extra={"room": state.code, "player": player_id},
                )
