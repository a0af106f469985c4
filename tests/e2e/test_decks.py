"""Facilitator decks over the real API, and games drawn from chosen decks and skills."""

import json
from pathlib import Path

import httpx
import pytest
import redis
import yaml

from tests.content.test_validation import GOOD_CARD, card
from tests.support.rooms import open_as_host, open_room, seat_players
from tests.support.server import RunningServer, running_server


def _deck_keys(redis_url: str) -> set[bytes]:
    return set(redis.Redis.from_url(redis_url).scan_iter("cp:deck:*", count=1000))


def _upload(server: RunningServer, body: bytes, content_type: str, **params: str) -> httpx.Response:
    return httpx.post(
        f"{server.http_url}/api/decks",
        content=body,
        params=params,
        headers={"Content-Type": content_type},
    )


def _two_card_deck() -> dict[str, object]:
    second = card(id="second-card", title="A second card", opening="A second opening.")
    return {"id": "workshop", "name": "Our workshop", "cards": [GOOD_CARD, second]}


def _as_csv(deck: dict[str, object]) -> bytes:
    rows = [",".join(GOOD_CARD)]
    for entry in deck["cards"]:  # type: ignore[attr-defined]
        values = [";".join(v) if isinstance(v, list) else str(v) for v in entry.values()]
        rows.append(",".join(json.dumps(v) for v in values))
    return ("\n".join(rows) + "\n").encode()


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv"])
def test_upload_round_trip(redis_server: RunningServer, fmt: str) -> None:
    deck = _two_card_deck()
    body = {
        "yaml": yaml.safe_dump(deck).encode(),
        "json": json.dumps(deck).encode(),
        "csv": _as_csv(deck),
    }[fmt]
    uploaded = _upload(redis_server, body, f"text/{fmt}", id="workshop", name="Our workshop")
    assert uploaded.status_code == 201, uploaded.text
    deck_id = uploaded.json()["id"]
    assert deck_id.startswith("workshop-") and uploaded.json()["cards"] == 2
    stored = httpx.get(f"{redis_server.http_url}/api/decks/{deck_id}").json()
    assert stored["name"] == "Our workshop"
    assert [c["opening"] for c in stored["cards"]] == [GOOD_CARD["opening"], "A second opening."]
    assert stored["cards"][0]["skills"] == GOOD_CARD["skills"]


BROKEN = [
    (b"id: x\nname: y\ncards: 3\n", "text/yaml", "cards:"),
    (
        yaml.safe_dump({"id": "x", "name": "y", "cards": [card(skills=["empaty"])]}).encode(),
        "text/yaml",
        "did you mean 'empathy'",
    ),
    (
        json.dumps({"id": "x", "name": "y", "cards": [GOOD_CARD, GOOD_CARD]}).encode(),
        "application/json",
        "same id as cards[0]",
    ),
    (b"a: &a [1]\nb: [*a, *a]\n", "text/yaml", "anchors and aliases"),
    (b"\xff\xfe broken", "text/yaml", "not UTF-8"),
    (b'id,title\n"open,quote\n', "text/csv", "bad CSV"),
    (b"x" * (300 * 1024), "text/yaml", "limit"),
    (
        json.dumps({"id": "x", "name": "y", "cards": [card(difficulty="hard")]}).encode(),
        "application/json",
        "cards[0].difficulty",
    ),
    (
        json.dumps({"id": "x", "name": "y", "cards": [card(situation="  ")]}).encode(),
        "application/json",
        "cards[0].situation",
    ),
    (
        json.dumps({"id": "x", "name": "y", "cards": [card(title="t" * 81)]}).encode(),
        "application/json",
        "at most 80 characters",
    ),
    (
        json.dumps(
            {
                "id": "x",
                "name": "y",
                "cards": [card(id=f"c{n}", title=f"T{n}", opening=f"O{n}") for n in range(201)],
            }
        ).encode(),
        "application/json",
        "at most 200",
    ),
    (b"[" * 50_000, "application/json", "body"),
    (b"id,title\nonly-two,columns,and-more\n", "text/csv", "more values than header"),
]


