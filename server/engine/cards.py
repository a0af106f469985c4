"""The scenario card as the engine sees it: a customer to play and a reply to judge."""

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

CardId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,47}$")]
SkillId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{1,39}$")]


def _text(max_length: int) -> object:
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


class Channel(StrEnum):
    PHONE = "phone"
    COUNTER = "counter"
    EMAIL = "email"
    CHAT = "chat"
    SOCIAL = "social"
    INTERNAL = "internal"


class CustomerStyle(StrEnum):
    """How much help the customer wants, from 'leave me be' to 'walk me through it'."""

    LEFT_ALONE = "left_alone"
    NEARBY = "nearby"
    DIRECTION = "direction"
    HAND_HOLDING = "hand_holding"


class Card(BaseModel):
    """One scenario. `hidden_need` is private to the customer until the reveal."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: CardId
    title: Annotated[str, _text(80)]
    channel: Channel
    situation: Annotated[str, _text(400)]
    persona: Annotated[str, _text(200)]
    mood: Annotated[str, _text(40)]
    style: CustomerStyle
    hidden_need: Annotated[str, _text(300)]
    opening: Annotated[str, _text(500)]
    skills: Annotated[list[SkillId], Field(min_length=1, max_length=4)]
    difficulty: Annotated[int, Field(ge=1, le=3)]
    model_reply: Annotated[str, _text(1000)]
    watch_outs: Annotated[list[Annotated[str, _text(200)]], Field(min_length=1, max_length=5)]
    debrief_question: Annotated[str, _text(200)]
