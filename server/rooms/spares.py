"""Working copies of rooms, loaded ahead while the process has nothing else to do.

A batch of commands needs a private copy of its room to change. Loading one (reading the
live part and parsing it) is most of what a change of a small room costs, and on a machine
whose cores idle between changes it runs several times slower than in a tight loop. So once
this process has saved a room and sent the change out, it loads the room's next working
copy; the next batch takes it instead of loading. A copy is a guess: when the room moves on
without it (another process saved, as the bus says), it is dropped, and a batch whose save
finds the room moved on loads the room and applies its commands again."""

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from server.engine import RoomState, RuleError
from server.storage import StoreUnavailable

# Rooms a process keeps a copy of; the least recently saved go first.
MAX_ROOMS = 256
# A copy is for the next command of a busy room. An older one is dropped: a room that stays
# quiet can expire (after 60 s at the least) and its code be given to a new room, whose
# version the old copy might happen to match.
MAX_AGE_S = 10.0
# After a copy turned out stale at its save (another process saved the room meanwhile), no
# copies of that room are loaded for this long: while processes take turns at a room, a copy
# is mostly a wasted load and a wasted save, and those slow the turns down further.
CONTENDED_S = 2.0

Load = Callable[[str], Awaitable[RoomState]]


class Spares:
    def __init__(
        self, load: Load, max_rooms: int = MAX_ROOMS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._load, self._clock = load, clock
        self._max_rooms = max_rooms
        self._copies: dict[str, tuple[RoomState, float]] = {}  # with when it was loaded
        # The newest version of each room this process has heard of.
        self._newest: OrderedDict[str, int] = OrderedDict()
        self._loading: set[str] = set()
        self._contended_until: dict[str, float] = {}

    def take(self, code: str) -> RoomState | None:
        """The room's working copy, if one of its newest version is at hand (once)."""
        copy, loaded_at = self._copies.pop(code, (None, 0.0))
        return copy if self._clock() - loaded_at < MAX_AGE_S else None

    def heard(self, code: str, version: int) -> None:
        """The room is at `version` or later: older copies are of no use."""
        if version > self._newest.get(code, -1):
            self._newest[code] = version
            self._newest.move_to_end(code)
            if len(self._newest) > self._max_rooms:
                forgotten, _ = self._newest.popitem(last=False)
                self._copies.pop(forgotten, None)
                self._contended_until.pop(forgotten, None)
        copy, _ = self._copies.get(code, (None, 0.0))
        if copy is not None and copy.version < version:
            del self._copies[code]

    def stale(self, code: str) -> None:
        """A copy of the room was of no use to its batch (out of date at its save, as when
        another process is changing the room, or its batch only refused)."""
        self._contended_until[code] = self._clock() + CONTENDED_S

    def load_ahead(self, code: str) -> None:
        """Load a copy of the room in a task of its own, which runs after whatever the
        loop already has to do (the change's fan-out, the commands' acks)."""
        until = self._contended_until.get(code)
        if until is not None:
            if self._clock() < until:
                return
            del self._contended_until[code]
        if code not in self._loading and code not in self._copies:
            self._loading.add(code)
            asyncio.get_running_loop().create_task(self._load_copy(code))

    async def _load_copy(self, code: str) -> None:
        try:
            copy = await self._load(code)
        except (RuleError, StoreUnavailable):
            return
        finally:
            self._loading.discard(code)
        if copy.version >= self._newest.get(code, -1) and code in self._newest:
            self._copies[code] = (copy, self._clock())
