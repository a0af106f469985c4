"""Group commit: commands for one room that arrive together are applied in one
load → decide → save cycle (the save announces the new version on the bus).

A burst of 2,000 joins or votes then costs a few dozen saves instead of 2,000, and within
this process versions never clash; only another process can win a save, and then the whole
batch is applied again to the newer state. Each command still gets its own outcome or
its own RuleError, exactly as if it had run alone in arrival order."""

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from server.engine import Outcome, RoomState, RuleError, apply_in_place
from server.engine.commands import Command
from server.engine.events import Event
from server.storage import StoreUnavailable

from .spares import Load, Spares

MAX_BATCH = 500
SAVE_ATTEMPTS = 50

Save = Callable[[RoomState, tuple[Event, ...]], Awaitable[bool]]
Saved = Callable[[RoomState], None]


@dataclass
class _Pending:
    command: Command
    done: "asyncio.Future[Outcome]" = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class CommandBatcher:
    def __init__(
        self,
        load: Load,
        save: Save,
        clock_ms: Callable[[], int],
        rng: random.Random,
        saved: Saved = lambda state: None,
    ) -> None:
        """`saved` hears of each saved state once every command of its batch has its
        outcome (so whatever it schedules runs after the commands' senders resume)."""
        self._load, self._save, self._clock_ms, self._rng = load, save, clock_ms, rng
        self._saved = saved
        self.spares = Spares(load)
        self._queues: dict[str, list[_Pending]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}

    async def execute(self, code: str, command: Command) -> Outcome:
        """Queue `command` for the room and wait for its own outcome (or RuleError)."""
        pending = _Pending(command)
        self._queues.setdefault(code, []).append(pending)
        if code not in self._workers:
            self._workers[code] = asyncio.create_task(self._drain(code))
        return await pending.done

    async def _drain(self, code: str) -> None:
        try:
            while queue := self._queues.get(code):
                batch, queue[:] = queue[:MAX_BATCH], queue[MAX_BATCH:]
                await self._run_batch(code, batch)
        finally:
            # No await since the queue was last seen empty, so nothing can be left behind.
            self._workers.pop(code, None)
            self._queues.pop(code, None)

    async def _run_batch(self, code: str, batch: list[_Pending]) -> None:
        try:
            spare = self.spares.take(code)
            if spare is not None:
                if await self._try_batch(batch, spare, loaded_now=False):
                    return
                self.spares.stale(code)
            for attempt in range(SAVE_ATTEMPTS):
                if await self._try_batch(batch, await self._load(code)):
                    return
                await asyncio.sleep(self._rng.uniform(0, min(0.05, 0.002 * (attempt + 1))))
            raise StoreUnavailable(f"room {code} stayed too busy to save")
        except (RuleError, StoreUnavailable) as error:
            for pending in batch:
                if not pending.done.done():
                    pending.done.set_exception(error)

    async def _try_batch(
        self, batch: list[_Pending], state: RoomState, loaded_now: bool = True
    ) -> bool:
        """Apply every command to `state` (a copy of the room of this batch alone) and save
        once; False if the room moved on first. A copy loaded ahead (`loaded_now` False) is
        only trusted through a save's version check: refusals alone are judged again on a
        fresh load."""
        now_ms = self._clock_ms()
        results: list[tuple[Event, ...] | RuleError] = []
        for pending in batch:
            try:
                results.append(apply_in_place(state, pending.command, now_ms))
            except RuleError as refusal:
                results.append(refusal)
        events = tuple(e for r in results if not isinstance(r, RuleError) for e in r)
        if not events and not loaded_now:
            return False
        if events:
            state.version += 1
            if not await self._save(state, events):
                return False
            self.spares.heard(state.code, state.version)
        for pending, result in zip(batch, results, strict=True):
            if isinstance(result, RuleError):
                pending.done.set_exception(result)
            else:
                pending.done.set_result(Outcome(state, result))
        if events:
            self._saved(state)
            self.spares.load_ahead(state.code)
        return True
