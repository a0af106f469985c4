"""DeckLibrary: the shipped decks plus the ones facilitators upload, found by id."""

import secrets

from server.content import Catalogue, Deck
from server.content.formats import DeckFormat, parse_deck
from server.content.validation import check_deck
from server.engine import ErrorCode, RoomSettings, RuleError
from server.engine.cards import Card
from server.engine.rounds import playable_cards
from server.storage.ports import DeckStore

UPLOAD_ID_ATTEMPTS = 10


class DeckLibrary:
    def __init__(self, catalogue: Catalogue, uploads: DeckStore) -> None:
        self.catalogue = catalogue
        self._uploads = uploads

    async def find(self, deck_id: str) -> Deck | None:
        shipped = self.catalogue.decks.get(deck_id)
        if shipped is not None:
            return shipped
        stored = await self._uploads.get(deck_id)
        return Deck.model_validate_json(stored) if stored else None

    async def upload(self, body: bytes, fmt: DeckFormat, csv_id: str, csv_name: str) -> Deck:
        """Validate and keep a facilitator's deck under a new id (its own id plus a suffix).
        Raises DeckProblems listing every problem; nothing is kept then."""
        deck = check_deck(parse_deck(body, fmt, csv_id, csv_name), self.catalogue.skill_ids)
        for _ in range(UPLOAD_ID_ATTEMPTS):
            stored = deck.model_copy(update={"id": f"{deck.id[:40]}-{secrets.token_hex(3)}"})
            if await self._uploads.put(stored.id, stored.model_dump_json()):
                return stored
        raise RuleError(ErrorCode.INVALID_SETTINGS, "Could not find a free deck id; try again.")

    async def pool_for(self, settings: RoomSettings) -> tuple[Card, ...]:
        """Every card of the room's decks; invalid_settings when a deck or skill is unknown
        or no card trains a focus skill."""
        unknown_skills = set(settings.focus_skills) - set(self.catalogue.skill_ids)
        if unknown_skills:
            raise RuleError(
                ErrorCode.INVALID_SETTINGS, f"focus_skills: unknown {sorted(unknown_skills)}"
            )
        pool: list[Card] = []
        for index, deck_id in enumerate(settings.decks):
            deck = await self.find(deck_id)
            if deck is None:
                raise RuleError(ErrorCode.INVALID_SETTINGS, f"decks[{index}]: no deck {deck_id!r}")
            pool += deck.cards
        if not playable_cards(tuple(pool), settings.focus_skills):
            raise RuleError(
                ErrorCode.INVALID_SETTINGS, "focus_skills: no card in these decks trains them"
            )
        return tuple(pool)
