"""Counterplay's benchmark suite: `python -m bench` (quick, under 2 minutes) or `--full`.

Every figure is measured on real processes on this machine: `counterplay serve` as shipped,
the raw-`websockets` baseline (bench/baseline_server.py) in the same run, and bot players in
separate worker processes. See docs/performance.md."""

import argparse
import asyncio
import contextlib
import dataclasses
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import machine, report
from .bots import raise_fd_limit
from .processes import redis_server
from .report import Results
from .scenarios import RoomPlan, Run, baseline_room, counterplay_room, join_storm, memory


@dataclass(frozen=True)
class Plan:
    mode: str
    sizes: list[int]  # rooms for figures 2, 3, 4 and 6; the largest also has the vote burst
    memory_players: int  # figure 1 (0: skip)
    two_process_size: int  # figure 7 (0: skip)
    fanout_reps: int = 5
    reply_reps: int = 20  # at the latency size (500, or the nearest size tried)
    other_reply_reps: int = 10
    two_process_reps: int = 15
    memory_room_size: int = 50
    workers: int = 1
    storm_workers: int = 0  # figure 6 again, the largest room joining from this many (0: skip)

    @property
    def latency_size(self) -> int:
        return min(self.sizes, key=lambda size: abs(size - report.LATENCY_SIZE))


QUICK = Plan(
    "quick",
    [50, 500, 2000],
    memory_players=2000,
    two_process_size=500,
    fanout_reps=5,
    reply_reps=30,
    other_reply_reps=5,
    two_process_reps=20,
)
FULL = Plan(
    "full",
    [50, 500, 2000],
    memory_players=10_000,
    two_process_size=2000,
    fanout_reps=10,
    reply_reps=100,
    other_reply_reps=20,
    two_process_reps=50,
    storm_workers=2,
)
TINY = Plan(
    "tiny",
    [10],
    memory_players=20,
    two_process_size=10,
    fanout_reps=2,
    reply_reps=3,
    other_reply_reps=3,
    two_process_reps=3,
    memory_room_size=10,
)


def _reply_reps(plan: Plan, size: int) -> int:
    return plan.reply_reps if size == plan.latency_size else plan.other_reply_reps


@contextlib.contextmanager
def _redis_for_figure_7(redis_url: str | None, log_dir: Path, run: Run) -> Iterator[str | None]:
    """The given Redis, else a private redis-server; None (figure 7 skipped) if neither."""
    if redis_url:
        yield redis_url
        return
    try:
        with redis_server(log_dir) as url:
            yield url
    except FileNotFoundError:
        run.note("figure 7 skipped: no --redis-url and no redis-server on PATH")
        yield None


async def run_plan(plan: Plan, log_dir: Path, redis_url: str | None = None) -> Results:
    """Every measurement of the plan, in order; the raw figures."""
    started = time.monotonic()
    run = Run(log_dir, workers=plan.workers)
    results = Results(machine.describe(), plan.mode, latency_size=plan.latency_size)
    if plan.memory_players:
        _step(f"figure 1: {plan.memory_players:,} idle players, counterplay then baseline")
        results.memory = await memory(run, plan.memory_players, plan.memory_room_size, False)
        results.memory_baseline = await memory(
            run, plan.memory_players, plan.memory_room_size, True
        )
    for size in sorted(plan.sizes):
        _step(f"figures 2-6: a room of {size:,} players, counterplay then baseline")
        room_plan = RoomPlan(
            size,
            fanout_reps=plan.fanout_reps,
            reply_reps=_reply_reps(plan, size),
            vote_burst=True,
        )
        results.rooms[size] = await counterplay_room(run, room_plan)
        snapshot_bytes = results.rooms[size].snapshot_bytes()
        results.baselines[size] = await baseline_room(run, room_plan, snapshot_bytes)
    if plan.storm_workers:
        size = max(plan.sizes)
        _step(f"figure 6 again: {size:,} players from {plan.storm_workers} bot processes")
        results.storm_workers = plan.storm_workers
        results.storm = await join_storm(run, size, plan.storm_workers, False)
        results.storm_baseline = await join_storm(run, size, plan.storm_workers, True)
    if plan.two_process_size:
        with _redis_for_figure_7(redis_url, log_dir, run) as url:
            if url:
                await _two_processes(run, plan, url, results)
    results.seconds = time.monotonic() - started
    results.notes = run.log
    return results


