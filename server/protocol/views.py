"""What each viewer may see of a room: the one place where secrets are hidden.

`snapshot_for(state, viewer, now_ms)` is the reference snapshot and `you_for(state,
player_id)` the reference `you`; `fanout.SnapshotCache` builds the same JSON for many viewers
while encoding what they share only once. Both are made of the component functions below,
each taking the precomputed `RoomFacts`.

A snapshot is the same for every player who sees the same card (the customer's or the
public one), so one encoded frame serves the whole room; what is a player's own (their
score and rank, their reply and its result, their vote, their voting sample) is in the
`you` message, sent only when it changed.

Big rooms stay small on the wire: above ROSTER_LIMIT players the players and the projector
get the top of the standings and counts, each player their own sample of BIG_ROOM_SAMPLE
others' replies while voting, and the PODIUM most chosen at the reveal. In smaller rooms a
voter gets a sample of BALLOT_SAMPLE others above BALLOT_LIMIT replies. The host sees
everything.

The room's settings hide more: the leaderboard setting decides whose score and rank the
players and the projector see (and the roster's order never gives a hidden rank away);
an anonymous room shows no player's name on the projector; held and hidden replies reach
only the host."""

import random
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from server.engine.cards import Card
from server.engine.scoring import peers_favourite
from server.engine.state import (
    BallotReply,
    LeaderboardVisibility,
    Phase,
    RoomSettings,
    RoomState,
    Round,
)
from server.engine.teams import TeamStanding, team_scores

from .roster import Roster
from .server import (
    CardNotes,
    DebriefView,
    PlayerView,
    ProgressView,
    QueueItem,
    ReplyModeration,
    ReplyResult,
    ReplyView,
    RoomView,
    ScenarioView,
    SettingsView,
    SpotlightView,
    TeamView,
    VoteView,
    YouView,
)
from .standings import Standing

ROSTER_LIMIT = 24
TOP_STANDINGS = 10
BALLOT_LIMIT = 12
BALLOT_SAMPLE = 8
BIG_ROOM_SAMPLE = 4  # others' replies on a big room's voting ballot
PODIUM = 2  # replies at a big room's reveal, besides one's own in `you`

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

    @property
    def kind(self) -> str:
        return "host" if self.is_host else "screen" if self.screen else "player"


HOST = Viewer()
SCREEN = Viewer(screen=True)


def player_viewer(player_id: str) -> Viewer:
    return Viewer(player_id=player_id)


class RoomFacts:
    """What every view of one state needs, computed once."""

    def __init__(self, state: RoomState, earlier: Roster | None = None) -> None:
        """`earlier`: the roster of the room's previous state, kept if no player changed."""
        self.state = state
        self.round = state.round if state.phase in _IN_ROUND else None
        self.roster = earlier.following(state.players) if earlier else Roster(state.players)
        self.standings = self.roster.standings
        self.standing_of = self.roster.standing_of
        self.big_room = len(state.players) > ROSTER_LIMIT
        self.anonymous = state.settings.anonymous

    @cached_property
    def public_ranks(self) -> int:
        """How many places of the standings everyone may see: all, the top 3, or none."""
        visibility = self.state.settings.leaderboard
        finished = self.state.phase is Phase.FINISHED
        if visibility is LeaderboardVisibility.FULL or (
            visibility is LeaderboardVisibility.AT_END and finished
        ):
            return len(self.standings)
        return 3 if visibility is LeaderboardVisibility.TOP3 else 0

    @property
    def scores_public(self) -> bool:
        return self.public_ranks >= len(self.standings)

    def rank_is_public(self, standing: Standing | TeamStanding) -> bool:
        return standing.rank <= self.public_ranks

    @property
    def public_order(self) -> list[str]:
        """The roster as players see it: the public places in rank order, then everyone
        else in join order, so the order gives no hidden rank away."""
        return self.roster.public_order(self.public_ranks)

    def player_view(self, player_id: str, for_host: bool) -> PlayerView:
        standing = self.standing_of[player_id]
        player = standing.player
        public = for_host or self.rank_is_public(standing)
        return PlayerView(
            id=player.id,
            name=player.name,
            connected=player.connected,
            score=standing.score if public else None,
            rank=standing.rank if public else None,
            team=player.team,
        )

    @property
    def top_ids(self) -> list[str]:
        """The top of the public standings, for big rooms' compact rosters."""
        return self.roster.top(self.public_ranks, TOP_STANDINGS)

    @cached_property
    def team_standings(self) -> list[TeamStanding]:
        return team_scores(self.state)

    @cached_property
    def tallies(self) -> "Tallies":
        return Tallies(self.round) if self.round else Tallies(None)

    @cached_property
    def shown_ballot(self) -> list[BallotReply]:
        """The replies players may see (not hidden), in ballot order."""
        return self.round.votable() if self.round else []

    @cached_property
    def shown_authors(self) -> set[str]:
        return {reply.author_id for reply in self.shown_ballot}

    @cached_property
    def ballot_of(self) -> dict[str, BallotReply]:
        """Each author's reply on this round's ballot."""
        return {reply.author_id: reply for reply in self.round.ballot} if self.round else {}

    @cached_property
    def sample_size(self) -> int | None:
        """How many replies a player is shown when the round has too many to show them
        all: a big room's sample or podium, else `small_sample_size`; None: all of them."""
        if not self.big_room:
            return self.small_sample_size
        limit = BIG_ROOM_SAMPLE if self.state.phase is Phase.VOTING else PODIUM
        return limit if len(self.shown_ballot) > limit else None

    @cached_property
    def small_sample_size(self) -> int | None:
        """The sample of a room small enough to list, and always the projector's."""
        return BALLOT_SAMPLE if len(self.shown_ballot) > BALLOT_LIMIT else None


