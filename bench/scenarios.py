"""The measurements: each starts its own servers and bots, plays, and returns raw figures."""

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .figures import MemoryFigures, RoomFigures, VoteFigures
from .host import ControlSocket, now_ns, open_room
from .processes import (
    Child,
    baseline_server,
    counterplay_server,
    status_kb,
    stop,
    wait_quiet,
)
from .swarm import FanoutResult, JoinResult, Swarm

Json = dict[str, Any]
BASELINE_ROOM = "BASE00"
# Texts of a typical length (the protocol allows 500 characters); a reply is about 300.
OPENING_TEXT = (
    "Hi, I ordered a birthday present two weeks ago, the tracking has said 'out for delivery' "
    "since Monday and nobody can tell me where it is. The party is tomorrow."
)
REPLY_TEXT = (
    "I'm so sorry, that's really stressful with the party tomorrow. I've just checked: the "
    "parcel is stuck at our local depot. I've booked it on the first van tomorrow morning, "
    "and if it isn't with you by 11 I'll refund it in full so you can buy one locally. "
    "I'll text you the driver's slot tonight. (reply {})"
)
VOTE_WINDOW_S = 1.0
REPAIR_ATTEMPTS = 3
STORM_WAIT_S = 30.0


@dataclass
class Run:
    """What every measurement of one run shares."""

    log_dir: Path
    workers: int = 1
    max_seconds: float = 1800.0
    wait_s: float = 60.0
    log: list[str] = field(default_factory=list)

    def note(self, text: str) -> None:
        self.log.append(text)
        print(f"  · {text}", flush=True)


@dataclass
class RoomPlan:
    size: int
    fanout_reps: int = 0
    reply_reps: int = 0
    vote_burst: bool = False
    processes: int = 1
    redis_url: str | None = None
    join_concurrency: int | None = None  # None: every player connects at once


@contextlib.asynccontextmanager
async def _bots(run: Run) -> AsyncIterator[Swarm]:
    swarm = await Swarm.start(run.workers, run.log_dir, run.max_seconds)
    try:
        yield swarm
    finally:
        await swarm.stop()


@contextlib.contextmanager
def _counterplay(run: Run, plan: RoomPlan) -> Iterator[list[Child]]:
    with contextlib.ExitStack() as stack:
        yield [
            stack.enter_context(counterplay_server(run.log_dir, plan.redis_url))
            for _ in range(plan.processes)
        ]


def _quiet(servers: list[Child], swarm: Swarm) -> None:
    wait_quiet([s.pid for s in servers] + swarm.pids)


async def _seat(
    run: Run, swarm: Swarm, room: str, urls: list[str], size: int, concurrency: int | None
) -> JoinResult:
    """Seat `size` players, spread over `urls`; players refused at first try again, fewer at
    once, so the later measurements have the whole room (the first try is what is reported)."""
    seats = [(urls[i % len(urls)], f"bot{i}") for i in range(size)]
    first = await swarm.join(room, seats, concurrency, wait_s=run.wait_s)
    if first.welcomed < size:
        run.note(f"{room}: {first.welcomed}/{size} welcomed at first try {first.failures}")
    for attempt in range(1, REPAIR_ATTEMPTS + 1):
        missing = size - len(swarm.players(room))
        if missing <= 0:
            break
        retry = [(urls[i % len(urls)], f"bot{size + attempt * size + i}") for i in range(missing)]
        await swarm.join(room, retry, concurrency=50, wait_s=run.wait_s)
    return first


async def counterplay_room(run: Run, plan: RoomPlan) -> RoomFigures:
    """One room of `plan.size` players on `counterplay serve`: join, then a game round."""
    figures = RoomFigures(plan.size)
    with _counterplay(run, plan) as servers:
        room = open_room(servers[0].http_url)
        code = room["code"]
        urls = [server.ws_url(code) for server in servers]
        async with _bots(run) as swarm:
            host = await ControlSocket.host(urls[0], room["host_token"])
            try:
                figures.join = await _seat(run, swarm, code, urls, plan.size, plan.join_concurrency)
                _quiet(servers, swarm)
                await _check_seated(run, host, swarm, code, figures)
                await _play_round(run, plan, figures, host, swarm, servers, code)
                figures.notes += _close_notes(await swarm.status())
            finally:
                await host.close()
                for server in servers:  # first, so the bots' sockets are already closed
                    stop(server.process)
    for note in figures.notes:
        run.note(f"room of {plan.size:,}: {note}")
    return figures


