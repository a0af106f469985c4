"""Bot players: one worker process holds thousands of them, steered by JSON lines on stdin.

Run as `python -m bench.bots --max-seconds S`; `bench.swarm` starts and drives it. Each bot is
a real WebSocket client playing the protocol over its own TCP connection: websockets' opening
handshake, then a lean frame reader (`bench/wire.py`). Bots read every frame as bytes and only peek
at a snapshot's head and tail (phase, deadline, progress) instead of parsing it, so one process
keeps up with what the server sends; a player's `you` message, sent before the snapshot of
the change that altered it, is kept as bytes and counted with that snapshot's size. Times are
`time.monotonic_ns()` (CLOCK_MONOTONIC), which every process on the machine shares, so the
driver can compare them with its own.

Commands (one JSON object per line; each answered by one JSON line, in order):
  join     {room, seats, concurrency, open_timeout}  seat new bots: seats = [[url, name], ...]
  expect   {room, want}            watch for the first snapshot matching `want` at every bot
  collect  {timeout}               wait for that, then report when the last bot had it
  send     {room, player_id, message}  send from one bot, wait for its ack or error
  vote     {room, ballot, start_ns, window_s, timeout}  every bot of the room votes once
  alive    {room}                  bots of the room whose socket is still open
  quit     {}                      close every socket and exit
"""

import argparse
import asyncio
import contextlib
import json
import logging
import os
import re
import resource
import sys
import time
from collections import Counter
from typing import Any

from websockets.exceptions import WebSocketException

from bench.wire import Wire, WireClosed

Json = dict[str, Any]

_PHASE = re.compile(rb'"phase":"([a-z]+)"')
_DEADLINE = re.compile(rb'"deadline":(null|\d+)')
_SEQ = re.compile(rb'"seq":(\d+)')
_PROGRESS = re.compile(rb'"progress":\{"replied":\[([^\]]*)\],"voted":\[([^\]]*)\]')
# Big rooms send players counts and empty id lists.
_COUNTS = re.compile(rb'"replied_count":(\d+),"voted_count":(\d+)')
_HEAD_BYTES = 400
SNAPSHOT_PREFIX = b'{"type":"snapshot"'
YOU_PREFIX = b'{"type":"you"'


