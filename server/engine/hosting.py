"""What the host does: start, steer the clock, keep the room in order, end."""

from .commands import Extend, Kick, Start
from .errors import ErrorCode, RuleError
from .events import Event, PlayerKicked, RoomSettingsChanged
from .phases import advance, enter, freeze_clock, is_timed, thaw_clock
from .rounds import draw_cards, playable_cards, rounds_for
from .state import Phase, RoomState, Round

MIN_PLAYERS = 3


def start(state: RoomState, command: Start, now_ms: int, events: list[Event]) -> None:
    if state.phase is not Phase.LOBBY:
        raise RuleError(ErrorCode.WRONG_PHASE, "The game has already started.")
    if len(state.connected_players()) < MIN_PLAYERS:
        raise RuleError(
            ErrorCode.NOT_ENOUGH_PLAYERS, f"At least {MIN_PLAYERS} players are needed to start."
        )
    playable = playable_cards(command.pool, state.settings.focus_skills)
    if not playable:
        raise RuleError(ErrorCode.NO_CARDS, "No card in the chosen decks trains a focus skill.")
    state.rounds_total = rounds_for(state, len(playable))
    state.cards = draw_cards(state.seed, playable, state.rounds_total)
    enter(state, Phase.BRIEFING, now_ms, events)


def pause(state: RoomState, now_ms: int, events: list[Event]) -> None:
    _require_timed(state)
    if freeze_clock(state, now_ms):
        events.append(RoomSettingsChanged())


def resume(state: RoomState, now_ms: int, events: list[Event]) -> None:
    _require_timed(state)
    if thaw_clock(state, now_ms):
        if state.presentation is not None:
            # The host took the clock back; going back to live must not resume it again.
            state.presentation.paused_clock = False
        events.append(RoomSettingsChanged())


def skip(state: RoomState, now_ms: int, events: list[Event]) -> None:
    _require_timed(state)
    advance(state, now_ms, events)


def extend(state: RoomState, command: Extend, now_ms: int, events: list[Event]) -> None:
    _require_timed(state)
    extra_ms = command.seconds * 1000
    if state.paused_remaining_ms is not None:
        state.paused_remaining_ms += extra_ms
    elif state.deadline_ms is not None:
        state.deadline_ms = max(state.deadline_ms, now_ms) + extra_ms
    events.append(RoomSettingsChanged())


def kick(state: RoomState, command: Kick, events: list[Event]) -> None:
    player = state.player(command.player_id)
    if player is None:
        raise RuleError(ErrorCode.UNKNOWN_PLAYER, f"No player {command.player_id!r} here.")
    state.remove_player(player)
    state.departed[player.id] = player.name
    # What the player did in a round still open goes with them; scored rounds stay as played.
    if state.round is not None and state.phase is Phase.REPLYING:
        state.round.replies.pop(player.id, None)
    if state.round is not None and state.phase is Phase.VOTING:
        _withdraw_from_ballot(state.round, player.id)
    events.append(PlayerKicked(player_id=player.id))


def set_locked(state: RoomState, locked: bool, events: list[Event]) -> None:
    if state.locked != locked:
        state.locked = locked
        events.append(RoomSettingsChanged())


def end(state: RoomState, now_ms: int, events: list[Event]) -> None:
    if state.phase is Phase.FINISHED:
        raise RuleError(ErrorCode.GAME_OVER, "This game has already finished.")
    enter(state, Phase.FINISHED, now_ms, events)


def _withdraw_from_ballot(round_: Round, player_id: str) -> None:
    """Drop the player's reply and vote; whoever voted for that reply may vote again."""
    round_.ballot = [reply for reply in round_.ballot if reply.author_id != player_id]
    remaining = {reply.id for reply in round_.ballot}
    round_.votes = {
        voter: vote
        for voter, vote in round_.votes.items()
        if voter != player_id and vote.reply_id in remaining
    }


def _require_timed(state: RoomState) -> None:
    if not is_timed(state.phase):
        raise RuleError(ErrorCode.WRONG_PHASE, f"There is no timer during {state.phase}.")
