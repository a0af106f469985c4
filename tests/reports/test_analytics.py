from server.engine.commands import End, SendOpening, Skip
from server.reports.analytics import (
    Agreement,
    AgreementRound,
    BestReply,
    customer_agrees_with_peers,
    game_insights,
)
from server.reports.export import report_csv, report_xlsx
from tests.engine.builders import run

from .scripted_game import (
    GAME_SKILLS,
    ROUND_1_REPLIES,
    replies,
    scripted_game,
    scripted_room,
    votes,
)

BEN_ROUND_1 = BestReply(
    round=1,
    reply_id="r2",
    author_id="p2",
    author_name="Ben",
    text=ROUND_1_REPLIES["p2"],
    tags=2,
    votes=3,
)


def _best(skill: str) -> list[tuple[int, str, str, int, int]]:
    insight = next(s for s in game_insights(scripted_game()).skills if s.skill == skill)
    return [(b.round, b.reply_id, b.author_name, b.tags, b.votes) for b in insight.best]


def test_skills_in_game_order_with_tags_and_revealed_targets() -> None:
    insights = game_insights(scripted_game())
    summary = [(s.skill, s.tags, s.targeted) for s in insights.skills]
    # Round 3's card (ownership, follow_up) was never revealed, so it targets nothing.
    assert summary == [
        ("empathy", 2, 1),
        ("ownership", 2, 1),
        ("calm_tone", 3, 1),
        ("clarity", 0, 1),
        ("follow_up", 0, 0),
    ]
    assert insights.skills[0].best == [BEN_ROUND_1]


def test_best_replies_order_by_tags_then_votes_then_ballot() -> None:
    assert _best("ownership") == [(1, "r2", "Ben", 1, 3), (1, "r1", "Cat", 1, 1)]
    # Cat's r2 and Ann's r3 tie on tags and votes: ballot order, not join order, decides.
    assert _best("calm_tone") == [
        (2, "r1", "Dan", 1, 2),
        (2, "r2", "Cat", 1, 1),
        (2, "r3", "Ann", 1, 1),
    ]
    assert _best("clarity") == []


def test_never_shown_and_missed_skills() -> None:
    insights = game_insights(scripted_game())
    assert insights.never_shown == ["clarity", "follow_up"]
    assert insights.missed == ["clarity"]


def test_players_tags_replies_and_customer_picks() -> None:
    players = game_insights(scripted_game()).players
    zero = dict.fromkeys(GAME_SKILLS, 0)
    assert [(p.id, p.name, p.team, p.score, p.replies, p.customer_picks) for p in players] == [
        ("p1", "Ann", None, 100, 2, 0),
        ("p2", "Ben", None, 600, 1, 1),
        ("p3", "Cat", None, 500, 2, 1),
        ("p4", "Dan", None, 200, 2, 0),
    ]
    assert [p.skill_tags for p in players] == [
        zero | {"calm_tone": 1},
        zero | {"empathy": 2, "ownership": 1},
        zero | {"ownership": 1, "calm_tone": 1},
        zero | {"calm_tone": 1},
    ]


def test_agreement_counts_rounds_where_customer_and_peers_voted() -> None:
    assert game_insights(scripted_game()).agreement == Agreement(
        rounds=2,
        agreed=1,
        rate=0.5,
        by_round=[AgreementRound(round=1, agreed=True), AgreementRound(round=2, agreed=False)],
    )


def test_a_pick_tied_for_most_peer_votes_agrees() -> None:
    round_2 = scripted_game().history[1]
    assert customer_agrees_with_peers(round_2) is False  # Ben picked r2; peers favour r1
    round_2.votes["p3"] = round_2.votes["p3"].model_copy(update={"reply_id": "r2"})
    assert customer_agrees_with_peers(round_2) is True  # r1, r2 and r3 now tie on one vote
    round_2.votes = {"p2": round_2.votes["p2"]}
    assert customer_agrees_with_peers(round_2) is None  # no peer voted
    round_2.votes = {"p1": round_2.votes["p2"]}
    assert customer_agrees_with_peers(round_2) is None  # the customer did not vote


def test_hidden_and_held_replies_collect_no_tags_but_keep_their_scores() -> None:
    state = scripted_game()
    state.history[0].hidden.append("p2")  # the host took Ben's reply down after the reveal
    state.history[1].held.append("p4")
    insights = game_insights(state)
    assert [(s.skill, s.tags) for s in insights.skills] == [
        ("empathy", 0),
        ("ownership", 1),
        ("calm_tone", 2),
        ("clarity", 0),
        ("follow_up", 0),
    ]
    assert insights.missed == ["empathy", "clarity"]
    assert [b.author_name for b in insights.skills[2].best] == ["Cat", "Ann"]
    ben = insights.players[1]
    assert (ben.score, ben.customer_picks, ben.skill_tags["empathy"]) == (600, 1, 0)


def test_a_game_without_votes_reports_without_crashing() -> None:
    state = scripted_room()
    state = run(state, SendOpening(player_id="p1", text="Hello?"), *replies(ROUND_1_REPLIES))
    state = run(state, Skip(), End())  # voting closes with nobody having voted
    insights = game_insights(state)
    assert state.history[0].revealed
    assert insights.agreement == Agreement(rounds=0, agreed=0, rate=None, by_round=[])
    assert insights.never_shown == GAME_SKILLS
    assert insights.missed == ["empathy", "ownership"]
    assert all(not s.best for s in insights.skills)
    assert report_csv(state).count("\r\n") == 1 + len(ROUND_1_REPLIES)
    assert report_xlsx(state).startswith(b"PK")


def test_a_game_ended_before_any_vote_has_no_agreement() -> None:
    state = scripted_room()
    state = run(state, SendOpening(player_id="p1", text="Hello?"), *replies(ROUND_1_REPLIES))
    state = votes(state, ("p2", "p3", "empathy"))
    state = run(state, End())
    insights = game_insights(state)
    # The unrevealed round's vote is not final: it neither tags nor agrees.
    assert insights.agreement.rate is None
    assert insights.never_shown == GAME_SKILLS
    assert [s.targeted for s in insights.skills] == [0, 0, 0, 0, 0]
