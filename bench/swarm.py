"""The driver's side of the bot workers: start them, split the players, merge their answers."""

import asyncio
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .processes import REPO, child_setup

Json = dict[str, Any]
# A command's answer must come within this long (after its own timeout, if it has one).
ANSWER_MARGIN_S = 60.0


class WorkerFailed(RuntimeError):
    pass


class Worker:
    """One `python -m bench.bots` process, answering one JSON line per command line."""

    def __init__(self, process: asyncio.subprocess.Process, log_path: Path) -> None:
        self.process = process
        self.log_path = log_path
        self._lock = asyncio.Lock()

    @classmethod
    async def start(cls, log_path: Path, max_seconds: float) -> "Worker":
        with log_path.open("wb") as log:
            process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bench.bots",
                "--max-seconds",
                str(int(max_seconds)),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=log,
                cwd=REPO,
                limit=1 << 24,
                preexec_fn=child_setup,
            )
        return cls(process, log_path)

    @property
    def pid(self) -> int:
        return self.process.pid

    async def call(self, op: str, wait_s: float = 30.0, **args: Any) -> Json:
        assert self.process.stdin is not None and self.process.stdout is not None
        async with self._lock:
            self.process.stdin.write(json.dumps({"op": op, **args}).encode() + b"\n")
            await self.process.stdin.drain()
            try:
                async with asyncio.timeout(wait_s + ANSWER_MARGIN_S):
                    line = await self.process.stdout.readline()
            except TimeoutError as error:
                raise WorkerFailed(f"worker {self.pid}: no answer to {op}") from error
        if not line:
            log = self.log_path.read_text(errors="replace")[-2000:]
            raise WorkerFailed(f"worker {self.pid} ended during {op}: {log}")
        answer: Json = json.loads(line)
        if "error" in answer:
            raise WorkerFailed(f"worker {self.pid}, {op}: {answer['error']}")
        return answer

    async def stop(self) -> None:
        """Ask it to close its sockets and exit; kill it if it takes too long."""
        if self.process.returncode is None and self.process.stdin is not None:
            try:
                self.process.stdin.write(b'{"op": "quit"}\n')
                self.process.stdin.close()
            except (BrokenPipeError, ConnectionResetError):
                pass
        try:
            async with asyncio.timeout(10):
                await self.process.wait()
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


@dataclass
class JoinResult:
    asked: int
    welcomed: int
    failures: dict[str, int]
    seconds: float | None  # from the first connect to the last welcome


@dataclass
class FanoutResult:
    recipients: int
    matched: int
    seconds: float | None  # from `t0` until the last recipient had it
    size_mean: float | None
    size_max: int | None


