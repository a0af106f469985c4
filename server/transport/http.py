"""HTTP routes: open a room, read a room and its leaderboard, list decks, health."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from server.engine import ErrorCode, RoomSettings, RoomState, RuleError
from server.engine.scoring import shared_ranks
from server.protocol.standings import rank_players
from server.protocol.views import RoomFacts, teams_view
from server.storage import StoreUnavailable

from .access import holds_facilitator_key, holds_host_token, require_facilitator, service_of
from .errors import error_response
from .limits import FailedLookupLimiter
from .pages import join_url

router = APIRouter()


@router.post("/api/rooms", status_code=201)
async def open_room(
    request: Request,
    settings: Annotated[RoomSettings | None, Body()] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Open a room. The host token comes back only here: keep it to host the room."""
    require_facilitator(request, authorization)
    opened = await service_of(request).open_room(settings or RoomSettings())
    return {
        "code": opened.state.code,
        "host_token": opened.host_token,
        "join_url": join_url(request, opened.state.code),
        "settings": opened.state.settings.model_dump(),
    }


async def load_limited(request: Request, code: str) -> RoomState:
    """The room; an address that keeps asking for rooms that do not exist gets 429."""
    lookups: FailedLookupLimiter = request.app.state.lookups
    address = request.client.host if request.client else "unknown"
    if lookups.blocked(address):
        raise RuleError(ErrorCode.RATE_LIMITED, "Too many unknown room codes; wait a minute.")
    try:
        return await service_of(request).load(code)
    except RuleError:
        lookups.record_failure(address)
        raise


@router.get("/api/rooms/{code}")
async def read_room(
    request: Request, code: str, authorization: Annotated[str | None, Header()] = None
) -> dict[str, Any]:
    """The room as a joining player may see it: scores and ranks follow the room's
    leaderboard setting unless the host token or the facilitator key is sent."""
    state = await load_limited(request, code)
    facts, owner = RoomFacts(state), _is_owner(request, state, authorization)
    return {
        "code": state.code,
        "phase": state.phase,
        "round": state.round.number if state.round else len(state.history),
        "rounds_total": state.rounds_total,
        "locked": state.locked,
        "settings": state.settings.model_dump(),
        "cards": [card.id for card in state.cards],
        "players": [
            facts.player_view(pid, owner).model_dump()
            for pid in ([s.player.id for s in facts.standings] if owner else facts.public_order)
        ],
        "teams": [team.model_dump() for team in teams_view(facts, owner)],
    }


@router.get("/api/rooms/{code}/leaderboard")
async def read_leaderboard(
    request: Request, code: str, authorization: Annotated[str | None, Header()] = None
) -> dict[str, Any]:
    """Standings as stored in the leaderboard sorted sets (players, and teams when the room
    has them); ties stay in join order. Only the places the room's setting makes public,
    unless the host token or the facilitator key is sent."""
    service = service_of(request)
    state = await load_limited(request, code)
    owner = _is_owner(request, state, authorization)
    shown = RoomFacts(state).public_ranks
    scores = await service.storage.leaderboard.scores(state.code)
    team_scores = await service.storage.leaderboard.team_scores(state.code)
    listed = [p for p in state.players if p.id in scores]
    teams = sorted(team_scores.items(), key=lambda t: (-t[1], state.settings.teams.index(t[0])))
    team_ranks = shared_ranks([score for _, score in teams])
    return {
        "visibility": state.settings.leaderboard,
        "entries": [
            {"player_id": s.player.id, "name": s.player.name, "score": s.score, "rank": s.rank}
            for s in rank_players(listed, scores)
            if owner or s.rank <= shown
        ],
        "teams": [
            {"name": name, "score": score, "rank": rank}
            for (name, score), rank in zip(teams, team_ranks, strict=True)
            if owner or rank <= shown
        ],
    }


def _is_owner(request: Request, state: RoomState, authorization: str | None) -> bool:
    return holds_host_token(state, authorization) or holds_facilitator_key(request, authorization)


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
        await service_of(request).storage.rooms.ping()
    except StoreUnavailable:
        return error_response(503, ErrorCode.STORE_UNAVAILABLE, "The store is not answering.")
    return {"status": "ready"}
