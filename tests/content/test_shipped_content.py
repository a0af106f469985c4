"""The content that ships with the server loads, and the core deck covers what it should."""

from collections import Counter

from server.content import load_catalogue
from server.resources import data_dir

CATALOGUE = load_catalogue(data_dir("game_content"))


def test_every_shipped_deck_loads_and_names_known_skills() -> None:
    assert "core" in CATALOGUE.decks
    known = set(CATALOGUE.skill_ids)
    for deck in CATALOGUE.decks.values():
        assert {s for card in deck.cards for s in card.skills} <= known, deck.id


def test_core_deck_has_unique_titles_and_openings() -> None:
    cards = CATALOGUE.decks["core"].cards
    assert len(cards) >= 60
    assert len({c.title.casefold() for c in cards}) == len(cards)
    assert len({c.opening.casefold() for c in cards}) == len(cards)


def test_core_deck_trains_every_skill() -> None:
    trained = Counter(s for card in CATALOGUE.decks["core"].cards for s in card.skills)
    assert {skill: trained[skill] for skill in CATALOGUE.skill_ids if trained[skill] < 6} == {}
