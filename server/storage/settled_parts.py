"""A room's state in two kinds of part, so that a change costs only what changed.

The *live* part is everything a command can change: players, the current round, the clock.
The *settled* parts never change once written: the cards drawn at the start (the engine
sets them once) and each finished round in `history` (the engine only appends to it).
Together they were tens to hundreds of KB per room, encoded by every save and parsed by
every process on every change; stored apart, a save writes only the live part plus whatever
became settled since, and a load parses the live part and takes the settled parts from this
process's cache, parsing a settled part once per process.

Both adapters use this: the stored layout is theirs, the bookkeeping is shared, so the
embedded store keeps the Redis store's contract exactly."""

from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import TypeAdapter

from server.engine import RoomState
from server.engine.cards import Card
from server.engine.state import Round

SETTLED_FIELDS = {"cards", "history"}
# Rooms whose settled parts a process keeps parsed; the least recently used go first. A
# process rarely follows more than a few hundred rooms at once.
CACHED_ROOMS = 512

_CARDS = TypeAdapter(list[Card])


def live_json(state: RoomState) -> str:
    return state.model_dump_json(exclude=SETTLED_FIELDS)


def cards_json(cards: list[Card]) -> str:
    return _CARDS.dump_json(cards).decode()


@dataclass(frozen=True)
class SettledWrite:
    """What a save must store beside the live part. `cards` is None when the store already
    holds this room's cards; `rounds` are the finished rounds from `rounds_from` on, which
    the store may not hold yet (it keeps the ones it has: a finished round never changes)."""

    cards: str | None
    rounds_from: int
    rounds: list[str]

    @property
    def rounds_total(self) -> int:
        return self.rounds_from + len(self.rounds)


@dataclass
class _Room:
    """The settled parts of one room as stored, parsed. `room_id` tells a room from a later
    one that got the same code after the first expired."""

    room_id: str
    cards: list[Card] = field(default_factory=list)
    history: list[Round] = field(default_factory=list)


class SettledParts:
    """One process's parsed copy of the rooms' settled parts.

    A loaded state shares these Card and Round objects with every other state of its room:
    the engine never changes a card or a finished round (cards are frozen models; rules
    change only `state.round`), and each state gets its own lists, so appending a round to
    one state's history leaves the others alone."""

    def __init__(self, max_rooms: int = CACHED_ROOMS) -> None:
        self._rooms: OrderedDict[str, _Room] = OrderedDict()
        self._max_rooms = max_rooms

    def to_write(self, state: RoomState) -> SettledWrite:
        """What of `state`'s settled parts the store may not hold yet. A card list or round
        is known to be stored only when it is the very object this cache took from the
        store or saw saved, so a state built any other way writes everything."""
        room = self._room(state)
        cards_known = len(state.cards) == len(room.cards) and all(
            mine is known for mine, known in zip(state.cards, room.cards, strict=True)
        )
        rounds_from = 0
        for mine, known in zip(state.history, room.history, strict=False):
            if mine is not known:
                break
            rounds_from += 1
        return SettledWrite(
            cards=None if cards_known else cards_json(state.cards),
            rounds_from=rounds_from,
            rounds=[r.model_dump_json() for r in state.history[rounds_from:]],
        )

    def saved(self, state: RoomState) -> None:
        """`state` is now stored: its settled parts are the room's."""
        room = self._room(state)
        room.cards = list(state.cards)
        room.history = list(state.history)

    def forget(self, code: str) -> None:
        """Assume nothing about what the store holds for the room."""
        self._rooms.pop(code, None)

    def missing(self, live: RoomState, cards_count: int, rounds_count: int) -> tuple[bool, range]:
        """Whether the cards, and which finished rounds, must be read from the store to
        complete `live` (a state loaded without its settled parts)."""
        room = self._room(live)
        cards_missing = len(room.cards) != cards_count
        return cards_missing, range(min(len(room.history), rounds_count), rounds_count)

    def complete(
        self,
        live: RoomState,
        rounds_count: int,
        cards: str | bytes | None = None,
        rounds: Mapping[int, str | bytes] | None = None,
    ) -> RoomState:
        """Put the settled parts into `live`: the cached ones, and the ones just read from
        the store (`cards`, `rounds` by index), which the cache keeps from now on."""
        room = self._room(live)
        if cards is not None:
            room.cards = _CARDS.validate_json(cards)
        for index in sorted(rounds or {}):
            del room.history[index:]
            room.history.append(Round.model_validate_json((rounds or {})[index]))
        live.cards = list(room.cards)
        live.history = room.history[:rounds_count]
        return live

    def _room(self, state: RoomState) -> _Room:
        room = self._rooms.get(state.code)
        if room is None or room.room_id != state.host_token_hash:
            room = _Room(state.host_token_hash)
            self._rooms[state.code] = room
            if len(self._rooms) > self._max_rooms:
                self._rooms.popitem(last=False)
        self._rooms.move_to_end(state.code)
        return room
