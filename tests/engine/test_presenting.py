"""The debrief on the projector: only revealed rounds, the clock pauses and resumes, the
spotlight follows the ballot."""

import pytest

from server.engine import ErrorCode, RuleError, handle
from server.engine.commands import Present, Review, SendOpening, SendReply, Skip, Spotlight
from server.engine.state import Phase

from .builders import room_with_players, run


def _revealed():  # type: ignore[no-untyped-def]
    return run(
        room_with_players(3, anonymous=False),
        SendOpening("p1", "Hello?"),
        SendReply("p2", "Hi, sorry"),
        SendReply("p3", "On it"),  # every agent has replied: voting
        Skip(),
        now_ms=1_000,
    )


def test_presenting_pauses_the_clock_and_going_back_resumes_it() -> None:
    state = _revealed()
    assert state.phase is Phase.REVEAL and state.deadline_ms is not None
    left = state.deadline_ms - 5_000
    shown = handle(state, Present(round=1), 5_000).state
    assert shown.presentation is not None and shown.paused_remaining_ms == left
    back = handle(shown, Present(round=None), 60_000).state
    assert back.presentation is None and back.deadline_ms == 60_000 + left


def test_only_revealed_rounds_can_be_presented() -> None:
    briefing = room_with_players(3)
    with pytest.raises(RuleError) as refused:
        handle(briefing, Present(round=1), 0)
    assert refused.value.code is ErrorCode.UNKNOWN_ROUND


def test_the_spotlight_names_the_author_only_when_asked_and_the_room_allows() -> None:
    state = run(_revealed(), Present(round=1))
    assert state.round is not None
    reply_id = state.round.ballot[0].id
    anonymous = run(state, Spotlight(reply_id=reply_id))
    assert anonymous.presentation is not None
    assert anonymous.presentation.spotlight == reply_id
    assert not anonymous.presentation.spotlight_named
    named = run(state, Spotlight(reply_id=reply_id, named=True))
    assert named.presentation is not None and named.presentation.spotlight_named
    hidden = run(state, Review(player_id=state.round.ballot[1].author_id, approve=False))
    with pytest.raises(RuleError) as refused:
        handle(hidden, Spotlight(reply_id=state.round.ballot[1].id), 0)
    assert refused.value.code is ErrorCode.UNKNOWN_REPLY


def test_a_new_round_takes_the_projector_back() -> None:
    state = run(_revealed(), Present(round=1), Present(round=None), Skip(), Present(round=1))
    assert state.phase is Phase.SCOREBOARD and state.presentation is not None
    next_round = run(state, Present(round=None), Skip())
    assert next_round.phase is Phase.BRIEFING and next_round.presentation is None
