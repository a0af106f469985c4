"""Encoding one room state for many viewers: what they share is encoded once.

A message is spliced from JSON fragments: the fields every viewer gets, the roster and the
card in the few versions there are, each ballot reply once (twice for its author), and a
small `you` per viewer. tests/protocol/test_fanout.py checks that every message equals
`snapshot_for`, the reference."""

import json
from collections.abc import Callable
from functools import cached_property

from pydantic import TypeAdapter

from server.engine.state import BallotReply, Phase, RoomState

from .views import (
    RoomFacts,
    Viewer,
    ballot_for,
    debrief_view,
    flagged_names,
    own_reply_text,
    progress_view,
    queue_view,
    reply_view,
    roster_ids,
    scenario_audience,
    scenario_view,
    sees_everyone,
    shared_fields,
    shows_names,
    teams_view,
    you_view,
)

_FIELDS = TypeAdapter(dict[str, object])
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

Lines = dict[tuple[object, ...], str]
"""A viewer's own roster line and `you`, by the values they are made of."""
Ballots = dict[tuple[object, ...], tuple[str, ...]]
"""A player's voting sample (reply ids), by what it is drawn from."""


_PLAYER_FIELDS = ("id", "name", "connected", "score", "rank", "team")
_YOU_FIELDS = ("id", "role", "reply", "score", "rank", "team")


