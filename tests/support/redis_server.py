"""Starting a private redis-server on a free port, for tests that restart or inspect it."""

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .ports import free_port, wait_until_listening


@dataclass
class RedisServer:
    port: int
    directory: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@contextmanager
def start_redis_server(
    directory: Path, appendonly: bool = False, port: int | None = None
) -> Iterator[RedisServer]:
    """A redis-server of our own; stopping it with SIGTERM lets it flush its AOF."""
    port = port or free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "yes" if appendonly else "no",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(port)
        yield RedisServer(port, directory, process)
    finally:
        process.terminate()
        process.wait(timeout=10)
