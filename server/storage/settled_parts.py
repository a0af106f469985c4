"""A room's state in three kinds of part, so that a change costs only what changed.

The *live* part is what most commands change: the current round, the phase, the clock.
The *settled* parts never change once written: the cards drawn at the start (the engine
sets them once) and each finished round in `history` (the engine only appends to it).
Together they were tens to hundreds of KB per room, encoded by every save and parsed by
every process on every change; stored apart, a save writes only the live part plus whatever
became settled since, and a load parses the live part and takes the settled parts from this
process's cache, parsing a settled part once per process.

The *roster* (`players`, ~200 bytes a player) changes only when someone joins, leaves,
reconnects or scores, not with a reply, a vote or the clock. It is stored apart with the
room version that wrote it (`players_at`): a save writes it only when it changed, and a
process parses it only when that version is not the one it holds. Players are frozen, so
"unchanged" is "the very objects this cache holds", told without comparing fields.

Both adapters use this: the stored layout is theirs, the bookkeeping is shared, so the
embedded store keeps the Redis store's contract exactly."""

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import TypeAdapter

from server.engine import RoomState
from server.engine.cards import Card
from server.engine.state import Player, Round, same_objects

APART_FIELDS = {"cards", "history", "players"}
# Rooms whose settled parts a process keeps parsed; the least recently used go first. A
# process rarely follows more than a few hundred rooms at once.
CACHED_ROOMS = 512

_CARDS = TypeAdapter(list[Card])
_PLAYERS = TypeAdapter(list[Player])


def live_json(state: RoomState) -> str:
    return state.model_dump_json(exclude=APART_FIELDS)


def cards_json(cards: list[Card]) -> str:
    return _CARDS.dump_json(cards).decode()


@dataclass(frozen=True)
class SettledWrite:
    """What a save must store beside the live part. `cards` is None when the store already
    holds this room's cards; `rounds` are the finished rounds from `rounds_from` on, which
    the store may not hold yet (it keeps the ones it has: a finished round never changes);
    `players` is None when the store holds this roster, else it is stored with the saved
    version as its `players_at`."""

    cards: str | None
    rounds_from: int
    rounds: list[str]
    players: str | None

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
    players: list[Player] = field(default_factory=list)
    players_at: int | None = None  # the version that stored `players`; None: not known


@dataclass(frozen=True)
class Reading:
    """A load's view of one room's parts stored apart: `cards` None, `rounds_missing` and
    `players` None are what it must read from the store (the roster as of `players_at`)."""

    room: _Room
    cards: list[Card] | None
    known_rounds: list[Round]
    rounds_missing: range
    players: list[Player] | None
    players_at: int | None

    @property
    def settled_at_hand(self) -> bool:
        """Whether this process has the cards and every finished round parsed already."""
        return self.cards is not None and not self.rounds_missing


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
        players_known = room.players_at is not None and same_objects(state.players, room.players)
        rounds_from = 0
        for mine, known in zip(state.history, room.history, strict=False):
            if mine is not known:
                break
            rounds_from += 1
        return SettledWrite(
            cards=None if same_objects(state.cards, room.cards) else cards_json(state.cards),
            rounds_from=rounds_from,
            rounds=[r.model_dump_json() for r in state.history[rounds_from:]],
            players=None if players_known else _PLAYERS.dump_json(state.players).decode(),
        )

    def saved(self, state: RoomState, write: SettledWrite) -> None:
        """`state` is now stored, with `write`: its parts are the room's."""
        room = self._room(state)
        room.cards = list(state.cards)
        room.history = list(state.history)
        room.players = list(state.players)
        if write.players is not None:
            room.players_at = state.version

    def players_at_of(self, code: str) -> int | None:
        """The version of the roster this process holds parsed for the room, if any (a load
        then need not read it again)."""
        room = self._rooms.get(code)
        return room.players_at if room else None

    def forget(self, code: str) -> None:
        """Assume nothing about what the store holds for the room."""
        self._rooms.pop(code, None)

    def reading(
        self, live: RoomState, cards_count: int, rounds_count: int, players_at: int | None
    ) -> "Reading":
        """What this process has of the parts that complete `live` (a state loaded
        without them), and what must still be read from the store. Taken before the read,
        so whatever happens to the cache meanwhile cannot mix into this load. A store
        without `players_at` keeps the roster inside the live part (an older layout)."""
        room = self._room(live)
        known = room.history[: min(len(room.history), rounds_count)]
        if players_at is None:
            players: list[Player] | None = live.players
        else:
            players = room.players if room.players_at == players_at else None
        return Reading(
            room=room,
            cards=room.cards if len(room.cards) == cards_count else None,
            known_rounds=known,
            rounds_missing=range(len(known), rounds_count),
            players=players,
            players_at=players_at,
        )

    def complete(
        self,
        live: RoomState,
        reading: "Reading",
        cards: str | bytes | None = None,
        rounds: Sequence[str | bytes] = (),
        players: str | bytes | None = None,
    ) -> RoomState:
        """Put the parts stored apart into `live`: the known ones and the ones just read
        from the store (`cards` if the reading had none, `rounds` in `rounds_missing` order,
        `players` if it had none), which the cache keeps from now on."""
        room = reading.room
        if cards is not None:
            live.cards = _CARDS.validate_json(cards)
        else:
            assert reading.cards is not None, "the reading had no cards: read them"
            live.cards = list(reading.cards)
        live.history = reading.known_rounds + [Round.model_validate_json(r) for r in rounds]
        # The cache's lists are replaced, never changed in place: a reading may hold them.
        if cards is not None:
            room.cards = list(live.cards)
        if len(live.history) > len(room.history):
            room.history = list(live.history)
        if players is not None:
            live.players = _PLAYERS.validate_json(players)
            room.players, room.players_at = list(live.players), reading.players_at
        else:
            assert reading.players is not None, "the reading had no roster: read it"
            live.players = list(reading.players)
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
