"""Who may read what over HTTP: the app's RoomService, the facilitator key and a room's
host token, both sent as `Authorization: Bearer ...` (never in a URL, so never logged)."""

import hmac
import secrets

from fastapi import Request

from server.engine import ErrorCode, RoomState, RuleError
from server.rooms import RoomService
from server.rooms.codes import token_hash
from server.settings import Settings

from .limits import FailedLookupLimiter


def service_of(request: Request) -> RoomService:
    service: RoomService = request.app.state.service
    return service


def bearer(authorization: str | None) -> str | None:
    scheme, _, value = (authorization or "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def holds_facilitator_key(request: Request, authorization: str | None) -> bool:
    """True when the server has a facilitator key and it was sent."""
    settings: Settings = request.app.state.settings
    key, sent = settings.facilitator_key, bearer(authorization)
    return (
        key is not None
        and sent is not None
        and secrets.compare_digest(sent, key.get_secret_value())
    )


def require_facilitator(request: Request, authorization: str | None) -> None:
    """When the server has a facilitator key, opening rooms, uploading and reading decks
    and the history need it."""
    settings: Settings = request.app.state.settings
    if settings.facilitator_key is not None and not holds_facilitator_key(request, authorization):
        raise RuleError(ErrorCode.NOT_ALLOWED, "This needs the facilitator key.")


def holds_host_token(state: RoomState, authorization: str | None) -> bool:
    sent = bearer(authorization)
    return sent is not None and hmac.compare_digest(token_hash(sent), state.host_token_hash)


def require_room_owner(request: Request, state: RoomState, authorization: str | None) -> None:
    """The room's host token or the facilitator key; a wrong token counts as a failed
    lookup, so guessing tokens is as slow as guessing codes."""
    if holds_host_token(state, authorization) or holds_facilitator_key(request, authorization):
        return
    lookups: FailedLookupLimiter = request.app.state.lookups
    lookups.record_failure(request.client.host if request.client else "unknown")
    raise RuleError(ErrorCode.BAD_TOKEN, "This needs the room's host token.")