async def _two_processes(run: Run, plan: Plan, redis_url: str, results: Results) -> None:
    size = plan.two_process_size
    for processes in (1, 2):
        _step(f"figure 7: a room of {size:,} on {processes} process(es) sharing one Redis")
        room_plan = RoomPlan(
            size,
            reply_reps=plan.two_process_reps,
            processes=processes,
            redis_url=redis_url,
            join_concurrency=100,
        )
        figures = await counterplay_room(run, room_plan)
        if processes == 1:
            results.one_process = figures
        else:
            results.two_processes = figures


_STARTED = time.monotonic()


def _step(text: str) -> None:
    print(f"- [{time.monotonic() - _STARTED:5.0f} s] {text}", flush=True)


def render(results: Results) -> str:
    table = report.rows(results)
    lines = [
        f"Counterplay benchmark ({results.mode}), {results.seconds:.0f} s",
        "machine: " + "; ".join(f"{k}: {v}" for k, v in results.machine.items()),
        "",
        report.text_table(table),
        "",
        "pass* = passed at a smaller size than the target is stated for (quick mode).",
        "",
        "notes:",
        report.notes_text(table),
    ]
    if results.notes:
        lines += ["", "run log:", *(f"  {note}" for note in results.notes)]
    return "\n".join(lines)


def _plan_from(args: argparse.Namespace) -> Plan:
    plan = FULL if args.full else TINY if args.tiny else QUICK
    changes: dict[str, Any] = {"workers": args.workers}
    if args.sizes:
        changes["sizes"] = [int(size) for size in args.sizes.split(",")]
        changes["mode"] = plan.mode + " (custom sizes)"
    if args.memory_players is not None:
        changes["memory_players"] = args.memory_players
    if args.two_process_size is not None:
        changes["two_process_size"] = args.two_process_size
    if args.storm_workers is not None:
        changes["storm_workers"] = args.storm_workers
    return dataclasses.replace(plan, **changes)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--full", action="store_true", help="the issue's sizes (about 5 min)")
    size.add_argument("--tiny", action="store_true", help="10 players: checks the suite works")
    parser.add_argument("--sizes", help="room sizes for figures 2-6, e.g. 50,500,2000")
    parser.add_argument("--memory-players", type=int, help="players for figure 1 (0: skip)")
    parser.add_argument("--two-process-size", type=int, help="room for figure 7 (0: skip)")
    parser.add_argument("--workers", type=int, default=1, help="bot processes (1 or 2)")
    parser.add_argument(
        "--storm-workers", type=int, help="repeat the largest join from N bot processes (0: no)"
    )
    parser.add_argument("--redis-url", help="Redis for figure 7 (default: a private one)")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    parser.add_argument("--json", type=Path, help="also write the raw figures as JSON here")
    parser.add_argument("--keep-logs", type=Path, help="keep server and bot logs in this folder")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    plan = _plan_from(args)
    raise_fd_limit()
    print(f"Counterplay benchmark, {plan.mode}: {plan}", flush=True)
    with contextlib.ExitStack() as stack:
        if args.keep_logs:
            args.keep_logs.mkdir(parents=True, exist_ok=True)
            log_dir = args.keep_logs
        else:
            log_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cp-bench-")))
        results = asyncio.run(run_plan(plan, log_dir, args.redis_url))
    print()
    print(render(results))
    if args.markdown:
        table = report.rows(results)
        args.markdown.write_text(report.markdown_table(table) + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(dataclasses.asdict(results), indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
