"""The ranking rule, in one place: most points first, ties in join order sharing a rank."""

from dataclasses import dataclass

from server.engine.state import Player


@dataclass(frozen=True)
class Standing:
    player: Player
    score: int
    rank: int


def rank_players(players: list[Player], scores: dict[str, int] | None = None) -> list[Standing]:
    """Standings from the players' own scores, or from `scores` (the stored leaderboard)."""
    scored = [(p, scores.get(p.id, 0) if scores is not None else p.score) for p in players]
    scored.sort(key=lambda pair: (-pair[1], pair[0].seq))
    standings: list[Standing] = []
    for position, (player, score) in enumerate(scored, start=1):
        tied = standings and standings[-1].score == score
        standings.append(Standing(player, score, standings[-1].rank if tied else position))
    return standings
