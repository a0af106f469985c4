"""The profanity check behind room moderation, on glin-profanity's English word list.

Whole words only: "Scunthorpe" or "assess" are not flagged, and a deliberate spelling
("sh1t", "f u c k") is. What a flag does is the room's setting, decided by the engine."""

import re
from typing import Any, Protocol

from glin_profanity import Filter


class TextCheck(Protocol):
    def flags(self, text: str) -> bool: ...


class _NoCheck:
    def flags(self, text: str) -> bool:
        return False


NO_CHECK: TextCheck = _NoCheck()
"""For rooms whose moderation is off, which ignore flags."""


class ProfanityCheck:
    def __init__(self) -> None:
        self._filter = Filter({"languages": ["english"], "word_boundaries": True})
        _skip_searches_that_cannot_match(self._filter)

    def flags(self, text: str) -> bool:
        return bool(self._filter.is_profane(text))


class _GuardedSearch:
    """A regex alternation of literal words that is only run when one of them occurs."""

    def __init__(self, pattern: "re.Pattern[str]", needles: tuple[str, ...]) -> None:
        self._pattern, self._needles = pattern, needles

    def search(self, text: str) -> "re.Match[str] | None":
        if not any(needle in text for needle in self._needles):
            return None
        return self._pattern.search(text)


def _skip_searches_that_cannot_match(profanity_filter: Any) -> None:
    """glin-profanity's scanner runs one regex alternation of its ~135 phrases and symbol
    spellings ("blow job", "b!tch") over every reading of a text: about 1 ms a message,
    on the event loop. Each alternative is a word between boundaries, matched
    ASCII-case-insensitively against lowercased text, so it can only match where the
    word occurs as a substring; when none occurs the search is skipped. The verdicts stay
    glin's own (tests/rooms/test_profanity.py compares them on ~1,700 texts)."""
    scanner = getattr(profanity_filter, "_scanner", None)
    pattern = getattr(scanner, "_rest_any", None)
    words = getattr(scanner, "_rest", None)
    config = getattr(scanner, "_cfg", None)
    if not isinstance(pattern, re.Pattern) or not words or getattr(config, "case_sensitive", True):
        return  # another glin version: leave its scanner as it is
    needles = tuple("".join(c.lower() if c.isascii() else c for c in word) for word in words)
    scanner._rest_any = _GuardedSearch(pattern, needles)  # type: ignore[union-attr]
