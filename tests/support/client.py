"""A test player: a real WebSocket client that keeps the latest snapshot it was sent.

A player's own part comes in `you` messages, sent before a snapshot when it changed; the
client keeps the latest and hands it out as the snapshot's `state["you"]` (None for the
host and the screen), as the web client does."""

import asyncio
import itertools
import json
from collections.abc import Callable
from typing import Any, ClassVar

from websockets.asyncio.client import ClientConnection, connect

State = dict[str, Any]
RECEIVE_TIMEOUT_S = 10.0
_refs = itertools.count(1)


def votable(state: State) -> list[str]:
    """The reply ids a player may vote for: their own sample when they have one, else the
    snapshot's replies, but never their own."""
    you = state["you"]
    replies = you["ballot"] if you["ballot"] is not None else state["replies"]
    return [reply["id"] for reply in replies if reply["id"] != you["reply_id"]]


class GameClient:
    # Every client a test opened, so a fixture can close them all when the test ends.
    opened: ClassVar[list["GameClient"]] = []

    def __init__(self, connection: ClientConnection, welcome: dict[str, Any]) -> None:
        self.connection = connection
        self.welcome = welcome
        self.state: State | None = None
        self.you: dict[str, Any] | None = None
        GameClient.opened.append(self)

    @classmethod
    async def close_all(cls) -> None:
        opened, cls.opened = cls.opened, []
        await asyncio.gather(*(client.close() for client in opened), return_exceptions=True)

    @classmethod
    async def open(cls, url: str, **hello: Any) -> "GameClient":
        """Connect and send the hello (join, rejoin or host); fails unless welcomed."""
        client = await cls.unseated(url)
        welcome = await client.request(**hello)
        assert welcome["type"] == "welcome", welcome
        client.welcome = welcome
        return client

    @classmethod
    async def unseated(cls, url: str) -> "GameClient":
        """Connected, but not yet joined: for provoking refusals of the hello itself."""
        return cls(await connect(url, compression=None, close_timeout=1), {})

    @property
    def player_id(self) -> str | None:
        player_id: str | None = self.welcome["player_id"]
        return player_id

    async def send(self, **message: Any) -> None:
        await self.connection.send(json.dumps(message))

    async def request(self, **message: Any) -> dict[str, Any]:
        """Send with a fresh `ref` and return the matching ack or error."""
        ref = f"t{next(_refs)}"
        await self.send(ref=ref, **message)
        return await self.next_message(lambda m: m.get("ref") == ref)

    async def refused(self, code: str, **message: Any) -> None:
        """Send `message` and check it is refused with `code`."""
        answer = await self.request(**message)
        assert (answer["type"], answer.get("code")) == ("error", code), answer

    async def next_message(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        async with asyncio.timeout(RECEIVE_TIMEOUT_S):
            while True:
                message = json.loads(await self.connection.recv())
                if message["type"] == "you":
                    self.you = message["you"]
                if message["type"] == "snapshot":
                    message["state"]["you"] = self.you
                    self.state = message["state"]
                if wanted(message):
                    return dict(message)

    async def until(self, condition: Callable[[State], bool]) -> State:
        """The first snapshot (the latest already held, or a new one) meeting `condition`."""
        if self.state is not None and condition(self.state):
            return self.state
        message = await self.next_message(
            lambda m: m["type"] == "snapshot" and condition(m["state"])
        )
        state: State = message["state"]
        return state

    async def phase(self, phase: str, round_number: int | None = None) -> State:
        return await self.until(
            lambda s: s["phase"] == phase and (round_number is None or s["round"] == round_number)
        )

    async def close(self) -> None:
        await self.connection.close()
