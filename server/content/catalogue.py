"""Loading the shipped skills and decks once at startup; a bad file stops the server."""

from dataclasses import dataclass
from pathlib import Path

import yaml

from .models import Deck, Skill, SkillBook


@dataclass(frozen=True)
class Catalogue:
    skills: tuple[Skill, ...]
    decks: dict[str, Deck]

    @property
    def skill_ids(self) -> list[str]:
        return [skill.id for skill in self.skills]


class ContentError(Exception):
    """A shipped content file is invalid; the message names the file and the problem."""


def load_catalogue(content_dir: Path) -> Catalogue:
    """Read `skills.yaml` and every `decks/*.yaml`, checking that cards name known skills."""
    book = SkillBook.model_validate(_read_yaml(content_dir / "skills.yaml"))
    known = {skill.id for skill in book.skills}
    decks: dict[str, Deck] = {}
    for path in sorted((content_dir / "decks").glob("*.yaml")):
        deck = Deck.model_validate(_read_yaml(path))
        unknown = {s for card in deck.cards for s in card.skills} - known
        if unknown:
            raise ContentError(f"{path.name}: unknown skills {sorted(unknown)}")
        if deck.id in decks:
            raise ContentError(f"{path.name}: deck id {deck.id!r} is used twice")
        decks[deck.id] = deck
    return Catalogue(tuple(book.skills), decks)


def _read_yaml(path: Path) -> object:
    with path.open(encoding="utf-8") as file:
        return yaml.safe_load(file)
