"""The WebSocket endpoint: greet, then one task reads commands and one sends snapshots."""

import asyncio
import logging
import time
from dataclasses import dataclass
from typing import Literal

from fastapi import WebSocket
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocketDisconnect

from server.engine import ErrorCode, RoomState, RuleError
from server.engine.commands import Disconnect
from server.engine.state import Moderation
from server.metrics import Metrics
from server.protocol.client import (
    ClientMessage,
    HelloMessage,
    HostMessage,
    JoinMessage,
    RejoinMessage,
)
from server.protocol.fanout import LatestSnapshots, SnapshotCache, text_frame
from server.protocol.roster import Roster
from server.protocol.server import AckMessage, WelcomeMessage
from server.protocol.views import HOST, SCREEN, RoomFacts, Viewer, player_viewer, settings_view
from server.rooms import Mailbox, RoomHub, RoomService
from server.rooms.codes import normalize_code
from server.rooms.hub import SendNow
from server.rooms.presence import new_connection
from server.rooms.profanity import NO_CHECK
from server.rooms.service import Seat
from server.settings import Settings
from server.storage import StoreUnavailable

from .commands import command_for
from .direct_send import DirectSocket
from .frames import Closed, error_code, error_json, parse, receive_text, ref_of
from .limits import FailedLookupLimiter, MessageLimiter, origin_allowed

log = logging.getLogger(__name__)
ROOM_SOCKET_PREFIX = "/ws/rooms/"

CLOSE_POLICY = 1008
CLOSE_SUPERSEDED = 4001
CLOSE_KICKED = 4003
CLOSE_JOIN_TIMEOUT = 4008
LOOKUP_FAILURES = {ErrorCode.ROOM_NOT_FOUND, ErrorCode.BAD_TOKEN}


@dataclass
class SocketContext:
    """What every socket of this process shares."""

    service: RoomService
    hub: RoomHub
    settings: Settings
    metrics: Metrics
    lookups: FailedLookupLimiter
    snapshots: LatestSnapshots
    instance: int  # this server process, named in its sockets' connection ids


@dataclass(frozen=True)
class _Session:
    """What a socket keeps of its seat once welcomed: who it speaks for, the room version
    that seated it, and whether the room moderates texts (not the seat's token or the rest of
    the room's settings, which the welcome sent)."""

    code: str
    player_id: str | None
    seat_version: int
    viewer: Viewer
    connection: int
    moderated: bool


