"""Reports, teams, moderation and the history through a real server: a scripted game over
real WebSockets, then its report checked cell by cell in every format."""

import csv
import io
from typing import Any

import httpx
import openpyxl
import pytest
from redis import Redis

from tests.support.client import GameClient, State, votable
from tests.support.rooms import open_as_host, open_room
from tests.support.server import RunningServer, running_server

LONG = {"briefing": 600, "replying": 600, "voting": 600, "reveal": 600, "scoreboard": 600}
TEAMS = ["Table 1", "Table 2"]
PLAYERS = [("Ana", "Table 1"), ("Ben", "table 1"), ("Cy", "Table 2"), ("Dee", "Table 2")]
FORMULA = '=HYPERLINK("http://example.test","refund")'
KIND = "I am sorry, that is on us. I will send a new one today."
RUDE = "This is shit service, but I will sort it."
COLUMNS = [
    "round",
    "card_id",
    "card_title",
    "customer",
    "author",
    "reply_id",
    "text",
    "votes",
    "customer_pick",
    "skill_tags",
    "points",
    "status",
    "flagged",
]


async def _seat_team(server: RunningServer, code: str) -> dict[str, GameClient]:
    return {
        name: await GameClient.open(server.ws_url(code), type="join", name=name, team=team)
        for name, team in PLAYERS
    }


async def _scripted_game(server: RunningServer, **settings: Any) -> tuple[dict[str, Any], State]:
    """Round 1 (Ana the customer) is played and revealed: Cy's kind reply gets every vote
    but Cy's own, Cy votes for Dee's flagged reply. Round 2 (Ben the customer) ends early
    with two replies written and no ballot. Returns the room and round 1's reveal, as the
    host saw it."""
    room = open_room(
        server, timers=LONG, rounds=2, teams=TEAMS, label="Billing support", **settings
    )
    host = await open_as_host(server, room)
    players = await _seat_team(server, room["code"])
    await host.until(lambda s: s["player_count"] == 4)
    assert (await host.request(type="start"))["type"] == "ack"
    ana, ben, cy, dee = players.values()
    await ana.phase("briefing", 1)
    assert (await ana.request(type="opening", text="My order came broken."))["type"] == "ack"
    for client, text in ((ben, FORMULA), (cy, KIND), (dee, RUDE)):
        await client.phase("replying", 1)
        assert (await client.request(type="reply", text=text))["type"] == "ack"
    ballot = {r["text"]: r["id"] for r in (await host.phase("voting", 1))["replies"]}
    votes = [
        (ana, KIND, "empathy"),
        (ben, KIND, "ownership"),
        (cy, RUDE, None),
        (dee, KIND, "empathy"),
    ]
    for voter, text, skill in votes:
        await voter.phase("voting", 1)
        answer = await voter.request(type="vote", reply_id=ballot[text], skill=skill)
        assert answer["type"] == "ack", answer
    reveal = await host.phase("reveal", 1)
    assert (await host.request(type="skip"))["type"] == "ack"
    assert (await host.request(type="skip"))["type"] == "ack"
    await ben.phase("briefing", 2)
    assert (await ben.request(type="opening", text="I was charged twice."))["type"] == "ack"
    for client, text in ((ana, "Let me check both charges."), (cy, "Refund is on its way.")):
        await client.phase("replying", 2)
        assert (await client.request(type="reply", text=text))["type"] == "ack"
    assert (await host.request(type="end"))["type"] == "ack"
    await host.phase("finished")
    return room, reveal


async def _get(url: str, **options: Any) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as http:
        return await http.get(url, **options)


