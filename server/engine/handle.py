"""The rules' one entry point: `handle(state, command, now_ms)`."""

from dataclasses import dataclass

from . import hosting, moderation, moves, presenting
from .commands import (
    CastVote,
    Command,
    Connect,
    Disconnect,
    End,
    Extend,
    HideReply,
    Join,
    Kick,
    Lock,
    Pause,
    Present,
    Resume,
    Review,
    SendOpening,
    SendReply,
    Skip,
    Spotlight,
    Start,
    Tick,
    Unlock,
)
from .events import Event
from .phases import advance, settle
from .state import RoomState


@dataclass(frozen=True)
class Outcome:
    """The state after a command and what happened. No events means nothing changed."""

    state: RoomState
    events: tuple[Event, ...]


def _apply(state: RoomState, command: Command, now_ms: int, events: list[Event]) -> None:
    match command:
        case Join():
            moves.join(state, command, events)
        case Connect():
            moves.connect(state, command, events)
        case Disconnect():
            moves.disconnect(state, command, events)
        case SendOpening():
            moves.send_opening(state, command, events)
        case SendReply():
            moves.send_reply(state, command, events)
        case CastVote():
            moves.cast_vote(state, command, events)
        case Start():
            hosting.start(state, command, now_ms, events)
        case Pause():
            hosting.pause(state, now_ms, events)
        case Resume():
            hosting.resume(state, now_ms, events)
        case Skip():
            hosting.skip(state, now_ms, events)
        case Extend():
            hosting.extend(state, command, now_ms, events)
        case Kick():
            hosting.kick(state, command, events)
        case HideReply():
            moderation.hide_reply(state, command, events)
        case Review():
            moderation.review(state, command, events)
        case Present():
            presenting.present(state, command, now_ms, events)
        case Spotlight():
            presenting.spotlight(state, command, events)
        case Lock() | Unlock():
            hosting.set_locked(state, isinstance(command, Lock), events)
        case End():
            hosting.end(state, now_ms, events)
        case Tick():
            advance(state, now_ms, events)


def handle(state: RoomState, command: Command, now_ms: int) -> Outcome:
    """Apply `command` at time `now_ms` to a copy of `state`. Raises RuleError.

    The caller saves `outcome.state` (its version already bumped) when there are events.
    """
    if isinstance(command, Tick) and not _is_due(state, now_ms):
        return Outcome(state, ())
    next_state = state.model_copy(deep=True)
    events = apply_in_place(next_state, command, now_ms)
    if not events:
        return Outcome(state, ())
    next_state.version += 1
    return Outcome(next_state, events)


def apply_in_place(state: RoomState, command: Command, now_ms: int) -> tuple[Event, ...]:
    """Apply `command` to `state` itself, for a caller that owns it (a batch of commands
    on a freshly loaded state). Does not bump the version.

    A RuleError leaves `state` unchanged: every rule checks everything before it changes
    anything (the property test holds the rules to that)."""
    if isinstance(command, Tick) and not _is_due(state, now_ms):
        return ()
    events: list[Event] = []
    _apply(state, command, now_ms, events)
    settle(state, now_ms, events)
    if events:
        state.updated_ms = now_ms
    return tuple(events)


def _is_due(state: RoomState, now_ms: int) -> bool:
    return state.deadline_ms is not None and now_ms >= state.deadline_ms
