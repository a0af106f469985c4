"""Limits on what one socket or one address may ask for."""

import time
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import urlsplit

MESSAGE_BURST = 20
MESSAGES_PER_S = 10.0
# A socket refused this many messages in a row is flooding, not typing fast.
FLOOD_REFUSALS = 40
FAILED_LOOKUP_BURST = 30
FAILED_LOOKUPS_PER_S = 0.5
TRACKED_ADDRESSES = 10_000


class TokenBucket:
    """`burst` actions at once, then `per_s` a second."""

    def __init__(
        self, burst: float, per_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._burst, self._per_s, self._clock = burst, per_s, clock
        self._tokens, self._updated = burst, clock()

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self._burst, self._tokens + (now - self._updated) * self._per_s)
        self._updated = now

    def has_tokens(self) -> bool:
        self._refill()
        return self._tokens >= 1

    def take(self) -> bool:
        """Spend one token; False (and nothing spent) when there is none."""
        if not self.has_tokens():
            return False
        self._tokens -= 1
        return True


class MessageLimiter:
    """Per socket: a burst, then a steady rate; a long run of refusals is a flood."""

    def __init__(self) -> None:
        self._bucket = TokenBucket(MESSAGE_BURST, MESSAGES_PER_S)
        self.refused_in_a_row = 0

    def allow(self) -> bool:
        allowed = self._bucket.take()
        self.refused_in_a_row = 0 if allowed else self.refused_in_a_row + 1
        return allowed

    @property
    def flooding(self) -> bool:
        return self.refused_in_a_row >= FLOOD_REFUSALS


class FailedLookupLimiter:
    """Per client address, only failures count (unknown room codes, bad tokens): guessing is
    slowed, while thousands of players behind one company address join freely."""

    def __init__(self) -> None:
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def blocked(self, address: str) -> bool:
        bucket = self._buckets.get(address)
        return bucket is not None and not bucket.has_tokens()

    def record_failure(self, address: str) -> None:
        bucket = self._buckets.pop(address, None) or TokenBucket(
            FAILED_LOOKUP_BURST, FAILED_LOOKUPS_PER_S
        )
        bucket.take()
        self._buckets[address] = bucket
        while len(self._buckets) > TRACKED_ADDRESSES:
            self._buckets.popitem(last=False)


def origin_allowed(origin: str | None, host: str | None, allowed: list[str]) -> bool:
    """No Origin (scripts, bots) is fine; a browser's Origin must be ours or listed."""
    if origin is None:
        return True
    if origin in allowed or "*" in allowed:
        return True
    return host is not None and urlsplit(origin).netloc == host
