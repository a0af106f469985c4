"""Messages the server sends, and the snapshot of a room as one viewer may see it."""

from typing import Literal

from pydantic import BaseModel, ConfigDict

from server.engine.state import LeaderboardVisibility, Moderation, Phase, Scoring, Timers


class _Sent(BaseModel):
    """A model the server sends: every field is always present, so the schema requires it."""

    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class PlayerView(_Sent):
    """A roster line. `score` and `rank` are null where the room's leaderboard setting
    keeps them from this viewer. Which names are flagged only the host learns, from
    `RoomView.flagged_names`."""

    id: str
    name: str
    connected: bool
    score: int | None
    rank: int | None
    team: str | None = None


class TeamView(_Sent):
    name: str
    score: float
    rank: int
    members: int


class CardNotes(_Sent):
    """The card's teaching notes, for the host's console and the debrief."""

    skills: list[str]
    model_reply: str
    watch_outs: list[str]
    debrief_question: str


class ScenarioView(_Sent):
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
    notes: CardNotes | None = None


class ReplyResult(_Sent):
    """How a reply did, from the reveal on. While the standings are private, a reply nobody
    chose stays anonymous: its author and points are then null."""

    votes: int
    customer_pick: bool
    skills: dict[str, int]
    author_id: str | None = None
    author_name: str | None = None
    points: int | None = None


class ReplyModeration(_Sent):
    """What only the host's console sees of a reply: who wrote it (before the reveal too),
    and whether it is flagged, held for approval or hidden from the players."""

    author_id: str
    flagged: bool
    held: bool
    hidden: bool


class ReplyView(_Sent):
    """A reply on the ballot. `result` is null until the reveal; `moderation` is null for
    everyone but the host. A player knows their own by `you.reply_id`."""

    id: str
    text: str
    result: ReplyResult | None = None
    moderation: ReplyModeration | None = None


class QueueItem(_Sent):
    """A flagged opening or reply waiting for the host's approval (hold mode)."""

    player_id: str
    name: str
    kind: Literal["opening", "reply"]
    text: str


class SpotlightView(_Sent):
    reply_id: str
    text: str
    author_name: str | None


class DebriefView(_Sent):
    """A revealed round for the projector and the console: the card with its teaching
    notes, the opening, the replies with their votes and skill tags, and the spotlight."""

    round: int
    scenario: ScenarioView
    customer_name: str | None
    opening: str | None
    replies: list[ReplyView]
    customer_pick: str | None
    peers_favourite: list[str]
    spotlight: SpotlightView | None


class VoteView(_Sent):
    reply_id: str
    skill: str | None


class YouView(_Sent):
    """What only this player sees of themselves, in the `you` message.

    `reply` is their reply's text this round (also while the host holds or hides it) and
    `reply_id` its id on the ballot the room sees, from voting on; `result` is how it did,
    from the reveal on, with its author and points even while the standings are private.
    `ballot` is this player's own sample of the others' replies while voting in a round too
    big to show them all (the snapshot's `replies` is then empty for players), else null."""

    id: str
    name: str
    role: Literal["customer", "agent"]
    team: str | None
    score: int
    rank: int | None
    reply: str | None
    reply_id: str | None
    result: ReplyResult | None
    vote: VoteView | None
    ballot: list[ReplyView] | None


class ProgressView(_Sent):
    """Who has acted this phase (ids only, never what they wrote). In big rooms players get
    only the counts; the lists are then empty."""

    replied: list[str]
    voted: list[str]
    replied_count: int
    voted_count: int


class RoomView(_Sent):
    code: str
    phase: Phase
    round: int
    rounds_total: int
    deadline: int | None
    server_time: int
    paused: bool
    paused_remaining_ms: int | None
    locked: bool
    customer_id: str | None
    customer_name: str | None
    player_count: int
    connected_count: int
    players: list[PlayerView]
    scenario: ScenarioView | None
    opening: str | None
    replies: list[ReplyView]
    progress: ProgressView
    teams: list[TeamView]
    flagged_names: list[str]
    opening_flagged: bool
    queue: list[QueueItem]
    debrief: DebriefView | None


class SettingsView(_Sent):
    """The room's settings that clients show. They never change once the room exists, so
    they come once, in `welcome`, not with every snapshot."""

    timers: Timers
    scoring: Scoring
    leaderboard: LeaderboardVisibility
    anonymous: bool
    moderation: Moderation
    team_names: list[str]


class WelcomeMessage(_Sent):
    type: Literal["welcome"] = "welcome"
    player_id: str | None
    token: str
    role: Literal["player", "host", "screen"]
    settings: SettingsView
    ref: str | None = None


class SnapshotMessage(_Sent):
    type: Literal["snapshot"] = "snapshot"
    state: RoomView


class YouMessage(_Sent):
    """A player's own part of the room, sent before a snapshot whenever it changed; the
    snapshot itself is the same for every player who sees the same card."""

    type: Literal["you"] = "you"
    you: YouView


class AckMessage(_Sent):
    type: Literal["ack"] = "ack"
    ref: str


class ErrorMessage(_Sent):
    type: Literal["error"] = "error"
    code: str
    message: str
    ref: str | None = None


ServerMessage = WelcomeMessage | SnapshotMessage | YouMessage | AckMessage | ErrorMessage
