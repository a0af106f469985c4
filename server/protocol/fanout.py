"""Encoding one room state for many viewers: what they share is encoded once.

A message is spliced from JSON fragments: the fields every viewer gets, the roster and the
card in the few versions there are, each ballot reply once (twice for its author), and a
small `you` per viewer. tests/protocol/test_fanout.py checks that every message equals
`snapshot_for`, the reference."""

from collections.abc import Callable

from pydantic import TypeAdapter

from server.engine.state import BallotReply, RoomState

from .views import (
    RoomFacts,
    Viewer,
    ballot_for,
    debrief_view,
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


class SnapshotCache:
    """All snapshots of one state at one time. Build one per change and hand it to every
    socket of the room; `message_for` is then mostly string joining."""

    def __init__(self, state: RoomState, now_ms: int) -> None:
        self.state = state
        self.facts = RoomFacts(state)
        self._now_ms = now_ms
        self._fragments: dict[tuple[str, object], str] = {}

    def message_for(self, viewer: Viewer) -> str:
        """The `snapshot` message for `viewer`, as JSON text."""
        replies = ",".join(self._reply(r, viewer) for r in ballot_for(self.facts, viewer))
        parts = [
            self._shared(shows_names(self.facts, viewer)),
            f'"players":{self._roster(viewer)}',
            f'"scenario":{self._scenario(viewer)}',
            f'"replies":[{replies}]',
            f'"progress":{self._progress(viewer)}',
            self._console_and_projector(viewer),
            f'"you":{you_view(self.facts, viewer).model_dump_json()}',
        ]
        return '{"type":"snapshot","state":{' + ",".join(parts) + "}}"

    def _shared(self, named: bool) -> str:
        """`"code":...,"phase":...` and the rest every viewer gets, without the braces."""
        return self._fragment(
            ("shared", named),
            lambda: _FIELDS.dump_json(shared_fields(self.facts, self._now_ms, named)).decode()[
                1:-1
            ],
        )

    def _console_and_projector(self, viewer: Viewer) -> str:
        """Teams, the hold queue and the debrief: one version per kind of viewer."""

        def build() -> str:
            fields = {
                "teams": teams_view(self.facts, viewer.is_host),
                "queue": queue_view(self.facts) if viewer.is_host else [],
                "debrief": debrief_view(self.facts, viewer),
            }
            return _FIELDS.dump_json(fields).decode()[1:-1]

        return self._fragment(("extras", viewer.kind), build)

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
        key = ("player", (player_id, for_host))
        cached = self._fragments.get(key)
        if cached is None:
            view = self.facts.player_view(player_id, for_host)
            cached = self._fragments[key] = view.model_dump_json()
        return cached

    def _scenario(self, viewer: Viewer) -> str:
        audience = scenario_audience(self.facts, viewer)

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

    def _progress(self, viewer: Viewer) -> str:
        with_ids = sees_everyone(self.facts, viewer)
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
        cache = SnapshotCache(state, self._clock_ms())
        if latest is None or latest.state.version <= state.version:
            self._by_room[state.code] = cache
        return cache

    def forget(self, code: str) -> None:
        self._by_room.pop(code, None)
