"""One validated settings object, read once by the CLI and passed into `create_app`."""

from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Environment variables are prefixed COUNTERPLAY_ (REDIS_URL is also accepted)."""

    model_config = SettingsConfigDict(
        env_prefix="COUNTERPLAY_", extra="ignore", populate_by_name=True
    )

    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535)] = 8000
    redis_url: str | None = Field(
        default=None, validation_alias=AliasChoices("COUNTERPLAY_REDIS_URL", "REDIS_URL")
    )
    facilitator_key: SecretStr | None = None
    room_ttl_s: Annotated[int, Field(ge=60, le=90 * 86400)] = 24 * 3600
    deck_ttl_s: Annotated[int, Field(ge=60, le=3650 * 86400)] = 90 * 86400
    # How long a finished game's report (and its place in the history) is kept.
    report_ttl_s: Annotated[int, Field(ge=60, le=3650 * 86400)] = 30 * 86400
    public_url: str | None = None
    content_dir: Path | None = None
    join_timeout_s: Annotated[float, Field(gt=0, le=120)] = 10.0
    # A socket whose client reads nothing for this long is dropped (it can rejoin).
    send_timeout_s: Annotated[float, Field(gt=0, le=300)] = 10.0
    socket_send_buffer_bytes: Annotated[int, Field(ge=4096, le=16 * 1024 * 1024)] = 64 * 1024
    # A server process that has not renewed its presence for this long is taken for dead
    # (killed, or cut off from the store): its players are marked disconnected.
    presence_ttl_s: Annotated[float, Field(ge=0.5, le=600)] = 15.0
    # Browser origins allowed to open sockets besides the server's own ("*" for any).
    allowed_origins: list[str] = []
    log_level: str = "info"
