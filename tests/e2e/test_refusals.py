"""Every refusal has a stable code, and the socket that got it carries on."""

import asyncio

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from tests.support.client import GameClient, votable
from tests.support.rooms import open_as_host, open_room, seat_players
from tests.support.server import RunningServer


async def test_hello_refusals(redis_server: RunningServer) -> None:
    room = open_room(redis_server, max_players=3)
    url = redis_server.ws_url(room["code"])
    host = await open_as_host(redis_server, room)
    ana = await GameClient.open(url, type="join", name="Ana")
    stranger = await GameClient.unseated(url)
    await stranger.refused("invalid_message", type="join")
    await stranger.refused("invalid_message", type="dance")
    await stranger.connection.send("not json at all")
    assert (await stranger.next_message(lambda m: m["type"] == "error"))[
        "code"
    ] == "invalid_message"
    await stranger.refused("not_allowed", type="reply", text="Let me in")
    await stranger.connection.send(b"\x01\x02")
    binary = await stranger.next_message(lambda m: m["type"] == "error")
    assert binary["code"] == "invalid_message" and "binary" in binary["message"]
    await stranger.refused("name_taken", type="join", name=" ANA ")
    await stranger.refused("name_invalid", type="join", name="\u200b  \u202e")
    await stranger.refused("name_invalid", type="join", name="x" * 25)
    await stranger.refused("bad_token", type="rejoin", token="forged")
    await stranger.refused("bad_token", type="host", token="forged")
    assert (await host.request(type="lock"))["type"] == "ack"
    await stranger.refused("room_locked", type="join", name="Ben")
    assert (await host.request(type="unlock"))["type"] == "ack"
    ben = await GameClient.open(url, type="join", name="Ben")
    await GameClient.open(url, type="join", name="Cy")
    await stranger.refused("room_full", type="join", name="Dee")
    missing = await GameClient.unseated(redis_server.ws_url("ZZZZZZ"))
    await missing.refused("room_not_found", type="join", name="Eve")
    weird = await GameClient.unseated(redis_server.ws_url("no-such-room!"))
    await weird.refused("room_not_found", type="join", name="Eve")
    await ana.refused("invalid_message", type="join", name="Ana again")
    assert ben.player_id and ana.player_id


async def test_refusals_during_a_round(redis_server: RunningServer) -> None:
    room = open_room(redis_server)
    host = await open_as_host(redis_server, room)
    ana, ben = await seat_players(redis_server, room["code"], ["Ana", "Ben"])
    await host.refused("not_enough_players", type="start")
    cy = (await seat_players(redis_server, room["code"], ["Cy"]))[0]
    await ana.refused("not_allowed", type="start")
    await host.refused("not_allowed", type="reply", text="The host cannot play")
    await host.refused("wrong_phase", type="skip")
    await ana.refused("wrong_phase", type="reply", text="Too early")
    assert (await host.request(type="start"))["type"] == "ack"
    await ana.phase("briefing")
    await ben.refused("not_allowed", type="opening", text="I am not the customer")
    await ana.refused("text_empty", type="opening", text="   \n ")
    await ana.refused("text_too_long", type="opening", text="y" * 501)
    assert (await ana.request(type="opening", text="I was charged twice."))["type"] == "ack"
    await ben.phase("replying")
    await ana.refused("not_allowed", type="reply", text="The customer cannot reply")
    await host.refused("unknown_player", type="kick", player_id="p99")
    assert (await ben.request(type="reply", text="Sorry! Refunding now."))["type"] == "ack"
    assert (await cy.request(type="reply", text="Let me look."))["type"] == "ack"
    voting = await ben.phase("voting")
    await ben.refused("own_reply", type="vote", reply_id=voting["you"]["reply_id"])
    await ben.refused("unknown_reply", type="vote", reply_id="r42")
    theirs = votable(voting)[0]
    await ben.refused("unknown_skill", type="vote", reply_id=theirs, skill="telepathy")
    await ben.refused("invalid_message", type="vote", reply_id=theirs, extra="field")
    assert (await ben.request(type="vote", reply_id=theirs, skill="empathy"))["type"] == "ack"
    assert (await host.request(type="end"))["type"] == "ack"
    await host.refused("game_over", type="end")
    late = await GameClient.unseated(redis_server.ws_url(room["code"]))
    await late.refused("game_over", type="join", name="Late")


async def test_oversized_frame_closes_with_1009(redis_server: RunningServer) -> None:
    room = open_room(redis_server)
    ana = await GameClient.open(redis_server.ws_url(room["code"]), type="join", name="Ana")
    await ana.send(type="reply", text="z" * 17_000)
    with pytest.raises(ConnectionClosed) as closed:
        async with asyncio.timeout(5):
            while True:
                await ana.connection.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


def test_http_refusals(redis_server: RunningServer) -> None:
    base = redis_server.http_url
    missing = httpx.get(f"{base}/api/rooms/nope")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "room_not_found"
    invalid = httpx.post(f"{base}/api/rooms", json={"timers": {"voting": 601}, "rounds": 0})
    assert invalid.status_code == 422
    fields = {p["field"] for p in invalid.json()["error"]["problems"]}
    assert fields == {"timers.voting", "rounds"}
    unknown_deck = httpx.post(f"{base}/api/rooms", json={"deck": "no-such-deck"})
    assert unknown_deck.status_code == 422 and "deck" in unknown_deck.json()["error"]["message"]
