"""Baseline: the room fan-out with the raw `websockets` library, no framework, no game.

`python -m bench.baseline_server --port N`. A socket on /ws/rooms/CODE sends
{"type": "join", "name": ...} and gets a welcome. After that, any message from anyone in the
room makes the server `broadcast()` one snapshot-sized JSON message to every member: `size`
bytes if the message says so, else 600 + 64 per member; a `ref` is acknowledged."""

import argparse
import asyncio
import json

from websockets.asyncio.server import ServerConnection, broadcast, serve

rooms: dict[str, set[ServerConnection]] = {}
changes: dict[str, int] = {}


def snapshot(code: str, size: int) -> str:
    changes[code] = changes.get(code, 0) + 1
    head = f'{{"type":"snapshot","state":{{"seq":{changes[code]},"pad":"'
    return head + "x" * max(0, size - len(head) - 3) + '"}}'


async def handler(ws: ServerConnection) -> None:
    code = ws.request.path.rsplit("/", 1)[-1] if ws.request else ""
    room = rooms.setdefault(code, set())
    try:
        async for raw in ws:
            message = json.loads(raw)
            ref = message.get("ref")
            if message.get("type") == "join" and ws not in room:
                room.add(ws)
                await ws.send(
                    json.dumps({"type": "welcome", "player_id": f"p{id(ws)}", "ref": ref})
                )
                continue
            broadcast(room, snapshot(code, message.get("size") or 600 + 64 * len(room)))
            if ref is not None:
                await ws.send(json.dumps({"type": "ack", "ref": ref}))
    finally:
        room.discard(ws)


async def main(port: int, max_seconds: float) -> None:
    # backlog as uvicorn's, so a burst of connections is not refused before it is accepted
    async with serve(handler, "127.0.0.1", port, compression=None, max_size=16384, backlog=2048):
        await asyncio.sleep(max_seconds)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--max-seconds", type=float, default=1800)
    options = parser.parse_args()
    try:  # uvicorn runs counterplay on uvloop when it is installed; so does the baseline
        import uvloop

        uvloop.run(main(options.port, options.max_seconds))
    except ImportError:
        asyncio.run(main(options.port, options.max_seconds))
