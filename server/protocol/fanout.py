"""Encoding one room state for many viewers: what they share is encoded once.

A snapshot depends only on the kind of viewer and the version of the card they see, so a
change of a room costs a handful of encodings, each written to many sockets as the same
frame. A snapshot is spliced from JSON fragments (the encoded roster is kept for as long as
no player changes, see roster.py); a player's `you` message is encoded once for as long as
what it is made of stays the same. tests/protocol/test_fanout.py checks both against the references
`snapshot_for` and `you_for`."""

import json
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

from pydantic import TypeAdapter

from server.engine.state import BallotReply, Phase, RoomState, Vote

from .roster import Lines
from .server import YouMessage
from .views import (
    RoomFacts,
    Viewer,
    ballot_for,
    debrief_view,
    flagged_names,
    opening_flagged,
    personal_ballot,
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
    you_view_with,
)

_FIELDS = TypeAdapter(dict[str, object])
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

Ballots = dict[tuple[object, ...], tuple[str, ...] | None]
"""A player's voting sample (reply ids), by what it is drawn from."""

_PLAYER_FIELDS = ("id", "name", "connected", "score", "rank", "team")


@dataclass(frozen=True)
class _YouBasis:
    """What the players' `you` messages of one state are made of: `everyone` holds what
    all of them depend on (the round, its phase and customer, the public places, the
    shown replies, every score); besides that a player's depends only on their own reply
    and vote."""

    everyone: tuple[object, ...]
    replies: Mapping[str, str]
    votes: Mapping[str, Vote]

    @classmethod
    def of(cls, facts: RoomFacts, shown_ids: tuple[tuple[str, str], ...]) -> "_YouBasis":
        state, round_ = facts.state, facts.round
        everyone = (
            round_.number if round_ else None,
            round_.customer_id if round_ else None,
            state.phase,
            facts.public_ranks,
            facts.sample_size,
            shown_ids,
            facts.roster.ids_and_scores,
        )
        return cls(everyone, round_.replies if round_ else {}, round_.votes if round_ else {})

    def changed_since(self, earlier: "_YouBasis") -> set[str] | None:
        """The players whose `you` may differ from `earlier`'s; None: anyone's may."""
        if self.everyone != earlier.everyone:
            return None
        return _changed(earlier.replies, self.replies) | _changed(earlier.votes, self.votes)


def _changed(before: Mapping[str, object], after: Mapping[str, object]) -> set[str]:
    changed = {key for key, value in after.items() if before.get(key) != value}
    return changed | (before.keys() - after.keys())


_TEXT_FIN = 0x81
# A player's snapshot group: the customer's card or the public one (see `_group`).
_CUSTOMER = ("player", "customer", True)
_AGENT = ("player", "public", True)


def text_frame(text: str) -> bytes:
    """`text` as one unmasked, final WebSocket text frame (what a server sends)."""
    payload = text.encode()
    length = len(payload)
    if length < 126:
        header = bytes((_TEXT_FIN, length))
    elif length < 1 << 16:
        header = struct.pack("!BBH", _TEXT_FIN, 126, length)
    else:
        header = struct.pack("!BBQ", _TEXT_FIN, 127, length)
    return header + payload