def _auth(room: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {room['host_token']}"}


def _expected_rows(reveal: State, round_2_card: dict[str, str]) -> list[list[str]]:
    card = reveal["scenario"]
    points = {"Ben": "0", "Cy": "600", "Dee": "100"}
    shown = {
        FORMULA: ["Ben", "'" + FORMULA, "0", "no", "", "no"],
        KIND: ["Cy", KIND, "3", "yes", "empathy:2; ownership:1", "no"],
        RUDE: ["Dee", RUDE, "1", "no", "", "yes"],
    }
    rows = []
    for reply in reveal["replies"]:
        author, text, votes, pick, tags, flagged = shown[reply["text"]]
        row = ["1", card["id"], card["title"], "Ana", author, reply["id"], text, votes, pick]
        rows.append([*row, tags, points[author], "shown", flagged])
    for author, text in (("Ana", "Let me check both charges."), ("Cy", "Refund is on its way.")):
        row = ["2", round_2_card["id"], round_2_card["title"], "Ben", author, "", text, "0"]
        rows.append([*row, "no", "", "", "shown", "no"])
    return rows


async def test_the_report_lists_every_reply_cell_by_cell_in_every_format(
    redis_server: RunningServer,
) -> None:
    room, reveal = await _scripted_game(redis_server)
    base, code = redis_server.http_url, room["code"]
    document = (await _get(f"{base}/api/rooms/{code}/report", headers=_auth(room))).json()
    round_2 = document["rounds"][1]["card"]
    expected = _expected_rows(reveal, round_2)

    response = await _get(f"{base}/api/rooms/{code}/report?format=csv", headers=_auth(room))
    assert response.status_code == 200, response.text
    assert (
        response.headers["content-disposition"] == f'attachment; filename="counterplay-{code}.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf"), "a BOM, for Excel"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == COLUMNS
    assert rows[1:] == expected

    workbook_bytes = (
        await _get(f"{base}/api/rooms/{code}/report?format=xlsx", headers=_auth(room))
    ).content
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    assert workbook.sheetnames == ["Replies", "Players", "Skills", "Teams"]
    sheet = [list(r) for r in workbook["Replies"].iter_rows(values_only=True)]
    assert [[_as_csv(v) for v in r] for r in sheet] == [COLUMNS, *_unquoted(expected)]
    formula_cell = workbook["Replies"].cell(row=2 + _row_of(expected, "Ben"), column=7)
    assert formula_cell.data_type == "s" and formula_cell.value == FORMULA

    insights = document["insights"]
    tags = {s["skill"]: s["tags"] for s in insights["skills"]}
    assert tags["empathy"] == 2 and tags["ownership"] == 1
    assert "empathy" not in insights["never_shown"] and "calm_tone" in insights["never_shown"]
    empathy = next(s for s in insights["skills"] if s["skill"] == "empathy")
    assert [b["text"] for b in empathy["best"]] == [KIND]
    assert insights["agreement"]["rounds"] == 1 and insights["agreement"]["rate"] == 1.0
    by_name = {p["name"]: p for p in insights["players"]}
    assert by_name["Cy"]["skill_tags"]["empathy"] == 2 and by_name["Cy"]["customer_picks"] == 1
    assert [t["team"] for t in insights["teams"]] == ["Table 2", "Table 1"]


def _as_csv(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _unquoted(rows: list[list[str]]) -> list[list[str]]:
    """The workbook keeps the text as typed (as a plain string cell, never a formula)."""
    return [[cell.removeprefix("'") if cell.startswith("'=") else cell for cell in r] for r in rows]


def _row_of(rows: list[list[str]], author: str) -> int:
    return next(i for i, r in enumerate(rows) if r[4] == author)


async def test_reports_need_the_host_token_and_outlive_the_room(
    redis_server: RunningServer, redis_url: str
) -> None:
    room, _ = await _scripted_game(redis_server)
    base, code = redis_server.http_url, room["code"]
    for headers in ({}, {"Authorization": "Bearer not-the-token"}):
        refused = await _get(f"{base}/api/rooms/{code}/report", headers=headers)
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "bad_token"
    assert room["host_token"] not in redis_server.log()
    ttl_s = Redis.from_url(redis_url).pttl(f"cp:{{{code}}}:state") / 1000
    assert 29 * 86400 < ttl_s <= 30 * 86400, "a finished game is kept for 30 days"


async def test_team_scores_live_in_their_own_sorted_set(
    redis_server: RunningServer, redis_url: str
) -> None:
    room, _ = await _scripted_game(redis_server, team_scoring="sum")
    code = room["code"]
    stored = dict(Redis.from_url(redis_url).zrange(f"cp:{{{code}}}:teams", 0, -1, withscores=True))
    assert stored == {b"Table 1": 0.0, b"Table 2": 700.0}
    board = (await _get(f"{redis_server.http_url}/api/rooms/{code}/leaderboard")).json()
    assert board["teams"] == [
        {"name": "Table 2", "score": 700.0, "rank": 1},
        {"name": "Table 1", "score": 0.0, "rank": 2},
    ]


async def test_hidden_leaderboards_stay_hidden_over_http_unless_the_host_asks(
    server: RunningServer,
) -> None:
    room, _ = await _scripted_game(server, leaderboard="never")
    url = f"{server.http_url}/api/rooms/{room['code']}"
    public = (await _get(f"{url}/leaderboard")).json()
    assert public["entries"] == [] and public["teams"] == []
    assert all(p["score"] is None for p in (await _get(url)).json()["players"])
    owner = (await _get(f"{url}/leaderboard", headers=_auth(room))).json()
    assert owner["entries"][0]["name"] == "Cy"


async def test_the_history_lists_finished_games_and_trends_per_skill(tmp_path: Any) -> None:
    headers = {"Authorization": "Bearer history-key"}
    with running_server(tmp_path, COUNTERPLAY_FACILITATOR_KEY="history-key") as keyed:
        for label in ("Billing support", "Returns desk"):
            room = _open_keyed(keyed, label)
            await _play_one_round(keyed, room)
        assert (await _get(f"{keyed.http_url}/api/games")).status_code == 403
        history = (await _get(f"{keyed.http_url}/api/games", headers=headers)).json()
        assert [g["label"] for g in history["games"]] == ["Returns desk", "Billing support"]
        assert history["labels"] == ["Billing support", "Returns desk"]
        empathy = next(t for t in history["trends"] if t["skill"] == "empathy")
        assert len(empathy["rates"]) == 2 and empathy["change"] is not None
        billing = (
            await _get(
                f"{keyed.http_url}/api/games", params={"label": "Billing support"}, headers=headers
            )
        ).json()
        assert [g["label"] for g in billing["games"]] == ["Billing support"]
        game = billing["games"][0]
        assert game["skill_tags"]["empathy"] == 3, "every voter tagged empathy"
        assert game["skill_rates"]["empathy"] == 1.5, "3 tags over 2 replies"
        assert game["players"] == 3 and game["rounds"] == 1


def _open_keyed(server: RunningServer, label: str) -> dict[str, Any]:
    response = httpx.post(  # a plain function: the caller awaits nothing while it runs
        f"{server.http_url}/api/rooms",
        json={"timers": LONG, "rounds": 1, "label": label},
        headers={"Authorization": "Bearer history-key"},
    )
    assert response.status_code == 201, response.text
    room: dict[str, Any] = response.json()
    return room


async def _play_one_round(server: RunningServer, room: dict[str, Any]) -> None:
    host = await open_as_host(server, room)
    players = [
        await GameClient.open(server.ws_url(room["code"]), type="join", name=name)
        for name in ("Ana", "Ben", "Cy")
    ]
    await host.until(lambda s: s["player_count"] == 3)
    assert (await host.request(type="start"))["type"] == "ack"
    await players[0].phase("briefing", 1)
    assert (await players[0].request(type="opening", text="Hello?"))["type"] == "ack"
    for agent in players[1:]:
        await agent.phase("replying", 1)
        assert (await agent.request(type="reply", text=f"Sorry, {agent.player_id}"))[
            "type"
        ] == "ack"
    for voter in players:
        state = await voter.phase("voting", 1)
        choice = votable(state)[0]
        assert (await voter.request(type="vote", reply_id=choice, skill="empathy"))["type"] == "ack"
    await host.phase("reveal", 1)
    for _ in range(2):
        assert (await host.request(type="skip"))["type"] == "ack"
    await host.phase("finished")


@pytest.mark.parametrize("moderation", ["hold"])
async def test_a_held_reply_reaches_no_one_until_approved(
    server: RunningServer, moderation: str
) -> None:
    room = open_room(server, timers=LONG, moderation=moderation)
    host = await open_as_host(server, room)
    code = room["code"]
    refused = await GameClient.unseated(server.ws_url(code))
    await refused.refused("name_not_allowed", type="join", name="Shit Head")
    names = ["Ana", "Ben", "Cy", "Dee"]
    players = [await GameClient.open(server.ws_url(code), type="join", name=n) for n in names]
    await host.until(lambda s: s["player_count"] == 4)
    assert (await host.request(type="start"))["type"] == "ack"
    customer, rude, polite, other = players
    await customer.phase("briefing", 1)
    assert (await customer.request(type="opening", text="Where is it?"))["type"] == "ack"
    await rude.phase("replying", 1)
    assert (await rude.request(type="reply", text=RUDE))["type"] == "ack", "always acknowledged"
    queued = await host.until(lambda s: len(s["queue"]) == 1)
    assert queued["queue"][0] == {
        "player_id": rude.player_id,
        "name": "Ben",
        "kind": "reply",
        "text": RUDE,
    }
    for agent, text in ((polite, KIND), (other, "On it.")):
        assert (await agent.request(type="reply", text=text))["type"] == "ack"
    for viewer in (customer, polite):
        voting = await viewer.phase("voting", 1)
        assert RUDE not in str(voting)
    screen = await GameClient.open(
        server.ws_url(code), type="host", token=room["host_token"], screen=True
    )
    assert RUDE not in str(await screen.phase("voting", 1))
    host_ballot = (await host.phase("voting", 1))["replies"]
    held_id = next(r["id"] for r in host_ballot if r["moderation"]["held"])
    await polite.refused("unknown_reply", type="vote", reply_id=held_id)
    assert (await host.request(type="review", player_id=rude.player_id, approve=True))[
        "type"
    ] == "ack"
    approved = await polite.until(lambda s: any(r["text"] == RUDE for r in s["replies"]))
    assert approved["phase"] == "voting"
    assert RUDE in str(await screen.until(lambda s: RUDE in str(s["replies"])))
    polite_id = next(r["id"] for r in host_ballot if r["text"] == KIND)
    assert (await host.request(type="hide", reply_id=polite_id))["type"] == "ack"
    await customer.refused("reply_hidden", type="vote", reply_id=polite_id)
