"""What a skills file and a deck file must look like."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from server.engine.cards import Card, CardId, SkillId

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]


class Skill(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: SkillId
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    good: ShortText
    mistake: ShortText


class SkillBook(BaseModel):
    model_config = ConfigDict(extra="forbid")

    skills: Annotated[list[Skill], Field(min_length=1)]


class Deck(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: CardId
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=400)] = ""
    cards: Annotated[list[Card], Field(min_length=1)]
