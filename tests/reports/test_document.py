import json
from typing import Any

from server.reports.analytics import game_insights
from server.reports.export import report_document

from .scripted_game import ROUND_1_REPLIES, ROUND_3_REPLY, scripted_game, with_teams


def document() -> dict[str, Any]:
    state = scripted_game()
    return report_document(state, game_insights(state))


def test_document_is_json_and_keeps_secrets_out() -> None:
    text = json.dumps(document())
    assert json.loads(text) == document()
    assert "token" not in text and '"seed"' not in text


def test_document_heads_with_room_players_and_ranks() -> None:
    doc = document()
    assert (doc["code"], doc["label"], doc["phase"]) == ("GAMEXY", "", "finished")
    assert (doc["created_ms"], doc["finished_ms"]) == (1_700_000_000_000, 1_700_000_900_000)
    assert doc["settings"]["rounds"] == 3
    assert [(p["id"], p["name"], p["team"], p["score"], p["rank"]) for p in doc["players"]] == [
        ("p1", "Ann", None, 100, 4),
        ("p2", "Ben", None, 600, 1),
        ("p3", "Cat", None, 500, 2),
        ("p4", "Dan", None, 200, 3),
    ]
    assert doc["teams"] == []
    assert doc["insights"]["agreement"]["rate"] == 0.5


def test_document_rounds_carry_the_card_for_the_debrief() -> None:
    first, second, third = document()["rounds"]
    assert first["card"] == {
        "id": "lost-parcel",
        "title": "Lost parcel",
        "channel": "phone",
        "skills": ["empathy", "ownership"],
        "model_reply": "Model reply for Lost parcel.",
        "watch_outs": ["Blames the customer."],
        "debrief_question": "What did the customer need?",
        "hidden_need": "The real need behind Lost parcel.",
    }
    assert (first["customer_id"], first["customer_name"]) == ("p1", "Ann")
    assert (first["opening"], first["opening_defaulted"]) == ("My parcel is lost!", False)
    assert (second["opening"], second["opening_defaulted"]) == ("Opening of Angry caller.", True)
    assert [r["revealed"] for r in (first, second, third)] == [True, True, False]


def test_document_replies_in_ballot_order_with_votes_tags_and_points() -> None:
    first, _, third = document()["rounds"]
    assert first["replies"][1] == {
        "reply_id": "r2",
        "author_id": "p2",
        "author_name": "Ben",
        "text": ROUND_1_REPLIES["p2"],
        "votes": 3,
        "customer_pick": True,
        "skills": {"empathy": 2, "ownership": 1},
        "points": 600,
        "status": "shown",
        "flagged": False,
    }
    assert [r["author_id"] for r in first["replies"]] == ["p3", "p2", "p4"]
    assert third["replies"] == [
        {
            "reply_id": None,
            "author_id": "p1",
            "author_name": "Ann",
            "text": ROUND_3_REPLY,
            "votes": 0,
            "customer_pick": False,
            "skills": {},
            "points": None,
            "status": "shown",
            "flagged": False,
        }
    ]


def test_document_teams_follow_the_room_setting() -> None:
    state = with_teams(scripted_game(), {"Red": ["p1", "p2"], "Blue": ["p3", "p4"]}, "sum")
    doc = report_document(state, game_insights(state))
    assert [(t["team"], t["score"], t["rank"]) for t in doc["teams"]] == [
        ("Red", 700, 1),
        ("Blue", 700, 1),
    ]
    assert all(isinstance(t["score"], int) for t in doc["teams"])  # a sum stays whole
    assert doc["settings"]["team_scoring"] == "sum"
    assert doc["players"][0]["team"] == "Red"
