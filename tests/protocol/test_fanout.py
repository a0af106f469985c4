"""The spliced snapshots and `you` messages of SnapshotCache equal the references
`snapshot_for` and `you_for`, for every viewer, in small and big rooms, in every phase."""

import json
import random

import pytest

from server.content.catalogue import load_catalogue
from server.engine import RoomState, RuleError, handle
from server.engine import commands as c
from server.protocol.fanout import LatestSnapshots, SnapshotCache
from server.protocol.server import SnapshotMessage, YouMessage
from server.protocol.views import (
    BIG_ROOM_SAMPLE,
    HOST,
    PODIUM,
    SCREEN,
    Viewer,
    player_viewer,
    snapshot_for,
    you_for,
)
from server.resources import data_dir
from tests.engine.builders import DECK, room_with_players


def _played(players: int, seed: int, **settings: object) -> list[RoomState]:
    """States met along a random but mostly legal game."""
    rng = random.Random(seed)
    state = room_with_players(players, started=True, max_players=100, **settings)
    states, now = [state], 0
    for _ in range(800):
        pid = rng.choice(state.players).id
        ballot = state.round.ballot if state.round else []
        reply_id = rng.choice(ballot).id if ballot else "r1"
        flagged = rng.random() < 0.2
        commands = [
            c.SendOpening(player_id=pid, text=f"Opening from {pid}", flagged=flagged),
            c.SendReply(player_id=pid, text=f"Reply from {pid} \u202e <b>", flagged=flagged),
            c.CastVote(player_id=pid, reply_id=reply_id, skill=rng.choice([None, "empathy"])),
            c.HideReply(reply_id=reply_id),
            c.Disconnect(player_id=pid, connection=int(pid[1:])),
            c.Tick(),
            c.Review(player_id=pid, approve=rng.random() < 0.7),
            c.Present(round=rng.choice([None, 1, 2])),
            c.Spotlight(reply_id=reply_id, named=rng.random() < 0.5),
        ]
        command = rng.choices(commands, weights=[3, 30, 30, 1, 1, 2, 2, 1, 1])[0]
        now += rng.choice([0, 0, 0, 70_000])
        try:
            state = handle(state, command, now).state
        except RuleError:
            continue
        states.append(state)
    return states


def _assert_equal_to_the_references(cache: SnapshotCache, viewers: list[Viewer]) -> None:
    state = cache.state
    for viewer in viewers:
        reference = SnapshotMessage(state=snapshot_for(state, viewer, 123))
        assert json.loads(cache.message_for(viewer)) == reference.model_dump(mode="json")
        assert cache.frame_for(viewer).endswith(cache.message_for(viewer).encode())
        if viewer.player_id is not None:
            you = you_for(state, viewer.player_id)
            assert you is not None
            expected = YouMessage(you=you).model_dump(mode="json")
            assert json.loads(cache.you_for(viewer.player_id) or "null") == expected


def _everyone(state: RoomState) -> list[Viewer]:
    return [HOST, SCREEN, *(player_viewer(p.id) for p in state.players)]


SETTINGS: list[dict[str, object]] = [
    {},
    {"moderation": "hold", "teams": ["North", "South", "East"], "leaderboard": "top3"},
    {"anonymous": True, "leaderboard": "end", "team_scoring": "sum", "teams": ["A", "B"]},
    {"leaderboard": "never", "moderation": "off"},
]