def raise_fd_limit() -> int:
    """Allow as many open sockets as the hard limit permits; returns the new soft limit."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def _count_ids(ids: bytes) -> int:
    return ids.count(b",") + 1 if ids.strip() else 0


def signature(raw: bytes) -> Json:
    """What the driver can wait for, read from a snapshot without parsing all of it."""
    head = raw[:_HEAD_BYTES]
    sig: Json = {}
    if found := _PHASE.search(head) or _PHASE.search(raw):
        sig["phase"] = found.group(1).decode()
    if found := _SEQ.search(head):
        sig["seq"] = int(found.group(1))
    found = _DEADLINE.search(head) or _DEADLINE.search(raw)
    if found and found.group(1) != b"null":
        sig["deadline"] = int(found.group(1))
    at = raw.rfind(b'"progress":')
    if at >= 0 and (found := _PROGRESS.match(raw, at)):
        sig["replied"], sig["voted"] = _count_ids(found.group(1)), _count_ids(found.group(2))
        if counts := _COUNTS.match(raw, found.end() + 1):
            sig["replied"], sig["voted"] = int(counts.group(1)), int(counts.group(2))
    return sig


def matches(sig: Json, want: Json) -> bool:
    """`want` keys: phase, deadline_gt, seq_ge, replied_ge, voted_ge (all must hold)."""
    for key, value in want.items():
        if key == "phase":
            if sig.get("phase") != value:
                return False
            continue
        field, op = key.rsplit("_", 1)
        have = sig.get(field)
        if have is None or (have <= value if op == "gt" else have < value):
            return False
    return True


class Expectation:
    """The first matching snapshot at each bot of a room, and when it arrived."""

    def __init__(self, bots: list["Bot"], want: Json) -> None:
        self.want = want
        self.waiting = {bot for bot in bots if bot.open}
        self.armed = len(self.waiting)
        self.times: list[int] = []
        self.sizes: list[int] = []
        self.lost = 0
        self.done = asyncio.Event()
        self._check_done()

    def offer(self, bot: "Bot", at_ns: int, size: int, sig: Json) -> None:
        if bot in self.waiting and matches(sig, self.want):
            self.waiting.discard(bot)
            self.times.append(at_ns)
            self.sizes.append(size)
            self._check_done()

    def drop(self, bot: "Bot") -> None:
        if bot in self.waiting:
            self.waiting.discard(bot)
            self.lost += 1
            self._check_done()

    def _check_done(self) -> None:
        if not self.waiting:
            self.done.set()

    def report(self) -> Json:
        return {
            "armed": self.armed,
            "matched": len(self.times),
            "lost": self.lost,
            "missing": len(self.waiting),
            "first_ns": min(self.times, default=None),
            "last_ns": max(self.times, default=None),
            "size_min": min(self.sizes, default=None),
            "size_max": max(self.sizes, default=None),
            "size_mean": sum(self.sizes) / len(self.sizes) if self.sizes else None,
        }


class Bot:
    """One player socket. Its wire hands over each message; refs resolve the matching ack
    or error."""

    def __init__(self, swarm: "Swarm", name: str) -> None:
        self.swarm = swarm
        self.name = name
        self.wire: Wire | None = None
        self.player_id: str | None = None
        self.latest: bytes | None = None  # the newest snapshot, parsed only to vote
        self.you: bytes | None = None  # the newest `you` message, parsed only to vote
        self._you_bytes = 0  # of `you` messages since the last snapshot: the same change
        self.replies: dict[str, asyncio.Future[Json]] = {}
        self._refs = 0

    @property
    def open(self) -> bool:
        return self.wire is not None and not self.wire.closed

    async def join(self, url: str, open_timeout: float) -> Json:
        """Connect and send `join`; the answer (welcome or error) with its arrival time."""
        self.wire = await Wire.connect(url, self._on_frame, self._on_closed, open_timeout)
        return await self.request({"type": "join", "name": self.name}, wait_s=open_timeout)

    async def request(self, message: Json, wait_s: float) -> Json:
        """Send with a fresh ref; the matching reply with `sent_ns` and `at_ns` added."""
        self._refs += 1
        ref = f"b{self._refs}"
        future: asyncio.Future[Json] = asyncio.get_running_loop().create_future()
        self.replies[ref] = future
        assert self.wire is not None
        sent_ns = time.monotonic_ns()
        try:
            self.wire.send(json.dumps({**message, "ref": ref}))
            async with asyncio.timeout(wait_s):
                reply = await future
        except TimeoutError:
            reply = {"type": "timeout", "at_ns": None}
        except WireClosed:
            reply = {"type": "closed", "at_ns": None}
        finally:
            self.replies.pop(ref, None)
        return {**reply, "sent_ns": sent_ns}

    def _on_frame(self, raw: bytes) -> None:
        at_ns = time.monotonic_ns()
        if raw.startswith(SNAPSHOT_PREFIX):
            self._on_snapshot(raw, at_ns)
        elif raw.startswith(YOU_PREFIX):
            self.you = raw
            self._you_bytes += len(raw)
        else:
            self._on_message(json.loads(raw), at_ns)

    def _on_closed(self, code: int | None) -> None:
        if self.wire is None or not self.wire.closed_here:
            self.swarm.close_codes["no close frame" if code is None else str(code)] += 1
        for future in self.replies.values():
            if not future.done():
                future.set_result({"type": "closed", "at_ns": None})
        if self.swarm.expectation is not None:
            self.swarm.expectation.drop(self)

    def _on_snapshot(self, raw: bytes, at_ns: int) -> None:
        """A change's snapshot; its size includes the `you` message sent just before it."""
        self.latest, size, self._you_bytes = raw, len(raw) + self._you_bytes, 0
        if self.swarm.expectation is not None:
            self.swarm.expectation.offer(self, at_ns, size, signature(raw))

    def _on_message(self, message: Json, at_ns: int) -> None:
        future = self.replies.get(message.get("ref") or "")
        if future is not None and not future.done():
            future.set_result({**message, "at_ns": at_ns})
        elif message.get("type") == "error":
            self.swarm.stray_errors[message.get("code", "?")] += 1

    def choose_vote(self, ballot: list[str], position: int) -> str:
        """A reply on the ballot this player is shown that is not their own."""
        if self.latest is not None and self.you is not None:
            state, you = json.loads(self.latest)["state"], json.loads(self.you)["you"]
            shown = you["ballot"] if you["ballot"] is not None else state["replies"]
            ballot = [r["id"] for r in shown if r["id"] != you["reply_id"]] or ballot
        return ballot[position % len(ballot)]

    def close(self) -> None:
        if self.wire is not None:
            self.wire.close()


