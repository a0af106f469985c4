"""What a game taught, per skill, per player and as a room: the numbers a facilitator
debriefs from. Only revealed rounds count (their votes are final), and only replies the
room saw (not held, not hidden) collect skill tags."""

from collections import Counter

from pydantic import BaseModel

from server.engine.scoring import peers_favourite
from server.engine.state import Player, RoomState, Round
from server.engine.teams import TeamStanding, team_scores

from .replies import ReplyRecord, player_name, reply_records

BEST_REPLIES_PER_SKILL = 3


class BestReply(BaseModel):
    round: int
    reply_id: str
    author_id: str
    author_name: str
    text: str
    tags: int  # votes tagging this reply with the skill
    votes: int


class SkillInsight(BaseModel):
    skill: str
    tags: int
    targeted: int  # revealed rounds whose card trains the skill
    best: list[BestReply]


class PlayerInsight(BaseModel):
    id: str
    name: str
    team: str | None
    score: int
    replies: int  # every reply written, scored or not
    skill_tags: dict[str, int]  # every game skill, in the game's order
    customer_picks: int


class AgreementRound(BaseModel):
    round: int
    agreed: bool


class Agreement(BaseModel):
    """How often the customer's pick was also a favourite of the peers (a tie for the most
    peer votes counts as agreeing)."""

    rounds: int
    agreed: int
    rate: float | None  # None when no round qualified
    by_round: list[AgreementRound]


class GameInsights(BaseModel):
    skills: list[SkillInsight]
    never_shown: list[str]  # no reply was ever tagged with these
    missed: list[str]  # never shown although a played card asked for them
    players: list[PlayerInsight]
    agreement: Agreement
    teams: list[TeamStanding]


def game_insights(state: RoomState) -> GameInsights:
    """The whole analysis of a game, running or finished."""
    records = reply_records(state)
    counted = [record for record in records if record.counts_for_analytics]
    skills = [skill_insight(state, skill, counted) for skill in state.skills]
    never_shown = [insight.skill for insight in skills if insight.tags == 0]
    return GameInsights(
        skills=skills,
        never_shown=never_shown,
        missed=[insight.skill for insight in skills if insight.tags == 0 and insight.targeted],
        players=player_insights(state, records),
        agreement=agreement(state),
        teams=team_scores(state),
    )


def skill_insight(state: RoomState, skill: str, counted: list[ReplyRecord]) -> SkillInsight:
    """One skill's tags, how often it was asked for and its best replies, from the
    records that count for analytics."""
    tagged = [record for record in counted if record.skill_tags.get(skill)]
    # sorted() is stable: among equals, round and ballot order decide.
    tagged.sort(key=lambda record: (-record.skill_tags[skill], -record.votes))
    return SkillInsight(
        skill=skill,
        tags=sum(record.skill_tags[skill] for record in tagged),
        targeted=sum(1 for round_ in _revealed(state) if skill in round_.card.skills),
        best=[_best_reply(state, record, skill) for record in tagged[:BEST_REPLIES_PER_SKILL]],
    )


def player_insights(state: RoomState, records: list[ReplyRecord]) -> list[PlayerInsight]:
    """Every player still in the room, in join order."""
    by_author: dict[str, list[ReplyRecord]] = {}
    for record in records:
        by_author.setdefault(record.author_id, []).append(record)
    return [_player_insight(state, p, by_author.get(p.id, [])) for p in state.players]


def agreement(state: RoomState) -> Agreement:
    """Agreement over the revealed rounds where the customer voted and a peer did too."""
    by_round = [
        AgreementRound(round=round_.number, agreed=verdict)
        for round_ in _revealed(state)
        if (verdict := customer_agrees_with_peers(round_)) is not None
    ]
    agreed = sum(1 for entry in by_round if entry.agreed)
    return Agreement(
        rounds=len(by_round),
        agreed=agreed,
        rate=agreed / len(by_round) if by_round else None,
        by_round=by_round,
    )


def customer_agrees_with_peers(round_: Round) -> bool | None:
    """Whether the customer's pick has the most peer votes (peers: every voter but the
    customer); None when the customer or every peer abstained."""
    pick, favourites = round_.customer_pick(), peers_favourite(round_)
    if pick is None or not favourites:
        return None
    return pick in favourites


def _player_insight(state: RoomState, player: Player, own: list[ReplyRecord]) -> PlayerInsight:
    tags: Counter[str] = Counter()
    for record in own:
        if record.counts_for_analytics:
            tags.update(record.skill_tags)
    return PlayerInsight(
        id=player.id,
        name=player.name,
        team=player.team,
        score=player.score,
        replies=len(own),
        skill_tags={skill: tags[skill] for skill in state.skills},
        customer_picks=sum(1 for record in own if record.round.revealed and record.customer_pick),
    )


def _best_reply(state: RoomState, record: ReplyRecord, skill: str) -> BestReply:
    assert record.reply_id is not None, "only balloted replies collect tags"
    return BestReply(
        round=record.round.number,
        reply_id=record.reply_id,
        author_id=record.author_id,
        author_name=player_name(state, record.author_id),
        text=record.text,
        tags=record.skill_tags[skill],
        votes=record.votes,
    )


def _revealed(state: RoomState) -> list[Round]:
    return [round_ for round_ in state.all_rounds() if round_.revealed]
