"""Reading frames and writing refusals: the wire details of the WebSocket endpoint."""

import json

from fastapi import WebSocket
from pydantic import ValidationError
from starlette.websockets import WebSocketDisconnect, WebSocketState

from server.engine import ErrorCode, RuleError
from server.protocol.client import CLIENT_MESSAGE, ClientMessage
from server.protocol.server import ErrorMessage
from server.storage import StoreUnavailable

CLOSE_TOO_BIG = 1009
# The server (see cli.py) refuses bigger frames first; this guards an app run another way.
MAX_FRAME_CHARS = 16 * 1024


class Closed(Exception):
    """The client went away."""


async def receive_text(websocket: WebSocket) -> str | None:
    """The next text frame; None for a binary frame (which the protocol does not use)."""
    if websocket.client_state is not WebSocketState.CONNECTED:
        raise Closed
    try:
        frame = await websocket.receive()
    except (WebSocketDisconnect, RuntimeError) as error:
        raise Closed from error
    if frame["type"] == "websocket.disconnect":
        raise Closed
    text = frame.get("text")
    if not isinstance(text, str):
        return None
    if len(text) > MAX_FRAME_CHARS:
        await websocket.close(CLOSE_TOO_BIG, "message too big")
        raise Closed
    return text


def parse(raw: str | None) -> ClientMessage:
    if raw is None:
        raise RuleError(ErrorCode.INVALID_MESSAGE, "Send JSON in text frames, not binary.")
    try:
        return CLIENT_MESSAGE.validate_json(raw)
    except ValidationError as error:
        raise RuleError(ErrorCode.INVALID_MESSAGE, _describe(error)) from error


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


def ref_of(raw: str | None) -> str | None:
    """The message's `ref`, if it has a usable one, even when the rest is invalid."""
    try:
        ref = json.loads(raw or "").get("ref")
    except (ValueError, AttributeError):
        return None
    return ref if isinstance(ref, str) and len(ref) <= 64 else None


def error_code(error: RuleError | StoreUnavailable) -> ErrorCode:
    return ErrorCode.STORE_UNAVAILABLE if isinstance(error, StoreUnavailable) else error.code


def error_json(error: RuleError | StoreUnavailable, ref: str | None) -> str:
    if isinstance(error, StoreUnavailable):
        text = "The store is not answering; try again."
    else:
        text = error.message
    return ErrorMessage(code=error_code(error), message=text, ref=ref).model_dump_json()
