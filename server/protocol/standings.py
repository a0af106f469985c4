"""The ranking rule, in one place: most points first, ties in join order sharing a rank.
(Teams are ranked by the same rule in server.engine.teams.)"""

from dataclasses import dataclass

from server.engine.scoring import shared_ranks
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
    ranks = shared_ranks([score for _, score in scored])
    return [Standing(p, score, rank) for (p, score), rank in zip(scored, ranks, strict=True)]
