"""HTTP routes for what a game taught: its report (JSON, CSV or a workbook) for its host,
and the facilitator's history of finished games with each skill's trend."""

import asyncio
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import Response

from server.reports.analytics import game_insights
from server.reports.export import report_csv, report_document, report_xlsx
from server.reports.history import game_summary, skill_trends

from .access import require_facilitator, require_room_owner, service_of
from .http import load_limited

router = APIRouter()

HISTORY_LIMIT = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


@router.get("/api/rooms/{code}/report", response_model=None)
async def read_report(
    request: Request,
    code: str,
    format: Annotated[ReportFormat, Query()] = ReportFormat.JSON,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, Any] | Response:
    """The whole game so far, for its host (or the facilitator key). Kept after the game
    finishes for the report's time to live (30 days by default)."""
    state = await load_limited(request, code)
    require_room_owner(request, state, authorization)
    # A big game's workbook takes most of a second to build: off the event loop, so the
    # process's sockets keep flowing meanwhile.
    if format is ReportFormat.JSON:
        return await asyncio.to_thread(lambda: report_document(state, game_insights(state)))
    if format is ReportFormat.CSV:
        text = await asyncio.to_thread(report_csv, state)
        # The byte order mark tells Excel the file is UTF-8 (names like Chloé stay whole).
        body, media_type = text.encode("utf-8-sig"), "text/csv; charset=utf-8"
    else:
        body, media_type = await asyncio.to_thread(report_xlsx, state), XLSX
    filename = f"counterplay-{state.code}.{format.value}"
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/api/games")
async def list_games(
    request: Request,
    label: Annotated[str | None, Query(max_length=60)] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Finished games, newest first (only those with `label`, when given), and each skill's
    trend across them. Needs the facilitator key when the server has one."""
    require_facilitator(request, authorization)
    service = service_of(request)
    codes = await service.storage.games.recent(service.clock_ms(), HISTORY_LIMIT)
    loaded = await asyncio.gather(*(service.storage.rooms.load(code) for code in codes))
    states = [state for state in loaded if state is not None]
    chosen = [s for s in states if label is None or s.settings.label == label.strip()]
    summaries = await asyncio.to_thread(
        lambda: [game_summary(state, game_insights(state)) for state in chosen]
    )
    return {
        "games": [summary.model_dump() for summary in summaries],
        "trends": [trend.model_dump() for trend in skill_trends(summaries)],
        "labels": sorted({state.settings.label for state in states if state.settings.label}),
    }
