"""Running the real `counterplay serve` as a child process on a free port."""

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .ports import free_port, wait_until_listening


@dataclass
class RunningServer:
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ws_url(self, code: str) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/rooms/{code}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def running_server(
    log_dir: Path, redis_url: str | None = None, **env: str
) -> Iterator[RunningServer]:
    """Start `counterplay serve`; stop it with SIGTERM when the block ends."""
    port = free_port()
    child_env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERPLAY_")}
    child_env.pop("REDIS_URL", None)
    child_env.update(env)
    args = [sys.executable, "-m", "server.cli", "serve", "--port", str(port)]
    if redis_url:
        args += ["--redis-url", redis_url]
    log_path = log_dir / f"server-{port}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(args, stdout=log_file, stderr=subprocess.STDOUT, env=child_env)
    try:
        wait_until_listening(port)
        running = RunningServer(port, process, log_path)
        expected_store = "store: Redis at" if redis_url else "store: embedded"
        assert expected_store in running.log(), running.log()
        yield running
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
