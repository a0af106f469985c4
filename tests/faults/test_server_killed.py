"""kill -9 of one of two server processes behind nginx while players reply."""

import asyncio
import os
import signal
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.support.client import GameClient
from tests.support.nginx import nginx_available, running_nginx
from tests.support.server import running_server

AGENTS = 12
REPLYING_S = 8


async def _open_until_welcomed(url: str, **hello: str) -> GameClient:
    """Connect through nginx, retrying while it still tries the dead upstream."""
    for _ in range(50):
        try:
            return await GameClient.open(url, **hello)
        except (OSError, ConnectionClosed, InvalidStatus, AssertionError):
            await asyncio.sleep(0.1)
    raise AssertionError("never welcomed through nginx")


async def _reply_until_acked(client: GameClient, url: str, text: str) -> GameClient:
    """Send the reply; if the socket dies first, rejoin elsewhere and send it again."""
    while True:
        try:
            answer = await client.request(type="reply", text=text)
            assert answer["type"] == "ack", answer
            return client
        except ConnectionClosed:
            client = await _open_until_welcomed(url, type="rejoin", token=client.welcome["token"])


@pytest.fixture
def nginx_or_fail() -> None:
    if not nginx_available():
        message = "nginx is not installed (apt-get install nginx-light)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.usefixtures("nginx_or_fail")
async def test_killing_one_server_loses_no_acknowledged_reply(
    tmp_path: Path, redis_url: str
) -> None:
    with (
        running_server(tmp_path, redis_url) as first,
        running_server(tmp_path, redis_url) as second,
        running_nginx(tmp_path, [first.port, second.port]) as port,
    ):
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base) as http:
            settings = {"max_players": 50, "timers": {"replying": REPLYING_S, "voting": 60}}
            room = (await http.post("/api/rooms", json=settings)).json()
        url = f"ws://127.0.0.1:{port}/ws/rooms/{room['code']}"
        host = await _open_until_welcomed(url, type="host", token=room["host_token"])
        players = [
            await _open_until_welcomed(url, type="join", name=f"P{n}") for n in range(AGENTS + 1)
        ]
        await host.request(type="start")
        await players[0].phase("briefing")
        await players[0].request(type="opening", text="My train ticket was charged twice.")
        agents = players[1:]
        await asyncio.gather(*(a.phase("replying") for a in agents))

        texts = {a.player_id: f"Refund on its way ({a.player_id})" for a in agents}
        early = await asyncio.gather(
            *(_reply_until_acked(a, url, texts[a.player_id]) for a in agents[:4])
        )
        os.kill(first.process.pid, signal.SIGKILL)
        late = await asyncio.gather(
            *(_reply_until_acked(a, url, texts[a.player_id]) for a in agents[4:-1])
        )
        acked = {c.player_id: texts[c.player_id] for c in [*early, *late]}
        moved = sum(after is not before for after, before in zip(late, agents[4:-1], strict=True))
        assert moved >= 1, "some players must have been on the killed process"

        watcher = await _open_until_welcomed(url, type="host", token=room["host_token"])
        replying = await watcher.phase("replying")
        voting = await watcher.phase("voting")
        on_ballot = [r["text"] for r in voting["replies"]]
        assert sorted(on_ballot) == sorted(acked.values()), "lost or doubled replies"
        assert voting["server_time"] >= replying["deadline"], "ended at its deadline"
