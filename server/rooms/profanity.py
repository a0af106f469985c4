"""The profanity check behind room moderation, on glin-profanity's English word list.

Whole words only: "Scunthorpe" or "assess" are not flagged, and a deliberate spelling
("sh1t", "f u c k") is. What a flag does is the room's setting, decided by the engine."""

from typing import Protocol

from glin_profanity import Filter


class TextCheck(Protocol):
    def flags(self, text: str) -> bool: ...


class ProfanityCheck:
    def __init__(self) -> None:
        self._filter = Filter({"languages": ["english"], "word_boundaries": True})

    def flags(self, text: str) -> bool:
        return bool(self._filter.is_profane(text))
