"""The round in one table: for each phase, the player moves it accepts, its timer, when it
ends early, what happens on entering and leaving it, and what comes next."""

from collections.abc import Callable
from dataclasses import dataclass

from .commands import CastVote, SendOpening, SendReply
from .events import Event, PhaseChanged, ScoresAwarded
from .rounds import begin_round, next_customer, open_ballot
from .scoring import points_for_round
from .state import Phase, RoomState, Timers

Effect = Callable[[RoomState, list[Event]], None]


@dataclass(frozen=True)
class PhaseRule:
    moves: tuple[type, ...]
    duration_s: Callable[[Timers], int] | None
    ends_early: Callable[[RoomState], bool]
    next_phase: Callable[[RoomState], Phase]
    on_enter: Effect | None = None
    on_leave: Effect | None = None


def _never(state: RoomState) -> bool:
    return False


def _opening_sent(state: RoomState) -> bool:
    """Sent and not waiting for the host's approval."""
    round_ = state.round
    return round_ is not None and round_.opening is not None and not round_.opening_held


def _all_agents_replied(state: RoomState) -> bool:
    assert state.round is not None
    agents = [p for p in state.connected_players() if p.id != state.round.customer_id]
    return all(agent.id in state.round.replies for agent in agents)


def _all_voters_voted(state: RoomState) -> bool:
    assert state.round is not None
    authors = {reply.author_id for reply in state.round.votable()}
    voters = [p for p in state.connected_players() if authors - {p.id}]
    return all(voter.id in state.round.votes for voter in voters)


def _after_scoreboard(state: RoomState) -> Phase:
    assert state.round is not None
    has_more = state.round.number < state.rounds_total and state.players
    return Phase.BRIEFING if has_more else Phase.FINISHED


def _deal_round(state: RoomState, events: list[Event]) -> None:
    customer = next_customer(state)
    assert customer is not None, "a round only begins while the room has players"
    begin_round(state, customer)
    # A new round takes the projector back from any debrief.
    state.presentation = None


def _use_default_opening(state: RoomState, events: list[Event]) -> None:
    round_ = state.round
    assert round_ is not None
    if round_.opening is None or round_.opening_held:
        # A held opening nobody approved in time gives way to the card's own.
        round_.opening, round_.opening_defaulted = round_.card.opening, True
        round_.opening_held = False


def _open_ballot(state: RoomState, events: list[Event]) -> None:
    assert state.round is not None
    open_ballot(state, state.round)


def _award_points(state: RoomState, events: list[Event]) -> None:
    assert state.round is not None
    points = points_for_round(state.round, state.settings.scoring)
    state.round.points = points
    state.round.revealed = True
    state.players = [
        p.model_copy(update={"score": p.score + points[p.id]}) if p.id in points else p
        for p in state.players
    ]
    events.append(ScoresAwarded(points=points))


def _file_last_round(state: RoomState, events: list[Event]) -> None:
    if state.round is not None:
        state.history.append(state.round)
        state.round = None


PHASES: dict[Phase, PhaseRule] = {
    Phase.LOBBY: PhaseRule(
        moves=(), duration_s=None, ends_early=_never, next_phase=lambda s: Phase.BRIEFING
    ),
    Phase.BRIEFING: PhaseRule(
        moves=(SendOpening,),
        duration_s=lambda t: t.briefing,
        ends_early=_opening_sent,
        next_phase=lambda s: Phase.REPLYING,
        on_enter=_deal_round,
        on_leave=_use_default_opening,
    ),
    Phase.REPLYING: PhaseRule(
        moves=(SendReply,),
        duration_s=lambda t: t.replying,
        ends_early=_all_agents_replied,
        next_phase=lambda s: Phase.VOTING,
    ),
    Phase.VOTING: PhaseRule(
        moves=(CastVote,),
        duration_s=lambda t: t.voting,
        ends_early=_all_voters_voted,
        next_phase=lambda s: Phase.REVEAL,
        on_enter=_open_ballot,
    ),
    Phase.REVEAL: PhaseRule(
        moves=(),
        duration_s=lambda t: t.reveal,
        ends_early=_never,
        next_phase=lambda s: Phase.SCOREBOARD,
        on_enter=_award_points,
    ),
    Phase.SCOREBOARD: PhaseRule(
        moves=(), duration_s=lambda t: t.scoreboard, ends_early=_never, next_phase=_after_scoreboard
    ),
    Phase.FINISHED: PhaseRule(
        moves=(),
        duration_s=None,
        ends_early=_never,
        next_phase=lambda s: Phase.FINISHED,
        on_enter=_file_last_round,
    ),
}


def enter(state: RoomState, phase: Phase, now_ms: int, events: list[Event]) -> None:
    """Move into `phase`, run its entry effect and start its clock (frozen while paused)."""
    rule = PHASES[phase]
    state.phase = phase
    if phase is Phase.FINISHED:
        state.finished_ms = now_ms
    if rule.on_enter:
        rule.on_enter(state, events)
    duration_ms = rule.duration_s(state.settings.timers) * 1000 if rule.duration_s else None
    if duration_ms is None:
        state.deadline_ms = state.paused_remaining_ms = None
    elif state.paused:
        state.deadline_ms, state.paused_remaining_ms = None, duration_ms
    else:
        state.deadline_ms = now_ms + duration_ms
    events.append(PhaseChanged(phase=phase, round=state.round.number if state.round else 0))


def advance(state: RoomState, now_ms: int, events: list[Event]) -> None:
    """Leave the current phase for the one the table says comes next."""
    rule = PHASES[state.phase]
    if rule.on_leave:
        rule.on_leave(state, events)
    enter(state, rule.next_phase(state), now_ms, events)


def settle(state: RoomState, now_ms: int, events: list[Event]) -> None:
    """Advance past every phase that is already complete; a paused room stays put."""
    while not state.paused and PHASES[state.phase].ends_early(state):
        advance(state, now_ms, events)


def freeze_clock(state: RoomState, now_ms: int) -> bool:
    """Stop a running deadline, keeping the time left; True if it was running."""
    if state.deadline_ms is None:
        return False
    state.paused_remaining_ms = max(0, state.deadline_ms - now_ms)
    state.deadline_ms = None
    return True


def thaw_clock(state: RoomState, now_ms: int) -> bool:
    """Restart a frozen clock with the time it had left; True if it was frozen."""
    if state.paused_remaining_ms is None:
        return False
    state.deadline_ms = now_ms + state.paused_remaining_ms
    state.paused_remaining_ms = None
    return True


def is_timed(phase: Phase) -> bool:
    return PHASES[phase].duration_s is not None
