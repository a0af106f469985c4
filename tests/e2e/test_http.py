"""The HTTP API on a real server: decks, health, readiness and the facilitator key."""

from pathlib import Path

import httpx
import pytest

from tests.support.server import RunningServer, running_server


def test_decks_and_health(redis_server: RunningServer) -> None:
    base = redis_server.http_url
    decks = httpx.get(f"{base}/api/decks").json()
    assert {"core", "contact-centre", "counters", "internal-help-desks"} <= {
        d["id"] for d in decks["decks"]
    }
    assert "empathy" in {s["id"] for s in decks["skills"]}
    assert httpx.get(f"{base}/healthz").json() == {"status": "ok"}
    assert httpx.get(f"{base}/readyz").status_code == 200
    assert httpx.get(f"{base}/openapi.json").json()["info"]["title"] == "Counterplay"
    unknown = httpx.get(f"{base}/api/nothing-here")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"


def test_room_and_leaderboard_read_back(redis_server: RunningServer) -> None:
    base = redis_server.http_url
    created = httpx.post(f"{base}/api/rooms", json={"rounds": 3, "max_players": 12})
    assert created.status_code == 201
    body = created.json()
    assert body["join_url"].endswith(f"/play?room={body['code']}")
    room = httpx.get(f"{base}/api/rooms/{body['code'].lower()}").json()
    assert room["phase"] == "lobby" and room["settings"]["max_players"] == 12
    assert room["settings"]["scoring"] == {"peer_vote": 100, "customer_pick": 300}
    assert httpx.get(f"{base}/api/rooms/{body['code']}/leaderboard").json() == {
        "visibility": "full",
        "entries": [],
        "teams": [],
    }


def test_readyz_is_503_while_the_store_is_unreachable(tmp_path: Path) -> None:
    with running_server(tmp_path, "redis://127.0.0.1:1/0") as server:
        ready = httpx.get(f"{server.http_url}/readyz", timeout=15)
        assert ready.status_code == 503
        assert ready.json()["error"]["code"] == "store_unavailable"
        assert httpx.get(f"{server.http_url}/healthz").status_code == 200
        opening = httpx.post(f"{server.http_url}/api/rooms", json={}, timeout=15)
        assert opening.status_code == 503


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    with running_server(
        tmp_path_factory.mktemp("keyed"), COUNTERPLAY_FACILITATOR_KEY="workshop-key"
    ) as server:
        yield server


@pytest.mark.parametrize("header", [None, "Bearer wrong", "workshop-key"])
def test_facilitator_key_is_required_when_set(
    keyed_server: RunningServer, header: str | None
) -> None:
    headers = {"Authorization": header} if header else {}
    refused = httpx.post(f"{keyed_server.http_url}/api/rooms", json={}, headers=headers)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_allowed"


def test_facilitator_key_opens_rooms(keyed_server: RunningServer) -> None:
    headers = {"Authorization": "Bearer workshop-key"}
    assert (
        httpx.post(f"{keyed_server.http_url}/api/rooms", json={}, headers=headers).status_code
        == 201
    )
    assert "workshop-key" not in keyed_server.log()
