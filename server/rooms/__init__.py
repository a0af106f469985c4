"""The imperative shell around the engine: load, decide, save (which announces); timers."""

from .hub import Mailbox, RoomHub
from .service import RoomService

__all__ = ["Mailbox", "RoomHub", "RoomService"]