class SnapshotCache:
    """All snapshots of one state at one time. Build one per change and hand it to every
    socket of the room; `message_for` is then mostly string joining."""

    def __init__(
        self, state: RoomState, now_ms: int, earlier: "SnapshotCache | None" = None
    ) -> None:
        """`earlier` is the room's previous cache: most players' own line, `you` and
        voting sample are the same from one change to the next, and are taken from there."""
        self.state = state
        self.facts = RoomFacts(state)
        self._now_ms = now_ms
        self._fragments: dict[tuple[str, object], str] = {}
        self._earlier: Lines = earlier.lines if earlier else {}
        self._earlier_ballots: Ballots = earlier.ballots if earlier else {}
        self.lines: Lines = {}
        self.ballots: Ballots = {}

    def message_for(self, viewer: Viewer) -> str:
        """The `snapshot` message for `viewer`, as JSON text."""
        return "".join(
            (
                self._head(shows_names(self.facts, viewer)),
                self._roster(viewer),
                self._middle(viewer),
                self._you(viewer),
                "}}",
            )
        )

    def _head(self, named: bool) -> str:
        """Everything before the roster: the fields every viewer gets (the anonymous
        projector's version without the customer's name)."""

        def build() -> str:
            shared = _FIELDS.dump_json(shared_fields(self.facts, self._now_ms, named)).decode()
            return '{"type":"snapshot","state":{' + shared[1:-1] + ',"players":'

        return self._fragment(("head", named), build)

    def _middle(self, viewer: Viewer) -> str:
        """From the card to `"you":`, encoded once per combination of card version,
        ballot, progress and kind of viewer (the console and the projector get more)."""
        ballot = self._ballot(viewer)
        audience = scenario_audience(self.facts, viewer)
        with_ids = sees_everyone(self.facts, viewer)
        shown = tuple((r.id, r.author_id == viewer.player_id) for r in ballot) if ballot else ()
        key = ("middle", (audience, with_ids, shown, viewer.kind))
        cached = self._fragments.get(key)
        if cached is None:
            replies = ",".join(self._reply(r, viewer) for r in ballot)
            cached = self._fragments[key] = (
                f',"scenario":{self._scenario(audience)},"replies":[{replies}]'
                f',"progress":{self._progress(with_ids)},{self._extras(viewer)},"you":'
            )
        return cached

    def _extras(self, viewer: Viewer) -> str:
        """Teams, flagged names, the hold queue and the debrief: one version per kind of
        viewer."""

        def build() -> str:
            fields = {
                "teams": teams_view(self.facts, viewer.is_host),
                "flagged_names": flagged_names(self.facts) if viewer.is_host else [],
                "queue": queue_view(self.facts) if viewer.is_host else [],
                "debrief": debrief_view(self.facts, viewer),
            }
            return _FIELDS.dump_json(fields).decode()[1:-1]

        return self._fragment(("extras", viewer.kind), build)

    def _ballot(self, viewer: Viewer) -> list[BallotReply]:
        """`ballot_for(facts, viewer)`; while voting, a player's sample is taken from the
        previous state when the room's seed, the round, whether the room is big and the
        shown replies are the same, which is all a voting sample depends on: `ballot_for`
        costs ~150 µs a player at 30 replies, every change of the phase."""
        facts, round_ = self.facts, self.facts.round
        if round_ is None or facts.state.phase is not Phase.VOTING or viewer.player_id is None:
            return ballot_for(facts, viewer)
        key = (facts.state.seed, round_.number, facts.big_room, viewer.player_id, self._shown_ids)
        ids = self.ballots.get(key) or self._earlier_ballots.get(key)
        if ids is None:
            ids = tuple(reply.id for reply in ballot_for(facts, viewer))
        self.ballots[key] = ids
        return [self._shown_by_id[reply_id] for reply_id in ids]

    @cached_property
    def _shown_ids(self) -> tuple[tuple[str, str], ...]:
        return tuple((reply.id, reply.author_id) for reply in self.facts.shown_ballot)

    @cached_property
    def _shown_by_id(self) -> dict[str, BallotReply]:
        return {reply.id: reply for reply in self.facts.shown_ballot}

    def _fragment(self, key: tuple[str, object], build: Callable[[], str]) -> str:
        cached = self._fragments.get(key)
        if cached is None:
            cached = self._fragments[key] = build()
        return cached

    def _roster(self, viewer: Viewer) -> str:
        """Everyone's roster is encoded once; a compact one is the top, encoded once, plus
        the viewer's own line when they are not in it."""
        if viewer.player_id is None or sees_everyone(self.facts, viewer):
            return self._fragment(("roster", viewer.kind), lambda: self._players(viewer))
        top = self._fragment(("roster", "top"), lambda: self._players(viewer, self.facts.top_ids))
        own = viewer.player_id
        if own in self.facts.top_ids or own not in self.facts.standing_of:
            return top
        line = self._player(own, for_host=False)
        return f"{top[:-1]},{line}]" if len(top) > 2 else f"[{line}]"

    def _players(self, viewer: Viewer, ids: list[str] | None = None) -> str:
        chosen = roster_ids(self.facts, viewer) if ids is None else ids
        return "[" + ",".join(self._player(pid, viewer.is_host) for pid in chosen) + "]"

    def _player(self, player_id: str, for_host: bool) -> str:
        """The player's roster line: `RoomFacts.player_view`, by hand."""
        standing = self.facts.standing_of[player_id]
        player = standing.player
        public = for_host or self.facts.rank_is_public(standing)
        key = (
            "player",
            player.id,
            player.name,
            player.connected,
            standing.score if public else None,
            standing.rank if public else None,
            player.team,
        )
        return self._line(key, lambda: dict(zip(_PLAYER_FIELDS, key[1:], strict=True)))

    def _you(self, viewer: Viewer) -> str:
        """`you_view(facts, viewer)`, by hand for players."""
        viewer_id, round_ = viewer.player_id, self.facts.round
        if viewer_id is None:
            return you_view(self.facts, viewer).model_dump_json()
        standing = self.facts.standing_of.get(viewer_id)
        vote = round_.votes.get(viewer_id) if round_ else None
        key = (
            "you",
            viewer_id,
            "customer" if round_ and round_.customer_id == viewer_id else "agent",
            own_reply_text(self.facts, viewer_id),
            vote.reply_id if vote else None,
            vote.skill if vote else None,
            standing.score if standing else None,
            standing.rank if standing and self.facts.rank_is_public(standing) else None,
            standing.player.team if standing else None,
        )

        def build() -> dict[str, object]:
            you: dict[str, object] = dict(zip(_YOU_FIELDS, key[1:4] + key[6:], strict=True))
            you["vote"] = {"reply_id": key[4], "skill": key[5]} if vote else None
            return you

        return self._line(key, build)

    def _line(self, key: tuple[object, ...], build: Callable[[], dict[str, object]]) -> str:
        """A JSON object made only of the values in `key`: encoded once for as long as
        consecutive states of the room have the same values."""
        line = self.lines.get(key) or self._earlier.get(key)
        if line is None:
            line = _encode(build())
        self.lines[key] = line
        return line

    def _scenario(self, audience: str) -> str:
        def build() -> str:
            view = scenario_view(self.facts, audience)
            return view.model_dump_json() if view else "null"

        return self._fragment(("scenario", audience), build)

    def _reply(self, reply: BallotReply, viewer: Viewer) -> str:
        mine = reply.author_id == viewer.player_id
        return self._fragment(
            ("reply", (reply.id, mine, viewer.is_host, shows_names(self.facts, viewer))),
            lambda: reply_view(self.facts, reply, viewer).model_dump_json(),
        )

    def _progress(self, with_ids: bool) -> str:
        return self._fragment(
            ("progress", with_ids), lambda: progress_view(self.facts, with_ids).model_dump_json()
        )


class LatestSnapshots:
    """The SnapshotCache of each room's newest state in this process, shared by its sockets."""

    def __init__(self, clock_ms: Callable[[], int]) -> None:
        self._clock_ms = clock_ms
        self._by_room: dict[str, SnapshotCache] = {}

    def for_state(self, state: RoomState) -> SnapshotCache:
        """The cache for this state, made by the first socket that asks for it."""
        latest = self._by_room.get(state.code)
        if latest is not None and latest.state is state:
            return latest
        cache = SnapshotCache(state, self._clock_ms(), latest)
        if latest is None or latest.state.version <= state.version:
            self._by_room[state.code] = cache
        return cache

    def forget(self, code: str) -> None:
        self._by_room.pop(code, None)
