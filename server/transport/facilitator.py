"""The facilitator key: when the server has one, opening rooms and uploading decks need it."""

import secrets

from fastapi import Request

from server.engine import ErrorCode, RuleError
from server.settings import Settings


def require_facilitator(request: Request, authorization: str | None) -> None:
    settings: Settings = request.app.state.settings
    if settings.facilitator_key is None:
        return
    expected = f"Bearer {settings.facilitator_key.get_secret_value()}"
    if not authorization or not secrets.compare_digest(authorization, expected):
        raise RuleError(ErrorCode.NOT_ALLOWED, "This needs the facilitator key.")
