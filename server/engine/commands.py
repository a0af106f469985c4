"""Commands: what someone asks the room to do. Player commands name the acting player;
the transport fills that in from the authenticated socket, never from the wire."""

from dataclasses import dataclass

from .cards import Card


@dataclass(frozen=True)
class Join:
    """`flagged`: the profanity check flagged the name (the shell runs it, the room's
    moderation setting decides what that means)."""

    name: str
    token_hash: str
    connection: int
    team: str | None = None
    flagged: bool = False


@dataclass(frozen=True)
class Connect:
    """The player holding this token opened a new socket (rejoin); an older one is
    superseded."""

    token_hash: str
    connection: int


@dataclass(frozen=True)
class Disconnect:
    player_id: str
    connection: int


@dataclass(frozen=True)
class SendOpening:
    player_id: str
    text: str
    flagged: bool = False


@dataclass(frozen=True)
class SendReply:
    player_id: str
    text: str
    flagged: bool = False


@dataclass(frozen=True)
class CastVote:
    player_id: str
    reply_id: str
    skill: str | None = None


@dataclass(frozen=True)
class Start:
    """Begin the game. `pool` holds the cards of the room's decks; the engine keeps those
    that train a focus skill (if any are set) and draws with the room seed."""

    pool: tuple[Card, ...]


@dataclass(frozen=True)
class Pause:
    pass


@dataclass(frozen=True)
class Resume:
    pass


@dataclass(frozen=True)
class Skip:
    """End the current timed phase now."""


@dataclass(frozen=True)
class Extend:
    seconds: int


@dataclass(frozen=True)
class Kick:
    player_id: str


@dataclass(frozen=True)
class HideReply:
    """Take a reply off the ballot and off every player's and the projector's view."""

    reply_id: str


@dataclass(frozen=True)
class Review:
    """The host's decision on this round's reply (or opening) by `player_id`: approve it
    (out of the hold queue, or back from hidden) or take it down."""

    player_id: str
    approve: bool


@dataclass(frozen=True)
class Present:
    """Show the debrief of a revealed round on the projector (pausing the clock), or go
    back to the live game with `round=None`."""

    round: int | None


@dataclass(frozen=True)
class Spotlight:
    """Put one reply of the presented round full screen (None clears it); the author's
    name only if `named` and the room is not anonymous."""

    reply_id: str | None
    named: bool = False


@dataclass(frozen=True)
class Lock:
    pass


@dataclass(frozen=True)
class Unlock:
    pass


@dataclass(frozen=True)
class End:
    pass


@dataclass(frozen=True)
class Tick:
    """Time passed. Advances a phase whose deadline is due; otherwise changes nothing."""


PlayerCommand = Join | Connect | Disconnect | SendOpening | SendReply | CastVote
HostCommand = (
    Start
    | Pause
    | Resume
    | Skip
    | Extend
    | Kick
    | HideReply
    | Review
    | Present
    | Spotlight
    | Lock
    | Unlock
    | End
)
Command = PlayerCommand | HostCommand | Tick