async def _check_seated(
    run: Run, host: ControlSocket, swarm: Swarm, code: str, figures: RoomFigures
) -> None:
    """The host's view agrees with the bots' before the round starts (or a note says why)."""
    alive = await swarm.alive(code)
    try:
        await host.until(lambda s: _connected(s) >= alive, run.wait_s)
    except TimeoutError:
        figures.notes.append(f"the host sees {_connected(host.state)} connected of {alive}")
    if alive < figures.size:
        figures.notes.append(f"only {alive:,} of {figures.size:,} bots still connected")


def _close_notes(status: Json) -> list[str]:
    notes = []
    if errors := status.get("stray_errors"):
        notes.append(f"errors without a ref: {errors}")
    if closes := status.get("close_codes"):
        notes.append(f"bot sockets closed, by close code: {closes}")
    return notes


def _connected(state: Json) -> int:
    return sum(1 for player in state.get("players", []) if player["connected"])


async def _play_round(
    run: Run,
    plan: RoomPlan,
    figures: RoomFigures,
    host: ControlSocket,
    swarm: Swarm,
    servers: list[Child],
    code: str,
) -> None:
    await host.command({"type": "start"})
    await host.until(lambda s: s["phase"] == "briefing")
    _quiet(servers, swarm)
    for _ in range(plan.fanout_reps):
        figures.fanouts.append(await _extend_once(run, host, swarm, code))
    customer = host.state["customer_id"]
    await swarm.expect(code, {"phase": "replying"})
    opened = await swarm.send(code, customer, {"type": "opening", "text": OPENING_TEXT})
    if opened.get("type") != "ack":
        raise RuntimeError(f"opening refused: {opened}")
    figures.phases["replying"] = await swarm.collect(opened["sent_ns"], run.wait_s)
    await host.until(lambda s: s["phase"] == "replying")
    _quiet(servers, swarm)
    agents = [p for p in swarm.players(code) if p != customer]
    # One agent never replies, or the phase would end when the last one did.
    for number, agent in enumerate(agents[: min(plan.reply_reps, len(agents) - 1)], start=1):
        result = await _reply_once(run, swarm, code, agent, number)
        figures.replies.append(result)
        if result.seconds is None:
            figures.notes.append(f"reply {number} did not reach every player; replies stopped")
            break
    if plan.vote_burst:
        figures.vote = await _vote_burst(run, figures, host, swarm, servers, code)


async def _extend_once(run: Run, host: ControlSocket, swarm: Swarm, code: str) -> FanoutResult:
    """The host adds a second to the phase: a new snapshot (a later deadline) for everyone."""
    before = host.state["deadline"]
    await swarm.expect(code, {"deadline_gt": before})
    started_ns = now_ns()
    answer = await host.send({"type": "extend", "seconds": 1})
    result = await swarm.collect(started_ns, run.wait_s)
    await asyncio.wait_for(answer, run.wait_s)
    await host.until(lambda s: s["deadline"] > before, run.wait_s)
    return result


async def _reply_once(run: Run, swarm: Swarm, code: str, agent: str, number: int) -> FanoutResult:
    """An agent replies: from its send until every player has `number` in progress.replied."""
    await swarm.expect(code, {"replied_ge": number})
    text = REPLY_TEXT.format(number)
    sent = await swarm.send(code, agent, {"type": "reply", "text": text})
    if sent.get("type") != "ack":
        run.note(f"reply {number} from {agent}: {sent.get('type')} {sent.get('code', '')}")
    wait_s = run.wait_s if sent.get("type") == "ack" else 0.0
    return await swarm.collect(sent["sent_ns"], wait_s)


async def _vote_burst(
    run: Run,
    figures: RoomFigures,
    host: ControlSocket,
    swarm: Swarm,
    servers: list[Child],
    code: str,
) -> VoteFigures:
    """Skip to voting, then every player votes within one second, each waiting for its ack;
    voting ends by itself when the last vote is in, and the reveal shows the tally."""
    await swarm.expect(code, {"phase": "voting"})
    started_ns = now_ns()
    await host.command({"type": "skip"})
    figures.phases["voting"] = await swarm.collect(started_ns, run.wait_s)
    state = await host.until(lambda s: s["phase"] == "voting", run.wait_s)
    ballot = [reply["id"] for reply in state["replies"]]
    _quiet(servers, swarm)
    await swarm.expect(code, {"phase": "reveal"})
    votes = await swarm.vote(code, ballot, VOTE_WINDOW_S, wait_s=run.wait_s)
    if votes["last_ack_ns"]:
        figures.phases["reveal"] = await swarm.collect(votes["last_sent_ns"], run.wait_s)
    try:
        reveal = await host.until(lambda s: s["phase"] == "reveal", run.wait_s)
    except TimeoutError:
        run.note(f"{code}: voting did not end by itself; the host skips to the reveal")
        await host.command({"type": "skip"})
        reveal = await host.until(lambda s: s["phase"] == "reveal", run.wait_s)
    first, last_sent = votes["first_sent_ns"], votes["last_sent_ns"]
    last_ack = votes["last_ack_ns"]
    return VoteFigures(
        sent=votes["sent"],
        acked=votes["acked"],
        outcomes=votes["outcomes"],
        send_window_s=(last_sent - first) / 1e9 if first and last_sent else None,
        last_ack_s=(last_ack - first) / 1e9 if first and last_ack else None,
        ack_ms=votes["ack_ms"],
        tally={r["id"]: r["result"]["votes"] for r in reveal["replies"] if r["result"]["votes"]},
        acked_by_reply={k: v for k, v in votes["acked_by_reply"].items() if v},
    )


