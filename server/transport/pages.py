"""The web client's pages, the join QR code, and the security headers on every response."""

import io
from pathlib import Path

import segno
from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.resources import data_dir
from server.rooms import RoomService
from server.settings import Settings

router = APIRouter()

# The front page is the join form, so a player who types only the address can join.
PAGES = {"/": "play.html", "/play": "play.html", "/host": "host.html", "/screen": "screen.html"}

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _page_route(path: str, file_name: str) -> None:
    async def page() -> FileResponse:
        return FileResponse(Path(data_dir("web_client")) / file_name, media_type="text/html")

    router.add_api_route(path, page, include_in_schema=False)


for _path, _file in PAGES.items():
    _page_route(_path, _file)


def join_url(request: Request, code: str) -> str:
    """The link players open; COUNTERPLAY_PUBLIC_URL wins over the address asked for."""
    settings: Settings = request.app.state.settings
    base = (settings.public_url or str(request.base_url)).rstrip("/")
    return f"{base}/play?room={code}"


@router.get("/api/rooms/{code}/qr.svg", response_class=Response)
async def join_qr(request: Request, code: str) -> Response:
    """An SVG QR code of the room's join link, for the lobby and the projector."""
    service: RoomService = request.app.state.service
    state = await service.load(code)
    svg = io.BytesIO()
    segno.make(join_url(request, state.code), error="m").save(
        svg, kind="svg", scale=8, border=2, dark="#111111", light="#ffffff", xmldecl=False
    )
    return Response(svg.getvalue(), media_type="image/svg+xml")


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every HTTP response (plain ASGI: sockets pass straight by)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
