"""Moderation: what a flagged name, opening or reply does under the room's setting, and the
host's review of replies. The profanity check itself runs in the shell; the engine only
sees its verdict, so the rules stay pure and replayable."""

from .commands import HideReply, Review
from .errors import ErrorCode, RuleError
from .events import Event, ReplyHidden, ReplyReviewed
from .state import Moderation, Phase, RoomState, Round

_REVIEWABLE = {Phase.BRIEFING, Phase.REPLYING, Phase.VOTING, Phase.REVEAL, Phase.SCOREBOARD}
_BEFORE_REVEAL = {Phase.BRIEFING, Phase.REPLYING, Phase.VOTING}


def check_name(state: RoomState, flagged: bool) -> bool:
    """Whether the joining player's name is marked for the host. Under `hold` a flagged
    name is refused: a name is on every screen at once, so it cannot wait in a queue."""
    mode = state.settings.moderation
    if flagged and mode is Moderation.HOLD:
        raise RuleError(ErrorCode.NAME_NOT_ALLOWED, "Please choose another name.")
    return flagged and mode is Moderation.FLAG


def mark_reply(state: RoomState, round_: Round, author_id: str, flagged: bool) -> None:
    """Record the check's verdict on the author's latest reply: a fresh reply is judged
    afresh, but the host's take-down stands for the round."""
    _discard(round_.flagged, author_id)
    _discard(round_.held, author_id)
    mode = state.settings.moderation
    if flagged and mode is not Moderation.OFF:
        round_.flagged.append(author_id)
        if mode is Moderation.HOLD:
            round_.held.append(author_id)


def mark_opening(state: RoomState, round_: Round, flagged: bool) -> None:
    mode = state.settings.moderation
    round_.opening_flagged = flagged and mode is not Moderation.OFF
    round_.opening_held = flagged and mode is Moderation.HOLD


def review(state: RoomState, command: Review, events: list[Event]) -> None:
    round_ = state.round
    if round_ is None or state.phase not in _REVIEWABLE:
        raise RuleError(ErrorCode.WRONG_PHASE, "There is no round to review.")
    if command.approve and state.phase not in _BEFORE_REVEAL:
        raise RuleError(ErrorCode.WRONG_PHASE, "Votes are counted; a reply can only go now.")
    if command.player_id == round_.customer_id and round_.opening_held:
        _review_opening(round_, command.approve)
    elif command.player_id in round_.replies:
        _review_reply(state, round_, command.player_id, command.approve)
    else:
        raise RuleError(ErrorCode.UNKNOWN_REPLY, "That player has no reply this round.")
    events.append(ReplyReviewed(player_id=command.player_id, approved=command.approve))


def hide_reply(state: RoomState, command: HideReply, events: list[Event]) -> None:
    """Take a ballot reply down by its id (the console's button on the ballot)."""
    round_ = state.round
    if round_ is None or not round_.ballot or state.phase not in _REVIEWABLE:
        raise RuleError(ErrorCode.WRONG_PHASE, "Replies can be hidden from voting on.")
    reply = round_.reply_by_id(command.reply_id)
    if reply is None:
        raise RuleError(ErrorCode.UNKNOWN_REPLY, f"No reply {command.reply_id!r} this round.")
    if reply.author_id in round_.hidden:
        return
    _review_reply(state, round_, reply.author_id, approve=False)
    events.append(ReplyHidden(reply_id=command.reply_id))


def _review_opening(round_: Round, approve: bool) -> None:
    round_.opening_held = False
    if not approve:
        round_.opening, round_.opening_defaulted = round_.card.opening, True


def _review_reply(state: RoomState, round_: Round, author_id: str, approve: bool) -> None:
    _discard(round_.held, author_id)
    if approve:
        _discard(round_.hidden, author_id)
        return
    if author_id not in round_.hidden:
        round_.hidden.append(author_id)
    if state.phase is Phase.VOTING:
        # Votes for it are void; whoever cast them may vote again.
        taken_down = {r.id for r in round_.ballot if r.author_id == author_id}
        round_.votes = {
            v: vote for v, vote in round_.votes.items() if vote.reply_id not in taken_down
        }


def _discard(ids: list[str], player_id: str) -> None:
    if player_id in ids:
        ids.remove(player_id)