@dataclass
class Swarm:
    """Bot players spread over a few worker processes."""

    workers: list[Worker]
    owner: dict[tuple[str, str], Worker] = field(default_factory=dict)
    rooms: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    async def start(cls, count: int, log_dir: Path, max_seconds: float) -> "Swarm":
        workers = [
            await Worker.start(log_dir / f"bots-{i}-{time.monotonic_ns()}.log", max_seconds)
            for i in range(count)
        ]
        swarm = cls(workers)
        await swarm.status()  # every worker has started and answers
        return swarm

    @property
    def pids(self) -> list[int]:
        return [worker.pid for worker in self.workers]

    async def stop(self) -> None:
        await asyncio.gather(*(worker.stop() for worker in self.workers))

    def players(self, room: str) -> list[str]:
        return self.rooms.get(room, [])

    async def join(
        self,
        room: str,
        seats: list[tuple[str, str]],
        concurrency: int | None = None,
        wait_s: float = 60.0,
    ) -> JoinResult:
        """Seat players, each (url, name), under the label `room`, split over the workers."""
        shares = [seats[i :: len(self.workers)] for i in range(len(self.workers))]
        per_worker = None if concurrency is None else max(1, concurrency // len(self.workers))
        busy = [(w, share) for w, share in zip(self.workers, shares, strict=True) if share]
        calls = [
            worker.call(
                "join",
                wait_s=wait_s,
                room=room,
                seats=share,
                concurrency=per_worker,
                open_timeout=wait_s,
            )
            for worker, share in busy
        ]
        answers = await asyncio.gather(*calls)
        started_ns = min((a["started_ns"] for a in answers), default=time.monotonic_ns())
        failures: dict[str, int] = {}
        for (worker, _share), answer in zip(busy, answers, strict=True):
            for player_id in answer["seated"]:
                self.owner[(room, player_id)] = worker
                self.rooms.setdefault(room, []).append(player_id)
            for why, count in answer["failures"].items():
                failures[why] = failures.get(why, 0) + count
        welcomed = sum(answer["welcomed"] for answer in answers)
        last_ns = max((a["last_ns"] for a in answers if a["last_ns"]), default=None)
        seconds = (last_ns - started_ns) / 1e9 if last_ns and welcomed == len(seats) else None
        return JoinResult(len(seats), welcomed, failures, seconds)

    async def expect(self, room: str, want: Json) -> int:
        answers = await asyncio.gather(
            *(worker.call("expect", room=room, want=want) for worker in self.workers)
        )
        return sum(answer["armed"] for answer in answers)

    async def collect(self, started_ns: int, wait_s: float) -> FanoutResult:
        answers = await asyncio.gather(
            *(worker.call("collect", wait_s=wait_s, timeout=wait_s) for worker in self.workers)
        )
        armed = sum(answer["armed"] for answer in answers)
        matched = sum(answer["matched"] for answer in answers)
        last_ns = max((a["last_ns"] for a in answers if a["last_ns"]), default=None)
        sizes = [(a["size_mean"], a["matched"]) for a in answers if a["matched"]]
        size_mean = sum(s * n for s, n in sizes) / matched if matched else None
        size_max = max((a["size_max"] for a in answers if a["matched"]), default=None)
        seconds = (last_ns - started_ns) / 1e9 if last_ns and matched == armed else None
        return FanoutResult(armed, matched, seconds, size_mean, size_max)

    async def send(self, room: str, player_id: str, message: Json, wait_s: float = 30) -> Json:
        worker = self.owner[(room, player_id)]
        return await worker.call(
            "send",
            wait_s=wait_s,
            timeout=wait_s,
            room=room,
            player_id=player_id,
            message=message,
        )

    async def vote(self, room: str, ballot: list[str], window_s: float, wait_s: float) -> Json:
        """Every player of the room votes once within `window_s`; the workers' answers merged."""
        start_ns = time.monotonic_ns() + 200_000_000
        answers = await asyncio.gather(
            *(
                worker.call(
                    "vote",
                    wait_s=wait_s + window_s,
                    timeout=wait_s,
                    room=room,
                    ballot=ballot,
                    start_ns=start_ns,
                    window_s=window_s,
                )
                for worker in self.workers
            )
        )
        merged: Json = {"sent": 0, "acked": 0, "outcomes": {}, "acked_by_reply": {}, "ack_ms": []}
        for answer in answers:
            merged["sent"] += answer["sent"]
            merged["acked"] += answer["acked"]
            merged["ack_ms"] += answer["ack_ms"]
            for key in ("outcomes", "acked_by_reply"):
                for name, count in answer[key].items():
                    merged[key][name] = merged[key].get(name, 0) + count
        for key, pick in (("first_sent_ns", min), ("last_sent_ns", max), ("last_ack_ns", max)):
            merged[key] = pick((a[key] for a in answers if a[key]), default=None)
        return merged

    async def alive(self, room: str) -> int:
        answers = await asyncio.gather(*(w.call("alive", room=room) for w in self.workers))
        return sum(answer["open"] for answer in answers)

    async def status(self) -> Json:
        answers = await asyncio.gather(*(w.call("status") for w in self.workers))
        merged: Json = {"close_codes": {}, "stray_errors": {}}
        for answer in answers:
            for key in merged:
                for name, count in answer[key].items():
                    merged[key][name] = merged[key].get(name, 0) + count
        return merged
