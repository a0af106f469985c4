"""What the room's settings keep from players and the projector: leaderboard visibility,
the anonymous projector, held replies, team standings and the debrief."""

import json

import pytest

from server.engine import RoomState
from server.engine.commands import (
    CastVote,
    End,
    Present,
    Review,
    SendOpening,
    SendReply,
    Skip,
    Spotlight,
)
from server.engine.state import Phase
from server.protocol.server import YouView
from server.protocol.views import HOST, SCREEN, player_viewer, snapshot_for, you_for
from tests.engine.builders import room_with_players, run

NAMES = [f"Player {n}" for n in range(1, 6)]


def _scored(**settings: object) -> RoomState:
    """Five players after one revealed round: p5 500, p4 200, p3 100, p1 and p2 0."""
    state = run(room_with_players(5, **settings), SendOpening("p1", "Hello?"))
    for author in ("p2", "p3", "p4", "p5"):
        state = run(state, SendReply(author, f"Reply by {author}"))
    assert state.round is not None and state.phase is Phase.VOTING
    reply_of = {r.author_id: r.id for r in state.round.ballot}
    votes = {"p1": "p5", "p2": "p4", "p3": "p5", "p4": "p3", "p5": "p4"}
    for voter, author in votes.items():
        state = run(state, CastVote(voter, reply_of[author], skill="empathy"))
    assert state.phase is Phase.REVEAL
    return state


def _you(state: RoomState, player_id: str) -> YouView:
    you = you_for(state, player_id)
    assert you is not None
    return you


def _scores(state: RoomState, viewer_id: str | None, screen: bool = False) -> list[object]:
    viewer = SCREEN if screen else HOST if viewer_id is None else player_viewer(viewer_id)
    return [(p.id, p.score, p.rank) for p in snapshot_for(state, viewer, 0).players]


def test_full_visibility_shows_everyone_ranked() -> None:
    state = _scored()
    assert _scores(state, "p2") == _scores(state, None) == _scores(state, None, screen=True)
    assert _scores(state, "p2") == [
        ("p5", 500, 1),
        ("p4", 200, 2),
        ("p3", 100, 3),
        ("p1", 0, 4),
        ("p2", 0, 4),
    ]


def test_top3_shows_three_ranked_lines_then_everyone_else_in_join_order() -> None:
    state = _scored(leaderboard="top3")
    shown = _scores(state, "p2")
    assert shown == [
        ("p5", 500, 1),
        ("p4", 200, 2),
        ("p3", 100, 3),
        ("p1", None, None),
        ("p2", None, None),
    ]
    assert _scores(state, None, screen=True) == shown
    you = _you(state, "p2")
    assert you.score == 0 and you.rank is None, "a hidden rank stays hidden from its owner"


@pytest.mark.parametrize("visibility", ["end", "never"])
def test_hidden_leaderboards_give_no_score_and_no_order_away(visibility: str) -> None:
    state = _scored(leaderboard=visibility)
    shown = _scores(state, "p3")
    assert [pid for pid, _, _ in shown] == ["p1", "p2", "p3", "p4", "p5"]
    assert all(score is None and rank is None for _, score, rank in shown)
    assert _you(state, "p5").score == 500
    assert _scores(state, None)[0] == ("p5", 500, 1), "the host sees everything"
    finished = run(state, End())
    at_end = _scores(finished, "p3")
    if visibility == "end":
        assert at_end[0] == ("p5", 500, 1)
    else:
        assert all(score is None for _, score, _ in at_end)


def test_the_anonymous_projector_shows_no_name_anywhere() -> None:
    state = run(_scored(anonymous=True, teams=["North", "South"]), Present(round=1))
    assert state.round is not None
    state = run(state, Spotlight(reply_id=state.round.ballot[0].id, named=True))
    screen = snapshot_for(state, SCREEN, 0)
    text = screen.model_dump_json()
    assert not any(name in text for name in NAMES)
    assert screen.players == [] and screen.player_count == 5
    assert screen.debrief is not None and screen.debrief.spotlight is not None
    assert screen.debrief.spotlight.author_name is None
    assert {team.name for team in screen.teams} == {"North", "South"}
    player = snapshot_for(state, player_viewer("p2"), 0).model_dump_json()
    assert "Player 5" in player, "players still see names"


