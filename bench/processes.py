"""Child processes of a run (servers, Redis) and what /proc says about them.

Every child gets PR_SET_PDEATHSIG, so it dies with the benchmark even if the benchmark is
killed, and the highest open-file limit the machine allows."""

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
PR_SET_PDEATHSIG = 1
STOP_GRACE_S = 3.0
# Rooms a run leaves in a shared Redis expire soon after it.
ROOM_TTL_S = 900


def child_setup() -> None:
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_listening(port: int, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process {process.args!r} exited with {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listened on port {port} within {timeout_s} s")


@dataclass
class Child:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def ws_url(self, code: str) -> str:
        return f"ws://127.0.0.1:{self.port}/ws/rooms/{code}"

    def rss_kb(self) -> int:
        return status_kb(self.pid, "VmRSS")


def status_kb(pid: int, field: str) -> int:
    """A `kB` line of /proc/PID/status, e.g. VmRSS or VmHWM."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_quiet(
    pids: list[int], window_s: float = 0.2, busy: float = 0.1, timeout_s: float = 30.0
) -> float:
    """Wait until these processes together use less than `busy` of a core over `window_s`
    (the server has finished sending what the last change caused); returns seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        before = sum(cpu_seconds(pid) for pid in pids)
        time.sleep(window_s)
        if sum(cpu_seconds(pid) for pid in pids) - before < busy * window_s:
            break
    return time.monotonic() - started


@contextmanager
def _child(
    name: str, args: list[str], port: int, log_dir: Path, env: dict[str, str]
) -> Iterator[Child]:
    log_path = log_dir / f"{name}-{port}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            args,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=REPO,
            preexec_fn=child_setup,
        )
    try:
        wait_until_listening(port, process, timeout_s=20)
        yield Child(name, port, process, log_path)
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL after a short grace: a benchmark server keeps nothing."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTERPLAY_")}
    env.pop("REDIS_URL", None)
    return env


@contextmanager
def counterplay_server(log_dir: Path, redis_url: str | None = None) -> Iterator[Child]:
    """`counterplay serve` as shipped (its defaults), on a free port."""
    port = free_port()
    args = [sys.executable, "-m", "server.cli", "serve", "--port", str(port)]
    if redis_url:
        args += ["--redis-url", redis_url]
    env = {**_clean_env(), "COUNTERPLAY_ROOM_TTL_S": str(ROOM_TTL_S)}
    with _child("counterplay", args, port, log_dir, env) as child:
        _wait_healthy(child)
        yield child


def _wait_healthy(child: Child, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{child.http_url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{child.name} on port {child.port} never became ready")


@contextmanager
def baseline_server(log_dir: Path, max_seconds: float) -> Iterator[Child]:
    port = free_port()
    args = [sys.executable, "-m", "bench.baseline_server", "--port", str(port)]
    args += ["--max-seconds", str(int(max_seconds))]
    with _child("baseline", args, port, log_dir, _clean_env()) as child:
        yield child


@contextmanager
def redis_server(log_dir: Path) -> Iterator[str]:
    """A private redis-server on a free port (no persistence); yields its URL."""
    if shutil.which("redis-server") is None:
        raise FileNotFoundError("redis-server is not on PATH")
    port = free_port()
    args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    args += ["--appendonly", "no", "--dir", str(log_dir)]
    with _child("redis", args, port, log_dir, _clean_env()):
        yield f"redis://127.0.0.1:{port}/0"