@pytest.mark.parametrize(
    ("players", "seed", "settings"),
    [
        (4, 1, SETTINGS[0]),
        (9, 2, SETTINGS[1]),
        (30, 3, SETTINGS[2]),
        (40, 4, SETTINGS[3]),
        (6, 5, SETTINGS[2]),
        (26, 6, SETTINGS[1]),
    ],
)
def test_spliced_snapshots_equal_the_reference(
    players: int, seed: int, settings: dict[str, object]
) -> None:
    states = _played(players, seed, **settings)
    assert {s.phase for s in states} >= {"briefing", "replying", "voting", "reveal"}
    for state in states[:: max(1, len(states) // 40)]:
        _assert_equal_to_the_references(SnapshotCache(state, now_ms=123), _everyone(state))


@pytest.mark.parametrize(("players", "seed"), [(9, 6), (40, 7)])
def test_lines_carried_from_the_previous_state_are_never_stale(players: int, seed: int) -> None:
    snapshots = LatestSnapshots(lambda: 123)
    for state in _played(players, seed)[::3]:
        _assert_equal_to_the_references(snapshots.for_state(state), _everyone(state))


def test_a_voting_sample_is_drawn_again_when_the_host_hides_a_reply() -> None:
    voting = next(s for s in _played(40, 5) if s.phase == "voting" and len(s.round.ballot) > 12)  # type: ignore[union-attr]
    hidden = handle(voting, c.HideReply(reply_id=voting.round.ballot[0].id), 0).state  # type: ignore[union-attr]
    snapshots = LatestSnapshots(lambda: 123)
    samples = []
    for state in (voting, hidden):
        cache = snapshots.for_state(state)
        _assert_equal_to_the_references(cache, _everyone(state))
        you = json.loads(cache.you_for(state.players[1].id) or "null")["you"]
        samples.append([reply["id"] for reply in you["ballot"]])
    assert voting.round.ballot[0].id not in samples[1]  # type: ignore[union-attr]


def test_big_rooms_send_players_a_compact_snapshot() -> None:
    states = _played(40, 5)
    voting = next(s for s in states if s.phase == "voting" and len(s.round.ballot) > 12)  # type: ignore[union-attr]
    cache = SnapshotCache(voting, now_ms=0)
    agent = next(p.id for p in voting.players if p.id != voting.round.customer_id)  # type: ignore[union-attr]
    view = json.loads(cache.message_for(player_viewer(agent)))["state"]
    assert len(view["players"]) <= 10 and view["player_count"] == 40
    assert view["replies"] == [] and view["progress"]["voted"] == []
    you = json.loads(cache.you_for(agent) or "null")["you"]
    assert len(you["ballot"]) == BIG_ROOM_SAMPLE
    assert all(reply["id"] != you["reply_id"] for reply in you["ballot"])
    assert cache.frame_for(player_viewer(agent)) is cache.frame_for(player_viewer("p1"))
    screen = json.loads(cache.message_for(SCREEN))["state"]
    assert len(screen["players"]) <= 10 and screen["progress"]["voted"] == []
    host = json.loads(cache.message_for(HOST))["state"]
    assert len(host["players"]) == 40 and len(host["replies"]) == len(voting.round.ballot)  # type: ignore[union-attr]
    assert DECK


OPENING = "Hi, I ordered a birthday present two weeks ago and the tracking has been stuck. " * 2
REPLY = (
    "I'm so sorry, that's really stressful with the party tomorrow. I've just checked: the "
    "parcel is stuck at our local depot. I've booked it on the first van tomorrow morning, "
    "and if it isn't with you by 11 I'll refund it in full so you can buy one locally. "
    "I'll text you the driver's slot tonight. (reply {})"
)


def test_a_player_snapshot_in_a_big_room_stays_under_4_kb() -> None:
    """100 players with 12-character names (like "Chloé Martin") play the shipped card with
    the longest public text, and every agent but one replies with ~330 characters: the
    roster is the top 10 at any size above ROSTER_LIMIT and the ballot is
    as long at any size, so this stands for 2,000 too. Every player's snapshot, an author's,
    the customer's or not, stays under 4,096 bytes while voting and at the reveal (with
    20-character names the reveal is ~4.1 KB; docs/performance.md §5)."""
    state = room_with_players(100, started=False, max_players=5000)
    state = state.model_copy(
        update={"players": [p.model_copy(update={"name": f"{p.name:<12}"}) for p in state.players]}
    )
    catalogue = load_catalogue(data_dir("game_content"))
    cards = [card for deck in catalogue.decks.values() for card in deck.cards]
    longest = max(cards, key=lambda card: len(card.situation + card.persona + card.hidden_need))
    state = handle(state, c.Start(pool=(longest,)), 0).state
    assert state.round is not None
    customer = state.round.customer_id
    state = handle(state, c.SendOpening(player_id=customer, text=OPENING[:160]), 0).state
    agents = [p.id for p in state.players if p.id != customer]
    for number, agent in enumerate(agents[:-1], start=1):
        state = handle(state, c.SendReply(player_id=agent, text=REPLY.format(number)), 0).state
    voting = handle(state, c.Skip(), 0).state
    assert voting.round is not None
    ballot = [r.id for r in voting.round.ballot]
    revealed = voting
    for number, player in enumerate(voting.players):
        vote = c.CastVote(player_id=player.id, reply_id=ballot[number % 7])
        try:
            revealed = handle(revealed, vote, 0).state
        except RuleError:
            continue  # one's own reply
    revealed = handle(revealed, c.Skip(), 0).state if revealed.phase == "voting" else revealed
    assert revealed.phase == "reveal"
    for state, shown in ((voting, BIG_ROOM_SAMPLE), (revealed, PODIUM)):
        cache = SnapshotCache(state, now_ms=0)
        for player in state.players:
            message = cache.message_for(player_viewer(player.id))
            you = cache.you_for(player.id) or ""
            replies = json.loads(message)["state"]["replies"] + (
                json.loads(you)["you"]["ballot"] or []
            )
            assert len(replies) == shown
            size = len(message.encode()) + len(you.encode())
            assert size < 4096, (state.phase, player.id, size)
