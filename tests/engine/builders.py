"""Small builders for engine tests: a deck, a room, a room with players."""

from server.engine import RoomSettings, RoomState, handle
from server.engine.cards import Card
from server.engine.commands import Command, Join, Start

SKILLS = ["empathy", "ownership", "calm_tone"]


def card(number: int) -> Card:
    return Card(
        id=f"card-{number}",
        title=f"Card {number}",
        channel="phone",
        situation="A parcel went missing.",
        persona="A busy parent.",
        mood="tired",
        style="direction",
        hidden_need="To know it will arrive by Friday.",
        opening=f"Where is my parcel number {number}?",
        skills=["empathy"],
        difficulty=1,
        model_reply="I am sorry; let me find it now.",
        watch_outs=["Blames the courier."],
        debrief_question="What did the customer need?",
    )


DECK = tuple(card(n) for n in range(1, 11))


def new_room(seed: int = 7, **settings: object) -> RoomState:
    return RoomState(
        code="ABCDEF",
        seed=seed,
        settings=RoomSettings.model_validate(settings),
        skills=SKILLS,
        host_token_hash="host",
        created_ms=0,
        updated_ms=0,
    )


def run(state: RoomState, *commands: Command, now_ms: int = 0) -> RoomState:
    for command in commands:
        state = handle(state, command, now_ms).state
    return state


def room_with_players(count: int, started: bool = True, **settings: object) -> RoomState:
    state = new_room(**settings)
    teams = state.settings.teams
    joins = [
        Join(
            name=f"Player {n}",
            token_hash=f"t{n}",
            connection=n,
            team=teams[n % len(teams)] if teams else None,
        )
        for n in range(1, count + 1)
    ]
    state = run(state, *joins)
    return run(state, Start(pool=DECK)) if started else state
