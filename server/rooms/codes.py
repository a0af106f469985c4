"""Room codes and secret tokens."""

import hashlib
import random
import re
import secrets

# No 0/O, 1/I/L, 5/S or 2/Z: codes are read off a projector and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
CODE_LENGTH = 6
_CODE_SHAPE = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


def new_code(rng: random.Random) -> str:
    return "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str | None:
    """The code in canonical form, or None when it cannot be a room code at all."""
    code = raw.strip().upper()
    return code if _CODE_SHAPE.match(code) else None


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    """Only hashes of tokens are stored, so a copy of the store lets nobody in."""
    return hashlib.sha256(token.encode()).hexdigest()
