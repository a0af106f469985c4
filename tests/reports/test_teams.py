from server.engine.state import Player, RoomSettings, RoomState, TeamScoring
from server.engine.teams import TeamStanding, team_scores
from server.reports.analytics import game_insights

from .scripted_game import scripted_game, with_teams

# Ann 100 and Ben 600 sit at Red, Cat 500 at Blue, Dan 200 at Green.
TABLES = {"Red": ["p1", "p2"], "Blue": ["p3"], "Green": ["p4"]}


def summary(state: RoomState) -> list[tuple[str, int, int, float, float, int]]:
    return [(t.team, t.members, t.total, t.mean, t.score, t.rank) for t in team_scores(state)]


def roster(teams: dict[str, list[int]], scoring: str) -> RoomState:
    """A room whose only facts are its teams and their members' scores."""
    players = [
        Player(id=f"{team}{n}", name=f"{team} {n}", token_hash="", seq=0, score=score, team=team)
        for team, scores in teams.items()
        for n, score in enumerate(scores)
    ]
    settings = RoomSettings(teams=list(teams), team_scoring=TeamScoring(scoring))
    return RoomState(
        code="TEAMS", seed=0, settings=settings, host_token_hash="", created_ms=0, updated_ms=0
    ).model_copy(update={"players": players})


def test_mean_scoring_ranks_by_the_average_member() -> None:
    assert summary(with_teams(scripted_game(), TABLES, scoring="mean")) == [
        ("Blue", 1, 500, 500.0, 500.0, 1),
        ("Red", 2, 700, 350.0, 350.0, 2),
        ("Green", 1, 200, 200.0, 200.0, 3),
    ]


def test_sum_scoring_ranks_by_the_total() -> None:
    assert summary(with_teams(scripted_game(), TABLES, scoring="sum")) == [
        ("Red", 2, 700, 350.0, 700, 1),
        ("Blue", 1, 500, 500.0, 500, 2),
        ("Green", 1, 200, 200.0, 200, 3),
    ]


def test_ties_share_a_rank_in_the_facilitators_order_and_empty_teams_score_zero() -> None:
    teams = {"North": [100, 201], "South": [301], "East": [], "West": [301]}
    assert summary(roster(teams, "sum")) == [
        ("North", 2, 301, 150.5, 301, 1),
        ("South", 1, 301, 301.0, 301, 1),
        ("West", 1, 301, 301.0, 301, 1),
        ("East", 0, 0, 0.0, 0, 4),
    ]
    assert summary(roster(teams, "mean")) == [
        ("South", 1, 301, 301.0, 301.0, 1),
        ("West", 1, 301, 301.0, 301.0, 1),
        ("North", 2, 301, 150.5, 150.5, 3),
        ("East", 0, 0, 0.0, 0.0, 4),
    ]


def test_means_round_half_up_and_teams_shown_equal_share_a_rank() -> None:
    # 301 / 3 = 100.33 and 401 / 4 = 100.25: both shown as 100.3, so both rank first.
    teams = {"Red": [100, 100, 101], "Blue": [100, 100, 100, 101], "Gold": [100]}
    assert [(t.team, t.mean, t.rank) for t in team_scores(roster(teams, "mean"))] == [
        ("Red", 100.3, 1),
        ("Blue", 100.3, 1),
        ("Gold", 100.0, 3),
    ]


def test_no_teams_means_no_standings_and_insights_carry_them() -> None:
    assert team_scores(scripted_game()) == []
    state = with_teams(scripted_game(), TABLES)
    assert game_insights(state).teams == team_scores(state)
    assert team_scores(state)[0] == TeamStanding(
        team="Blue", members=1, total=500, mean=500.0, score=500.0, rank=1
    )
