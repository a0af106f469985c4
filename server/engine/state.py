"""The whole state of one room: plain data, saved and loaded as one JSON document."""

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .cards import Card, CardId, SkillId


class Phase(StrEnum):
    LOBBY = "lobby"
    BRIEFING = "briefing"
    REPLYING = "replying"
    VOTING = "voting"
    REVEAL = "reveal"
    SCOREBOARD = "scoreboard"
    FINISHED = "finished"


Seconds = Annotated[int, Field(ge=1, le=600)]


class Timers(BaseModel):
    """How long each timed phase lasts, in seconds."""

    model_config = ConfigDict(extra="forbid")

    briefing: Seconds = 60
    replying: Seconds = 90
    voting: Seconds = 45
    reveal: Seconds = 20
    scoreboard: Seconds = 12


class Scoring(BaseModel):
    """Points for one vote from a peer, and the bonus on top for the customer's pick."""

    model_config = ConfigDict(extra="forbid")

    peer_vote: Annotated[int, Field(ge=0, le=10_000)] = 100
    customer_pick: Annotated[int, Field(ge=0, le=10_000)] = 300


class RoomSettings(BaseModel):
    """What a facilitator chooses when opening a room. `rounds=None` means one per player."""

    model_config = ConfigDict(extra="forbid")

    decks: Annotated[list[CardId], Field(min_length=1, max_length=10)] = ["core"]
    focus_skills: Annotated[list[SkillId], Field(max_length=20)] = []
    rounds: Annotated[int, Field(ge=1, le=50)] | None = None
    timers: Timers = Field(default_factory=Timers)
    max_players: Annotated[int, Field(ge=3, le=5000)] = 50
    scoring: Scoring = Field(default_factory=Scoring)

    @model_validator(mode="before")
    @classmethod
    def _one_deck_shorthand(cls, data: Any) -> Any:
        """`"deck": "core"` is shorthand for `"decks": ["core"]`."""
        if isinstance(data, dict) and "deck" in data and "decks" not in data:
            data = {**data, "decks": [data["deck"]]}
            del data["deck"]
        return data


class Player(BaseModel):
    id: str
    name: str
    token_hash: str
    seq: int
    connected: bool = True
    # Which socket is the live one, so a late close of an older socket changes nothing.
    connection: int = 0
    score: int = 0


class BallotReply(BaseModel):
    """A reply as it stands on the ballot: `id` is given at voting, in shuffled order."""

    id: str
    author_id: str
    text: str


class Vote(BaseModel):
    reply_id: str
    skill: str | None = None


class Round(BaseModel):
    number: int
    customer_id: str
    customer_seq: int
    card: Card
    opening: str | None = None
    opening_defaulted: bool = False
    replies: dict[str, str] = Field(default_factory=dict)  # author id -> text
    ballot: list[BallotReply] = Field(default_factory=list)
    votes: dict[str, Vote] = Field(default_factory=dict)  # voter id -> vote
    hidden: list[str] = Field(default_factory=list)  # reply ids the host took off the ballot
    points: dict[str, int] = Field(default_factory=dict)  # player id -> points this round

    def votable(self) -> list[BallotReply]:
        """The ballot without the replies the host hid."""
        return [reply for reply in self.ballot if reply.id not in self.hidden]

    def customer_pick(self) -> str | None:
        """The reply id the customer voted for, if they voted."""
        vote = self.votes.get(self.customer_id)
        return vote.reply_id if vote else None


class RoomState(BaseModel):
    code: str
    version: int = 0
    seed: int
    settings: RoomSettings
    skills: list[str] = Field(default_factory=list)
    host_token_hash: str
    phase: Phase = Phase.LOBBY
    deadline_ms: int | None = None
    paused_remaining_ms: int | None = None
    locked: bool = False
    players: list[Player] = Field(default_factory=list)
    next_seq: int = 1
    rounds_total: int = 0
    cards: list[Card] = Field(default_factory=list)
    round: Round | None = None
    history: list[Round] = Field(default_factory=list)
    created_ms: int
    updated_ms: int

    @property
    def paused(self) -> bool:
        return self.paused_remaining_ms is not None

    def player(self, player_id: str) -> Player | None:
        return next((p for p in self.players if p.id == player_id), None)

    def connected_players(self) -> list[Player]:
        return [p for p in self.players if p.connected]
