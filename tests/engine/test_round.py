import pytest

from server.engine import ErrorCode, Phase, RuleError, handle
from server.engine.commands import (
    CastVote,
    Disconnect,
    Join,
    SendOpening,
    SendReply,
    Start,
    Tick,
)
from server.engine.events import ScoresAwarded

from .builders import DECK, new_room, room_with_players, run


def test_start_needs_three_connected_players() -> None:
    state = room_with_players(2, started=False)
    with pytest.raises(RuleError) as refused:
        handle(state, Start(pool=DECK), 0)
    assert refused.value.code is ErrorCode.NOT_ENOUGH_PLAYERS


def test_first_joiner_is_first_customer_and_rounds_default_to_players() -> None:
    state = room_with_players(4)
    assert state.phase is Phase.BRIEFING
    assert state.round is not None and state.round.customer_id == "p1"
    assert state.rounds_total == 4
    assert state.deadline_ms == 60_000


def test_a_full_round_scores_peer_votes_and_the_customer_pick() -> None:
    state = room_with_players(4)
    state = run(
        state,
        SendOpening(player_id="p1", text="My parcel is lost!"),
        SendReply(player_id="p2", text="Sorry, I'll find it."),
        SendReply(player_id="p3", text="Let me check right now."),
        SendReply(player_id="p4", text="Have you tried waiting?"),
    )
    assert state.phase is Phase.VOTING
    assert state.round is not None
    by_author = {r.author_id: r.id for r in state.round.ballot}
    outcome = None
    for voter, author in [("p1", "p2"), ("p2", "p3"), ("p3", "p2"), ("p4", "p3")]:
        outcome = handle(state, CastVote(player_id=voter, reply_id=by_author[author]), 0)
        state = outcome.state
    assert state.phase is Phase.REVEAL
    assert outcome is not None
    awarded = next(e for e in outcome.events if isinstance(e, ScoresAwarded))
    # p2: customer pick (100 + 300) + one peer vote (100); p3: two peer votes.
    assert awarded.points == {"p2": 500, "p3": 200}
    assert [p.score for p in state.players] == [0, 500, 200, 0]


def test_customer_cannot_reply_and_agents_cannot_vote_for_themselves() -> None:
    state = run(room_with_players(3), SendOpening(player_id="p1", text="Help"))
    with pytest.raises(RuleError) as refused:
        handle(state, SendReply(player_id="p1", text="I reply to myself"), 0)
    assert refused.value.code is ErrorCode.NOT_ALLOWED
    state = run(state, SendReply(player_id="p2", text="One"), SendReply(player_id="p3", text="Two"))
    assert state.round is not None
    own = next(r.id for r in state.round.ballot if r.author_id == "p2")
    with pytest.raises(RuleError) as refused:
        handle(state, CastVote(player_id="p2", reply_id=own), 0)
    assert refused.value.code is ErrorCode.OWN_REPLY
    with pytest.raises(RuleError) as refused:
        handle(state, CastVote(player_id="p2", reply_id="r99"), 0)
    assert refused.value.code is ErrorCode.UNKNOWN_REPLY


def test_briefing_timeout_uses_the_card_opening_and_tick_twice_changes_nothing() -> None:
    state = room_with_players(3)
    assert state.round is not None
    once = handle(state, Tick(), 60_000).state
    twice = handle(once, Tick(), 60_000)
    assert once.phase is Phase.REPLYING
    assert once.round is not None and once.round.opening == once.round.card.opening
    assert once.round.opening_defaulted
    assert twice.events == () and twice.state is once


def test_role_rotates_in_join_order_skipping_disconnected_players() -> None:
    state = room_with_players(4)
    state = run(state, Disconnect(player_id="p2", connection=2))
    now_ms = 0
    while state.round is not None and state.round.number == 1:
        now_ms += 1_000_000
        state = run(state, Tick(), now_ms=now_ms)
    assert state.phase is Phase.BRIEFING
    assert state.round is not None and state.round.number == 2
    assert state.round.customer_id == "p3"


def test_join_refusals_have_codes() -> None:
    state = run(new_room(max_players=3), Join(name="Ann", token_hash="a", connection=1))
    cases = [
        (Join(name="  ann ", token_hash="b", connection=2), ErrorCode.NAME_TAKEN),
        (Join(name="   ", token_hash="b", connection=2), ErrorCode.NAME_INVALID),
        (Join(name="x" * 25, token_hash="b", connection=2), ErrorCode.NAME_INVALID),
    ]
    for command, code in cases:
        with pytest.raises(RuleError) as refused:
            handle(state, command, 0)
        assert refused.value.code is code
    full = run(
        state,
        Join(name="Bo", token_hash="b", connection=2),
        Join(name="Cy", token_hash="c", connection=3),
    )
    with pytest.raises(RuleError) as refused:
        handle(full, Join(name="Di", token_hash="d", connection=4), 0)
    assert refused.value.code is ErrorCode.ROOM_FULL
