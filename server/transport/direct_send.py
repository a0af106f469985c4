"""Writing a text frame straight to the connection uvicorn made for a socket.

A room's fan-out writes one message to every socket. Through ASGI each write costs
Starlette's `send_text`, uvicorn's `send` (an await on the connection's flow control) and
websockets' framing, several times the write itself. `cli.py` runs uvicorn with
`DirectSendProtocol`, which offers its connection to the app in the scope's extensions;
`DirectSocket.of(scope)` wraps it, or is None when the app is served some other way, which
then keeps the ASGI send for everything."""

from typing import Any

from starlette.types import Scope
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.http11 import Request
from websockets.protocol import State

EXTENSION = "counterplay.direct_send"


class DirectSendProtocol(WebSocketsSansIOProtocol):
    """uvicorn's websockets-sansio connection, which lets the app write frames itself."""

    def handle_connect(self, event: Request) -> None:
        super().handle_connect(event)
        scope: Any = getattr(self, "scope", None)  # only a completed handshake has one
        if scope is not None:
            scope["extensions"][EXTENSION] = {"connection": self}

    async def send(self, message: Any) -> None:
        await super().send(message)
        if message["type"] == "websocket.accept" and self.handshake_complete:
            # Only the handshake reads them; their headers are ~4 KB a socket.
            del self.request, self.response


class DirectSocket:
    """Writes frames to the socket's transport, without waiting.

    It writes only while the connection is open and the transport has not asked its
    protocol to pause (its buffer is under the high-water mark); otherwise `ready()` is
    False and the caller sends the ASGI way, which waits for the buffer to drain."""

    __slots__ = ("_connection", "_transport", "_websocket", "_writable")

    def __init__(self, connection: DirectSendProtocol) -> None:
        # What `ready` reads for every socket of every fan-out, looked up once.
        self._connection = connection
        self._transport = connection.transport
        self._writable = connection.writable
        self._websocket = connection.conn

    @classmethod
    def of(cls, scope: Scope) -> "DirectSocket | None":
        offer = scope.get("extensions", {}).get(EXTENSION)
        connection = offer.get("connection") if offer else None
        return cls(connection) if isinstance(connection, DirectSendProtocol) else None

    def ready(self) -> bool:
        """True when `write` would go out now: open, and not held back by flow control.
        (A lost connection has a closing transport.)"""
        return (
            self._writable.is_set()
            and self._websocket.state is State.OPEN
            and not self._connection.close_sent
            and not self._transport.is_closing()
        )

    def write(self, frames: bytes) -> None:
        """Write encoded frames (`fanout.text_frame`); call only when `ready()`."""
        self._transport.write(frames)
