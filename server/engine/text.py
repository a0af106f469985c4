"""Cleaning what people type: names and texts arrive from phones and are shown to everyone."""

import re
import unicodedata

from .errors import ErrorCode, RuleError

NAME_MAX_CHARS = 24
TEXT_MAX_CHARS = 500

# Invisible characters that reorder or hide text; dropped so nobody can spoof a name or reply.
_INVISIBLE = dict.fromkeys(
    [0x200B, 0x200E, 0x200F, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def _drop_controls(raw: str, keep_newlines: bool) -> str:
    kept = (
        ch
        for ch in raw.translate(_INVISIBLE)
        if unicodedata.category(ch) != "Cc" or (keep_newlines and ch == "\n")
    )
    return unicodedata.normalize("NFC", "".join(kept))


def clean_name(raw: str) -> str:
    """A display name, trimmed and with whitespace folded; raises name_invalid if unusable."""
    name = _SPACES.sub(" ", _drop_controls(raw, keep_newlines=False)).strip()
    if not 1 <= len(name) <= NAME_MAX_CHARS:
        raise RuleError(
            ErrorCode.NAME_INVALID, f"A name needs 1 to {NAME_MAX_CHARS} visible characters."
        )
    return name


def clean_text(raw: str) -> str:
    """An opening or a reply, trimmed; raises text_empty or text_too_long."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _BLANK_LINES.sub("\n\n", _drop_controls(text, keep_newlines=True)).strip()
    if not text:
        raise RuleError(ErrorCode.TEXT_EMPTY, "Write something before sending.")
    if len(text) > TEXT_MAX_CHARS:
        raise RuleError(
            ErrorCode.TEXT_TOO_LONG,
            f"Keep it to {TEXT_MAX_CHARS} characters; this has {len(text)}.",
        )
    return text
