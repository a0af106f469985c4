"""Scoring, exactly: each vote from another player is worth `peer_vote` to the reply's
author; the customer's vote is worth `customer_pick` on top. Nothing else scores."""

from collections import Counter
from collections.abc import Sequence

from .state import Round, Scoring


def points_for_round(round_: Round, scoring: Scoring) -> dict[str, int]:
    """Points each author earned this round (authors with no votes are left out)."""
    authors = {reply.id: reply.author_id for reply in round_.ballot}
    points: Counter[str] = Counter()
    for voter_id, vote in round_.votes.items():
        author_id = authors.get(vote.reply_id)
        if author_id is None or author_id == voter_id:
            continue
        points[author_id] += scoring.peer_vote
        if voter_id == round_.customer_id:
            points[author_id] += scoring.customer_pick
    return dict(points)


def shared_ranks(scores_best_first: Sequence[float]) -> list[int]:
    """Ranks for scores sorted best first: equal scores share the higher rank (1, 2, 2, 4)."""
    ranks: list[int] = []
    for position, score in enumerate(scores_best_first, start=1):
        tied = ranks and scores_best_first[position - 2] == score
        ranks.append(ranks[-1] if tied else position)
    return ranks


def peers_favourite(round_: Round) -> list[str]:
    """The reply ids with the most votes from everyone but the customer (none if no peer
    voted); ties give several."""
    counts = Counter(
        vote.reply_id for voter, vote in round_.votes.items() if voter != round_.customer_id
    )
    if not counts:
        return []
    most = max(counts.values())
    return [reply.id for reply in round_.ballot if counts[reply.id] == most]
