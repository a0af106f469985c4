"""The WebSocket endpoint: greet, then one task reads commands and one sends snapshots."""

import asyncio
import json
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from fastapi import APIRouter, WebSocket
from pydantic import ValidationError
from starlette.websockets import WebSocketDisconnect, WebSocketState

from server.engine import ErrorCode, RoomState, RuleError
from server.engine.commands import Disconnect
from server.protocol.client import (
    CLIENT_MESSAGE,
    ClientMessage,
    HelloMessage,
    HostMessage,
    JoinMessage,
    RejoinMessage,
)
from server.protocol.server import AckMessage, ErrorMessage, SnapshotMessage, WelcomeMessage
from server.protocol.views import HOST, SCREEN, Viewer, player_viewer, snapshot_for
from server.rooms import Mailbox, RoomHub, RoomService
from server.rooms.codes import normalize_code
from server.rooms.service import Seat
from server.settings import Settings
from server.storage import StoreUnavailable

from .commands import command_for

log = logging.getLogger(__name__)
router = APIRouter()

CLOSE_SUPERSEDED = 4001
CLOSE_KICKED = 4003
CLOSE_JOIN_TIMEOUT = 4008
CLOSE_TOO_BIG = 1009
# The server (see cli.py) refuses bigger frames first; this guards an app run another way.
MAX_FRAME_CHARS = 16 * 1024


class _Closed(Exception):
    """The client went away."""


@dataclass(frozen=True)
class _Session:
    code: str
    seat: Seat
    viewer: Viewer
    connection: int


@router.websocket("/ws/rooms/{code}")
async def room_socket(websocket: WebSocket, code: str) -> None:
    service: RoomService = websocket.app.state.service
    hub: RoomHub = websocket.app.state.hub
    settings: Settings = websocket.app.state.settings
    await websocket.accept()
    try:
        session = await asyncio.wait_for(_greet(websocket, code, service), settings.join_timeout_s)
    except TimeoutError:
        await websocket.close(CLOSE_JOIN_TIMEOUT, "join timeout")
        return
    except _Closed:
        return
    try:
        async with hub.watch(session.code) as mailbox:
            await _converse(websocket, session, service, mailbox)
    finally:
        await _leave(service, session)


async def _greet(websocket: WebSocket, code: str, service: RoomService) -> _Session:
    """Read messages until one seats the client; each refusal is answered, the socket kept."""
    while True:
        raw = await _receive_text(websocket)
        try:
            hello = _parse_hello(raw)
            connection = secrets.randbits(62)
            seat = await _seat(service, code, hello, connection)
        except (RuleError, StoreUnavailable) as error:
            await websocket.send_text(_error_json(error, _ref_of(raw)))
            continue
        viewer = _viewer_for(hello, seat)
        welcome = WelcomeMessage(
            player_id=seat.player_id, token=seat.token, role=_role(viewer), ref=_ref_of(raw)
        )
        await websocket.send_text(welcome.model_dump_json())
        return _Session(normalize_code(code) or code, seat, viewer, connection)


def _viewer_for(hello: HelloMessage, seat: Seat) -> Viewer:
    if seat.player_id is not None:
        return player_viewer(seat.player_id)
    return SCREEN if isinstance(hello, HostMessage) and hello.screen else HOST


def _role(viewer: Viewer) -> Literal["player", "host", "screen"]:
    if viewer.player_id is not None:
        return "player"
    return "screen" if viewer.screen else "host"


def _parse_hello(raw: str | None) -> HelloMessage:
    message = _parse(raw)
    if not isinstance(message, JoinMessage | RejoinMessage | HostMessage):
        raise RuleError(ErrorCode.NOT_ALLOWED, "Join the room first (join, rejoin or host).")
    return message


async def _seat(service: RoomService, code: str, hello: HelloMessage, connection: int) -> Seat:
    if isinstance(hello, JoinMessage):
        return await service.join(code, hello.name, connection)
    if isinstance(hello, RejoinMessage):
        return await service.rejoin(code, hello.token, connection)
    return await service.check_host(code, hello.token)


