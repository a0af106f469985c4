"""Events: what happened, in the past tense. The shell reads them to decide what to save."""

from dataclasses import dataclass, field

from .state import Phase


@dataclass(frozen=True)
class PlayerJoined:
    player_id: str


@dataclass(frozen=True)
class PlayerConnected:
    player_id: str


@dataclass(frozen=True)
class PlayerDisconnected:
    player_id: str


@dataclass(frozen=True)
class PlayerKicked:
    player_id: str


@dataclass(frozen=True)
class OpeningSent:
    player_id: str


@dataclass(frozen=True)
class ReplySent:
    player_id: str


@dataclass(frozen=True)
class VoteCast:
    player_id: str


@dataclass(frozen=True)
class ReplyHidden:
    reply_id: str


@dataclass(frozen=True)
class ReplyReviewed:
    player_id: str
    approved: bool


@dataclass(frozen=True)
class PresentationChanged:
    round: int | None


@dataclass(frozen=True)
class PhaseChanged:
    phase: Phase
    round: int


@dataclass(frozen=True)
class ScoresAwarded:
    points: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RoomSettingsChanged:
    """Lock, unlock, pause, resume or extend: nothing else to react to but the new state."""


Event = (
    PlayerJoined
    | PlayerConnected
    | PlayerDisconnected
    | PlayerKicked
    | OpeningSent
    | ReplySent
    | VoteCast
    | ReplyHidden
    | ReplyReviewed
    | PresentationChanged
    | PhaseChanged
    | ScoresAwarded
    | RoomSettingsChanged
)