class Tallies:
    """Votes and skill tags per reply of one round, counted once for all its reply views."""

    def __init__(self, round_: Round | None) -> None:
        self.votes: Counter[str] = Counter()
        self.skills: dict[str, Counter[str]] = {}
        for vote in round_.votes.values() if round_ else ():
            self.votes[vote.reply_id] += 1
            if vote.skill:
                self.skills.setdefault(vote.reply_id, Counter())[vote.skill] += 1
        most = max(self.votes.values(), default=0)
        pick = round_.customer_pick() if round_ else None
        # The replies a reveal celebrates: the customer's pick and the most voted.
        self.winners = {r for r, n in self.votes.items() if n == most} | ({pick} if pick else set())


def snapshot_for(state: RoomState, viewer: Viewer, now_ms: int) -> RoomView:
    """The room as `viewer` may see it at `now_ms`.
    `server_time` lets a client count down to `deadline` despite clock skew."""
    facts = RoomFacts(state)
    return RoomView(
        **shared_fields(facts, now_ms, shows_names(facts, viewer)),
        players=[facts.player_view(pid, viewer.is_host) for pid in roster_ids(facts, viewer)],
        scenario=scenario_view(facts, scenario_audience(facts, viewer)),
        replies=[reply_view(facts, reply, viewer) for reply in ballot_for(facts, viewer)],
        progress=progress_view(facts, sees_everyone(facts, viewer)),
        teams=teams_view(facts, viewer.is_host),
        flagged_names=flagged_names(facts) if viewer.is_host else [],
        opening_flagged=opening_flagged(facts) if viewer.is_host else False,
        queue=queue_view(facts) if viewer.is_host else [],
        debrief=debrief_view(facts, viewer),
    )


def you_for(state: RoomState, player_id: str) -> YouView | None:
    """The player's own part of the room (None once they have left it)."""
    facts = RoomFacts(state)
    return you_view(facts, player_id) if player_id in facts.standing_of else None


def shows_names(facts: RoomFacts, viewer: Viewer) -> bool:
    """An anonymous room keeps every player's name off the projector."""
    return not (viewer.screen and facts.anonymous)


def shared_fields(facts: RoomFacts, now_ms: int, named: bool = True) -> dict[str, object]:
    """What every viewer gets alike (`named=False`: the anonymous projector's version)."""
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
        "customer_name": _name_of(facts, round_.customer_id) if round_ and named else None,
        "player_count": len(state.players),
        "connected_count": facts.roster.connected_count,
        "opening": round_.opening if round_ and state.phase is not Phase.BRIEFING else None,
    }


def settings_view(settings: RoomSettings) -> SettingsView:
    """The settings a client shows, sent once in `welcome` (they never change)."""
    return SettingsView(
        timers=settings.timers,
        scoring=settings.scoring,
        leaderboard=settings.leaderboard,
        anonymous=settings.anonymous,
        moderation=settings.moderation,
        team_names=settings.teams,
    )


def _name_of(facts: RoomFacts, player_id: str) -> str | None:
    standing = facts.standing_of.get(player_id)
    return standing.player.name if standing else None


def sees_everyone(facts: RoomFacts, viewer: Viewer) -> bool:
    """Whether the viewer gets the whole roster and who has acted: the host always; the
    players and the projector only in rooms small enough to list (a projector cannot show
    2,000 names either)."""
    return viewer.is_host or not facts.big_room


