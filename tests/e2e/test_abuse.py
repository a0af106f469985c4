"""Abuse refused: foreign origins, floods, code guessing; and what the logs never say."""

import asyncio
import json
import re
import signal
import time
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.support.client import GameClient
from tests.support.rooms import open_as_host, open_room, seat_players
from tests.support.server import RunningServer, running_server


@pytest.fixture
def fresh_server(tmp_path: Path, redis_url: str):  # type: ignore[no-untyped-def]
    """Its own process: limits are per process and per address."""
    with running_server(tmp_path, redis_url) as server:
        yield server


async def test_foreign_browser_origins_are_refused(fresh_server: RunningServer) -> None:
    room = open_room(fresh_server)
    url = fresh_server.ws_url(room["code"])
    with pytest.raises(InvalidStatus) as refused:
        await connect(url, origin="https://evil.example")  # type: ignore[arg-type]
    assert refused.value.response.status_code == 403
    same_origin = await _join_with_origin(url, f"http://127.0.0.1:{fresh_server.port}")
    no_origin = await GameClient.open(url, type="join", name="Script")
    assert same_origin.player_id and no_origin.player_id


async def _join_with_origin(url: str, origin: str) -> GameClient:
    connection = await connect(url, origin=origin, compression=None)  # type: ignore[arg-type]
    client = GameClient(connection, {})
    client.welcome = await client.request(type="join", name="Same origin")
    return client


async def test_a_flood_is_rate_limited_then_closed_while_others_play_on(
    fresh_server: RunningServer,
) -> None:
    room = open_room(fresh_server)
    flooder, calm = await seat_players(fresh_server, room["code"], ["Flood", "Calm"])
    for n in range(30):
        await flooder.send(type="reply", text=f"spam {n}", ref=f"f{n}")
    answers = [
        await flooder.next_message(lambda m: m.get("ref", "").startswith("f")) for _ in range(30)
    ]
    codes = [a.get("code") for a in answers]
    assert codes.count("rate_limited") >= 5 and codes[0] == "wrong_phase"
    started = time.perf_counter()
    assert (await calm.request(type="reply", text="hello"))["code"] == "wrong_phase"
    assert time.perf_counter() - started < 1.0
    with pytest.raises(ConnectionClosed) as closed:
        async with asyncio.timeout(10):
            for n in range(200):
                await flooder.send(type="reply", text=f"more {n}")
            while True:
                await flooder.connection.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
    assert (await calm.request(type="reply", text="still here"))["code"] == "wrong_phase"


async def test_guessing_codes_is_limited_by_address_but_real_joins_are_not(
    fresh_server: RunningServer,
) -> None:
    room = open_room(fresh_server, max_players=200)
    players = await seat_players(fresh_server, room["code"], [f"P{n}" for n in range(60)])
    assert len(players) == 60
    guesser = await GameClient.unseated(fresh_server.ws_url("ABCDEF"))
    codes = [(await guesser.request(type="join", name="Guess"))["code"] for _ in range(35)]
    assert codes[0] == "room_not_found" and codes[-1] == "rate_limited"
    async with httpx.AsyncClient(base_url=fresh_server.http_url) as http:
        assert (await http.get("/api/rooms/ZZZZZZ")).status_code == 429


async def test_sigterm_closes_sockets_with_1012(tmp_path: Path) -> None:
    with running_server(tmp_path) as server:
        room = open_room(server)
        (ana,) = await seat_players(server, room["code"], ["Ana"])
        server.process.send_signal(signal.SIGTERM)
        with pytest.raises(ConnectionClosed) as closed:
            async with asyncio.timeout(10):
                while True:
                    await ana.connection.recv()
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1012


async def test_logs_are_json_lines_without_tokens_or_replies(tmp_path: Path) -> None:
    with running_server(tmp_path) as server:
        room = open_room(server)
        host = await open_as_host(server, room)
        players = await seat_players(server, room["code"], ["Ana", "Ben", "Cy"])
        await host.request(type="start")
        await players[0].phase("briefing")
        secret_texts = ["Opening secret 7f3a", "Reply secret 91bc", "Reply secret 22de"]
        await players[0].request(type="opening", text=secret_texts[0])
        await players[1].phase("replying")
        await players[1].request(type="reply", text=secret_texts[1])
        await players[2].request(type="reply", text=secret_texts[2])
        await players[1].phase("voting")
        async with httpx.AsyncClient() as http:
            metrics = (await http.get(f"{server.http_url}/metrics")).text
        for client in (host, *players):
            await client.close()
        await asyncio.sleep(0.3)
        log = server.log()
    secrets = [room["host_token"], *(p.welcome["token"] for p in players), *secret_texts]
    assert [s for s in secrets if s in log] == []
    lines = [json.loads(line) for line in log.splitlines() if line.strip()]
    assert any(line.get("room") == room["code"] and line.get("player") for line in lines)
    for name in (
        "counterplay_sockets_open",
        "counterplay_messages_in_total",
        "counterplay_snapshot_seconds_count",
        "counterplay_store_errors_total",
        "counterplay_rooms_watched",
    ):
        assert name in metrics
    sent = re.search(r"^counterplay_messages_out_total (\S+)$", metrics, re.MULTILINE)
    assert sent is not None and float(sent.group(1)) > 0
