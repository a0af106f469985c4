"""Running deploy/nginx.conf for real, on loopback, in front of test server processes."""

import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .ports import free_port, wait_until_listening

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"


def nginx_available() -> bool:
    return shutil.which("nginx") is not None or Path("/usr/sbin/nginx").exists()


def _config_for(upstream_ports: list[int], listen_port: int) -> str:
    """The shipped config with the compose service names swapped for local ports."""
    text = CONFIG.read_text()
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in upstream_ports
    )
    text = re.sub(r"(?m)^\s*server server\d:8000[^\n]*\n", "", text)
    text = text.replace("upstream counterplay {\n", f"upstream counterplay {{\n{servers}\n")
    return text.replace("listen 80;", f"listen 127.0.0.1:{listen_port};")


@contextmanager
def running_nginx(directory: Path, upstream_ports: list[int]) -> Iterator[int]:
    """Start nginx on a free port; yields that port."""
    port = free_port()
    conf = directory / "nginx.conf"
    conf.write_text(_config_for(upstream_ports, port))
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    log = (directory / "nginx.log").open("wb")
    process = subprocess.Popen(
        [
            binary,
            "-p",
            str(directory),
            "-c",
            str(conf),
            "-g",
            f"daemon off; pid {directory}/nginx.pid;",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_listening(port)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