def roster_ids(facts: RoomFacts, viewer: Viewer) -> list[str]:
    """Everyone for the host (in rank order); everyone in the public order in small rooms;
    none on an anonymous projector; else the public top (a player's own place is in
    `you`)."""
    if viewer.is_host:
        return [s.player.id for s in facts.standings]
    if not shows_names(facts, viewer):
        return []
    if sees_everyone(facts, viewer):
        return facts.public_order
    return facts.top_ids


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
    view = _public_card(card)
    if audience != "public" or facts.state.phase in _REVEALED:
        view.style, view.hidden_need = card.style, card.hidden_need
    if audience == "host" or (audience == "customer" and facts.state.phase is Phase.BRIEFING):
        view.suggested_opening = card.opening  # the customer's only while writing the opening
    if audience == "host":
        view.notes = _notes(card)
    return view


def _public_card(card: Card) -> ScenarioView:
    """What everyone sees of a card; the private fields stay null."""
    return ScenarioView(
        id=card.id,
        title=card.title,
        channel=card.channel,
        situation=card.situation,
        persona=card.persona,
        mood=card.mood,
    )


def _notes(card: Card) -> CardNotes:
    return CardNotes(
        skills=list(card.skills),
        model_reply=card.model_reply,
        watch_outs=list(card.watch_outs),
        debrief_question=card.debrief_question,
    )


def ballot_for(facts: RoomFacts, viewer: Viewer) -> list[BallotReply]:
    """The replies in the snapshot: all of them to the host and in small rounds. When there
    are too many (`RoomFacts.sample_size`), players get none while voting (each has a
    sample in `you.ballot`) and the most voted at the reveal, the customer's pick first;
    the projector, which never votes, gets a seeded sample of the small-room size."""
    round_ = facts.round
    if round_ is None or facts.state.phase not in {Phase.VOTING, *_REVEALED}:
        return []
    if viewer.is_host:
        return list(round_.ballot)
    shown = facts.shown_ballot
    voting = facts.state.phase is Phase.VOTING
    limit = facts.small_sample_size if viewer.screen else facts.sample_size
    if limit is None:
        return shown
    if voting:
        return _sample(facts, shown, limit, "screen") if viewer.screen else []
    pick = round_.customer_pick()
    ranked = sorted(shown, key=lambda r: (r.id != pick, -facts.tallies.votes[r.id]))
    chosen = {r.id for r in ranked[:limit]}
    return [r for r in shown if r.id in chosen]


def personal_ballot(facts: RoomFacts, player_id: str) -> list[BallotReply] | None:
    """A player's own voting sample of the others' replies, when the round has too many
    to show them all; else None (the snapshot's replies are their ballot)."""
    limit = facts.sample_size
    if limit is None or facts.state.phase is not Phase.VOTING:
        return None
    others = [r for r in facts.shown_ballot if r.author_id != player_id]
    return others if len(others) <= limit else _sample(facts, others, limit, player_id)


def _sample(
    facts: RoomFacts, replies: list[BallotReply], limit: int, who: str
) -> list[BallotReply]:
    """`limit` of `replies` in ballot order, drawn with a seed of the room, round and
    viewer: the same sample on every change and in every process."""
    assert facts.round is not None
    seed = f"{facts.state.seed}:{facts.round.number}:sample:{who}"
    picked = set(random.Random(seed).sample(range(len(replies)), limit))
    return [r for i, r in enumerate(replies) if i in picked]


def reply_view(facts: RoomFacts, reply: BallotReply, viewer: Viewer) -> ReplyView:
    """One reply; authors, votes and points only from the reveal on."""
    round_ = facts.round
    assert round_ is not None
    revealed = facts.state.phase in _REVEALED
    return _reply_view(facts, round_, facts.tallies if revealed else None, reply, viewer)


def _reply_view(
    facts: RoomFacts,
    round_: Round,
    tallies: Tallies | None,
    reply: BallotReply,
    viewer: Viewer,
    own: bool = False,
) -> ReplyView:
    """`tallies` once the votes may be shown, else None; `own`: shown to its author."""
    author_id = reply.author_id
    view = ReplyView(id=reply.id, text=reply.text)
    if viewer.is_host:  # the host moderates by author, before the reveal too
        view.moderation = ReplyModeration(
            author_id=author_id,
            flagged=author_id in round_.flagged,
            held=author_id in round_.held,
            hidden=author_id in round_.hidden,
        )
    if tallies is None:
        return view
    result = view.result = ReplyResult(
        votes=tallies.votes[reply.id],
        customer_pick=reply.id == round_.customer_pick(),
        skills=dict(tallies.skills.get(reply.id, {})),
    )
    if not (viewer.is_host or own or facts.scores_public or reply.id in tallies.winners):
        return view  # while standings are private, a reply nobody chose stays anonymous
    result.author_id = author_id
    result.author_name = _name_of(facts, author_id) if shows_names(facts, viewer) else None
    result.points = round_.points.get(author_id, 0)
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


