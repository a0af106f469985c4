"""What a room's players give every view, worked out once per roster.

Most changes leave every player as they were (a reply, a vote, the clock, the host's
moves): players are frozen, and a state loaded from the store holds the very Player objects
of the state before it when its roster did not change. `Roster.following` then hands back
the earlier roster itself, so the standings, the public order and the encoded roster lines
of a 2,000-player room are not worked out again for every change."""

from functools import cached_property

from server.engine.state import Player, same_objects

from .standings import rank_players

Lines = dict[tuple[object, ...], str]
"""Encoded JSON texts, by the values they are made of."""


class Roster:
    def __init__(self, players: list[Player], earlier_lines: Lines | None = None) -> None:
        self.players = tuple(players)
        self.standings = rank_players(players)
        self.standing_of = {s.player.id: s for s in self.standings}
        self.connected_count = sum(p.connected for p in players)
        # The fan-out's encoded roster lines, and whole rosters by who sees them. Lines of
        # the roster before this one are looked up too: most players are the same.
        self.lines: Lines = {}
        self.earlier_lines: Lines = earlier_lines or {}
        self.texts: Lines = {}
        self._public_orders: dict[int, list[str]] = {}

    def following(self, players: list[Player]) -> "Roster":
        """The roster of a later state: this one if its players are the same objects."""
        return self if same_objects(players, self.players) else Roster(players, self.lines)

    @cached_property
    def ids_and_scores(self) -> tuple[tuple[str, int], ...]:
        return tuple((p.id, p.score) for p in self.players)

    def public_order(self, public_ranks: int) -> list[str]:
        """The places up to `public_ranks` in rank order, then everyone else in join order,
        so the order gives no hidden rank away."""
        order = self._public_orders.get(public_ranks)
        if order is None:
            public = [s.player.id for s in self.standings if s.rank <= public_ranks]
            shown = set(public)
            rest = sorted((p for p in self.players if p.id not in shown), key=lambda p: p.seq)
            order = self._public_orders[public_ranks] = public + [p.id for p in rest]
        return order

    def top(self, public_ranks: int, count: int) -> list[str]:
        return [s.player.id for s in self.standings[:count] if s.rank <= public_ranks]
