"""`snapshot_for(state, viewer, now_ms)`: the one place where secrets are hidden."""

from collections import Counter
from dataclasses import dataclass

from server.engine.scoring import vote_counts
from server.engine.state import BallotReply, Phase, RoomState, Round

from .server import (
    PlayerView,
    ProgressView,
    ReplyView,
    RoomView,
    ScenarioView,
    VoteView,
    YouView,
)
from .standings import rank_players


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


_IN_ROUND = {Phase.BRIEFING, Phase.REPLYING, Phase.VOTING, Phase.REVEAL, Phase.SCOREBOARD}
_REVEALED = {Phase.REVEAL, Phase.SCOREBOARD}


def snapshot_for(state: RoomState, viewer: Viewer, now_ms: int) -> RoomView:
    """The room as `viewer` may see it at `now_ms`.
    `server_time` lets a client count down to `deadline` despite clock skew."""
    round_ = state.round if state.phase in _IN_ROUND else None
    standings = rank_players(state.players)
    return RoomView(
        code=state.code,
        phase=state.phase,
        round=round_.number if round_ else len(state.history),
        rounds_total=state.rounds_total,
        deadline=state.deadline_ms,
        server_time=now_ms,
        paused=state.paused,
        paused_remaining_ms=state.paused_remaining_ms,
        locked=state.locked,
        customer_id=round_.customer_id if round_ else None,
        players=[
            PlayerView(
                id=s.player.id,
                name=s.player.name,
                connected=s.player.connected,
                score=s.score,
                rank=s.rank,
            )
            for s in standings
        ],
        scenario=_scenario(state, round_, viewer),
        opening=round_.opening if round_ and state.phase is not Phase.BRIEFING else None,
        replies=_replies(state, round_, viewer),
        progress=_progress(round_),
        timers=state.settings.timers,
        scoring=state.settings.scoring,
        you=_you(state, round_, viewer, {s.player.id: s.rank for s in standings}),
    )


def _scenario(state: RoomState, round_: Round | None, viewer: Viewer) -> ScenarioView | None:
    if round_ is None:
        return None
    card = round_.card
    view = ScenarioView(
        id=card.id,
        title=card.title,
        channel=card.channel,
        situation=card.situation,
        persona=card.persona,
        mood=card.mood,
    )
    is_customer = viewer.player_id == round_.customer_id
    if viewer.is_host or is_customer or state.phase in _REVEALED:
        view.style, view.hidden_need = card.style, card.hidden_need
    if viewer.is_host or is_customer:
        view.suggested_opening = card.opening
    if viewer.is_host:
        view.skills, view.model_reply = list(card.skills), card.model_reply
        view.watch_outs, view.debrief_question = list(card.watch_outs), card.debrief_question
    return view


def _replies(state: RoomState, round_: Round | None, viewer: Viewer) -> list[ReplyView]:
    """The ballot; replies the host hid are shown to the host only, marked hidden."""
    if round_ is None or state.phase not in {Phase.VOTING, *_REVEALED}:
        return []
    shown = round_.ballot if viewer.is_host else round_.votable()
    if state.phase is Phase.VOTING:
        return [_ballot_entry(round_, r, viewer) for r in shown]
    counts, pick = vote_counts(round_), round_.customer_pick()
    return [
        _ballot_entry(round_, r, viewer).model_copy(
            update={
                "author_id": r.author_id,
                "votes": counts[r.id],
                "customer_pick": r.id == pick,
                "points": round_.points.get(r.author_id, 0),
                "skills": _skill_tags(round_, r.id),
            }
        )
        for r in shown
    ]


def _ballot_entry(round_: Round, reply: BallotReply, viewer: Viewer) -> ReplyView:
    return ReplyView(
        id=reply.id,
        text=reply.text,
        mine=reply.author_id == viewer.player_id,
        hidden=reply.id in round_.hidden,
    )


def _skill_tags(round_: Round, reply_id: str) -> dict[str, int]:
    return dict(
        Counter(v.skill for v in round_.votes.values() if v.reply_id == reply_id and v.skill)
    )


def _progress(round_: Round | None) -> ProgressView:
    if round_ is None:
        return ProgressView(replied=[], voted=[])
    return ProgressView(replied=list(round_.replies), voted=list(round_.votes))


def _you(state: RoomState, round_: Round | None, viewer: Viewer, ranks: dict[str, int]) -> YouView:
    viewer_id = viewer.player_id
    if viewer_id is None:
        return YouView(id=None, role="screen" if viewer.screen else "host")
    player = state.player(viewer_id)
    vote = round_.votes.get(viewer_id) if round_ else None
    return YouView(
        id=viewer_id,
        role="customer" if round_ and round_.customer_id == viewer_id else "agent",
        reply=round_.replies.get(viewer_id) if round_ else None,
        vote=VoteView(reply_id=vote.reply_id, skill=vote.skill) if vote else None,
        score=player.score if player else None,
        rank=ranks.get(viewer_id),
    )
