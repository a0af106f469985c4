"""Moderation under each room setting: flagged names, openings and replies, the hold queue,
and the host's review."""

import pytest

from server.engine import ErrorCode, RuleError, handle
from server.engine.commands import (
    CastVote,
    HideReply,
    Join,
    Review,
    SendOpening,
    SendReply,
    Skip,
    Tick,
)
from server.engine.state import Phase

from .builders import room_with_players, run


def _replying(moderation: str):  # type: ignore[no-untyped-def]
    return run(room_with_players(4, moderation=moderation), SendOpening("p1", "My parcel?"))


def _refused(state, command, code: ErrorCode) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError) as refused:
        handle(state, command, 0)
    assert refused.value.code is code


@pytest.mark.parametrize(
    ("moderation", "flagged", "held"),
    [("off", [], []), ("flag", ["p2"], []), ("hold", ["p2"], ["p2"])],
)
def test_a_flagged_reply_is_kept_and_marked_by_the_setting(
    moderation: str, flagged: list[str], held: list[str]
) -> None:
    state = run(_replying(moderation), SendReply("p2", "rude words", flagged=True))
    assert state.round is not None
    assert state.round.replies["p2"] == "rude words", "the text is kept whatever the setting"
    assert (state.round.flagged, state.round.held) == (flagged, held)


def test_a_held_reply_stays_off_the_ballot_until_approved() -> None:
    state = run(
        _replying("hold"),
        SendReply("p2", "rude", flagged=True),
        SendReply("p3", "fine"),
        SendReply("p4", "also fine"),
    )
    assert state.phase is Phase.VOTING and state.round is not None
    held_id = next(r.id for r in state.round.ballot if r.author_id == "p2")
    assert held_id not in {r.id for r in state.round.votable()}
    _refused(state, CastVote("p3", held_id), ErrorCode.UNKNOWN_REPLY)
    approved = run(state, Review(player_id="p2", approve=True))
    assert approved.round is not None and approved.round.held == []
    voted = run(approved, CastVote("p3", held_id))
    assert voted.round is not None and voted.round.votes["p3"].reply_id == held_id


def test_a_fresh_reply_is_judged_afresh_but_a_take_down_stands() -> None:
    state = run(_replying("hold"), SendReply("p2", "rude", flagged=True))
    cleaned = run(state, SendReply("p2", "polite now"))
    assert cleaned.round is not None and cleaned.round.held == [] and cleaned.round.flagged == []
    taken_down = run(state, Review(player_id="p2", approve=False), SendReply("p2", "again"))
    assert taken_down.round is not None and taken_down.round.hidden == ["p2"]


def test_taking_a_reply_down_during_voting_voids_its_votes() -> None:
    state = run(_replying("flag"), SendReply("p2", "a"), SendReply("p3", "b"), Skip())
    assert state.round is not None
    target = next(r.id for r in state.round.ballot if r.author_id == "p2")
    voted = run(state, CastVote("p3", target))
    hidden = run(voted, HideReply(reply_id=target))
    assert hidden.round is not None and "p3" not in hidden.round.votes
    _refused(hidden, CastVote("p4", target), ErrorCode.REPLY_HIDDEN)
    back = run(hidden, Review(player_id="p2", approve=True))
    assert back.round is not None and back.round.hidden == []


def test_approving_after_the_reveal_is_refused_but_taking_down_is_not() -> None:
    state = run(_replying("flag"), SendReply("p2", "a"), SendReply("p3", "b"), Skip(), Skip())
    assert state.phase is Phase.REVEAL
    _refused(state, Review(player_id="p2", approve=True), ErrorCode.WRONG_PHASE)
    hidden = run(state, Review(player_id="p2", approve=False))
    assert hidden.round is not None and hidden.round.hidden == ["p2"]
    _refused(state, Review(player_id="p4", approve=False), ErrorCode.UNKNOWN_REPLY)


def test_a_held_opening_waits_for_the_host_and_a_rejected_one_gives_way_to_the_card() -> None:
    briefing = room_with_players(3, moderation="hold")
    held = run(briefing, SendOpening("p1", "rude opening", flagged=True))
    assert held.phase is Phase.BRIEFING and held.round is not None and held.round.opening_held
    approved = run(held, Review(player_id="p1", approve=True))
    assert approved.phase is Phase.REPLYING and approved.round is not None
    assert approved.round.opening == "rude opening"
    rejected = run(held, Review(player_id="p1", approve=False))
    assert rejected.round is not None and rejected.round.opening == rejected.round.card.opening
    assert rejected.round.opening_defaulted and not rejected.round.opening_held
    timed_out = handle(held, Tick(), 10**9).state
    assert timed_out.round is not None and timed_out.round.opening == held.round.card.opening


def test_a_flagged_name_is_refused_under_hold_and_marked_under_flag() -> None:
    held = room_with_players(3, started=False, moderation="hold")
    _refused(held, Join("Rude", "t9", 9, flagged=True), ErrorCode.NAME_NOT_ALLOWED)
    flagged = run(room_with_players(3, started=False), Join("Rude", "t9", 9, flagged=True))
    assert flagged.players[-1].flagged
    ignored = run(
        room_with_players(3, started=False, moderation="off"), Join("Rude", "t9", 9, flagged=True)
    )
    assert not ignored.players[-1].flagged


def test_with_teams_every_player_picks_one_of_them() -> None:
    state = room_with_players(2, started=False, teams=["Table 1", "Table 2"])
    _refused(state, Join("Ann", "t9", 9), ErrorCode.UNKNOWN_TEAM)
    _refused(state, Join("Ann", "t9", 9, team="Table 3"), ErrorCode.UNKNOWN_TEAM)
    joined = run(state, Join("Ann", "t9", 9, team="  table 2 "))
    assert joined.players[-1].team == "Table 2", "the facilitator's spelling is kept"
