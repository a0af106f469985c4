"""Phones drop without a goodbye: 20 of 50 players cut off mid-round come back whole."""

import asyncio

from tests.support.client import GameClient, votable
from tests.support.rooms import open_as_host, open_room, seat_players
from tests.support.server import RunningServer

PLAYERS = 50
DROPPED = 20


def _cut_off(clients: list[GameClient]) -> None:
    """Drop the TCP connections with no close frame, as a phone going into a tunnel does."""
    for client in clients:
        client.connection.transport.abort()


async def _rejoin(server: RunningServer, code: str, dropped: list[GameClient]) -> list[GameClient]:
    url = server.ws_url(code)
    return list(
        await asyncio.gather(
            *(
                GameClient.open(url, type="rejoin", token=client.welcome["token"])
                for client in dropped
            )
        )
    )


async def test_twenty_of_fifty_cut_off_players_rejoin_with_everything(
    redis_server: RunningServer,
) -> None:
    room = open_room(redis_server, max_players=60)
    host = await open_as_host(redis_server, room)
    players = await seat_players(redis_server, room["code"], [f"P{n:02}" for n in range(PLAYERS)])
    await host.request(type="start")
    customer, agents = players[0], players[1:]
    await customer.phase("briefing")
    await customer.request(type="opening", text="The lift is stuck again.")
    await asyncio.gather(*(a.phase("replying") for a in agents))
    acks = await asyncio.gather(
        *(a.request(type="reply", text=f"Reply from {a.player_id}") for a in agents[:-1])
    )
    assert {ack["type"] for ack in acks} == {"ack"}

    dropped = agents[:DROPPED]
    _cut_off(dropped)
    await host.until(lambda s: sum(not p["connected"] for p in s["players"]) == DROPPED)
    back = await _rejoin(redis_server, room["code"], dropped)
    states = await asyncio.gather(*(c.until(lambda s: s["you"] is not None) for c in back))
    assert [(c.player_id, s["you"]["reply"]) for c, s in zip(back, states, strict=True)] == [
        (d.player_id, f"Reply from {d.player_id}") for d in dropped
    ]
    await host.until(lambda s: all(p["connected"] for p in s["players"]))

    await host.request(type="skip")
    everyone = [customer, *back, *agents[DROPPED:]]
    votes = {}
    for player in everyone:
        choice = votable(await player.phase("voting"))[0]
        assert (await player.request(type="vote", reply_id=choice))["type"] == "ack"
        votes[player.player_id] = choice
        if len(votes) == PLAYERS - 1:
            break
    last_voter = everyone[PLAYERS - 1]
    _cut_off(back)
    again = await _rejoin(redis_server, room["code"], back)
    for client in again:
        state = await client.until(lambda s: s["you"] is not None)
        assert state["you"]["vote"]["reply_id"] == votes[client.player_id]
    reveal_choice = votable(await last_voter.phase("voting"))[0]
    await last_voter.request(type="vote", reply_id=reveal_choice)
    reveal = await host.phase("reveal")
    assert sum(r["result"]["votes"] for r in reveal["replies"]) == PLAYERS
    scores = {p["id"]: p["score"] for p in reveal["players"]}
    _cut_off(again[:5])
    for client in await _rejoin(redis_server, room["code"], again[:5]):
        state = await client.until(lambda s: s["you"] is not None)
        assert state["you"]["score"] == scores[client.player_id]
