"""The bots' lean client against a real `websockets` server: whole messages whatever the
framing (fragments, 16- and 64-bit lengths, one byte per read), pings answered, the close
code kept, and a refused handshake raised."""

import asyncio
from collections.abc import AsyncIterator

import pytest
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import InvalidStatus
from websockets.http11 import Request, Response

from bench.wire import Wire, WireClosed

LONG = "x" * 70_000  # over 65,535 bytes: a 64-bit length


async def _answer(ws: ServerConnection) -> None:
    async for message in ws:
        if message == "fragments":
            await ws.send(["one,", "two,", "three"])
        elif message == "sizes":
            for text in ("short", "m" * 300, LONG):
                await ws.send(text)
        elif message == "ping":
            await asyncio.wait_for(await ws.ping(), 5)
            await ws.send("pong seen")
        elif message == "close":
            await ws.close(1012, "restarting")


def _refuse_forbidden(connection: ServerConnection, request: Request) -> Response | None:
    return connection.respond(403, "no\n") if request.path == "/forbidden" else None


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    async with serve(_answer, "127.0.0.1", 0, process_request=_refuse_forbidden) as running:
        yield running


def _url(server: Server, path: str = "/") -> str:
    port = next(iter(server.sockets)).getsockname()[1]
    return f"ws://127.0.0.1:{port}{path}"


class _Inbox:
    def __init__(self) -> None:
        self.messages: asyncio.Queue[bytes] = asyncio.Queue()
        self.closed: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()

    def on_message(self, payload: bytes) -> None:
        self.messages.put_nowait(payload)

    def on_closed(self, code: int | None) -> None:
        self.closed.set_result(code)

    async def next(self) -> bytes:
        return await asyncio.wait_for(self.messages.get(), 5)


async def _open(server: Server) -> tuple[Wire, _Inbox]:
    inbox = _Inbox()
    return await Wire.connect(_url(server), inbox.on_message, inbox.on_closed, 5), inbox


async def test_messages_arrive_whole_whatever_their_framing(server: Server) -> None:
    wire, inbox = await _open(server)
    wire.send("fragments")
    assert await inbox.next() == b"one,two,three"
    wire.send("sizes")
    assert [await inbox.next() for _ in range(3)] == [b"short", b"m" * 300, LONG.encode()]


async def test_frames_split_across_reads_are_put_together(server: Server) -> None:
    wire, _ = await _open(server)
    received: list[bytes] = []
    wire._on_message = received.append
    framed = b"\x81\x7e\x01\x2c" + b"m" * 300 + b"\x81\x05short"
    for at in range(len(framed)):
        wire.data_received(framed[at : at + 1])
    assert received == [b"m" * 300, b"short"]


async def test_pings_are_answered_and_the_close_code_is_kept(server: Server) -> None:
    wire, inbox = await _open(server)
    wire.send("ping")
    assert await inbox.next() == b"pong seen"
    wire.send("close")
    assert await asyncio.wait_for(inbox.closed, 5) == 1012
    with pytest.raises(WireClosed):
        wire.send("anything")


async def test_a_refused_handshake_raises(server: Server) -> None:
    inbox = _Inbox()
    with pytest.raises(InvalidStatus):
        await Wire.connect(_url(server, "/forbidden"), inbox.on_message, inbox.on_closed, 5)
