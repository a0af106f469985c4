"""Messages a client sends. Each is one JSON text frame with a `type`; an optional `ref`
is echoed in the matching `ack` or `error`, so a client knows what was accepted."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

Ref = Annotated[str, Field(max_length=64)] | None
WireText = Annotated[str, Field(max_length=4000)]
Token = Annotated[str, Field(min_length=1, max_length=200)]


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ref: Ref = None


class JoinMessage(_Message):
    """`team` is required when the room has teams (one of the room's `team_names`)."""

    type: Literal["join"]
    name: Annotated[str, Field(max_length=200)]
    team: Annotated[str, Field(max_length=100)] | None = None


class RejoinMessage(_Message):
    type: Literal["rejoin"]
    token: Token


class HostMessage(_Message):
    """The host token opens the console, or with `screen: true` the projector view, which
    sees only what the whole room may see and sends no commands."""

    type: Literal["host"]
    token: Token
    screen: bool = False


class OpeningMessage(_Message):
    type: Literal["opening"]
    text: WireText


class ReplyMessage(_Message):
    type: Literal["reply"]
    text: WireText


class VoteMessage(_Message):
    type: Literal["vote"]
    reply_id: Annotated[str, Field(min_length=1, max_length=16)]
    skill: Annotated[str, Field(max_length=40)] | None = None


class StartMessage(_Message):
    type: Literal["start"]


class PauseMessage(_Message):
    type: Literal["pause"]


class ResumeMessage(_Message):
    type: Literal["resume"]


class SkipMessage(_Message):
    type: Literal["skip"]


class ExtendMessage(_Message):
    type: Literal["extend"]
    seconds: Annotated[int, Field(ge=1, le=600)]


class KickMessage(_Message):
    type: Literal["kick"]
    player_id: Annotated[str, Field(min_length=1, max_length=16)]


class HideMessage(_Message):
    type: Literal["hide"]
    reply_id: Annotated[str, Field(min_length=1, max_length=16)]


class ReviewMessage(_Message):
    """Approve a held reply or opening (or bring back a hidden reply), or take it down."""

    type: Literal["review"]
    player_id: Annotated[str, Field(min_length=1, max_length=16)]
    approve: bool


class PresentMessage(_Message):
    """Show a revealed round's debrief on the projector; `round: null` goes back to live."""

    type: Literal["present"]
    round: Annotated[int, Field(ge=1, le=50)] | None


class SpotlightMessage(_Message):
    """Put a reply of the presented round full screen (`reply_id: null` clears it)."""

    type: Literal["spotlight"]
    reply_id: Annotated[str, Field(min_length=1, max_length=16)] | None
    named: bool = False


class LockMessage(_Message):
    type: Literal["lock"]


class UnlockMessage(_Message):
    type: Literal["unlock"]


class EndMessage(_Message):
    type: Literal["end"]


HelloMessage = JoinMessage | RejoinMessage | HostMessage
PlayerMessage = OpeningMessage | ReplyMessage | VoteMessage
HostCommandMessage = (
    StartMessage
    | PauseMessage
    | ResumeMessage
    | SkipMessage
    | ExtendMessage
    | KickMessage
    | HideMessage
    | ReviewMessage
    | PresentMessage
    | SpotlightMessage
    | LockMessage
    | UnlockMessage
    | EndMessage
)
ClientMessage = Annotated[
    HelloMessage | PlayerMessage | HostCommandMessage, Field(discriminator="type")
]
CLIENT_MESSAGE = TypeAdapter[ClientMessage](ClientMessage)
