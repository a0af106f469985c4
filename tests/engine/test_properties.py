"""Random command sequences: only rule errors, and the invariants always hold.

Each example is a long random walk. Commands pick players and replies by index into the
current state, so walks reach voting and scoring often instead of bouncing off unknown
ids, and still include every kind of illegal move."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.engine import RoomState, RuleError, apply_in_place, handle
from server.engine import commands as c
from server.engine.scoring import points_for_round
from server.engine.state import Round

from .builders import DECK, SKILLS, room_with_players

TEXTS = ["Sorry about that", "On it", "x" * 501, "  ", "\u202e", "Ann"]
NAMES = ["Ann", "Bo", "ann", "", "Cy", "Di", "Ed", " Fay "]
STEPS_PER_WALK = 150


TEAMS = ["North", "South"]
SETTINGS = [
    {},
    {"moderation": "hold", "teams": TEAMS},
    {"moderation": "off", "leaderboard": "never", "anonymous": True},
]


def _random_command(state: RoomState, rng: random.Random) -> c.Command:
    player = rng.choice(state.players).id if state.players else "p1"
    ballot = state.round.ballot if state.round else []
    reply_id = rng.choice(ballot).id if ballot and rng.random() < 0.9 else "r9"
    flagged = rng.random() < 0.3
    team = rng.choice([*TEAMS, None, "west"])
    choices: list[tuple[int, c.Command]] = [
        (6, c.SendReply(player_id=player, text=rng.choice(TEXTS), flagged=flagged)),
        (3, c.SendOpening(player_id=player, text=rng.choice(TEXTS), flagged=flagged)),
        (8, c.CastVote(player_id=player, reply_id=reply_id, skill=rng.choice([None, *SKILLS]))),
        (3, c.Join(rng.choice(NAMES), "t", 0, team=team, flagged=flagged)),
        (2, c.Review(player_id=player, approve=rng.random() < 0.6)),
        (1, c.Present(round=rng.choice([None, 1, 2, 3]))),
        (1, c.Spotlight(reply_id=rng.choice([None, reply_id]), named=rng.random() < 0.5)),
        (2, c.Disconnect(player_id=player, connection=rng.randint(0, 1))),
        (2, c.Connect(token_hash=rng.choice(["t1", "t2", "t9"]), connection=rng.randint(0, 1))),
        (1, c.Kick(player_id=player)),
        (1, c.HideReply(reply_id=reply_id)),
        (2, c.Start(pool=DECK)),
        (6, c.Tick()),
        (1, rng.choice([c.Pause(), c.Resume(), c.Skip(), c.Lock(), c.Unlock()])),
        (1, c.Extend(seconds=rng.randint(1, 600))),
    ]
    if rng.random() < 0.001:
        return c.End()
    weights, commands = zip(*choices, strict=True)
    return rng.choices(commands, weights=weights)[0]


def _check_refusal_changes_nothing(state: RoomState, command: c.Command, now_ms: int) -> None:
    """apply_in_place relies on every rule checking before it changes anything."""
    working = state.model_copy(deep=True)
    with pytest.raises(RuleError):
        apply_in_place(working, command, now_ms)
    assert working == state, f"{command} changed the state before it was refused"


def _rounds(state: RoomState) -> list[Round]:
    return [*state.history, *([state.round] if state.round else [])]


def _check_invariants(state: RoomState) -> None:
    expected = {p.id: 0 for p in state.players}
    for round_ in _rounds(state):
        assert round_.customer_id not in round_.replies, "the customer never replies"
        authors = {reply.id: reply.author_id for reply in round_.ballot}
        for voter, vote in round_.votes.items():
            assert vote.reply_id in authors
            assert authors[vote.reply_id] != voter, "nobody votes for their own reply"
        if round_.points:
            assert round_.points == points_for_round(round_, state.settings.scoring)
        for player_id, points in round_.points.items():
            if player_id in expected:
                expected[player_id] += points
    assert {p.id: p.score for p in state.players} == expected, "scores equal the votes"
    assert len({p.name.casefold() for p in state.players}) == len(state.players)
    _check_moderation(state)


def _check_moderation(state: RoomState) -> None:
    round_ = state.round
    if state.settings.teams:
        assert all(p.team in state.settings.teams for p in state.players), "everyone has a team"
    if round_ is not None and state.phase == "voting":
        votable = {reply.id for reply in round_.votable()}
        assert all(v.reply_id in votable for v in round_.votes.values()), "no vote for held/hidden"
    if round_ is not None and state.settings.moderation == "off":
        assert not round_.flagged and not round_.held and not round_.opening_held
    if round_ is not None and state.phase != "briefing":
        assert not round_.opening_held, "a held opening never outlives the briefing"
    shown = state.presentation
    if shown is not None:
        presented = state.revealed_round(shown.round)
        assert presented is not None, "only revealed rounds are presented"
        if shown.spotlight is not None:
            reply = presented.reply_by_id(shown.spotlight)
            assert reply is not None


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_random_commands_only_raise_rule_errors_and_keep_invariants(seed: int) -> None:
    rng = random.Random(seed)
    settings = rng.choice(SETTINGS)
    state = room_with_players(rng.choice([0, 3, 4, 5]), started=False, **settings)
    now_ms = 0
    for _ in range(STEPS_PER_WALK):
        now_ms += rng.choice([0, 0, 500, 20_000, 100_000])
        command = _random_command(state, rng)
        try:
            outcome = handle(state, command, now_ms)
        except RuleError:
            _check_refusal_changes_nothing(state, command, now_ms)
            continue
        assert outcome.state.version == state.version + (1 if outcome.events else 0)
        state = outcome.state
        _check_invariants(state)