class SnapshotCache:
    """All messages of one state at one time. Build one per change and hand it to every
    socket of the room."""

    def __init__(
        self, state: RoomState, now_ms: int, earlier: "SnapshotCache | None" = None
    ) -> None:
        """`earlier` is the room's previous cache: its roster, `you` messages and voting
        samples that are the same from one change to the next are taken from there."""
        self.state = state
        self.facts: RoomFacts = RoomFacts(state, earlier.facts.roster if earlier else None)
        self._now_ms = now_ms
        self._fragments: dict[tuple[str, object], str] = {}
        self._messages: dict[tuple[str, str, bool], str] = {}
        self._frames: dict[tuple[str, str, bool], bytes] = {}
        self._earlier: Lines = earlier.lines if earlier else {}
        self._earlier_ballots: Ballots = earlier.ballots if earlier else {}
        self._earlier_you = (earlier.you_basis, earlier.you_texts) if earlier else None
        self.lines: Lines = {}
        self.scenarios: dict[tuple[object, ...], str] = {}
        self._earlier_scenarios = earlier.scenarios if earlier else {}
        self.ballots: Ballots = {}
        self.you_texts: dict[str, str] = {}
        self._customer_id = self.facts.round.customer_id if self.facts.round else None

    def message_for(self, viewer: Viewer) -> str:
        """The `snapshot` message for `viewer`, as JSON text."""
        key = self._group(viewer)
        message = self._messages.get(key)
        if message is None:
            message = self._messages[key] = self._build(viewer)
        return message

    def frame_for(self, viewer: Viewer) -> bytes:
        """`message_for(viewer)` as a WebSocket frame, framed once for all its viewers."""
        key = self._group(viewer)
        frame = self._frames.get(key)
        if frame is None:
            frame = self._frames[key] = text_frame(self.message_for(viewer))
        return frame

    def _group(self, viewer: Viewer) -> tuple[str, str, bool]:
        """What a snapshot depends on besides the state: viewers alike here get the same.
        For players that is only whether they are the customer (asked once per socket)."""
        if viewer.player_id is not None:
            return _CUSTOMER if viewer.player_id == self._customer_id else _AGENT
        return (viewer.kind, scenario_audience(self.facts, viewer), shows_names(self.facts, viewer))

    def _build(self, viewer: Viewer) -> str:
        named = shows_names(self.facts, viewer)
        shared = self._fragment(
            ("shared", named),
            lambda: _FIELDS.dump_json(shared_fields(self.facts, self._now_ms, named)).decode(),
        )
        audience = scenario_audience(self.facts, viewer)
        replies = ",".join(self._reply(reply, viewer) for reply in ballot_for(self.facts, viewer))
        return (
            '{"type":"snapshot","state":{'
            f'{shared[1:-1]},"players":{self._players(viewer)}'
            f',"scenario":{self._scenario(audience)},"replies":[{replies}]'
            f',"progress":{self._progress(sees_everyone(self.facts, viewer))}'
            f",{self._fragment(('extras', (viewer.kind, named)), lambda: self._extras(viewer))}}}}}"
        )

    def _extras(self, viewer: Viewer) -> str:
        """Teams, flagged names and opening, the hold queue and the debrief: the same for
        viewers of one kind who see the same names."""
        fields = {
            "teams": teams_view(self.facts, viewer.is_host),
            "flagged_names": flagged_names(self.facts) if viewer.is_host else [],
            "opening_flagged": opening_flagged(self.facts) if viewer.is_host else False,
            "queue": queue_view(self.facts) if viewer.is_host else [],
            "debrief": debrief_view(self.facts, viewer),
        }
        return _FIELDS.dump_json(fields).decode()[1:-1]

    def _players(self, viewer: Viewer) -> str:
        """The roster as `viewer` sees it, encoded once per roster and way of seeing it."""
        facts = self.facts
        key = (viewer.kind, shows_names(facts, viewer), facts.public_ranks, facts.big_room)
        text = facts.roster.texts.get(key)
        if text is None:
            lines = (self._player(pid, viewer.is_host) for pid in roster_ids(facts, viewer))
            text = facts.roster.texts[key] = "[" + ",".join(lines) + "]"
        return text

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
        roster = self.facts.roster
        line = roster.lines.get(key) or roster.earlier_lines.get(key)
        if line is None:
            line = _encode(dict(zip(_PLAYER_FIELDS, key[1:], strict=True)))
        roster.lines[key] = line
        return line

    def you_for(self, player_id: str) -> str | None:
        """The player's `you` message as JSON text; None once they have left the room.
        The same text (the same object) for as long as what it is made of is unchanged:
        most changes alter only a few players' (a reply, a vote), and everyone else's is
        taken from the previous state without looking at it."""
        text = self.you_texts.get(player_id)
        if text is None:
            text = self._unchanged_you(player_id) or self._you_by_key(player_id)
            if text is not None:
                self.you_texts[player_id] = text
        return text

    @cached_property
    def you_basis(self) -> _YouBasis:
        return _YouBasis.of(self.facts, self._shown_ids)

    @cached_property
    def _you_changes(self) -> set[str] | None:
        if self._earlier_you is None:
            return None
        return self.you_basis.changed_since(self._earlier_you[0])

    def _unchanged_you(self, player_id: str) -> str | None:
        changes = self._you_changes
        if changes is None or player_id in changes or self._earlier_you is None:
            return None
        return self._earlier_you[1].get(player_id)

    def _you_by_key(self, player_id: str) -> str | None:
        facts, round_ = self.facts, self.facts.round
        standing = facts.standing_of.get(player_id)
        if standing is None:
            return None
        vote = round_.votes.get(player_id) if round_ else None
        on_ballot = facts.ballot_of.get(player_id) if player_id in facts.shown_authors else None
        ballot_ids = self._ballot(player_id)
        key = (
            "you",
            player_id,
            standing.player.name,
            standing.player.team,
            round_.customer_id == player_id if round_ else False,
            standing.score,
            standing.rank if facts.rank_is_public(standing) else None,
            round_.replies.get(player_id) if round_ else None,
            on_ballot.id if on_ballot else None,
            (vote.reply_id, vote.skill) if vote else None,
            self._result_key(player_id),
            ballot_ids,
        )
        return self._line(key, lambda: self._you_text(player_id, ballot_ids))

    def _you_text(self, player_id: str, ballot_ids: tuple[str, ...] | None) -> str:
        """The `you` message, with the voting sample already drawn for the key."""
        ballot = None
        if ballot_ids is not None:
            ballot = [self._shown_by_id[reply_id] for reply_id in ballot_ids]
        return YouMessage(you=you_view_with(self.facts, player_id, ballot)).model_dump_json()

    def _result_key(self, player_id: str) -> tuple[object, ...] | None:
        """What `own_result` is made of: the reply's tally and points, from the reveal on."""
        facts, round_ = self.facts, self.facts.round
        if round_ is None or not self._revealed or player_id not in facts.shown_authors:
            return None
        reply_id = facts.ballot_of[player_id].id
        skills: dict[str, int] = facts.tallies.skills.get(reply_id) or {}
        return (
            round_.number,
            facts.tallies.votes[reply_id],
            reply_id == round_.customer_pick(),
            tuple(sorted(skills.items())),
            round_.points.get(player_id, 0),
        )

    @cached_property
    def _revealed(self) -> bool:
        return self.state.phase in {Phase.REVEAL, Phase.SCOREBOARD}

    def _ballot(self, player_id: str) -> tuple[str, ...] | None:
        """The ids of `personal_ballot`, kept from the previous state when the room's seed,
        the round, the sample size and the shown replies are the same, which is all a sample
        depends on: drawing one costs ~150 µs a player at 30 replies."""
        facts, round_ = self.facts, self.facts.round
        if round_ is None or facts.sample_size is None or self.state.phase is not Phase.VOTING:
            return None
        key = (self.state.seed, round_.number, facts.sample_size, player_id, self._shown_ids)
        if key in self.ballots:
            return self.ballots[key]
        ids = self._earlier_ballots.get(key)
        if ids is None and key not in self._earlier_ballots:
            ballot = personal_ballot(facts, player_id)
            ids = tuple(reply.id for reply in ballot) if ballot is not None else None
        self.ballots[key] = ids
        return ids

    @cached_property
    def _shown_by_id(self) -> dict[str, BallotReply]:
        return {reply.id: reply for reply in self.facts.shown_ballot}

    @cached_property
    def _shown_ids(self) -> tuple[tuple[str, str], ...]:
        return tuple((reply.id, reply.author_id) for reply in self.facts.shown_ballot)

    def _line(self, key: tuple[object, ...], build: Callable[[], str]) -> str:
        """A JSON text made only of the values in `key`: encoded once for as long as
        consecutive states of the room have the same values."""
        line = self.lines.get(key) or self._earlier.get(key)
        if line is None:
            line = build()
        self.lines[key] = line
        return line

    def _fragment(self, key: tuple[str, object], build: Callable[[], str]) -> str:
        cached = self._fragments.get(key)
        if cached is None:
            cached = self._fragments[key] = build()
        return cached

    def _scenario(self, audience: str) -> str:
        """The card as `audience` sees it: the same from one change to the next for as long
        as the round and its phase are (a card never changes)."""
        round_ = self.facts.round
        key = (audience, round_.number if round_ else None, self.state.phase)
        text = self.scenarios.get(key) or self._earlier_scenarios.get(key)
        if text is None:
            view = scenario_view(self.facts, audience)
            text = view.model_dump_json() if view else "null"
        self.scenarios[key] = text
        return text

    def _reply(self, reply: BallotReply, viewer: Viewer) -> str:
        return self._fragment(
            ("reply", (reply.id, viewer.is_host, shows_names(self.facts, viewer))),
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
