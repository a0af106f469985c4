"""What each viewer may see of a room: the one place where secrets are hidden.

`snapshot_for(state, viewer, now_ms)` is the reference; `fanout.SnapshotCache` builds the
same JSON for many viewers while encoding what they share only once. Both are made of the
component functions below, each taking the precomputed `RoomFacts`.

Big rooms stay small on the wire: above ROSTER_LIMIT players a player gets the top of the
standings plus their own line and counts; above BALLOT_LIMIT replies a voter gets a seeded
sample of the ballot plus their own reply. The host sees everything."""

import random
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from server.engine.scoring import vote_counts
from server.engine.state import BallotReply, Phase, RoomState

from .server import (
    PlayerView,
    ProgressView,
    ReplyView,
    RoomView,
    ScenarioView,
    VoteView,
    YouView,
)
from .standings import Standing, rank_players

ROSTER_LIMIT = 24
TOP_STANDINGS = 10
BALLOT_LIMIT = 12
BALLOT_SAMPLE = 8

_IN_ROUND = {Phase.BRIEFING, Phase.REPLYING, Phase.VOTING, Phase.REVEAL, Phase.SCOREBOARD}
_REVEALED = {Phase.REVEAL, Phase.SCOREBOARD}


@dataclass(frozen=True)
class Viewer:
    """Who is looking: a player, the host's console, or the projector screen.
    The screen is shown to the whole room, so it sees only what every player may see."""

    player_id: str | None = None
    screen: bool = False

    @property
    def is_host(self) -> bool:
        return self.player_id is None and not self.screen


HOST = Viewer()
SCREEN = Viewer(screen=True)


def player_viewer(player_id: str) -> Viewer:
    return Viewer(player_id=player_id)


class RoomFacts:
    """What every view of one state needs, computed once."""

    def __init__(self, state: RoomState) -> None:
        self.state = state
        self.round = state.round if state.phase in _IN_ROUND else None
        self.standings = rank_players(state.players)
        self.big_room = len(state.players) > ROSTER_LIMIT

    @cached_property
    def standing_of(self) -> dict[str, Standing]:
        return {s.player.id: s for s in self.standings}

    def player_view(self, player_id: str) -> PlayerView:
        standing = self.standing_of[player_id]
        player = standing.player
        return PlayerView(
            id=player.id,
            name=player.name,
            connected=player.connected,
            score=standing.score,
            rank=standing.rank,
        )

    @cached_property
    def top_ids(self) -> list[str]:
        return [s.player.id for s in self.standings[:TOP_STANDINGS]]

    @cached_property
    def vote_counts(self) -> dict[str, int]:
        return vote_counts(self.round) if self.round else {}

    @cached_property
    def shown_ballot(self) -> list[BallotReply]:
        """The replies players may see (not hidden), in ballot order."""
        return self.round.votable() if self.round else []


def snapshot_for(state: RoomState, viewer: Viewer, now_ms: int) -> RoomView:
    """The room as `viewer` may see it at `now_ms`.
    `server_time` lets a client count down to `deadline` despite clock skew."""
    facts = RoomFacts(state)
    return RoomView(
        **shared_fields(facts, now_ms),
        players=[facts.player_view(pid) for pid in roster_ids(facts, viewer)],
        scenario=scenario_view(facts, scenario_audience(facts, viewer)),
        replies=[reply_view(facts, reply, viewer) for reply in ballot_for(facts, viewer)],
        progress=progress_view(facts, sees_everyone(facts, viewer)),
        you=you_view(facts, viewer),
    )


def shared_fields(facts: RoomFacts, now_ms: int) -> dict[str, object]:
    state, round_ = facts.state, facts.round
    return {
        "code": state.code,
        "phase": state.phase,
        "round": round_.number if round_ else len(state.history),
        "rounds_total": state.rounds_total,
        "deadline": state.deadline_ms,
        "server_time": now_ms,
        "paused": state.paused,
        "paused_remaining_ms": state.paused_remaining_ms,
        "locked": state.locked,
        "customer_id": round_.customer_id if round_ else None,
        "customer_name": _name_of(facts, round_.customer_id) if round_ else None,
        "player_count": len(state.players),
        "connected_count": sum(p.connected for p in state.players),
        "opening": round_.opening if round_ and state.phase is not Phase.BRIEFING else None,
        "timers": state.settings.timers,
        "scoring": state.settings.scoring,
    }


def _name_of(facts: RoomFacts, player_id: str) -> str | None:
    standing = facts.standing_of.get(player_id)
    return standing.player.name if standing else None


def sees_everyone(facts: RoomFacts, viewer: Viewer) -> bool:
    return viewer.player_id is None or not facts.big_room


