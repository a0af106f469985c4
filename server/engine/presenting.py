"""The debrief on the projector: which revealed round it shows and which reply is in the
spotlight. Presenting pauses the clock so the room can talk; going back resumes it."""

from .commands import Present, Spotlight
from .errors import ErrorCode, RuleError
from .events import Event, PresentationChanged
from .phases import freeze_clock, thaw_clock
from .state import Presentation, RoomState


def present(state: RoomState, command: Present, now_ms: int, events: list[Event]) -> None:
    current = state.presentation
    if command.round is None:
        if current is None:
            return
        state.presentation = None
        if current.paused_clock:
            thaw_clock(state, now_ms)
        events.append(PresentationChanged(round=None))
        return
    if state.revealed_round(command.round) is None:
        raise RuleError(ErrorCode.UNKNOWN_ROUND, f"Round {command.round} has no results yet.")
    # Only the presentation that froze the clock thaws it, so a pause the host made stays.
    paused_clock = current.paused_clock if current else freeze_clock(state, now_ms)
    state.presentation = Presentation(round=command.round, paused_clock=paused_clock)
    events.append(PresentationChanged(round=command.round))


def spotlight(state: RoomState, command: Spotlight, events: list[Event]) -> None:
    shown = state.presentation
    if shown is None:
        raise RuleError(ErrorCode.WRONG_PHASE, "Show a round's debrief first.")
    round_ = state.revealed_round(shown.round)
    assert round_ is not None, "only revealed rounds are presented"
    if command.reply_id is not None:
        reply = round_.reply_by_id(command.reply_id)
        if reply is None or not round_.is_shown(reply.author_id):
            raise RuleError(ErrorCode.UNKNOWN_REPLY, f"No reply {command.reply_id!r} to show.")
    shown.spotlight = command.reply_id
    shown.spotlight_named = command.named and not state.settings.anonymous
    events.append(PresentationChanged(round=shown.round))
