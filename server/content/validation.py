"""Checking a deck as a whole: every problem at once, each with where it is and a hint.

The same checks run on shipped decks at startup, on `counterplay deck validate`, and on
decks facilitators upload."""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from .models import Deck

MAX_CARDS = 200


@dataclass(frozen=True)
class Problem:
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class DeckProblems(Exception):
    """The deck is not usable; `problems` lists everything wrong with it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def check_deck(raw: object, skill_ids: Iterable[str]) -> Deck:
    """A valid Deck, or DeckProblems naming every problem found."""
    if not isinstance(raw, dict):
        raise DeckProblems([Problem("body", "a deck is a mapping with id, name and cards")])
    problems = _shape_problems(raw) + _card_problems(raw.get("cards"), list(skill_ids))
    if problems:
        raise DeckProblems(sorted(problems, key=_reading_order))
    return Deck.model_validate(raw)


def _shape_problems(raw: dict[str, Any]) -> list[Problem]:
    cards = raw.get("cards")
    if isinstance(cards, list) and len(cards) > MAX_CARDS:
        return [Problem("cards", f"{len(cards)} cards; a deck holds at most {MAX_CARDS}")]
    try:
        Deck.model_validate(raw)
    except ValidationError as error:
        return [Problem(_location(e["loc"]), _message(e)) for e in error.errors()]
    return []


def _card_problems(cards: object, skill_ids: list[str]) -> list[Problem]:
    if not isinstance(cards, list):
        return []
    problems: list[Problem] = []
    seen: dict[str, dict[str, int]] = {"id": {}, "title": {}, "opening": {}}
    for index, card in enumerate(cards):
        if not isinstance(card, dict):
            continue
        problems += _unknown_skills(index, card.get("skills"), skill_ids)
        problems += _repeats(index, card, seen)
    return problems


def _unknown_skills(index: int, skills: object, skill_ids: list[str]) -> list[Problem]:
    if not isinstance(skills, list):
        return []
    return [
        Problem(f"cards[{index}].skills[{position}]", _unknown_skill_message(skill, skill_ids))
        for position, skill in enumerate(skills)
        if isinstance(skill, str) and skill not in skill_ids
    ]


def _unknown_skill_message(skill: str, skill_ids: list[str]) -> str:
    close = difflib.get_close_matches(skill, skill_ids, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (known skills: {', '.join(skill_ids)})"
    return f"unknown skill {skill!r}{hint}"


def _repeats(index: int, card: dict[str, Any], seen: dict[str, dict[str, int]]) -> list[Problem]:
    problems = []
    for field, first_seen in seen.items():
        value = card.get(field)
        if not isinstance(value, str):
            continue
        key = " ".join(value.split()).casefold()
        if key in first_seen:
            earlier = first_seen[key]
            problems.append(Problem(f"cards[{index}].{field}", f"same {field} as cards[{earlier}]"))
        else:
            first_seen[key] = index
    return problems


def _reading_order(problem: Problem) -> list[tuple[int, str]]:
    """cards[2] before cards[10]: numbers compare as numbers."""
    parts = re.split(r"(\d+)", problem.location)
    return [(int(part), "") if part.isdigit() else (-1, part) for part in parts]


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "body"


_HINTS = {
    "missing": "add this field",
    "extra_forbidden": "remove this field (a card has: id, title, channel, situation, persona, "
    "mood, style, hidden_need, opening, skills, difficulty, model_reply, watch_outs, "
    "debrief_question)",
    "string_pattern_mismatch": "use lowercase letters, digits and dashes, 2 to 48 characters",
}


def _message(error: Any) -> str:
    hint = _HINTS.get(error["type"])
    if error["type"] == "extra_forbidden" and error["loc"][:1] != ("cards",):
        hint = "remove this field (a deck has: id, name, description, cards)"
    return f"{error['msg']}; {hint}" if hint else str(error["msg"])
