"""The rules of Counterplay: pure, synchronous, deterministic. No I/O, no clock, no globals."""

from .errors import ErrorCode, RuleError
from .handle import Outcome, apply_in_place, handle
from .phases import PHASES
from .state import Phase, RoomSettings, RoomState

__all__ = [
    "PHASES",
    "ErrorCode",
    "Outcome",
    "Phase",
    "RoomSettings",
    "RoomState",
    "RuleError",
    "apply_in_place",
    "handle",
]
