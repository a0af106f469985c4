"""Rule errors: every refused command carries a stable code the client can act on."""

from enum import StrEnum


class ErrorCode(StrEnum):
    INVALID_MESSAGE = "invalid_message"
    INVALID_SETTINGS = "invalid_settings"
    WRONG_PHASE = "wrong_phase"
    NOT_ALLOWED = "not_allowed"
    NAME_TAKEN = "name_taken"
    NAME_INVALID = "name_invalid"
    NAME_NOT_ALLOWED = "name_not_allowed"
    UNKNOWN_TEAM = "unknown_team"
    TEXT_TOO_LONG = "text_too_long"
    TEXT_EMPTY = "text_empty"
    ROOM_NOT_FOUND = "room_not_found"
    DECK_NOT_FOUND = "deck_not_found"
    INVALID_DECK = "invalid_deck"
    ROOM_LOCKED = "room_locked"
    ROOM_FULL = "room_full"
    NOT_ENOUGH_PLAYERS = "not_enough_players"
    NO_CARDS = "no_cards"
    OWN_REPLY = "own_reply"
    UNKNOWN_REPLY = "unknown_reply"
    REPLY_HIDDEN = "reply_hidden"
    UNKNOWN_SKILL = "unknown_skill"
    UNKNOWN_PLAYER = "unknown_player"
    UNKNOWN_ROUND = "unknown_round"
    BAD_TOKEN = "bad_token"
    GAME_OVER = "game_over"
    STORE_UNAVAILABLE = "store_unavailable"
    RATE_LIMITED = "rate_limited"


class RuleError(Exception):
    """A command the rules refuse. The state is unchanged; report `code` to the sender."""

    def __init__(self, code: ErrorCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
