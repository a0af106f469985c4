"""Storage ports and their adapters: Redis for real deployments, in-process for a laptop."""

from .factory import Storage, open_storage
from .ports import Leaderboard, RoomBus, RoomStore, StoreUnavailable

__all__ = ["Leaderboard", "RoomBus", "RoomStore", "Storage", "StoreUnavailable", "open_storage"]