@pytest.mark.parametrize(("body", "content_type", "expected"), BROKEN)
def test_broken_uploads_are_refused_and_store_nothing(
    redis_server: RunningServer, redis_url: str, body: bytes, content_type: str, expected: str
) -> None:
    before = _deck_keys(redis_url)
    refused = _upload(redis_server, body, content_type)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "invalid_deck"
    assert any(expected in f"{p['location']}: {p['message']}" for p in error["problems"]), error
    assert _deck_keys(redis_url) == before


def test_unknown_deck_is_404(redis_server: RunningServer) -> None:
    missing = httpx.get(f"{redis_server.http_url}/api/decks/nope")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "deck_not_found"


def test_uploads_need_the_facilitator_key_when_one_is_set(tmp_path: Path) -> None:
    body = yaml.safe_dump(_two_card_deck()).encode()
    with running_server(tmp_path, COUNTERPLAY_FACILITATOR_KEY="k3y") as server:
        assert _upload(server, body, "text/yaml").status_code == 403
        allowed = httpx.post(
            f"{server.http_url}/api/decks",
            content=body,
            headers={"Authorization": "Bearer k3y", "Content-Type": "text/yaml"},
        )
        assert allowed.status_code == 201
        deck_url = f"{server.http_url}/api/decks/{allowed.json()['id']}"
        assert httpx.get(deck_url).status_code == 403, "hidden needs stay with facilitators"
        assert httpx.get(deck_url, headers={"Authorization": "Bearer k3y"}).status_code == 200


async def _play_briefings(server: RunningServer, room: dict[str, object], rounds: int) -> list[str]:
    """Skip through `rounds` rounds as the host; the card id of each round's briefing."""
    host = await open_as_host(server, room)
    players = await seat_players(server, str(room["code"]), ["Ana", "Ben", "Cy"])
    await host.request(type="start")
    card_ids = []
    for number in range(1, rounds + 1):
        state = await host.phase("briefing", number)
        card_ids.append(state["scenario"]["id"])
        while host.state and host.state["round"] == number and number < rounds:
            phase = host.state["phase"]
            await host.request(type="skip")
            await host.until(lambda s, before=phase: s["phase"] != before)  # type: ignore[misc]
    await host.request(type="end")
    for client in (host, *players):
        await client.close()
    return card_ids


async def test_a_game_with_focus_skills_draws_only_matching_cards(
    redis_server: RunningServer,
) -> None:
    room = open_room(redis_server, decks=["core", "counters"], focus_skills=["sales_hat"], rounds=3)
    played = await _play_briefings(redis_server, room, 3)
    assert len(set(played)) == 3
    async with httpx.AsyncClient(base_url=redis_server.http_url) as http:
        decks = [(await http.get(f"/api/decks/{d}")).json() for d in ("core", "counters")]
        recorded = (await http.get(f"/api/rooms/{room['code']}")).json()["cards"]
    skills_of = {c["id"]: c["skills"] for deck in decks for c in deck["cards"]}
    assert all("sales_hat" in skills_of[card_id] for card_id in played)
    assert recorded == played


async def test_a_game_can_use_an_uploaded_deck(redis_server: RunningServer) -> None:
    uploaded = _upload(redis_server, yaml.safe_dump(_two_card_deck()).encode(), "text/yaml")
    room = open_room(redis_server, decks=[uploaded.json()["id"]])
    played = await _play_briefings(redis_server, room, 2)
    assert sorted(played) == ["lost-parcel", "second-card"]


def test_room_settings_naming_unknown_decks_or_skills_are_refused(
    redis_server: RunningServer,
) -> None:
    for settings, field in [
        ({"decks": ["core", "nope"]}, "decks[1]"),
        ({"focus_skills": ["telepathy"]}, "focus_skills"),
    ]:
        refused = httpx.post(f"{redis_server.http_url}/api/rooms", json=settings)
        assert refused.status_code == 422 and field in refused.json()["error"]["message"]