def test_held_replies_reach_only_the_host() -> None:
    state = run(room_with_players(4, moderation="hold"), SendOpening("p1", "Hi"))
    state = run(
        state,
        SendReply("p2", "held words", flagged=True),
        SendReply("p3", "fine"),
        SendReply("p4", "fine too"),
    )
    assert state.phase is Phase.VOTING
    host = snapshot_for(state, HOST, 0)
    assert [item.text for item in host.queue] == ["held words"]
    assert any(r.moderation and r.moderation.held and r.moderation.flagged for r in host.replies)
    for viewer in (SCREEN, player_viewer("p3"), player_viewer("p1")):
        snapshot = snapshot_for(state, viewer, 0)
        assert "held words" not in snapshot.model_dump_json()
        assert snapshot.queue == [] and all(r.moderation is None for r in snapshot.replies)
    # p2's own held reply stays theirs to see: it is not on their ballot.
    assert _you(state, "p2").reply == "held words" and _you(state, "p2").reply_id is None
    approved = run(state, Review(player_id="p2", approve=True))
    assert "held words" in snapshot_for(approved, player_viewer("p3"), 0).model_dump_json()
    assert snapshot_for(approved, HOST, 0).queue == []


def test_team_standings_follow_the_leaderboard_setting() -> None:
    teams = ["North", "South", "East", "West"]
    state = _scored(teams=teams, leaderboard="top3", team_scoring="sum")
    host_teams = snapshot_for(state, HOST, 0).teams
    assert len(host_teams) == 4 and sum(t.members for t in host_teams) == 5
    assert host_teams[0].score == max(t.score for t in host_teams)
    public = snapshot_for(state, player_viewer("p2"), 0).teams
    assert public == [t for t in host_teams if t.rank <= 3]


def test_the_debrief_goes_to_the_console_and_the_projector_only() -> None:
    state = run(_scored(), Present(round=1))
    assert state.round is not None
    card = state.round.card
    for viewer in (HOST, SCREEN):
        debrief = snapshot_for(state, viewer, 0).debrief
        assert debrief is not None and debrief.scenario.notes is not None
        assert debrief.scenario.notes.model_reply == card.model_reply
        assert debrief.scenario.notes.debrief_question == card.debrief_question
        assert debrief.customer_pick is not None and debrief.peers_favourite
        assert sum(r.result.votes for r in debrief.replies if r.result) == 5
    assert snapshot_for(state, player_viewer("p2"), 0).debrief is None
    after = run(state, Present(round=None), Skip())
    assert json.loads(snapshot_for(after, SCREEN, 0).model_dump_json())["debrief"] is None


@pytest.mark.parametrize(("visibility", "private"), [("full", False), ("never", True)])
def test_while_standings_are_private_the_reveal_names_only_the_chosen_replies(
    visibility: str, private: bool
) -> None:
    state = _scored(leaderboard=visibility)
    assert state.round is not None
    author_of = {r.id: r.author_id for r in state.round.ballot}
    shown = {r.id: r for r in snapshot_for(state, player_viewer("p1"), 0).replies}
    results = {rid: r.result for rid, r in shown.items() if r.result is not None}
    assert results.keys() == shown.keys(), "the tally is always shown"
    named = {author_of[rid] for rid, result in results.items() if result.author_id is not None}
    # p5 (the customer's pick) and p4 share the most votes, 2 each; p3 got 1, p2 none.
    assert named == ({"p4", "p5"} if private else {"p2", "p3", "p4", "p5"})
    assert all((r.author_id is None) == (r.points is None) for r in results.values())
    own = _you(state, "p2").result
    assert own and own.author_id == "p2" and own.points == 0, "your own reply is always yours"
    host = snapshot_for(state, HOST, 0).replies
    assert all(r.result and r.result.author_id and r.moderation for r in host)


def test_the_host_knows_every_author_while_voting() -> None:
    state = run(room_with_players(3), SendOpening("p1", "Hi"), SendReply("p2", "a"))
    state = run(state, SendReply("p3", "b"))
    assert state.phase is Phase.VOTING
    host = snapshot_for(state, HOST, 0).replies
    assert {r.moderation.author_id for r in host if r.moderation} == {"p2", "p3"}
    screen = snapshot_for(state, SCREEN, 0).replies
    assert all(r.result is None and r.moderation is None for r in screen)


def test_a_flagged_opening_is_badged_for_the_host_only() -> None:
    state = run(room_with_players(3), SendOpening("p1", "damn this", flagged=True))
    assert state.phase is Phase.REPLYING, "under flag (the default) it is shown to everyone"
    assert snapshot_for(state, HOST, 0).opening_flagged
    for viewer in (SCREEN, player_viewer("p1"), player_viewer("p2")):
        snapshot = snapshot_for(state, viewer, 0)
        assert snapshot.opening == "damn this" and not snapshot.opening_flagged
