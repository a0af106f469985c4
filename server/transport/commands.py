"""Mapping wire messages to engine commands, adding who sent them from the socket's seat."""

from server.engine import ErrorCode, RuleError
from server.engine import commands as c
from server.protocol import client as m
from server.rooms.profanity import TextCheck

PLAYER_MESSAGES = (m.OpeningMessage, m.ReplyMessage, m.VoteMessage)


def command_for(message: m.ClientMessage, player_id: str | None, check: TextCheck) -> c.Command:
    """The engine command for `message` from `player_id` (None: the host); `check` gives
    the profanity verdict on a player's text."""
    if isinstance(message, m.JoinMessage | m.RejoinMessage | m.HostMessage):
        raise RuleError(ErrorCode.INVALID_MESSAGE, "This socket has already joined the room.")
    is_player_message = isinstance(message, PLAYER_MESSAGES)
    if is_player_message != (player_id is not None):
        who = "players" if is_player_message else "the host"
        raise RuleError(ErrorCode.NOT_ALLOWED, f"Only {who} can send {message.type!r}.")
    if player_id is not None:
        return _player_command(message, player_id, check)
    return _host_command(message)


def _player_command(message: m.ClientMessage, player_id: str, check: TextCheck) -> c.Command:
    match message:
        case m.OpeningMessage():
            return c.SendOpening(player_id, message.text, flagged=check.flags(message.text))
        case m.ReplyMessage():
            return c.SendReply(player_id, message.text, flagged=check.flags(message.text))
        case m.VoteMessage():
            return c.CastVote(player_id=player_id, reply_id=message.reply_id, skill=message.skill)
    raise AssertionError(f"not a player message: {message.type}")


def _host_command(message: m.ClientMessage) -> c.Command:
    match message:
        case m.PauseMessage():
            return c.Pause()
        case m.ResumeMessage():
            return c.Resume()
        case m.SkipMessage():
            return c.Skip()
        case m.ExtendMessage():
            return c.Extend(seconds=message.seconds)
        case m.KickMessage():
            return c.Kick(player_id=message.player_id)
        case m.HideMessage():
            return c.HideReply(reply_id=message.reply_id)
        case m.ReviewMessage():
            return c.Review(player_id=message.player_id, approve=message.approve)
        case m.PresentMessage():
            return c.Present(round=message.round)
        case m.SpotlightMessage():
            return c.Spotlight(reply_id=message.reply_id, named=message.named)
        case m.LockMessage():
            return c.Lock()
        case m.UnlockMessage():
            return c.Unlock()
        case m.EndMessage():
            return c.End()
    raise AssertionError(f"not a host message: {message.type}")
