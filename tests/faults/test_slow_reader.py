"""A client that stops reading holds up nobody, and is dropped once it falls far behind."""

import asyncio
import json
import os
import socket
import time
from pathlib import Path

from tests.support.client import GameClient
from tests.support.rooms import open_as_host, open_room, seat_players
from tests.support.server import running_server

SEND_TIMEOUT_S = 2
# Enough bytes to the stalled console (~4.5 KB each) to outgrow what the kernel buffers.
CHANGES = 150


def _masked_text_frame(text: str) -> bytes:
    payload = text.encode()
    assert len(payload) < 126
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bytes([0x81, 0x80 | len(payload)]) + mask + masked


def _stalled_client(port: int, code: str, hello: dict[str, str]) -> socket.socket:
    """A raw WebSocket client with a tiny receive buffer that says hello and never reads."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    sock.sendall(
        f"GET /ws/rooms/{code} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    response = b""
    while b"\r\n\r\n" not in response:
        response += sock.recv(1)
    assert response.startswith(b"HTTP/1.1 101"), response
    sock.sendall(_masked_text_frame(json.dumps(hello)))
    return sock


def _closed_by_server(sock: socket.socket, within_s: float) -> bool:
    """Drain what was buffered; True once the server has closed the connection."""
    sock.settimeout(0.5)
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            if sock.recv(65536) == b"":
                return True
        except TimeoutError:
            continue
        except ConnectionResetError:
            return True
    return False


async def _extend_many_times(host: GameClient, times: int) -> None:
    for _ in range(times):
        assert (await host.request(type="extend", seconds=1))["type"] == "ack"
        await asyncio.sleep(0.11)  # under the 10-a-second message limit


async def test_a_stalled_reader_slows_nobody_and_is_dropped(tmp_path: Path) -> None:
    with running_server(tmp_path, COUNTERPLAY_SEND_TIMEOUT_S=str(SEND_TIMEOUT_S)) as server:
        room = open_room(server, max_players=40)
        hosts = [await open_as_host(server, room) for _ in range(3)]
        players = await seat_players(
            server, room["code"], [f"Awake player number {n:02}" for n in range(35)]
        )
        # A console gets the full roster, the biggest snapshots there are.
        sleepy = _stalled_client(
            server.port, room["code"], {"type": "host", "token": room["host_token"]}
        )
        await hosts[0].until(lambda s: len(s["players"]) == 35)
        await hosts[0].request(type="start")
        calm = players[1]
        first_deadline = (await calm.phase("briefing"))["deadline"]
        await asyncio.gather(*(_extend_many_times(h, CHANGES // 3) for h in hosts))
        assert (await calm.request(type="reply", text="early"))["code"] == "wrong_phase"
        state = await calm.until(lambda s: s["deadline"] == first_deadline + CHANGES * 1000)
        assert state["phase"] == "briefing"
        await asyncio.sleep(SEND_TIMEOUT_S + 1)  # its buffers are full by now: give up on it
        assert await asyncio.to_thread(_closed_by_server, sleepy, 5)
        sleepy.close()
