"""Coming back: a rejoin resumes the same player; a newer socket replaces an older one."""

import asyncio

import pytest
from websockets.exceptions import ConnectionClosed

from tests.support.client import GameClient, votable
from tests.support.rooms import open_as_host, open_room, seat_players
from tests.support.server import RunningServer


async def _closed_with(client: GameClient) -> int:
    with pytest.raises(ConnectionClosed) as closed:
        async with asyncio.timeout(5):
            while True:
                await client.connection.recv()
    assert closed.value.rcvd is not None
    return closed.value.rcvd.code


async def test_rejoin_mid_round_keeps_score_reply_and_vote(server: RunningServer) -> None:
    room = open_room(server)
    url = server.ws_url(room["code"])
    host = await open_as_host(server, room)
    ana, ben, cy = await seat_players(server, room["code"], ["Ana", "Ben", "Cy"])
    await host.request(type="start")
    await ana.phase("briefing")
    await ana.request(type="opening", text="The heater broke again.")
    await ben.phase("replying")
    await ben.request(type="reply", text="I'll send an engineer today.")
    await ben.close()
    await host.until(lambda s: any(p["id"] == "p2" and not p["connected"] for p in s["players"]))

    ben = await GameClient.open(url, type="rejoin", token=ben.welcome["token"])
    assert ben.player_id == "p2"
    state = await ben.until(lambda s: s["you"]["reply"] is not None)
    assert state["you"]["reply"] == "I'll send an engineer today."
    assert next(p for p in state["players"] if p["id"] == "p2")["connected"]

    await cy.request(type="reply", text="Could you describe the noise?")
    voting = await ben.phase("voting")
    choice = votable(voting)[0]
    assert (await ben.request(type="vote", reply_id=choice))["type"] == "ack"
    newer = await GameClient.open(url, type="rejoin", token=ben.welcome["token"])
    assert await _closed_with(ben) == 4001
    state = await newer.until(lambda s: s["you"]["vote"] is not None)
    assert state["you"]["vote"] == {"reply_id": choice, "skill": None}
    own = next(r for r in state["replies"] if r["id"] == state["you"]["reply_id"])
    assert own["text"] == state["you"]["reply"] == "I'll send an engineer today."

    await ana.request(
        type="vote",
        reply_id=next(r["id"] for r in voting["replies"] if r["text"].startswith("I'll")),
    )
    await cy.request(
        type="vote",
        reply_id=next(r["id"] for r in voting["replies"] if r["text"].startswith("I'll")),
    )
    reveal = await newer.phase("reveal")
    score = next(p["score"] for p in reveal["players"] if p["id"] == "p2")
    assert score == 100 + 100 + 300
    again = await GameClient.open(url, type="rejoin", token=newer.welcome["token"])
    state = await again.until(lambda s: s["you"]["score"] is not None)
    assert state["you"]["score"] == score and state["you"]["rank"] == 1


async def test_kicked_player_is_closed_and_cannot_rejoin(server: RunningServer) -> None:
    room = open_room(server)
    url = server.ws_url(room["code"])
    host = await open_as_host(server, room)
    (ana,) = await seat_players(server, room["code"], ["Ana"])
    await host.until(lambda s: len(s["players"]) == 1)
    assert (await host.request(type="kick", player_id=ana.player_id))["type"] == "ack"
    assert await _closed_with(ana) == 4003
    stranger = await GameClient.unseated(url)
    await stranger.refused("bad_token", type="rejoin", token=ana.welcome["token"])
    assert (await GameClient.open(url, type="join", name="Ana")).player_id == "p2"
