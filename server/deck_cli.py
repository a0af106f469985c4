"""`counterplay deck validate|list|show|schema`: the content checks, from a terminal."""

import json
import sys
from pathlib import Path

from server.content import load_catalogue
from server.content.formats import format_for, parse_deck
from server.content.models import Deck
from server.content.validation import DeckProblems, check_deck
from server.resources import data_dir


def validate(path: Path, content_dir: Path | None) -> int:
    """Print every problem in the deck file; exit status 1 when there are any."""
    catalogue = load_catalogue(content_dir or data_dir("game_content"))
    try:
        raw = parse_deck(path.read_bytes(), format_for(None, path.name), path.stem, path.stem)
        deck = check_deck(raw, catalogue.skill_ids)
    except DeckProblems as error:
        for problem in error.problems:
            print(f"{path}: {problem}")
        print(f"{len(error.problems)} problem(s) in {path}")
        return 1
    cards = f"{len(deck.cards)} card" + ("" if len(deck.cards) == 1 else "s")
    print(f"{path}: deck {deck.id!r} is valid ({cards})")
    return 0


def list_decks(content_dir: Path | None) -> int:
    catalogue = load_catalogue(content_dir or data_dir("game_content"))
    for deck in catalogue.decks.values():
        print(f"{deck.id:24} {len(deck.cards):4} cards  {deck.name}")
    return 0


def show(deck_id: str, content_dir: Path | None) -> int:
    deck = load_catalogue(content_dir or data_dir("game_content")).decks.get(deck_id)
    if deck is None:
        print(f"no deck {deck_id!r}; `counterplay deck list` shows them", file=sys.stderr)
        return 1
    for card in deck.cards:
        print(f"{card.id:40} d{card.difficulty} {card.channel:8} {card.style:12} {card.title}")
        print(f"{'':40} skills: {', '.join(card.skills)}")
    return 0


def schema() -> int:
    print(deck_schema_json(), end="")
    return 0


def deck_schema_json() -> str:
    """The JSON Schema of a deck file, for editors (game_content/deck.schema.json)."""
    document = Deck.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(document, indent=2, sort_keys=True) + "\n"
