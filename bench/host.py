"""The driver's own sockets: the host of a counterplay room, or the trigger of a baseline room.
It keeps only the newest snapshot's bytes and parses them when asked, so a busy room does not
keep the driver busy."""

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

Json = dict[str, Any]
WAIT_S = 60.0

# Every timed phase as long as a room allows, so nothing ends unless the benchmark ends it.
LONG_TIMERS = {"briefing": 600, "replying": 600, "voting": 600, "reveal": 600, "scoreboard": 600}
MAX_PLAYERS = 5000


def open_room(http_url: str, max_players: int = MAX_PLAYERS) -> Json:
    """POST /api/rooms; returns the code and the host token."""
    body = {"max_players": max_players, "timers": LONG_TIMERS}
    response = httpx.post(f"{http_url}/api/rooms", json=body, timeout=30)
    response.raise_for_status()
    room: Json = response.json()
    return room


class ControlSocket:
    def __init__(self, ws: ClientConnection, welcome: Json) -> None:
        self.ws = ws
        self.welcome = welcome
        self._refs = itertools.count(1)
        self._answers: dict[str, asyncio.Future[Json]] = {}
        self._latest: bytes | None = None
        self._parsed: Json | None = None
        self._arrived = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, url: str, hello: Json) -> "ControlSocket":
        ws = await connect(
            url, compression=None, max_size=None, ping_interval=None, proxy=None, open_timeout=30
        )
        await ws.send(json.dumps({**hello, "ref": "hello"}))
        async with asyncio.timeout(WAIT_S):
            while True:
                message = json.loads(await ws.recv())
                if message.get("ref") == "hello":
                    break
        if message["type"] != "welcome":
            await ws.close()
            raise RuntimeError(f"not welcomed: {message}")
        return cls(ws, message)

    @classmethod
    async def host(cls, url: str, host_token: str) -> "ControlSocket":
        return await cls.open(url, {"type": "host", "token": host_token})

    async def _read(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                raw = await self.ws.recv(decode=False)
                if raw.startswith(b'{"type":"snapshot"'):
                    self._latest, self._parsed = bytes(raw), None
                    self._arrived.set()
                    continue
                message = json.loads(raw)
                future = self._answers.pop(message.get("ref") or "", None)
                if future is not None and not future.done():
                    future.set_result(message)

    @property
    def state(self) -> Json:
        """The newest snapshot's state (the host's view)."""
        if self._parsed is None:
            if self._latest is None:
                return {}
            self._parsed = json.loads(self._latest)["state"]
        return self._parsed

    async def until(self, condition: Callable[[Json], bool], wait_s: float = WAIT_S) -> Json:
        async with asyncio.timeout(wait_s):
            while True:
                self._arrived.clear()
                if condition(self.state):
                    return self.state
                await self._arrived.wait()

    async def send(self, message: Json) -> asyncio.Future[Json]:
        """Send with a fresh ref; the future gets the ack or error."""
        ref = f"c{next(self._refs)}"
        future: asyncio.Future[Json] = asyncio.get_running_loop().create_future()
        self._answers[ref] = future
        await self.ws.send(json.dumps({**message, "ref": ref}))
        return future

    async def command(self, message: Json, wait_s: float = WAIT_S) -> Json:
        """Send and wait for the answer; a refusal raises."""
        async with asyncio.timeout(wait_s):
            answer = await (await self.send(message))
        if answer["type"] != "ack":
            raise RuntimeError(f"{message['type']} refused: {answer}")
        return answer

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            async with asyncio.timeout(5):
                await self.ws.close()
        self._reader.cancel()


def now_ns() -> int:
    return time.monotonic_ns()
