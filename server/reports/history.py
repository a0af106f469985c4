"""The facilitator's history: finished games side by side, and each skill's trend across
them. A skill's rate is its tags per reply the room saw, so games of different sizes
compare."""

from pydantic import BaseModel

from server.engine.state import RoomState

from .analytics import GameInsights


class GameSummary(BaseModel):
    code: str
    label: str
    finished_ms: int | None
    players: int
    rounds: int
    replies: int
    skill_tags: dict[str, int]
    skill_rates: dict[str, float]
    never_shown: list[str]


class SkillTrend(BaseModel):
    skill: str
    rates: list[float]  # one per game, oldest first
    change: float | None  # last game's rate minus the first's (None with one game)


def game_summary(state: RoomState, insights: GameInsights) -> GameSummary:
    replies = sum(player.replies for player in insights.players)
    tags = {skill.skill: skill.tags for skill in insights.skills}
    return GameSummary(
        code=state.code,
        label=state.settings.label,
        finished_ms=state.finished_ms,
        players=len(state.players),
        rounds=sum(1 for round_ in state.all_rounds() if round_.revealed),
        replies=replies,
        skill_tags=tags,
        skill_rates={skill: round(n / replies, 3) if replies else 0.0 for skill, n in tags.items()},
        never_shown=insights.never_shown,
    )


def skill_trends(newest_first: list[GameSummary]) -> list[SkillTrend]:
    """Per skill seen in any game, its rate in each game from the oldest to the newest."""
    games = list(reversed(newest_first))
    skills = list(dict.fromkeys(skill for game in games for skill in game.skill_rates))
    trends = []
    for skill in skills:
        rates = [game.skill_rates.get(skill, 0.0) for game in games]
        change = round(rates[-1] - rates[0], 3) if len(rates) > 1 else None
        trends.append(SkillTrend(skill=skill, rates=rates, change=change))
    return trends
