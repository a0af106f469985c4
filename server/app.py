"""`create_app(settings)`: the FastAPI application, wired from one settings object."""

import asyncio
import logging
import random
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from server.content import load_catalogue
from server.engine import RuleError
from server.metrics import Metrics
from server.protocol.fanout import LatestSnapshots
from server.resources import data_dir
from server.rooms import RoomHub, RoomService
from server.rooms.presence import PresenceKeeper, new_instance
from server.settings import Settings
from server.storage import StoreUnavailable, open_storage
from server.transport import decks, errors, http, pages, reports, socket
from server.transport.limits import FailedLookupLimiter

log = logging.getLogger("counterplay")


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


def create_app(
    settings: Settings,
    clock_ms: Callable[[], int] = wall_clock_ms,
    rng: random.Random | None = None,
) -> FastAPI:
    """The application. Content is loaded and storage opened when it starts."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        content_dir = settings.content_dir or data_dir("game_content")
        catalogue = load_catalogue(content_dir)
        log.info("content: %d decks from %s", len(catalogue.decks), content_dir)
        storage = open_storage(
            settings.redis_url, settings.room_ttl_s, settings.deck_ttl_s, settings.report_ttl_s
        )
        log.info("store: %s", storage.description)
        service = RoomService(storage, catalogue, clock_ms, rng or random.SystemRandom())
        instance = new_instance()
        hub = RoomHub(service, app.state.metrics.fanout_seconds.observe)
        app.state.service, app.state.hub = service, hub
        app.state.metrics.rooms_watched.set_function(lambda: hub.rooms_watched)
        app.state.sockets = socket.SocketContext(
            service,
            hub,
            settings,
            app.state.metrics,
            app.state.lookups,
            LatestSnapshots(clock_ms),
            instance,
        )
        keeper = PresenceKeeper(service, instance, settings.presence_ttl_s, hub.latest_states)
        presence = asyncio.create_task(keeper.run(), name="presence")
        try:
            yield
        finally:
            presence.cancel()
            await app.state.hub.close()
            await storage.close()

    app = FastAPI(title="Counterplay", version="1.0", lifespan=lifespan)
    app.state.settings = settings
    app.state.metrics = Metrics()
    app.state.lookups = FailedLookupLimiter()
    app.add_exception_handler(RuleError, errors.on_rule_error)
    app.add_exception_handler(StoreUnavailable, errors.on_store_unavailable)
    app.add_exception_handler(RequestValidationError, errors.on_invalid_request)
    app.add_exception_handler(HTTPException, errors.on_http_error)
    app.add_middleware(pages.SecurityHeaders)
    app.add_middleware(socket.RoomSocketRoute)
    app.include_router(http.router)
    app.include_router(decks.router)
    app.include_router(reports.router)
    app.include_router(pages.router)
    app.mount("/", StaticFiles(directory=data_dir("web_client"), html=True), name="web_client")
    return app
