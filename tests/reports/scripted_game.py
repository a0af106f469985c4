"""One scripted game played with the real engine, whose every number the report tests
compute by hand.

Ann (p1), Ben (p2), Cat (p3) and Dan (p4); three rounds of three cards.
- Round 1, "lost-parcel" (empathy, ownership), Ann is the customer. Ben's reply gets the
  customer's pick (empathy) and two peer votes (empathy, ownership); Cat's gets Ben's vote
  (ownership); Dan's gets none. Ann agrees with the peers.
- Round 2, "angry-caller" (calm_tone, clarity), Ben is the customer and sends no opening
  (the card's is used). Ben picks Cat's reply (calm_tone); peers vote Dan twice (calm_tone,
  no tag) and Ann once (calm_tone). Ben does not agree with the peers.
- Round 3, "double-charge" (ownership, follow_up), Cat is the customer. Only Ann replies
  before the host ends the game: her reply stays unrevealed, off any ballot.
Scores: Ann 100, Ben 600, Cat 500, Dan 200.
"""

from server.engine import RoomSettings, RoomState
from server.engine.cards import Card
from server.engine.commands import CastVote, Command, End, Join, SendOpening, SendReply, Skip, Start
from tests.engine.builders import run

GAME_SKILLS = ["empathy", "ownership", "calm_tone", "clarity", "follow_up"]
PLAYERS = ("Ann", "Ben", "Cat", "Dan")
# The seed that deals the three cards in the order above and fixes the ballots below.
SEED = 4


def scripted_card(card_id: str, title: str, skills: list[str]) -> Card:
    return Card(
        id=card_id,
        title=title,
        channel="phone",
        situation="A customer needs help.",
        persona="A regular customer.",
        mood="annoyed",
        style="direction",
        hidden_need=f"The real need behind {title}.",
        opening=f"Opening of {title}.",
        skills=skills,
        difficulty=1,
        model_reply=f"Model reply for {title}.",
        watch_outs=["Blames the customer."],
        debrief_question="What did the customer need?",
    )


POOL = (
    scripted_card("lost-parcel", "Lost parcel", ["empathy", "ownership"]),
    scripted_card("angry-caller", "Angry caller", ["calm_tone", "clarity"]),
    scripted_card("double-charge", "Double charge", ["ownership", "follow_up"]),
)

ROUND_1_REPLIES = {
    "p2": "I'm so sorry, I'll track it now.",
    "p3": '=HYPERLINK("http://x.test","go")',
    "p4": "Parcels get lost.",
}
ROUND_2_REPLIES = {
    "p1": "+1 for patience; let me check.",
    "p3": "-2 days is the usual delay, I'm sorry.",
    "p4": "@x Calm down please.",
}
ROUND_3_REPLY = "I'll refund the double charge today."


def scripted_room(
    seed: int = SEED, names: tuple[str, ...] = PLAYERS, **settings: object
) -> RoomState:
    state = RoomState(
        code="GAMEXY",
        seed=seed,
        settings=RoomSettings.model_validate({"rounds": 3, **settings}),
        skills=GAME_SKILLS,
        host_token_hash="host",
        created_ms=1_700_000_000_000,
        updated_ms=1_700_000_000_000,
    )
    joins = [Join(name=name, token_hash=f"t{n}", connection=n) for n, name in enumerate(names)]
    return run(state, *joins, Start(pool=POOL))


def reply_id_of(state: RoomState, author_id: str) -> str:
    assert state.round is not None
    return next(reply.id for reply in state.round.ballot if reply.author_id == author_id)


def replies(texts: dict[str, str]) -> list[Command]:
    return [SendReply(player_id=author, text=text) for author, text in texts.items()]


def votes(state: RoomState, *ballots: tuple[str, str, str | None]) -> RoomState:
    """Cast (voter, author voted for, skill) votes, finding each author's reply on the
    ballot."""
    for voter, author, skill in ballots:
        vote = CastVote(player_id=voter, reply_id=reply_id_of(state, author), skill=skill)
        state = run(state, vote)
    return state


def scripted_game(names: tuple[str, ...] = PLAYERS) -> RoomState:
    state = scripted_room(names=names)
    state = run(state, SendOpening(player_id="p1", text="My parcel is lost!"))
    state = run(state, *replies(ROUND_1_REPLIES))
    state = votes(
        state,
        ("p1", "p2", "empathy"),
        ("p2", "p3", "ownership"),
        ("p3", "p2", "empathy"),
        ("p4", "p2", "ownership"),
    )
    state = run(state, Skip(), Skip(), Skip(), *replies(ROUND_2_REPLIES))
    state = votes(
        state,
        ("p2", "p3", "calm_tone"),
        ("p1", "p4", "calm_tone"),
        ("p3", "p4", None),
        ("p4", "p1", "calm_tone"),
    )
    state = run(state, Skip(), Skip(), SendOpening(player_id="p3", text="Why twice?"))
    return run(
        state, SendReply(player_id="p1", text=ROUND_3_REPLY), End(), now_ms=1_700_000_900_000
    )


def with_teams(state: RoomState, teams: dict[str, list[str]], scoring: str = "mean") -> RoomState:
    """The same game played in teams: `teams` maps each team, in the facilitator's order,
    to its members' ids."""
    settings = state.settings.model_dump() | {"teams": list(teams), "team_scoring": scoring}
    teamed = state.model_copy(deep=True, update={"settings": RoomSettings.model_validate(settings)})
    for team, members in teams.items():
        for player in list(teamed.players):
            if player.id in members:
                teamed.replace_player(player, team=team)
    return teamed