class Swarm:
    def __init__(self) -> None:
        self.rooms: dict[str, list[Bot]] = {}
        self.expectation: Expectation | None = None
        self.close_codes: Counter[str] = Counter()
        self.stray_errors: Counter[str] = Counter()

    def seated(self, room: str) -> list[Bot]:
        return [bot for bot in self.rooms.get(room, []) if bot.player_id is not None]

    async def join(self, args: Json) -> Json:
        """Seat bots (each by its own URL), at most `concurrency` handshakes at once."""
        gate = asyncio.Semaphore(args.get("concurrency") or len(args["seats"]) or 1)
        open_timeout = float(args.get("open_timeout", 30))
        started_ns = time.monotonic_ns()

        async def seat(url: str, name: str) -> Json:
            bot = Bot(self, name)
            async with gate:
                try:
                    answer = await bot.join(url, open_timeout)
                except (OSError, TimeoutError, WebSocketException) as error:
                    return {"type": "connect_failed", "why": type(error).__name__}
            if answer.get("type") == "welcome":
                bot.player_id = answer["player_id"]
                self.rooms.setdefault(args["room"], []).append(bot)
            else:
                bot.close()
            return answer

        answers = await asyncio.gather(*(seat(url, name) for url, name in args["seats"]))
        welcomed = [a for a in answers if a.get("type") == "welcome"]
        failures = Counter(a.get("code") or a.get("why") or a["type"] for a in answers)
        failures.pop("welcome", None)
        return {
            "started_ns": started_ns,
            "welcomed": len(welcomed),
            "failed": sum(failures.values()),
            "failures": dict(failures),
            "last_ns": max((a["at_ns"] for a in welcomed), default=None),
            "seated": [a["player_id"] for a in welcomed],
        }

    def expect(self, args: Json) -> Json:
        self.expectation = Expectation(self.seated(args["room"]), args["want"])
        return {"armed": self.expectation.armed}

    async def collect(self, args: Json) -> Json:
        expectation = self.expectation
        if expectation is None:
            return {"armed": 0, "matched": 0, "lost": 0, "missing": 0}
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(float(args.get("timeout", 30))):
                await expectation.done.wait()
        self.expectation = None
        return expectation.report()

    async def send(self, args: Json) -> Json:
        bot = next(b for b in self.seated(args["room"]) if b.player_id == args["player_id"])
        return await bot.request(args["message"], wait_s=float(args.get("timeout", 30)))

    async def vote(self, args: Json) -> Json:
        """Each bot votes once, the room's bots spread evenly over the window from start_ns."""
        bots = self.seated(args["room"])
        start_ns, window_ns = int(args["start_ns"]), int(float(args["window_s"]) * 1e9)
        timeout = float(args.get("timeout", 60))

        async def cast(position: int, bot: Bot) -> tuple[str, Json]:
            send_at = start_ns + window_ns * position // max(1, len(bots))
            await asyncio.sleep(max(0.0, (send_at - time.monotonic_ns()) / 1e9))
            choice = bot.choose_vote(args["ballot"], position)
            message = {"type": "vote", "reply_id": choice}
            return choice, await bot.request(message, wait_s=timeout)

        results = await asyncio.gather(*(cast(i, bot) for i, bot in enumerate(bots)))
        acked = [(choice, r) for choice, r in results if r.get("type") == "ack"]
        outcomes = Counter(r.get("code") or r["type"] for _, r in results)
        return {
            "sent": len(results),
            "acked": len(acked),
            "outcomes": dict(outcomes),
            "first_sent_ns": min((r["sent_ns"] for _, r in results), default=None),
            "last_sent_ns": max((r["sent_ns"] for _, r in results), default=None),
            "last_ack_ns": max((r["at_ns"] for _, r in acked), default=None),
            "ack_ms": [(r["at_ns"] - r["sent_ns"]) / 1e6 for _, r in acked],
            "acked_by_reply": dict(Counter(choice for choice, _ in acked)),
        }

    def alive(self, args: Json) -> Json:
        return {"open": sum(1 for bot in self.seated(args["room"]) if bot.open)}

    async def close_all(self) -> None:
        """Close every socket, and give the close frames a moment to leave."""
        for room in self.rooms.values():
            for bot in room:
                bot.close()
        await asyncio.sleep(0.1)

    def status(self) -> Json:
        return {"close_codes": dict(self.close_codes), "stray_errors": dict(self.stray_errors)}


async def _handle(swarm: Swarm, command: Json) -> Json:
    op = command.pop("op")
    if op == "join":
        return await swarm.join(command)
    if op == "expect":
        return swarm.expect(command)
    if op == "collect":
        return await swarm.collect(command)
    if op == "send":
        return await swarm.send(command)
    if op == "vote":
        return await swarm.vote(command)
    if op == "alive":
        return swarm.alive(command)
    if op == "status":
        return swarm.status()
    raise ValueError(f"unknown op {op!r}")


async def serve_commands() -> None:
    """Answer commands from stdin until `quit` or end of input, then close every socket."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 24)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    swarm = Swarm()
    try:
        while line := await reader.readline():
            command = json.loads(line)
            if command.get("op") == "quit":
                break
            try:
                answer = await _handle(swarm, command)
            except Exception as error:
                answer = {"error": f"{type(error).__name__}: {error}"}
            sys.stdout.buffer.write(json.dumps(answer).encode() + b"\n")
            sys.stdout.buffer.flush()
    finally:
        await swarm.close_all()


def _exit_after(seconds: float) -> None:
    """However the driver behaves, this process ends after `seconds`."""
    asyncio.get_running_loop().call_later(seconds, os._exit, 3)


async def _main(max_seconds: float) -> None:
    _exit_after(max_seconds)
    await serve_commands()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-seconds", type=float, default=1800)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    raise_fd_limit()
    try:
        import uvloop
    except ImportError:
        asyncio.run(_main(args.max_seconds))
    else:
        uvloop.run(_main(args.max_seconds))


if __name__ == "__main__":
    main()
