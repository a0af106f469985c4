"""Redis restarted mid-round: sockets stay open, writes are refused then retried, none lost."""

import asyncio
from pathlib import Path

import httpx

from tests.support.client import GameClient
from tests.support.redis_server import start_redis_server
from tests.support.rooms import open_as_host, open_room, seat_players
from tests.support.server import running_server


async def test_a_redis_restart_loses_no_acknowledged_write(tmp_path: Path) -> None:
    data = tmp_path / "redis-data"
    data.mkdir()
    with start_redis_server(data, appendonly=True) as redis_before:
        port = redis_before.port
        with running_server(tmp_path, redis_before.url) as server:
            room = open_room(server)
            host = await open_as_host(server, room)
            ana, ben, cy, dee = await seat_players(
                server, room["code"], ["Ana", "Ben", "Cy", "Dee"]
            )
            await host.request(type="start")
            await ana.phase("briefing")
            await ana.request(type="opening", text="The heating is off again.")
            await ben.phase("replying")
            assert (await ben.request(type="reply", text="Engineer booked for 9."))["type"] == "ack"

            redis_before.process.terminate()
            redis_before.process.wait(timeout=10)
            refused = await cy.request(type="reply", text="Sorry, let me check.")
            assert refused == {**refused, "type": "error", "code": "store_unavailable"}
            async with httpx.AsyncClient(base_url=server.http_url) as http:
                assert (await http.get("/readyz")).status_code == 503

            with start_redis_server(data, appendonly=True, port=port):
                async with httpx.AsyncClient(base_url=server.http_url) as http:
                    assert (await http.get("/readyz")).status_code == 200
                retried = await _retry_until_acked(cy, "Sorry, let me check.")
                assert retried["type"] == "ack"
                assert (await dee.request(type="reply", text="On it."))["type"] == "ack"
                voting = await host.phase("voting")
                assert sorted(r["text"] for r in voting["replies"]) == [
                    "Engineer booked for 9.",
                    "On it.",
                    "Sorry, let me check.",
                ]
                assert all(c.connection.state.name == "OPEN" for c in (host, ana, ben, cy, dee))


async def _retry_until_acked(client: GameClient, text: str) -> dict[str, object]:
    for _ in range(50):
        answer = await client.request(type="reply", text=text)
        if answer["type"] == "ack":
            return answer
        await asyncio.sleep(0.2)
    return answer
