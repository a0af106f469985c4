"""Broken decks: every problem is reported with its location and a hint."""

import copy
import json
from typing import Any

import pytest
import yaml

from server.content.formats import MAX_DECK_BYTES, parse_deck
from server.content.validation import MAX_CARDS, DeckProblems, check_deck

SKILLS = ["empathy", "ownership", "calm_tone"]

GOOD_CARD: dict[str, Any] = {
    "id": "lost-parcel",
    "title": "The parcel that went to the wrong town",
    "channel": "phone",
    "situation": "A parcel was delivered to a town with the same street name.",
    "persona": "Mia, a nurse between shifts.",
    "mood": "tired",
    "style": "direction",
    "hidden_need": "She needs it before Saturday.",
    "opening": "Your driver left my parcel forty miles away.",
    "skills": ["empathy", "ownership"],
    "difficulty": 2,
    "model_reply": "I'm sorry, Mia. I've booked it back to you for Friday morning.",
    "watch_outs": ["Blames the address."],
    "debrief_question": "What told you Saturday mattered?",
}


def deck(*cards: dict[str, Any]) -> dict[str, Any]:
    return {"id": "test-deck", "name": "Test", "cards": list(cards) or [GOOD_CARD]}


def card(**changes: Any) -> dict[str, Any]:
    changed = copy.deepcopy(GOOD_CARD)
    changed.update(changes)
    return {k: v for k, v in changed.items() if v is not None}


def problems_of(raw: object) -> list[str]:
    with pytest.raises(DeckProblems) as refused:
        check_deck(raw, SKILLS)
    return [str(p) for p in refused.value.problems]


def parse_problems(body: bytes, fmt: str) -> list[str]:
    with pytest.raises(DeckProblems) as refused:
        parse_deck(body, fmt, "csv-deck", "CSV deck")  # type: ignore[arg-type]
    return [str(p) for p in refused.value.problems]


def test_a_good_deck_passes() -> None:
    assert check_deck(deck(), SKILLS).cards[0].id == "lost-parcel"


def test_unknown_skill_suggests_the_closest() -> None:
    assert problems_of(deck(card(skills=["empathy", "empaty"]))) == [
        "cards[0].skills[1]: unknown skill 'empaty' (did you mean 'empathy'?)"
    ]


def test_wrong_types_and_values_are_each_located() -> None:
    found = problems_of(deck(card(difficulty="hard", channel="fax", skills="empathy")))
    assert any(p.startswith("cards[0].difficulty:") for p in found)
    assert any(p.startswith("cards[0].channel:") and "'phone'" in p for p in found)
    assert any(p.startswith("cards[0].skills:") for p in found)


def test_every_problem_is_listed_not_just_the_first() -> None:
    found = problems_of(deck(card(title=None), card(id="b", opening="", colour="red")))
    assert "cards[0].title: Field required; add this field" in found
    assert any(p.startswith("cards[1].opening:") for p in found)
    assert any(p.startswith("cards[1].colour: Extra inputs") for p in found)


def test_duplicate_ids_titles_and_openings() -> None:
    found = problems_of(deck(GOOD_CARD, card(title=" the parcel that went to the WRONG town")))
    assert found == [
        "cards[1].id: same id as cards[0]",
        "cards[1].opening: same opening as cards[0]",
        "cards[1].title: same title as cards[0]",
    ]


def test_empty_texts_and_lists() -> None:
    found = problems_of(deck(card(situation="   ", watch_outs=[], skills=[])))
    assert {p.split(":")[0] for p in found} == {
        "cards[0].situation",
        "cards[0].watch_outs",
        "cards[0].skills",
    }


def test_oversize_texts_and_too_many_cards() -> None:
    assert problems_of(deck(card(title="x" * 81)))[0].startswith("cards[0].title: String")
    many = [card(id=f"c{n}", title=f"T{n}", opening=f"O{n}") for n in range(MAX_CARDS + 1)]
    assert problems_of(deck(*many)) == [
        f"cards: {MAX_CARDS + 1} cards; a deck holds at most {MAX_CARDS}"
    ]
    assert parse_problems(b"#" * (MAX_DECK_BYTES + 1), "yaml")[0].startswith("body: the deck is")


def test_missing_deck_fields_and_wrong_top_level() -> None:
    assert problems_of(["not", "a", "deck"]) == [
        "body: a deck is a mapping with id, name and cards"
    ]
    found = problems_of({"cards": [GOOD_CARD], "id": "Bad Id!"})
    assert "name: Field required; add this field" in found
    assert any(p.startswith("id: String should match pattern") for p in found)


def test_yaml_bombs_and_anchors_are_refused() -> None:
    bomb = b'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nd: [*c,*c,*c,*c]\n'
    assert parse_problems(bomb, "yaml") == [
        "body: line 1: YAML anchors and aliases (& and *) are not allowed"
    ]
    deep = b"a: " + b"[" * 5000 + b"]" * 5000
    assert parse_problems(deep, "yaml")[0].startswith("body:")


def test_bad_yaml_and_json_syntax_name_the_line() -> None:
    assert parse_problems(b"id: x\n  name: : :\n", "yaml")[0].startswith("body: line 2")
    assert parse_problems(b'{"id": "x",\n "cards": [}', "json")[0].startswith(
        "body: invalid JSON at line 2"
    )
    assert parse_problems(b"[" * 100_000, "json")[0].startswith("body:")


def test_non_utf8_bytes_are_refused_with_their_position() -> None:
    assert parse_problems(b"id: caf\xe9\n", "yaml") == [
        "body: not UTF-8 text: byte 0xe9 at position 7 (save the file as UTF-8)"
    ]


def test_bad_csv_quoting_and_ragged_rows() -> None:
    header = ",".join(GOOD_CARD)
    assert parse_problems(f'{header}\n"unclosed,quote\n'.encode(), "csv")[0].startswith(
        "body: line"
    )
    ragged = f"{header}\n" + ",".join(["x"] * (len(GOOD_CARD) + 2)) + "\n"
    assert parse_problems(ragged.encode(), "csv") == [
        "body: line 2: more values than header columns"
    ]


def test_the_three_formats_parse_to_the_same_deck() -> None:
    as_yaml = yaml.safe_dump(deck()).encode()
    as_json = json.dumps(deck()).encode()
    row = {**GOOD_CARD, "skills": "empathy; ownership", "watch_outs": "Blames the address."}
    header = ",".join(row)
    values = ",".join(json.dumps(str(v)) for v in row.values())
    as_csv = f"{header}\n{values}\n".encode()
    decks = [
        check_deck(parse_deck(as_yaml, "yaml"), SKILLS),
        check_deck(parse_deck(as_json, "json"), SKILLS),
        check_deck(parse_deck(as_csv, "csv", "test-deck", "Test"), SKILLS),
    ]
    assert decks[0] == decks[1] == decks[2]
