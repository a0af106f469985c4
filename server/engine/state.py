"""The whole state of one room: plain data, saved and loaded as one JSON document."""

from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

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


class Moderation(StrEnum):
    """What happens to a name, opening or reply the profanity check flags."""

    OFF = "off"  # nothing is checked
    FLAG = "flag"  # it goes through, marked for the host
    HOLD = "hold"  # it waits in the host's queue until approved


class LeaderboardVisibility(StrEnum):
    """How much of the standings players and the projector see (the host sees all)."""

    FULL = "full"
    TOP3 = "top3"
    AT_END = "end"  # nothing until the game has finished
    NEVER = "never"


class TeamScoring(StrEnum):
    MEAN = "mean"  # fair when tables differ in size
    SUM = "sum"


TeamName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=24)]


class RoomSettings(BaseModel):
    """What a facilitator chooses when opening a room. `rounds=None` means one per player."""

    model_config = ConfigDict(extra="forbid")

    decks: Annotated[list[CardId], Field(min_length=1, max_length=10)] = ["core"]
    focus_skills: Annotated[list[SkillId], Field(max_length=20)] = []
    rounds: Annotated[int, Field(ge=1, le=50)] | None = None
    timers: Timers = Field(default_factory=Timers)
    max_players: Annotated[int, Field(ge=3, le=5000)] = 50
    scoring: Scoring = Field(default_factory=Scoring)
    moderation: Moderation = Moderation.FLAG
    leaderboard: LeaderboardVisibility = LeaderboardVisibility.FULL
    # The projector never shows a player's name (roster, customer, authors, standings).
    anonymous: bool = False
    # Workshop tables; when set, every player picks one on joining.
    teams: Annotated[list[TeamName], Field(max_length=12)] = []
    team_scoring: TeamScoring = TeamScoring.MEAN
    # Which group of people this game trained, for the facilitator's history across games.
    label: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60)] = ""

    @model_validator(mode="before")
    @classmethod
    def _one_deck_shorthand(cls, data: Any) -> Any:
        """`"deck": "core"` is shorthand for `"decks": ["core"]`."""
        if isinstance(data, dict) and "deck" in data and "decks" not in data:
            data = {**data, "decks": [data["deck"]]}
            del data["deck"]
        return data

    @field_validator("teams")
    @classmethod
    def _distinct_teams(cls, teams: list[str]) -> list[str]:
        folded = [team.casefold() for team in teams]
        if len(set(folded)) != len(folded):
            raise ValueError("team names must differ")
        if len(teams) == 1:
            raise ValueError("team mode needs at least two teams")
        return teams


class Player(BaseModel):
    """Frozen: a change replaces the player in `RoomState.players`, so a state loaded from
    the store may share its unchanged players with the states before it (storage and the
    fan-out tell a changed roster by identity, without comparing every field)."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    token_hash: str
    seq: int
    connected: bool = True
    # Which socket is the live one, so a late close of an older socket changes nothing.
    connection: int = 0
    score: int = 0
    team: str | None = None
    flagged: bool = False  # the profanity check flagged their name


def same_objects(mine: Sequence[object], known: Sequence[object]) -> bool:
    """Whether both hold the very same objects in the same order. For frozen models (players,
    cards) and finished rounds, which are never changed in place, that means the same
    content, told without comparing a field."""
    return len(mine) == len(known) and all(a is b for a, b in zip(mine, known, strict=True))


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
    # Moderation, by author id: flagged by the profanity check, waiting for the host's
    # approval (hold mode), or taken down by the host. Kept for the report either way.
    flagged: list[str] = Field(default_factory=list)
    held: list[str] = Field(default_factory=list)
    hidden: list[str] = Field(default_factory=list)
    opening_flagged: bool = False
    opening_held: bool = False
    points: dict[str, int] = Field(default_factory=dict)  # player id -> points this round
    revealed: bool = False  # votes were counted (a game ended early leaves its round open)

    def is_shown(self, author_id: str) -> bool:
        """Players and the projector see this author's reply: not held, not hidden."""
        return author_id not in self.held and author_id not in self.hidden

    def votable(self) -> list[BallotReply]:
        """The ballot without the replies that are held or hidden."""
        return [reply for reply in self.ballot if self.is_shown(reply.author_id)]

    def reply_by_id(self, reply_id: str) -> BallotReply | None:
        return next((reply for reply in self.ballot if reply.id == reply_id), None)

    def customer_pick(self) -> str | None:
        """The reply id the customer voted for, if they voted."""
        vote = self.votes.get(self.customer_id)
        return vote.reply_id if vote else None


class Presentation(BaseModel):
    """The projector's debrief of one revealed round, and the reply in the spotlight."""

    round: int
    spotlight: str | None = None  # reply id
    spotlight_named: bool = False
    paused_clock: bool = False  # presenting paused the clock; going back resumes it


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
    # Names of kicked players, so their scored replies keep an author in the report.
    departed: dict[str, str] = Field(default_factory=dict)
    presentation: Presentation | None = None
    finished_ms: int | None = None
    created_ms: int
    updated_ms: int
    # The players' names, case-folded, for a join's check: built on the first join of this
    # copy of the state, so a batch of 500 joins to a room of 2,000 does not fold every
    # name 500 times. Not stored; kept true by add_player and remove_player.
    _folded_names: set[str] | None = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        """Equal when every field is: the name index is derived from them, not state."""
        if not isinstance(other, RoomState):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    @property
    def paused(self) -> bool:
        return self.paused_remaining_ms is not None

    def player(self, player_id: str) -> Player | None:
        return next((p for p in self.players if p.id == player_id), None)

    def name_in_use(self, name: str) -> bool:
        """Whether a player here is called `name`, ignoring case."""
        if self._folded_names is None:
            self._folded_names = {p.name.casefold() for p in self.players}
        return name.casefold() in self._folded_names

    def add_player(self, player: Player) -> None:
        self.players.append(player)
        if self._folded_names is not None:
            self._folded_names.add(player.name.casefold())

    def remove_player(self, player: Player) -> None:
        self.players.remove(player)
        self._folded_names = None

    def replace_player(self, player: Player, **changes: object) -> Player:
        """Put a copy of `player` with `changes` in its place; players are frozen."""
        changed = player.model_copy(update=changes)
        index = next(i for i, p in enumerate(self.players) if p is player)
        self.players[index] = changed
        return changed

    def connected_players(self) -> list[Player]:
        return [p for p in self.players if p.connected]

    def all_rounds(self) -> list[Round]:
        """Every round dealt so far, the current one included, in order."""
        return self.history + ([self.round] if self.round else [])

    def revealed_round(self, number: int) -> Round | None:
        return next((r for r in self.all_rounds() if r.number == number and r.revealed), None)