async def _converse(
    websocket: WebSocket, session: _Session, service: RoomService, mailbox: Mailbox
) -> None:
    reader = asyncio.create_task(_read(websocket, session, service, mailbox))
    sender = asyncio.create_task(_send(websocket, session, mailbox, service.clock_ms))
    done, pending = await asyncio.wait({reader, sender}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        error = task.exception()
        if error and not isinstance(error, WebSocketDisconnect | RuntimeError | _Closed):
            log.error("room %s: socket task failed", session.code, exc_info=error)


async def _read(
    websocket: WebSocket, session: _Session, service: RoomService, mailbox: Mailbox
) -> None:
    while True:
        try:
            raw = await _receive_text(websocket)
        except _Closed:
            return
        ref = _ref_of(raw)
        try:
            message = _parse(raw)
            await _run(service, session, message)
        except (RuleError, StoreUnavailable) as error:
            mailbox.post(_error_json(error, ref))
            continue
        if ref is not None:
            mailbox.post(AckMessage(ref=ref).model_dump_json())


async def _run(service: RoomService, session: _Session, message: ClientMessage) -> None:
    if session.viewer.screen:
        raise RuleError(ErrorCode.NOT_ALLOWED, "The projector screen only shows the room.")
    if message.type == "start":
        if not session.viewer.is_host:
            raise RuleError(ErrorCode.NOT_ALLOWED, "Only the host can do that.")
        await service.start(session.code)
        return
    await service.execute(session.code, command_for(message, session.seat.player_id))


async def _send(
    websocket: WebSocket, session: _Session, mailbox: Mailbox, clock_ms: Callable[[], int]
) -> None:
    while True:
        messages, state = await mailbox.next()
        for message in messages:
            await websocket.send_text(message)
        if state is None or state.version < session.seat.version:
            continue
        close = _close_reason(state, session)
        if close:
            await websocket.close(*close)
            return
        snapshot = SnapshotMessage(state=snapshot_for(state, session.viewer, clock_ms()))
        await websocket.send_text(snapshot.model_dump_json())


def _close_reason(state: RoomState, session: _Session) -> tuple[int, str] | None:
    if session.seat.player_id is None:
        return None
    player = state.player(session.seat.player_id)
    if player is None:
        return CLOSE_KICKED, "removed by the host"
    if player.connection != session.connection:
        return CLOSE_SUPERSEDED, "replaced by a newer connection"
    return None


async def _leave(service: RoomService, session: _Session) -> None:
    player_id = session.seat.player_id
    if player_id is None:
        return
    try:
        await service.execute(
            session.code, Disconnect(player_id=player_id, connection=session.connection)
        )
    except (RuleError, StoreUnavailable) as error:
        log.warning("room %s: could not mark %s disconnected: %s", session.code, player_id, error)


async def _receive_text(websocket: WebSocket) -> str | None:
    """The next text frame; None for a binary frame (which the protocol does not use)."""
    if websocket.client_state is not WebSocketState.CONNECTED:
        raise _Closed
    try:
        frame = await websocket.receive()
    except (WebSocketDisconnect, RuntimeError) as error:
        raise _Closed from error
    if frame["type"] == "websocket.disconnect":
        raise _Closed
    text = frame.get("text")
    if not isinstance(text, str):
        return None
    if len(text) > MAX_FRAME_CHARS:
        await websocket.close(CLOSE_TOO_BIG, "message too big")
        raise _Closed
    return text


def _parse(raw: str | None) -> ClientMessage:
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


def _ref_of(raw: str | None) -> str | None:
    try:
        ref = json.loads(raw or "").get("ref")
    except (ValueError, AttributeError):
        return None
    return ref if isinstance(ref, str) and len(ref) <= 64 else None


def _error_json(error: RuleError | StoreUnavailable, ref: str | None) -> str:
    if isinstance(error, StoreUnavailable):
        code, text = ErrorCode.STORE_UNAVAILABLE, "The store is not answering; try again."
    else:
        code, text = error.code, error.message
    return ErrorMessage(code=code, message=text, ref=ref).model_dump_json()
