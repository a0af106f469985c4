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
        _skip_unicode_steps_for_ascii(self._filter)

    def flags(self, text: str) -> bool:
        return bool(self._filter.is_profane(text))


class _GuardedSearch:
    """A regex alternation of literal words that is only run when one of them occurs."""

    def __init__(self, pattern: "re.Pattern[str]", needles: tuple[str, ...]) -> None:
        self._pattern, self._needles = pattern, needles

    def search(self, text: str) -> "re.Match[str] | None":
        if not any(map(text.__contains__, self._needles)):
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


def _skip_unicode_steps_for_ascii(profanity_filter: Any) -> None:
    """glin-profanity's plain-text normalization maps look-alike, full-width, zero-width
    and accented characters to ASCII one character at a time in Python: about half of a
    check's time. None of those characters is ASCII, so an ASCII text (most replies) goes
    through the other steps only. The verdicts stay glin's own (see above)."""
    scanner = getattr(profanity_filter, "_scanner", None)
    config = getattr(scanner, "_cfg", None)
    normalize = getattr(config, "normalize_text", None)
    try:
        from glin_profanity.filters.normalize_text import NormalizeConfig, normalize_for_matching
    except ImportError:
        return  # another glin version: leave its scanner as it is
    enabled = getattr(profanity_filter, "normalize_unicode_enabled", False)
    if config is None or normalize is None or not enabled:
        return
    without_unicode = NormalizeConfig(
        normalize_unicode=False,
        detect_leetspeak=profanity_filter.detect_leetspeak,
        leetspeak_level=profanity_filter.leetspeak_level,
        allow_obfuscated_match=profanity_filter.allow_obfuscated_match,
    )

    def normalize_text(text: str, aggressive: bool = False) -> str:
        if text.isascii():
            plain: str = normalize_for_matching(text, aggressive, without_unicode)
            return plain
        normalized: str = normalize(text, aggressive)
        return normalized

    config.normalize_text = normalize_text
