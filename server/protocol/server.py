"""Messages the server sends, and the snapshot of a room as one viewer may see it."""

from typing import Literal

from pydantic import BaseModel

from server.engine.state import Phase, Scoring, Timers


class PlayerView(BaseModel):
    id: str
    name: str
    connected: bool
    score: int
    rank: int


class ScenarioView(BaseModel):
    """The card. Private fields are null unless this viewer may see them."""

    id: str
    title: str
    channel: str
    situation: str
    persona: str
    mood: str
    style: str | None = None
    hidden_need: str | None = None
    suggested_opening: str | None = None
    skills: list[str] | None = None
    model_reply: str | None = None
    watch_outs: list[str] | None = None
    debrief_question: str | None = None


class ReplyView(BaseModel):
    """A reply on the ballot. Authors, votes and points appear only from the reveal on."""

    id: str
    text: str
    mine: bool = False
    author_id: str | None = None
    votes: int | None = None
    customer_pick: bool | None = None
    points: int | None = None
    skills: dict[str, int] | None = None


class VoteView(BaseModel):
    reply_id: str
    skill: str | None


class YouView(BaseModel):
    id: str | None
    role: Literal["customer", "agent", "host"]
    reply: str | None = None
    vote: VoteView | None = None
    score: int | None = None
    rank: int | None = None


class ProgressView(BaseModel):
    """Who has acted this phase (ids only, never what they wrote)."""

    replied: list[str]
    voted: list[str]


class RoomView(BaseModel):
    code: str
    phase: Phase
    round: int
    rounds_total: int
    deadline: int | None
    paused: bool
    paused_remaining_ms: int | None
    locked: bool
    customer_id: str | None
    players: list[PlayerView]
    scenario: ScenarioView | None
    opening: str | None
    replies: list[ReplyView]
    progress: ProgressView
    timers: Timers
    scoring: Scoring
    you: YouView


class WelcomeMessage(BaseModel):
    type: Literal["welcome"] = "welcome"
    player_id: str | None
    token: str
    role: Literal["player", "host"]


class SnapshotMessage(BaseModel):
    type: Literal["snapshot"] = "snapshot"
    state: RoomView


class AckMessage(BaseModel):
    type: Literal["ack"] = "ack"
    ref: str


class ErrorMessage(BaseModel):
    type: Literal["error"] = "error"
    code: str
    message: str
    ref: str | None = None


ServerMessage = WelcomeMessage | SnapshotMessage | AckMessage | ErrorMessage
