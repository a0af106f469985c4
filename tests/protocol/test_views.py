"""snapshot_for and you_for hide what a viewer may not see yet."""

from server.engine import RoomState
from server.engine.commands import CastVote, SendOpening, SendReply
from server.engine.state import Phase
from server.protocol.server import YouView
from server.protocol.views import HOST, SCREEN, player_viewer, snapshot_for, you_for
from tests.engine.builders import room_with_players, run


def _you(state: RoomState, player_id: str) -> YouView:
    you = you_for(state, player_id)
    assert you is not None
    return you


def _voting_room():  # type: ignore[no-untyped-def]
    return run(
        room_with_players(3),
        SendOpening(player_id="p1", text="Where is my refund?"),
        SendReply(player_id="p2", text="Sending it now."),
        SendReply(player_id="p3", text="Checking."),
    )


def test_only_the_customer_and_host_see_the_hidden_need_during_the_round() -> None:
    state = room_with_players(3)
    assert snapshot_for(state, player_viewer("p1"), 0).scenario.hidden_need  # type: ignore[union-attr]
    assert snapshot_for(state, HOST, 0).scenario.hidden_need  # type: ignore[union-attr]
    agent = snapshot_for(state, player_viewer("p2"), 0)
    assert agent.scenario is not None and agent.scenario.hidden_need is None
    assert agent.scenario.suggested_opening is None and agent.scenario.notes is None
    assert snapshot_for(state, player_viewer("p1"), 0).scenario.notes is None  # type: ignore[union-attr]
    assert snapshot_for(state, HOST, 0).scenario.notes is not None  # type: ignore[union-attr]
    assert _you(state, "p2").role == "agent" and _you(state, "p1").role == "customer"


def test_replies_are_hidden_while_replying_and_anonymous_while_voting() -> None:
    replying = run(
        room_with_players(3),
        SendOpening(player_id="p1", text="Hi"),
        SendReply(player_id="p2", text="Secret draft"),
    )
    host = snapshot_for(replying, HOST, 0)
    assert host.replies == [] and host.progress.replied == ["p2"]
    assert _you(replying, "p2").reply == "Secret draft"
    assert "Secret draft" not in snapshot_for(replying, player_viewer("p3"), 0).model_dump_json()

    voting = _voting_room()
    assert voting.phase is Phase.VOTING
    view = snapshot_for(voting, player_viewer("p2"), 0)
    assert [(r.result, r.moderation) for r in view.replies] == [(None, None), (None, None)]
    assert "p2" not in {r.id for r in view.replies}
    you = _you(voting, "p2")
    assert you.reply == "Sending it now." and you.ballot is None
    assert you.reply_id in {r.id for r in view.replies}, "your reply is known by its id"
    assert view == snapshot_for(voting, player_viewer("p3"), 0), "every agent sees the same"


def test_reveal_shows_authors_votes_pick_and_hidden_need_to_everyone() -> None:
    state = _voting_room()
    assert state.round is not None
    by_author = {r.author_id: r.id for r in state.round.ballot}
    state = run(
        state,
        CastVote(player_id="p1", reply_id=by_author["p2"]),
        CastVote(player_id="p2", reply_id=by_author["p3"], skill="empathy"),
        CastVote(player_id="p3", reply_id=by_author["p2"]),
    )
    view = snapshot_for(state, player_viewer("p3"), 0)
    assert view.phase is Phase.REVEAL
    assert view.scenario is not None and view.scenario.hidden_need
    results = {r.result.author_id: r.result for r in view.replies if r.result}
    assert results["p2"].votes == 2 and results["p2"].customer_pick
    assert results["p2"].points == 500 and results["p3"].skills == {"empathy": 1}
    assert all(r.moderation is None for r in view.replies)
    assert [(p.id, p.rank) for p in view.players] == [("p2", 1), ("p3", 2), ("p1", 3)]
    you = _you(state, "p2")
    assert you.result == results["p2"] and (you.score, you.rank) == (500, 1)


def test_the_projector_screen_sees_only_what_the_room_may_see() -> None:
    state = room_with_players(3)
    screen = snapshot_for(state, SCREEN, 0)
    assert screen.scenario is not None and screen.scenario.hidden_need is None
    assert screen.scenario.notes is None and screen.scenario.suggested_opening is None