async def baseline_room(run: Run, plan: RoomPlan, snapshot_bytes: float | None) -> RoomFigures:
    """The same room on the baseline server: join, broadcasts from a trigger, then from players.
    Each broadcast is as big as counterplay's snapshot at this size (`snapshot_bytes`)."""
    figures = RoomFigures(plan.size)
    size_field = {"size": round(snapshot_bytes)} if snapshot_bytes else {}
    with baseline_server(run.log_dir, run.max_seconds) as server:
        url = server.ws_url(BASELINE_ROOM)
        async with _bots(run) as swarm:
            trigger = await ControlSocket.open(url, {"type": "join", "name": "trigger"})
            try:
                figures.join = await _seat(run, swarm, BASELINE_ROOM, [url], plan.size, None)
                wait_quiet([server.pid, *swarm.pids])
                changes = 0
                for _ in range(plan.fanout_reps):
                    changes += 1
                    await swarm.expect(BASELINE_ROOM, {"seq_ge": changes})
                    started_ns = now_ns()
                    await trigger.send({"type": "change", **size_field})
                    figures.fanouts.append(await swarm.collect(started_ns, run.wait_s))
                for player in swarm.players(BASELINE_ROOM)[: plan.reply_reps]:
                    changes += 1
                    await swarm.expect(BASELINE_ROOM, {"seq_ge": changes})
                    message = {"type": "reply", **size_field}
                    sent = await swarm.send(BASELINE_ROOM, player, message)
                    collected = await swarm.collect(sent["sent_ns"], run.wait_s)
                    figures.replies.append(collected)
            finally:
                await trigger.close()
                stop(server.process)
    return figures


async def join_storm(run: Run, size: int, workers: int, baseline: bool) -> JoinResult:
    """Only a join: `size` players connect at once from `workers` bot processes, which
    arrive faster than one process can open sockets; each waits up to STORM_WAIT_S."""
    storm = dataclasses.replace(run, workers=workers)
    server_cm = (
        baseline_server(run.log_dir, run.max_seconds)
        if baseline
        else counterplay_server(run.log_dir)
    )
    with server_cm as server:
        code = BASELINE_ROOM if baseline else open_room(server.http_url)["code"]
        async with _bots(storm) as swarm:
            seats = [(server.ws_url(code), f"bot{i}") for i in range(size)]
            joined = await swarm.join(code, seats, None, wait_s=STORM_WAIT_S)
            stop(server.process)
    if joined.welcomed < size:
        kind = "baseline" if baseline else "counterplay"
        run.note(f"join storm ({kind}): {joined.welcomed}/{size} welcomed {joined.failures}")
    return joined


async def memory(run: Run, players: int, room_size: int, baseline: bool) -> MemoryFigures:
    """Seat `players` idle players in rooms of `room_size` on one fresh server process, and
    read the process's resident memory before and after."""
    rooms = max(1, -(-players // room_size))
    server_cm = (
        baseline_server(run.log_dir, run.max_seconds)
        if baseline
        else counterplay_server(run.log_dir)
    )
    with server_cm as server:
        async with _bots(run) as swarm:
            wait_quiet([server.pid])
            before = server.rss_kb()
            codes = [
                f"MEM{i:03d}" if baseline else open_room(server.http_url, room_size)["code"]
                for i in range(rooms)
            ]
            seats = [(server.ws_url(codes[i // room_size]), f"bot{i}") for i in range(players)]
            joined = await swarm.join("memory", seats, concurrency=200, wait_s=120)
            wait_quiet([server.pid, *swarm.pids], timeout_s=60)
            await asyncio.sleep(min(1.0, players / 5000))  # sockets left open a moment
            held = await swarm.alive("memory")
            after = server.rss_kb()
            peak = status_kb(server.pid, "VmHWM")
            stop(server.process)
    if joined.welcomed < players:
        run.note(f"memory: {joined.welcomed}/{players} welcomed {joined.failures}")
    return MemoryFigures(players, rooms, joined.welcomed, held, before, after, peak)
