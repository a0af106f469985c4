"""HTTP routes: open a room, read a room and its leaderboard, list decks, health."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from server.engine import ErrorCode, RoomSettings, RoomState, RuleError
from server.protocol.standings import rank_players
from server.rooms import RoomService
from server.storage import StoreUnavailable

from .errors import error_response
from .facilitator import require_facilitator
from .limits import FailedLookupLimiter
from .pages import join_url

router = APIRouter()


def _service(request: Request) -> RoomService:
    service: RoomService = request.app.state.service
    return service


@router.post("/api/rooms", status_code=201)
async def open_room(
    request: Request,
    settings: Annotated[RoomSettings | None, Body()] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Open a room. The host token comes back only here: keep it to host the room."""
    require_facilitator(request, authorization)
    opened = await _service(request).open_room(settings or RoomSettings())
    return {
        "code": opened.state.code,
        "host_token": opened.host_token,
        "join_url": join_url(request, opened.state.code),
        "settings": opened.state.settings.model_dump(),
    }


async def _load_limited(request: Request, code: str) -> RoomState:
    """The room; an address that keeps asking for rooms that do not exist gets 429."""
    lookups: FailedLookupLimiter = request.app.state.lookups
    address = request.client.host if request.client else "unknown"
    if lookups.blocked(address):
        raise RuleError(ErrorCode.RATE_LIMITED, "Too many unknown room codes; wait a minute.")
    try:
        return await _service(request).load(code)
    except RuleError:
        lookups.record_failure(address)
        raise


@router.get("/api/rooms/{code}")
async def read_room(request: Request, code: str) -> dict[str, Any]:
    state = await _load_limited(request, code)
    return {
        "code": state.code,
        "phase": state.phase,
        "round": state.round.number if state.round else len(state.history),
        "rounds_total": state.rounds_total,
        "locked": state.locked,
        "settings": state.settings.model_dump(),
        "cards": [card.id for card in state.cards],
        "players": [
            {
                "id": s.player.id,
                "name": s.player.name,
                "connected": s.player.connected,
                "score": s.score,
                "rank": s.rank,
            }
            for s in rank_players(state.players)
        ],
    }


@router.get("/api/rooms/{code}/leaderboard")
async def read_leaderboard(request: Request, code: str) -> dict[str, Any]:
    """Standings as stored in the leaderboard sorted set; ties stay in join order."""
    service = _service(request)
    state = await _load_limited(request, code)
    scores = await service.storage.leaderboard.scores(state.code)
    listed = [p for p in state.players if p.id in scores]
    return {
        "entries": [
            {"player_id": s.player.id, "name": s.player.name, "score": s.score, "rank": s.rank}
            for s in rank_players(listed, scores)
        ]
    }


@router.get("/metrics", response_class=Response)
async def metrics(request: Request) -> Response:
    """Prometheus text format: rooms, sockets, messages, refusals, snapshot time, store errors."""
    return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE_LATEST)


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
async def readyz(request: Request) -> dict[str, str] | JSONResponse:
    try:
        await _service(request).storage.rooms.ping()
    except StoreUnavailable:
        return error_response(503, ErrorCode.STORE_UNAVAILABLE, "The store is not answering.")
    return {"status": "ready"}
