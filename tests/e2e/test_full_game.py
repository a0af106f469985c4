"""A whole game of four players through a real server, on both stores."""

import asyncio
from collections import Counter

import httpx

from tests.support.client import GameClient, State, votable
from tests.support.rooms import open_as_host, open_room, seat_players
from tests.support.server import RunningServer


async def _play_round(number: int, host: GameClient, players: list[GameClient]) -> State:
    states = [await p.phase("briefing", number) for p in players]
    customer_id = states[0]["customer_id"]
    customer = next(p for p in players if p.player_id == customer_id)
    agents = [p for p in players if p is not customer]
    assert customer.state is not None and customer.state["scenario"]["hidden_need"]
    assert all(a.state and a.state["scenario"]["hidden_need"] is None for a in agents)
    ack = await customer.request(type="opening", text=f"Round {number}: my order is wrong.")
    assert ack["type"] == "ack", ack
    for agent in agents:
        await agent.phase("replying", number)
        ack = await agent.request(type="reply", text=f"{agent.player_id} is on it, round {number}")
        assert ack["type"] == "ack", ack
    for player in players:
        voting = await player.phase("voting", number)
        assert all(r["result"] is None and r["moderation"] is None for r in voting["replies"])
        ack = await player.request(type="vote", reply_id=votable(voting)[0], skill="empathy")
        assert ack["type"] == "ack", ack
    return await host.phase("reveal", number)


def _points_from_reveal(reveal: State, scoring: dict[str, int]) -> Counter[str]:
    points: Counter[str] = Counter()
    for reply in reveal["replies"]:
        result = reply["result"]
        points[result["author_id"]] += result["votes"] * scoring["peer_vote"]
        if result["customer_pick"]:
            points[result["author_id"]] += scoring["customer_pick"]
    return points


async def test_four_players_play_a_whole_game(server: RunningServer) -> None:
    room = open_room(server)
    host = await open_as_host(server, room)
    players = await seat_players(server, room["code"], ["Ana", "Ben", "Chloé", "Dev"])
    await host.until(lambda s: len(s["players"]) == 4)
    assert (await host.request(type="start"))["type"] == "ack"

    expected: Counter[str] = Counter()
    customers = []
    for number in range(1, 5):
        reveal = await _play_round(number, host, players)
        customers.append(reveal["customer_id"])
        assert reveal["scenario"]["hidden_need"]
        expected += _points_from_reveal(reveal, host.welcome["settings"]["scoring"])
        assert sum(r["result"]["votes"] for r in reveal["replies"]) == 4
    final = await host.phase("finished")

    assert customers == [p.player_id for p in players]
    assert {p["id"]: p["score"] for p in final["players"]} == {
        p.player_id: expected[p.player_id or ""] for p in players
    }
    async with httpx.AsyncClient(base_url=server.http_url) as http:
        board = (await http.get(f"/api/rooms/{room['code']}/leaderboard")).json()
    assert {e["player_id"]: e["score"] for e in board["entries"]} == {
        p.player_id: expected[p.player_id or ""] for p in players
    }
    assert [e["rank"] for e in board["entries"]] == sorted(e["rank"] for e in board["entries"])
    await asyncio.gather(host.close(), *(p.close() for p in players))
