"""Opening rooms and seating players over the real HTTP API and WebSockets."""

from typing import Any

import httpx

from .client import GameClient
from .server import RunningServer

QUICK_TIMERS = {"briefing": 30, "replying": 30, "voting": 30, "reveal": 1, "scoreboard": 1}


def open_room(server: RunningServer, **settings: Any) -> dict[str, Any]:
    body = {"timers": QUICK_TIMERS, **settings}
    response = httpx.post(f"{server.http_url}/api/rooms", json=body, timeout=10)
    assert response.status_code == 201, response.text
    room: dict[str, Any] = response.json()
    return room


async def seat_players(server: RunningServer, code: str, names: list[str]) -> list[GameClient]:
    return [await GameClient.open(server.ws_url(code), type="join", name=n) for n in names]


async def open_as_host(server: RunningServer, room: dict[str, Any]) -> GameClient:
    return await GameClient.open(server.ws_url(room["code"]), type="host", token=room["host_token"])
