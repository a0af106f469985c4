import pytest

from server.engine import ErrorCode, Phase, RuleError, apply_in_place, handle
from server.engine.commands import (
    CastVote,
    End,
    Extend,
    HideReply,
    Join,
    Kick,
    Lock,
    Pause,
    Resume,
    SendOpening,
    SendReply,
    Skip,
    Tick,
    Unlock,
)

from .builders import room_with_players, run


def test_pause_freezes_the_clock_and_resume_restarts_it() -> None:
    state = room_with_players(3)
    paused = handle(state, Pause(), 10_000).state
    assert paused.paused and paused.deadline_ms is None
    assert paused.paused_remaining_ms == 50_000
    assert handle(paused, Tick(), 10_000_000).events == ()
    resumed = handle(paused, Resume(), 100_000).state
    assert not resumed.paused and resumed.deadline_ms == 150_000


def test_a_paused_room_takes_moves_but_does_not_advance() -> None:
    state = run(room_with_players(3), Pause(), SendOpening(player_id="p1", text="Hello?"))
    assert state.phase is Phase.BRIEFING
    assert handle(state, Resume(), 1_000).state.phase is Phase.REPLYING


def test_extend_adds_time_and_skip_ends_the_phase_now() -> None:
    state = room_with_players(3)
    extended = handle(state, Extend(seconds=30), 0).state
    assert extended.deadline_ms == 90_000
    skipped = handle(extended, Skip(), 5_000).state
    assert skipped.phase is Phase.REPLYING and skipped.deadline_ms == 95_000


def test_timer_commands_need_a_timed_phase() -> None:
    lobby = room_with_players(3, started=False)
    for command in (Pause(), Resume(), Skip(), Extend(seconds=5)):
        with pytest.raises(RuleError) as refused:
            handle(lobby, command, 0)
        assert refused.value.code is ErrorCode.WRONG_PHASE


def test_kick_while_replying_withdraws_the_reply() -> None:
    state = run(
        room_with_players(4),
        SendOpening(player_id="p1", text="Hi"),
        SendReply(player_id="p2", text="Hello"),
    )
    kicked = handle(state, Kick(player_id="p2"), 0).state
    assert kicked.player("p2") is None
    assert kicked.round is not None and "p2" not in kicked.round.replies


def test_names_differ_by_more_than_case_and_a_kicked_players_name_is_free() -> None:
    """On one state changed command after command, as the batcher does."""
    state = room_with_players(3, started=False)
    apply_in_place(state, Join(name="Ana", token_hash="a", connection=10), 0)
    with pytest.raises(RuleError) as taken:
        apply_in_place(state, Join(name="ANA", token_hash="b", connection=11), 0)
    assert taken.value.code is ErrorCode.NAME_TAKEN
    ana = next(p for p in state.players if p.name == "Ana")
    apply_in_place(state, Kick(player_id=ana.id), 0)
    apply_in_place(state, Join(name="ana", token_hash="c", connection=12), 0)
    assert state.players[-1].name == "ana"


def test_lock_unlock_and_end() -> None:
    state = room_with_players(3, started=False)
    locked = handle(state, Lock(), 0)
    assert locked.state.locked and handle(locked.state, Lock(), 0).events == ()
    assert not handle(locked.state, Unlock(), 0).state.locked
    ended = handle(state, End(), 0).state
    assert ended.phase is Phase.FINISHED and ended.deadline_ms is None
    with pytest.raises(RuleError) as refused:
        handle(ended, End(), 0)
    assert refused.value.code is ErrorCode.GAME_OVER


def test_ending_mid_round_keeps_the_replies_in_history() -> None:
    state = run(
        room_with_players(3),
        SendOpening(player_id="p1", text="Hi"),
        SendReply(player_id="p2", text="A reply worth keeping"),
    )
    ended = handle(state, End(), 0).state
    assert ended.round is None
    assert ended.history[-1].replies == {"p2": "A reply worth keeping"}


def test_kick_while_voting_withdraws_the_reply_and_frees_its_voters() -> None:
    state = run(
        room_with_players(4),
        SendOpening(player_id="p1", text="Hi"),
        SendReply(player_id="p2", text="Hello"),
        SendReply(player_id="p3", text="Good day"),
        SendReply(player_id="p4", text="Hey"),
    )
    assert state.round is not None
    p2_reply = next(r.id for r in state.round.ballot if r.author_id == "p2")
    state = run(state, CastVote(player_id="p3", reply_id=p2_reply))
    kicked = handle(state, Kick(player_id="p2"), 0).state
    assert kicked.round is not None
    assert [r.author_id for r in kicked.round.ballot if r.author_id == "p2"] == []
    assert "p3" not in kicked.round.votes


def test_a_hidden_reply_leaves_the_ballot_and_its_votes() -> None:
    state = run(
        room_with_players(4),
        SendOpening(player_id="p1", text="Hi"),
        SendReply(player_id="p2", text="Something rude"),
        SendReply(player_id="p3", text="Good day"),
        SendReply(player_id="p4", text="Hey"),
    )
    assert state.round is not None
    rude = next(r.id for r in state.round.ballot if r.author_id == "p2")
    state = run(state, CastVote(player_id="p3", reply_id=rude), HideReply(reply_id=rude))
    assert state.round is not None and "p3" not in state.round.votes
    assert rude not in {r.id for r in state.round.votable()}
    with pytest.raises(RuleError) as refused:
        handle(state, CastVote(player_id="p4", reply_id=rude), 0)
    assert refused.value.code is ErrorCode.REPLY_HIDDEN
    with pytest.raises(RuleError) as refused:
        handle(room_with_players(3), HideReply(reply_id="r1"), 0)
    assert refused.value.code is ErrorCode.WRONG_PHASE
