"""RoomHub: this process's view of the rooms its sockets are in. One watcher per room
follows the bus, loads each new state once, hands it to every local socket, and ticks the
room when its deadline passes (any process may tick; version checks keep it to one)."""

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress

from server.engine import RoomState, RuleError
from server.storage import StoreUnavailable

from .service import RoomService

log = logging.getLogger(__name__)

RETRY_AFTER_S = 1.0
DEADLINE_SLACK_S = 0.02
# A change that only moves players in or out (joins, reconnects, dropped phones) goes out at
# most this often per room; any other change goes out at once, and carries them along.
PRESENCE_PACE_S = 0.1
# What such a change alters besides the roster: the clock of the last command, the seq the
# next player joining gets.
_PRESENCE_FIELDS = frozenset({"players", "version", "updated_ms", "next_seq"})
# What most other changes alter, compared first: a change of the game is told at once.
_GAME_FIELDS = ("deadline_ms", "phase", "round", "paused_remaining_ms", "presentation")


SendNow = Callable[[RoomState | str], bool]
"""Hands a state or a direct message to the socket at once; False if it must wait its turn."""


def _decline(item: RoomState | str) -> bool:
    return False


class Mailbox:
    """What one socket has to send: direct messages in order, then the newest state.
    A slow reader skips states it never got to, never a direct message.

    With `send_now`, something that arrives while nothing is waiting or being sent goes out
    at once, in the caller's step, instead of waking the socket's sender; anything that
    `send_now` declines waits here as before, and so does everything after it until the
    sender has taken it all."""

    __slots__ = ("_direct", "_messages", "_ready", "_send_now", "_state")

    def __init__(self, send_now: SendNow | None = None) -> None:
        self._state: RoomState | None = None
        self._messages: list[str] = []
        self._ready = asyncio.Event()
        self._send_now = send_now or _decline
        # Whether send_now may be tried: nothing waits here and the sender is not sending.
        self._direct = send_now is not None

    def put(self, state: RoomState) -> None:
        if not (self._direct and self._send_now(state)):
            self._state = state
            self._hold()

    def post(self, message: str) -> None:
        if not (self._direct and self._send_now(message)):
            self._messages.append(message)
            self._hold()

    def _hold(self) -> None:
        self._direct = False
        self._ready.set()

    async def next(self) -> tuple[list[str], RoomState | None]:
        """Wait until there is something to send, then take all of it. Until the next
        call, the caller is sending it, and nothing may overtake it."""
        self._direct = self._send_now is not _decline and not self._ready.is_set()
        await self._ready.wait()
        self._direct = False
        self._ready.clear()
        messages, self._messages = self._messages, []
        state, self._state = self._state, None
        return messages, state


