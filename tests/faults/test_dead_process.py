"""kill -9 of a server process: its players who do not come back are marked disconnected by
the process that is left, once the dead one's presence runs out."""

import os
import signal
from pathlib import Path

from tests.support.client import GameClient
from tests.support.rooms import open_as_host, open_room, seat_players
from tests.support.server import running_server

PRESENCE_TTL_S = "1"


async def test_players_of_a_killed_process_are_marked_disconnected(
    tmp_path: Path, redis_url: str
) -> None:
    with (
        running_server(tmp_path, redis_url, COUNTERPLAY_PRESENCE_TTL_S=PRESENCE_TTL_S) as doomed,
        running_server(tmp_path, redis_url, COUNTERPLAY_PRESENCE_TTL_S=PRESENCE_TTL_S) as kept,
    ):
        room = open_room(kept)
        host = await open_as_host(kept, room)
        stranded = await seat_players(doomed, room["code"], ["Ada", "Bo", "Cy"])
        staying = await seat_players(kept, room["code"], ["Di", "Ed"])
        await host.until(lambda s: sum(p["connected"] for p in s["players"]) == 5)

        os.kill(doomed.process.pid, signal.SIGKILL)
        lost = {client.player_id for client in stranded}
        state = await host.until(
            lambda s: not any(p["connected"] for p in s["players"] if p["id"] in lost)
        )
        connected = {p["id"] for p in state["players"] if p["connected"]}
        assert connected == {client.player_id for client in staying}

        back = await GameClient.open(
            kept.ws_url(room["code"]), type="rejoin", token=stranded[0].welcome["token"]
        )
        state = await host.until(
            lambda s: any(p["id"] == back.player_id and p["connected"] for p in s["players"])
        )
        assert sum(p["connected"] for p in state["players"]) == 3
