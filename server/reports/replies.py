"""Every reply of a game as one flat record, in report order: the common ground of the
analytics and the exports, so both count votes, tags and points the same way."""

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

from server.engine.state import RoomState, Round, Vote


class ReplyStatus(StrEnum):
    SHOWN = "shown"
    HELD = "held"  # still waiting for the host's approval when the report was made
    HIDDEN = "hidden"  # the host took it down


@dataclass(frozen=True)
class ReplyRecord:
    """One reply as the report sees it. `reply_id` is None when it never reached a ballot
    (the game ended before voting); `points` is None while its round is unrevealed."""

    round: Round
    author_id: str
    text: str
    reply_id: str | None
    votes: int
    customer_pick: bool
    skill_tags: dict[str, int]  # most tagged first, then by name
    points: int | None
    status: ReplyStatus
    flagged: bool

    @property
    def counts_for_analytics(self) -> bool:
        """Votes were counted and the room saw the reply: a held or hidden reply teaches
        nothing, and an unrevealed round's votes are not final."""
        return self.round.revealed and self.status is ReplyStatus.SHOWN


def reply_records(state: RoomState) -> list[ReplyRecord]:
    """Every reply written, round by round: ballot order first, then replies that never
    reached a ballot, in the authors' join order."""
    return [record for round_ in state.all_rounds() for record in _round_records(state, round_)]


def player_name(state: RoomState, player_id: str) -> str:
    """The player's name, also after a kick (their scored replies stay in the report)."""
    player = state.player(player_id)
    return player.name if player else state.departed.get(player_id, player_id)


def skill_tags_text(skill_tags: dict[str, int]) -> str:
    """`empathy:2; ownership:1`, for a spreadsheet cell."""
    return "; ".join(f"{skill}:{count}" for skill, count in skill_tags.items())


def _round_records(state: RoomState, round_: Round) -> list[ReplyRecord]:
    on_ballot = [(reply.id, reply.author_id, reply.text) for reply in round_.ballot]
    balloted = {author_id for _, author_id, _ in on_ballot}
    off_ballot = sorted(
        (author_id for author_id in round_.replies if author_id not in balloted),
        key=lambda author_id: _join_order(state, author_id),
    )
    entries = on_ballot + [(None, author_id, round_.replies[author_id]) for author_id in off_ballot]
    # Grouped once per round: a 2,000-player round has as many votes as replies.
    votes_for: dict[str, list[Vote]] = {}
    for vote in round_.votes.values():
        votes_for.setdefault(vote.reply_id, []).append(vote)
    return [
        _record(round_, reply_id, author_id, text, votes_for.get(reply_id or "", []))
        for reply_id, author_id, text in entries
    ]


def _record(
    round_: Round, reply_id: str | None, author_id: str, text: str, votes: list[Vote]
) -> ReplyRecord:
    tags = Counter(vote.skill for vote in votes if vote.skill is not None)
    return ReplyRecord(
        round=round_,
        author_id=author_id,
        text=text,
        reply_id=reply_id,
        votes=len(votes),
        customer_pick=reply_id is not None and round_.customer_pick() == reply_id,
        skill_tags=dict(sorted(tags.items(), key=lambda item: (-item[1], item[0]))),
        points=round_.points.get(author_id, 0) if round_.revealed else None,
        status=_status(round_, author_id),
        flagged=author_id in round_.flagged,
    )


def _status(round_: Round, author_id: str) -> ReplyStatus:
    if author_id in round_.hidden:
        return ReplyStatus.HIDDEN
    if author_id in round_.held:
        return ReplyStatus.HELD
    return ReplyStatus.SHOWN


def _join_order(state: RoomState, author_id: str) -> tuple[int, str]:
    player = state.player(author_id)
    # A removed author has no join number left; they go last, in a stable order.
    return (player.seq if player else 1 << 62, author_id)
