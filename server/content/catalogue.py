"""Loading the shipped skills and decks once at startup; a bad file stops the server."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from .formats import parse_deck
from .models import Deck, Skill, SkillBook
from .validation import DeckProblems, check_deck


@dataclass(frozen=True)
class Catalogue:
    skills: tuple[Skill, ...]
    decks: dict[str, Deck]

    @property
    def skill_ids(self) -> list[str]:
        return [skill.id for skill in self.skills]


class ContentError(Exception):
    """A shipped content file is invalid; the message names the file and every problem."""


def load_catalogue(content_dir: Path) -> Catalogue:
    """Read `skills.yaml` and every `decks/*.yaml`, with the checks uploads get."""
    with (content_dir / "skills.yaml").open(encoding="utf-8") as file:
        book = SkillBook.model_validate(yaml.safe_load(file))
    skill_ids = [skill.id for skill in book.skills]
    decks: dict[str, Deck] = {}
    for path in sorted((content_dir / "decks").glob("*.yaml")):
        deck = load_deck_file(path, skill_ids)
        if deck.id in decks:
            raise ContentError(f"{path.name}: deck id {deck.id!r} is used twice")
        decks[deck.id] = deck
    return Catalogue(tuple(book.skills), decks)


def load_deck_file(path: Path, skill_ids: list[str]) -> Deck:
    try:
        return check_deck(parse_deck(path.read_bytes(), "yaml"), skill_ids)
    except DeckProblems as error:
        lines = "\n".join(f"  {problem}" for problem in error.problems)
        raise ContentError(f"{path.name}:\n{lines}") from error