class RoomSocketRoute:
    """Serves `/ws/rooms/{code}` itself, ahead of the framework's routing.

    A socket's application task stays suspended in its handler for as long as the player
    is connected, and with it every routing and middleware layer it passed on the way in
    (about 20 coroutine frames, ~9 KB per socket). Other requests go on to `app`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        code = _room_code(scope) if scope["type"] == "websocket" else None
        if code is None:
            await self.app(scope, receive, send)
            return
        await room_socket(WebSocket(scope, receive, send), code)


def _room_code(scope: Scope) -> str | None:
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    code = path.removeprefix(ROOM_SOCKET_PREFIX)
    return code if code != path and code and "/" not in code else None


async def room_socket(websocket: WebSocket, code: str) -> None:
    context: SocketContext = websocket.app.state.sockets
    origin, host = websocket.headers.get("origin"), websocket.headers.get("host")
    if not origin_allowed(origin, host, context.settings.allowed_origins):
        await websocket.close(CLOSE_POLICY)  # before accept: the handshake gets HTTP 403
        return
    await websocket.accept()
    try:
        greeting = _greet(websocket, code, context)
        session = await asyncio.wait_for(greeting, context.settings.join_timeout_s)
    except TimeoutError:
        await websocket.close(CLOSE_JOIN_TIMEOUT, "join timeout")
        return
    except Closed:
        return
    role = _role(session.viewer)
    context.metrics.sockets_open.labels(role).inc()
    try:
        sent = _Sent()
        send_now = _sender_now(websocket, session, context, sent)
        last = session.player_id is None  # the console and the projector
        async with context.hub.watch(session.code, send_now, last) as mailbox:
            await _converse(websocket, session, context, mailbox, sent)
    finally:
        if not context.hub.is_watching(session.code):
            context.snapshots.forget(session.code)
        context.metrics.sockets_open.labels(role).dec()
        await _leave(context.service, session)


async def _greet(websocket: WebSocket, code: str, context: SocketContext) -> _Session:
    """Read messages until one seats the client; each refusal is answered, the socket kept."""
    address = websocket.client.host if websocket.client else "unknown"
    while True:
        raw = await receive_text(websocket)
        try:
            if context.lookups.blocked(address):
                raise RuleError(ErrorCode.RATE_LIMITED, "Too many failed attempts; wait a minute.")
            hello = _parse_hello(raw)
            connection = new_connection(context.instance)
            seat = await _seat(context.service, code, hello, connection)
        except (RuleError, StoreUnavailable) as error:
            if isinstance(error, StoreUnavailable):
                context.metrics.store_errors.inc()
            if error_code(error) in LOOKUP_FAILURES:
                context.lookups.record_failure(address)
            context.metrics.refusals.labels(error_code(error)).inc()
            await websocket.send_text(error_json(error, ref_of(raw)))
            continue
        viewer = _viewer_for(hello, seat)
        welcome = WelcomeMessage(
            player_id=seat.player_id,
            token=seat.token,
            role=_role(viewer),
            settings=settings_view(seat.settings),
            ref=ref_of(raw),
        )
        await websocket.send_text(welcome.model_dump_json())
        room = normalize_code(code) or code
        log.info("seated", extra={"room": room, "player": seat.player_id, "event": hello.type})
        moderated = seat.settings.moderation is not Moderation.OFF
        return _Session(room, seat.player_id, seat.version, viewer, connection, moderated)


def _parse_hello(raw: str | None) -> HelloMessage:
    message = parse(raw)
    if not isinstance(message, JoinMessage | RejoinMessage | HostMessage):
        raise RuleError(ErrorCode.NOT_ALLOWED, "Join the room first (join, rejoin or host).")
    return message


async def _seat(service: RoomService, code: str, hello: HelloMessage, connection: int) -> Seat:
    if isinstance(hello, JoinMessage):
        return await service.join(code, hello.name, hello.team, connection)
    if isinstance(hello, RejoinMessage):
        return await service.rejoin(code, hello.token, connection)
    return await service.check_host(code, hello.token)


def _viewer_for(hello: HelloMessage, seat: Seat) -> Viewer:
    if seat.player_id is not None:
        return player_viewer(seat.player_id)
    return SCREEN if isinstance(hello, HostMessage) and hello.screen else HOST


def _role(viewer: Viewer) -> Literal["player", "host", "screen"]:
    if viewer.player_id is not None:
        return "player"
    return "screen" if viewer.screen else "host"


class _Sent:
    """The last `you` message this socket sent: it goes again only when it changes; and the
    roster its seat was last found in (a kick or a newer socket changes the roster)."""

    __slots__ = ("roster", "you")

    def __init__(self) -> None:
        self.you: str | None = None
        self.roster: Roster | None = None

    def you_if_new(self, snapshots: SnapshotCache, session: _Session) -> str | None:
        you = snapshots.you_for(session.player_id) if session.player_id else None
        if you is None or you is self.you or you == self.you:
            return None
        self.you = you
        return you


async def _converse(
    websocket: WebSocket,
    session: _Session,
    context: SocketContext,
    mailbox: Mailbox,
    sent: _Sent,
) -> None:
    reader = asyncio.create_task(_read(websocket, session, context, mailbox))
    sender = asyncio.create_task(_send(websocket, session, context, mailbox, sent))
    done, pending = await asyncio.wait({reader, sender}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        error = task.exception()
        if error and not isinstance(error, WebSocketDisconnect | RuntimeError | Closed):
            log.error("socket task failed", extra={"room": session.code}, exc_info=error)


async def _read(
    websocket: WebSocket, session: _Session, context: SocketContext, mailbox: Mailbox
) -> None:
    limiter = MessageLimiter()
    while True:
        try:
            raw = await receive_text(websocket)
        except Closed:
            return
        context.metrics.messages_in.inc()
        message: ClientMessage | None = None
        try:
            if not limiter.allow():
                raise RuleError(ErrorCode.RATE_LIMITED, "Slow down: too many messages.")
            message = parse(raw)
            await _run(context.service, session, message)
        except (RuleError, StoreUnavailable) as error:
            if isinstance(error, StoreUnavailable):
                context.metrics.store_errors.inc()
            context.metrics.refusals.labels(error_code(error)).inc()
            # A message that did not parse may still carry a usable ref.
            mailbox.post(error_json(error, message.ref if message else ref_of(raw)))
            if limiter.flooding:
                await websocket.close(CLOSE_POLICY, "flooding")
                return
            continue
        if message.ref is not None:
            mailbox.post(AckMessage(ref=message.ref).model_dump_json())


async def _run(service: RoomService, session: _Session, message: ClientMessage) -> None:
    if session.viewer.screen:
        raise RuleError(ErrorCode.NOT_ALLOWED, "The projector screen only shows the room.")
    if message.type == "start":
        if not session.viewer.is_host:
            raise RuleError(ErrorCode.NOT_ALLOWED, "Only the host can do that.")
        await service.start(session.code)
        return
    # A room without moderation ignores flags: its texts need no check.
    check = service.profanity if session.moderated else NO_CHECK
    command = command_for(message, session.player_id, check)
    await service.execute(session.code, command)


async def _send(
    websocket: WebSocket,
    session: _Session,
    context: SocketContext,
    mailbox: Mailbox,
    sent: _Sent,
) -> None:
    """Send what the mailbox holds; give up on a client that stops reading."""
    while True:
        messages, state = await mailbox.next()
        try:
            async with asyncio.timeout(context.settings.send_timeout_s):
                if not await _deliver(websocket, session, context, sent, messages, state):
                    return
        except TimeoutError:
            log.warning("dropped a socket that stopped reading", extra={"room": session.code})
            return


async def _deliver(
    websocket: WebSocket,
    session: _Session,
    context: SocketContext,
    sent: _Sent,
    messages: list[str],
    state: RoomState | None,
) -> bool:
    """Send the direct messages, then the state's `you` if it changed and its snapshot;
    False once the socket is closed."""
    for message in messages:
        await websocket.send_text(message)
    context.metrics.messages_out.inc(len(messages))
    if state is None or state.version < session.seat_version:
        return True
    snapshots = context.snapshots.for_state(state)
    close = _close_reason(snapshots.facts, session)
    if close:
        await websocket.close(*close)
        return False
    started = time.perf_counter()
    you = sent.you_if_new(snapshots, session)
    if you is not None:
        await websocket.send_text(you)
    await websocket.send_text(snapshots.message_for(session.viewer))
    context.metrics.snapshot_seconds.observe(time.perf_counter() - started)
    context.metrics.messages_out.inc(1 if you is None else 2)
    return True


def _sender_now(
    websocket: WebSocket, session: _Session, context: SocketContext, sent: _Sent
) -> SendNow | None:
    """The mailbox's way to write at once, when uvicorn lets us write frames ourselves.
    It declines what needs an await (closing the socket) and anything while the socket's
    buffer is full; the sender task then sends it the ASGI way, with its timeout."""
    direct = DirectSocket.of(websocket.scope)
    if direct is None:
        return None
    # Run for every socket of every change: what it reads is looked up once, here.
    ready, write, latest = direct.ready, direct.write, context.snapshots.for_state
    viewer, count = session.viewer, context.metrics.messages_out

    def send_now(item: RoomState | str) -> bool:
        if not ready():
            return False
        if isinstance(item, str):
            write(text_frame(item))
            count.inc()
            return True
        if item.version < session.seat_version:
            return True
        snapshots = latest(item)
        roster = snapshots.facts.roster
        if session.player_id is not None and roster is not sent.roster:
            if _close_reason(snapshots.facts, session):
                return False
            sent.roster = roster
        you = sent.you_if_new(snapshots, session)
        snapshot = snapshots.frame_for(viewer)
        # One write (one system call) for both when the `you` changed too.
        write(snapshot if you is None else text_frame(you) + snapshot)
        count.inc(1 if you is None else 2)
        return True

    return send_now


def _close_reason(facts: RoomFacts, session: _Session) -> tuple[int, str] | None:
    if session.player_id is None:
        return None
    standing = facts.standing_of.get(session.player_id)
    player = standing.player if standing else None
    if player is None:
        return CLOSE_KICKED, "removed by the host"
    if player.connection != session.connection:
        return CLOSE_SUPERSEDED, "replaced by a newer connection"
    return None


async def _leave(service: RoomService, session: _Session) -> None:
    player_id = session.player_id
    if player_id is None:
        return
    try:
        await service.execute(
            session.code, Disconnect(player_id=player_id, connection=session.connection)
        )
    except (RuleError, StoreUnavailable) as error:
        log.warning(
            "could not mark a player disconnected: %s",
            error.__class__.__name__,
            extra={"room": session.code, "player": player_id},
        )
