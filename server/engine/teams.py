"""The team-score rule, in one place: the report and the live team leaderboard both use it."""

from decimal import ROUND_HALF_UP, Decimal

from pydantic import BaseModel

from .scoring import shared_ranks
from .state import RoomState, TeamScoring


class TeamStanding(BaseModel):
    team: str
    members: int
    total: int
    mean: float  # rounded to one decimal; 0.0 for a team nobody joined
    score: int | float  # `mean` or `total`, as the room's team_scoring says
    rank: int


def team_scores(state: RoomState) -> list[TeamStanding]:
    """Every team of the room's settings, best first; ties share a rank and keep the
    settings' order. Empty when the room plays without teams."""
    unranked = [_standing(state, team) for team in state.settings.teams]
    # sorted() is stable, so tied teams stay in the order the facilitator listed them.
    ordered = sorted(unranked, key=lambda standing: -standing.score)
    ranks = shared_ranks([standing.score for standing in ordered])
    return [
        standing.model_copy(update={"rank": rank})
        for standing, rank in zip(ordered, ranks, strict=True)
    ]


def _standing(state: RoomState, team: str) -> TeamStanding:
    scores = [player.score for player in state.players if player.team == team]
    total = sum(scores)
    # Ranking uses the rounded mean, so two teams shown with the same score share a rank.
    mean = _mean_to_one_decimal(total, len(scores)) if scores else 0.0
    score = mean if state.settings.team_scoring is TeamScoring.MEAN else total
    return TeamStanding(team=team, members=len(scores), total=total, mean=mean, score=score, rank=0)


def _mean_to_one_decimal(total: int, count: int) -> float:
    # Half up, as people round: 175.25 shows as 175.3 (round() would give 175.2).
    exact = Decimal(total) / Decimal(count)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
