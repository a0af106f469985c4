"""What players do: join, come and go, send the opening, reply, vote."""

from .commands import CastVote, Connect, Disconnect, Join, SendOpening, SendReply
from .errors import ErrorCode, RuleError
from .events import (
    Event,
    OpeningSent,
    PlayerConnected,
    PlayerDisconnected,
    PlayerJoined,
    ReplySent,
    VoteCast,
)
from .moderation import check_name, mark_opening, mark_reply
from .phases import PHASES
from .state import Phase, Player, RoomState, Round, Vote
from .text import clean_name, clean_text


def join(state: RoomState, command: Join, events: list[Event]) -> None:
    if state.phase is Phase.FINISHED:
        raise RuleError(ErrorCode.GAME_OVER, "This game has finished.")
    if state.locked:
        raise RuleError(ErrorCode.ROOM_LOCKED, "The host has locked this room.")
    if len(state.players) >= state.settings.max_players:
        raise RuleError(ErrorCode.ROOM_FULL, "This room is full.")
    name = clean_name(command.name)
    if state.name_in_use(name):
        raise RuleError(ErrorCode.NAME_TAKEN, f"Someone here is already called {name!r}.")
    team = _team_for(state, command.team)
    flagged = check_name(state, command.flagged)
    player = Player(
        id=f"p{state.next_seq}",
        name=name,
        token_hash=command.token_hash,
        seq=state.next_seq,
        connection=command.connection,
        team=team,
        flagged=flagged,
    )
    state.next_seq += 1
    state.add_player(player)
    events.append(PlayerJoined(player_id=player.id))


def connect(state: RoomState, command: Connect, events: list[Event]) -> None:
    player = next((p for p in state.players if p.token_hash == command.token_hash), None)
    if player is None:
        raise RuleError(ErrorCode.BAD_TOKEN, "That token does not belong to this room.")
    state.replace_player(player, connected=True, connection=command.connection)
    events.append(PlayerConnected(player_id=player.id))


def disconnect(state: RoomState, command: Disconnect, events: list[Event]) -> None:
    player = state.player(command.player_id)
    if player and player.connected and player.connection == command.connection:
        state.replace_player(player, connected=False)
        events.append(PlayerDisconnected(player_id=player.id))


def send_opening(state: RoomState, command: SendOpening, events: list[Event]) -> None:
    round_ = _round_accepting(state, SendOpening)
    if command.player_id != round_.customer_id:
        raise RuleError(ErrorCode.NOT_ALLOWED, "Only this round's customer sends the opening.")
    round_.opening = clean_text(command.text)
    mark_opening(state, round_, command.flagged)
    events.append(OpeningSent(player_id=command.player_id))


def send_reply(state: RoomState, command: SendReply, events: list[Event]) -> None:
    round_ = _round_accepting(state, SendReply)
    _known_player(state, command.player_id)
    if command.player_id == round_.customer_id:
        raise RuleError(ErrorCode.NOT_ALLOWED, "The customer does not reply this round.")
    round_.replies[command.player_id] = clean_text(command.text)
    mark_reply(state, round_, command.player_id, command.flagged)
    events.append(ReplySent(player_id=command.player_id))


def cast_vote(state: RoomState, command: CastVote, events: list[Event]) -> None:
    round_ = _round_accepting(state, CastVote)
    _known_player(state, command.player_id)
    reply = round_.reply_by_id(command.reply_id)
    if reply is None or reply.author_id in round_.held:
        raise RuleError(ErrorCode.UNKNOWN_REPLY, f"No reply {command.reply_id!r} this round.")
    if reply.author_id in round_.hidden:
        raise RuleError(ErrorCode.REPLY_HIDDEN, "The host has taken that reply down.")
    if reply.author_id == command.player_id:
        raise RuleError(ErrorCode.OWN_REPLY, "Vote for someone else's reply.")
    if command.skill is not None and command.skill not in state.skills:
        raise RuleError(ErrorCode.UNKNOWN_SKILL, f"No skill {command.skill!r} in this game.")
    round_.votes[command.player_id] = Vote(reply_id=reply.id, skill=command.skill)
    events.append(VoteCast(player_id=command.player_id))


def _team_for(state: RoomState, wanted: str | None) -> str | None:
    """The team as the facilitator spelled it; every player picks one when teams are set."""
    teams = state.settings.teams
    if not teams:
        return None
    match = next((t for t in teams if wanted and t.casefold() == wanted.strip().casefold()), None)
    if match is None:
        raise RuleError(ErrorCode.UNKNOWN_TEAM, f"Pick one of the teams: {', '.join(teams)}.")
    return match


def _known_player(state: RoomState, player_id: str) -> Player:
    player = state.player(player_id)
    if player is None:
        raise RuleError(ErrorCode.UNKNOWN_PLAYER, "You are no longer in this room.")
    return player


def _round_accepting(state: RoomState, move: type) -> Round:
    if move not in PHASES[state.phase].moves or state.round is None:
        raise RuleError(ErrorCode.WRONG_PHASE, f"That is not possible during {state.phase}.")
    return state.round