def teams_view(facts: RoomFacts, for_host: bool) -> list[TeamView]:
    """Team standings under the same leaderboard setting as the players'."""
    return [
        TeamView(name=t.team, score=t.score, rank=t.rank, members=t.members)
        for t in facts.team_standings
        if for_host or facts.rank_is_public(t)
    ]


def flagged_names(facts: RoomFacts) -> list[str]:
    """The players whose name the profanity check flagged, for the host."""
    return [p.id for p in facts.state.players if p.flagged]


def opening_flagged(facts: RoomFacts) -> bool:
    """Whether the profanity check flagged this round's opening, for the host."""
    return bool(facts.round and facts.round.opening_flagged)


def queue_view(facts: RoomFacts) -> list[QueueItem]:
    """What waits for the host's approval: a held opening, then held replies."""
    round_ = facts.round
    if round_ is None:
        return []
    items: list[QueueItem] = []
    if round_.opening_held and round_.opening is not None:
        name = _name_of(facts, round_.customer_id) or ""
        items.append(
            QueueItem(player_id=round_.customer_id, name=name, kind="opening", text=round_.opening)
        )
    for author_id in round_.held:
        text = round_.replies.get(author_id)
        if text is not None:
            name = _name_of(facts, author_id) or ""
            items.append(QueueItem(player_id=author_id, name=name, kind="reply", text=text))
    return items


def debrief_view(facts: RoomFacts, viewer: Viewer) -> DebriefView | None:
    """The presented round, for the console and the projector (never the players)."""
    shown = facts.state.presentation
    if shown is None or viewer.player_id is not None:
        return None
    round_ = facts.state.revealed_round(shown.round)
    if round_ is None:
        return None
    named, tallies = shows_names(facts, viewer), Tallies(round_)
    replies = [r for r in round_.ballot if viewer.is_host or round_.is_shown(r.author_id)]
    spotlight = round_.reply_by_id(shown.spotlight) if shown.spotlight else None
    if spotlight and not round_.is_shown(spotlight.author_id):
        spotlight = None  # taken down after it was put in the spotlight
    return DebriefView(
        round=round_.number,
        scenario=_full_card(round_),
        customer_name=_name_of(facts, round_.customer_id) if named else None,
        opening=round_.opening,
        replies=[_reply_view(facts, round_, tallies, r, viewer) for r in replies],
        customer_pick=round_.customer_pick(),
        peers_favourite=peers_favourite(round_),
        spotlight=SpotlightView(
            reply_id=spotlight.id,
            text=spotlight.text,
            author_name=_name_of(facts, spotlight.author_id)
            if named and shown.spotlight_named
            else None,
        )
        if spotlight
        else None,
    )


def _full_card(round_: Round) -> ScenarioView:
    """The card with everything the debrief teaches from (no suggested opening)."""
    card = round_.card
    view = _public_card(card)
    view.style, view.hidden_need, view.notes = card.style, card.hidden_need, _notes(card)
    return view


def you_view(facts: RoomFacts, player_id: str) -> YouView:
    return you_view_with(facts, player_id, personal_ballot(facts, player_id))


def you_view_with(facts: RoomFacts, player_id: str, ballot: list[BallotReply] | None) -> YouView:
    """`you_view` with the player's `personal_ballot` already drawn (a draw is costly)."""
    round_ = facts.round
    standing = facts.standing_of[player_id]
    vote = round_.votes.get(player_id) if round_ else None
    on_ballot = facts.ballot_of.get(player_id) if player_id in facts.shown_authors else None
    viewer = player_viewer(player_id)
    return YouView(
        id=player_id,
        name=standing.player.name,
        role="customer" if round_ and round_.customer_id == player_id else "agent",
        team=standing.player.team,
        score=standing.score,
        rank=standing.rank if facts.rank_is_public(standing) else None,
        reply=round_.replies.get(player_id) if round_ else None,
        reply_id=on_ballot.id if on_ballot else None,
        result=own_result(facts, player_id),
        vote=VoteView(reply_id=vote.reply_id, skill=vote.skill) if vote else None,
        ballot=[reply_view(facts, r, viewer) for r in ballot] if ballot is not None else None,
    )


def own_result(facts: RoomFacts, player_id: str) -> ReplyResult | None:
    """How the player's reply did, from the reveal on, if the room saw it."""
    round_ = facts.round
    if round_ is None or facts.state.phase not in _REVEALED:
        return None
    if player_id not in facts.shown_authors:
        return None
    reply, viewer = facts.ballot_of[player_id], player_viewer(player_id)
    return _reply_view(facts, round_, facts.tallies, reply, viewer, own=True).result