def roster_ids(facts: RoomFacts, viewer: Viewer) -> list[str]:
    """Everyone for the host, the screen and small rooms; else the top and the viewer."""
    if sees_everyone(facts, viewer):
        return [s.player.id for s in facts.standings]
    own = viewer.player_id
    return facts.top_ids + ([own] if own in facts.standing_of and own not in facts.top_ids else [])


def scenario_audience(facts: RoomFacts, viewer: Viewer) -> str:
    """Which version of the card the viewer gets: host, customer or public."""
    if viewer.is_host:
        return "host"
    if facts.round and viewer.player_id == facts.round.customer_id:
        return "customer"
    return "public"


def scenario_view(facts: RoomFacts, audience: str) -> ScenarioView | None:
    if facts.round is None:
        return None
    card = facts.round.card
    view = ScenarioView(
        id=card.id,
        title=card.title,
        channel=card.channel,
        situation=card.situation,
        persona=card.persona,
        mood=card.mood,
    )
    if audience != "public" or facts.state.phase in _REVEALED:
        view.style, view.hidden_need = card.style, card.hidden_need
    if audience != "public":
        view.suggested_opening = card.opening
    if audience == "host":
        view.skills, view.model_reply = list(card.skills), card.model_reply
        view.watch_outs, view.debrief_question = list(card.watch_outs), card.debrief_question
    return view


def ballot_for(facts: RoomFacts, viewer: Viewer) -> list[BallotReply]:
    """The replies this viewer is shown: all of them to the host and in small rounds;
    in big rounds a seeded sample while voting, the most voted at the reveal, and always
    the viewer's own."""
    round_ = facts.round
    if round_ is None or facts.state.phase not in {Phase.VOTING, *_REVEALED}:
        return []
    if viewer.is_host:
        return list(round_.ballot)
    shown = facts.shown_ballot
    if len(shown) <= BALLOT_LIMIT:
        return shown
    own = [r for r in shown if r.author_id == viewer.player_id]
    others = [r for r in shown if r.author_id != viewer.player_id]
    if facts.state.phase is Phase.VOTING:
        seed = f"{facts.state.seed}:{round_.number}:sample:{viewer.player_id or 'screen'}"
        picked = set(random.Random(seed).sample(range(len(others)), BALLOT_SAMPLE))
        chosen = [r for i, r in enumerate(others) if i in picked]
    else:
        pick = round_.customer_pick()
        ranked = sorted(others, key=lambda r: (r.id != pick, -facts.vote_counts[r.id]))
        chosen = sorted(ranked[:BALLOT_SAMPLE], key=shown.index)
    return sorted(own + chosen, key=shown.index)


def reply_view(facts: RoomFacts, reply: BallotReply, viewer: Viewer) -> ReplyView:
    """One reply; authors, votes and points only from the reveal on."""
    round_ = facts.round
    assert round_ is not None
    view = ReplyView(
        id=reply.id,
        text=reply.text,
        mine=reply.author_id == viewer.player_id,
        hidden=reply.id in round_.hidden,
    )
    if facts.state.phase not in _REVEALED:
        return view
    author = facts.standing_of.get(reply.author_id)
    view.author_id, view.author_name = reply.author_id, author.player.name if author else None
    view.votes, view.customer_pick = facts.vote_counts[reply.id], reply.id == round_.customer_pick()
    view.points = round_.points.get(reply.author_id, 0)
    view.skills = dict(
        Counter(v.skill for v in round_.votes.values() if v.reply_id == reply.id and v.skill)
    )
    return view


def progress_view(facts: RoomFacts, with_ids: bool) -> ProgressView:
    """Who has acted this phase: counts for everyone, ids (never texts) for the host,
    the screen and small rooms."""
    round_ = facts.round
    if round_ is None:
        return ProgressView(replied=[], voted=[], replied_count=0, voted_count=0)
    return ProgressView(
        replied=list(round_.replies) if with_ids else [],
        voted=list(round_.votes) if with_ids else [],
        replied_count=len(round_.replies),
        voted_count=len(round_.votes),
    )


def you_view(facts: RoomFacts, viewer: Viewer) -> YouView:
    viewer_id, round_ = viewer.player_id, facts.round
    if viewer_id is None:
        return YouView(id=None, role="screen" if viewer.screen else "host")
    standing = facts.standing_of.get(viewer_id)
    vote = round_.votes.get(viewer_id) if round_ else None
    return YouView(
        id=viewer_id,
        role="customer" if round_ and round_.customer_id == viewer_id else "agent",
        reply=round_.replies.get(viewer_id) if round_ else None,
        vote=VoteView(reply_id=vote.reply_id, skill=vote.skill) if vote else None,
        score=standing.score if standing else None,
        rank=standing.rank if standing else None,
    )