class _RoomWatcher:
    def __init__(
        self, code: str, service: RoomService, on_fanout: Callable[[float], None] | None
    ) -> None:
        self.code = code
        self._on_fanout = on_fanout
        self.mailboxes: set[Mailbox] = set()
        self.later: set[Mailbox] = set()  # served after the others
        self.latest: RoomState | None = None
        self._saved_next: RoomState | None = None  # saved here, to deliver in the next step
        self._held: RoomState | None = None  # a presence change waiting for its turn
        self._held_timer: asyncio.TimerHandle | None = None
        self._last_fanout = -PRESENCE_PACE_S
        self._service = service
        self.task = asyncio.create_task(self._run(), name=f"room-watcher-{code}")

    def add(self, mailbox: Mailbox, last: bool) -> None:
        (self.later if last else self.mailboxes).add(mailbox)
        if self.latest is not None:
            mailbox.put(self.latest)

    async def _run(self) -> None:
        while True:
            try:
                await self._follow()
            except StoreUnavailable as error:
                log.warning("room %s: store unavailable (%s); retrying", self.code, error)
                await asyncio.sleep(RETRY_AFTER_S)

    def saved(self, state: RoomState) -> None:
        """This process saved `state`: it goes out without waiting for the bus to announce
        it back (the announcement then finds it already sent, and loading it from the store
        would only give an equal copy), in the loop's next step, after the commands' acks,
        whose senders resume first."""
        if self._saved_next is None:
            asyncio.get_running_loop().call_soon(self._deliver_saved)
        if self._saved_next is None or state.version > self._saved_next.version:
            self._saved_next = state

    def _deliver_saved(self) -> None:
        """The newest of the states saved here since the last step: a burst of batches
        goes out as one snapshot."""
        state, self._saved_next = self._saved_next, None
        if state is not None:
            self._deliver(state)

    async def _follow(self) -> None:
        async with self._service.storage.bus.subscribe(self.code) as versions:
            await self._refresh()
            while True:
                try:
                    version = await asyncio.wait_for(versions.get(), self._seconds_to_deadline())
                except TimeoutError:
                    await self._tick()
                    continue
                if version is not None:
                    self._service.heard(self.code, version)
                # Versions that arrived during a fan-out are skipped for the newest: a
                # burst of changes goes out as a few snapshots, not one per change.
                if version is None or version > self._known_version():
                    await self._refresh()

    def _known_version(self) -> int:
        """The newest version sent, held back, or saved here and about to go out."""
        known = (self.latest, self._held, self._saved_next)
        return max((s.version for s in known if s is not None), default=-1)

    async def _refresh(self) -> None:
        try:
            state = await self._service.load(self.code)
        except RuleError:
            return
        self._deliver(state)

    def _deliver(self, state: RoomState) -> None:
        """Hand `state` to every socket, unless a newer one went out already (a state saved
        here may overtake a load); a change of presence alone may wait its turn."""
        if self.latest is not None and state.version <= self.latest.version:
            return
        wait_s = self._last_fanout + PRESENCE_PACE_S - time.monotonic()
        if wait_s > 0 and self.latest is not None and _presence_only(self.latest, state):
            self._hold(state, wait_s)
            return
        self._fan_out(state)

    def _hold(self, state: RoomState, wait_s: float) -> None:
        if self._held is None or state.version > self._held.version:
            self._held = state
        if self._held_timer is None:
            loop = asyncio.get_running_loop()
            self._held_timer = loop.call_later(wait_s, self._release_held)

    def _release_held(self) -> None:
        self._held_timer = None
        held, self._held = self._held, None
        if held is not None and (self.latest is None or held.version > self.latest.version):
            self._fan_out(held)

    def _fan_out(self, state: RoomState) -> None:
        if self._held is not None and self._held.version <= state.version:
            self._held = None  # what it held goes out with this newer state
        self.latest = state
        started = self._last_fanout = time.monotonic()
        for mailbox in self.mailboxes:
            mailbox.put(state)
        for mailbox in self.later:
            mailbox.put(state)
        if self._on_fanout is not None:
            self._on_fanout(time.monotonic() - started)

    async def _tick(self) -> None:
        with suppress(RuleError):
            await self._service.tick(self.code)
        await self._refresh()

    def _seconds_to_deadline(self) -> float | None:
        deadline_ms = self.latest.deadline_ms if self.latest else None
        if deadline_ms is None:
            return None
        return max(0.0, (deadline_ms - self._service.clock_ms()) / 1000) + DEADLINE_SLACK_S


def _presence_only(before: RoomState, after: RoomState) -> bool:
    """Whether `after` differs from `before` only in who is in the room and connected."""
    old, new = before.__dict__, after.__dict__
    if any(old[name] != new[name] for name in _GAME_FIELDS):
        return False
    return all(value == old[name] for name, value in new.items() if name not in _PRESENCE_FIELDS)


class RoomHub:
    def __init__(
        self, service: RoomService, on_fanout: Callable[[float], None] | None = None
    ) -> None:
        """`on_fanout` is told how long each room's fan-out took, in seconds."""
        self._service = service
        self._on_fanout = on_fanout
        self._watchers: dict[str, _RoomWatcher] = {}
        service.on_saved(self._saved)

    def _saved(self, state: RoomState) -> None:
        watcher = self._watchers.get(state.code)
        if watcher is not None:
            watcher.saved(state)

    @asynccontextmanager
    async def watch(
        self, code: str, send_now: SendNow | None = None, last: bool = False
    ) -> AsyncIterator[Mailbox]:
        """A mailbox that receives every new state of the room while the block runs;
        `last`: after the room's other mailboxes (for the host's console and the projector,
        whose snapshots take longest to build, so that phones are not kept waiting)."""
        watcher = self._watchers.get(code) or self._start(code)
        mailbox = Mailbox(send_now)
        watcher.add(mailbox, last)
        try:
            yield mailbox
        finally:
            watcher.mailboxes.discard(mailbox)
            watcher.later.discard(mailbox)
            if not watcher.mailboxes and not watcher.later:
                del self._watchers[code]
                watcher.task.cancel()

    def latest_states(self) -> list[RoomState]:
        """The newest state of every room this process watches."""
        return [w.latest for w in self._watchers.values() if w.latest is not None]

    def is_watching(self, code: str) -> bool:
        return code in self._watchers

    @property
    def rooms_watched(self) -> int:
        return len(self._watchers)

    def _start(self, code: str) -> _RoomWatcher:
        watcher = _RoomWatcher(code, self._service, self._on_fanout)
        self._watchers[code] = watcher
        return watcher

    async def close(self) -> None:
        for watcher in self._watchers.values():
            watcher.task.cancel()
        self._watchers.clear()
