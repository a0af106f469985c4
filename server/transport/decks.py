"""HTTP routes for decks: list them, read one, and upload a facilitator's own."""

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse

from server.content.formats import MAX_DECK_BYTES, DeckFormat, format_for
from server.content.validation import DeckProblems, Problem
from server.engine import ErrorCode, RuleError

from .access import require_facilitator, service_of
from .errors import error_response

router = APIRouter()


@router.get("/api/decks")
async def list_decks(request: Request) -> dict[str, Any]:
    catalogue = service_of(request).catalogue
    return {
        "decks": [
            {"id": d.id, "name": d.name, "description": d.description, "cards": len(d.cards)}
            for d in catalogue.decks.values()
        ],
        "skills": [skill.model_dump() for skill in catalogue.skills],
    }


@router.get("/api/decks/{deck_id}")
async def read_deck(
    request: Request, deck_id: str, authorization: Annotated[str | None, Header()] = None
) -> dict[str, Any]:
    """A whole deck, hidden needs included: it needs the facilitator key when there is one,
    so players cannot read the answers."""
    require_facilitator(request, authorization)
    deck = await service_of(request).decks.find(deck_id)
    if deck is None:
        raise RuleError(ErrorCode.DECK_NOT_FOUND, f"No deck {deck_id!r}.")
    return deck.model_dump(mode="json")


@router.post("/api/decks", status_code=201, response_model=None)
async def upload_deck(
    request: Request,
    format: Annotated[DeckFormat | None, Query()] = None,
    id: Annotated[str, Query(max_length=48)] = "uploaded",
    name: Annotated[str, Query(max_length=80)] = "Uploaded deck",
    content_type: Annotated[str | None, Header()] = None,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, Any] | JSONResponse:
    """Upload a deck as YAML, JSON or CSV (one card a row, lists split by ';'). CSV has only
    cards, so its deck id and name come from `?id=` and `?name=`. Answers 422 with every
    problem found, and keeps nothing, when the deck is not usable."""
    require_facilitator(request, authorization)
    try:
        body = await _read_capped(request)
        deck = await service_of(request).decks.upload(
            body, format or format_for(content_type), id, name
        )
    except DeckProblems as error:
        return _problems_response(error.problems)
    return {
        "id": deck.id,
        "name": deck.name,
        "cards": len(deck.cards),
        "url": f"/api/decks/{deck.id}",
    }


async def _read_capped(request: Request) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_DECK_BYTES:
            limit_kib = MAX_DECK_BYTES // 1024
            raise DeckProblems([Problem("body", f"the deck is over the {limit_kib} KiB limit")])
    return bytes(body)


def _problems_response(problems: list[Problem]) -> JSONResponse:
    listed = [{"location": p.location, "message": p.message} for p in problems]
    summary = f"{len(problems)} problem(s): " + "; ".join(str(p) for p in problems[:5])
    return error_response(422, ErrorCode.INVALID_DECK, summary, problems=listed)
