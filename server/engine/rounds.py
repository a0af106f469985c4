"""Starting a round and opening its ballot: who is the customer, which card, which order."""

import random

from .cards import Card
from .state import BallotReply, Player, RoomState, Round

MAX_ROUNDS = 50


def playable_cards(pool: tuple[Card, ...], focus_skills: list[str]) -> list[Card]:
    """Each card once (by id), in id order, keeping only those that train a focus skill."""
    focus = set(focus_skills)
    unique = {card.id: card for card in pool if not focus or focus & set(card.skills)}
    return [unique[card_id] for card_id in sorted(unique)]


def draw_cards(seed: int, playable: list[Card], rounds: int) -> list[Card]:
    """The room's cards in play order: a seeded shuffle, so a game can be replayed."""
    order = list(playable)
    random.Random(f"{seed}:draw").shuffle(order)
    return order[:rounds]


def rounds_for(state: RoomState, deck_size: int) -> int:
    """One round per connected player unless the room chose a number; never more rounds
    than cards."""
    wanted = state.settings.rounds or min(len(state.connected_players()), MAX_ROUNDS)
    return min(wanted, deck_size)


def next_customer(state: RoomState) -> Player | None:
    """The next connected player in join order after the last customer, wrapping around."""
    previous_seq = state.round.customer_seq if state.round else 0
    by_join = sorted(state.players, key=lambda p: p.seq)
    candidates = [p for p in by_join if p.connected] or by_join
    after = [p for p in candidates if p.seq > previous_seq]
    return next(iter(after or candidates), None)


def begin_round(state: RoomState, customer: Player) -> None:
    """File the finished round and deal the next card to `customer`."""
    if state.round is not None:
        state.history.append(state.round)
    number = len(state.history) + 1
    state.round = Round(
        number=number,
        customer_id=customer.id,
        customer_seq=customer.seq,
        card=state.cards[number - 1],
    )


def open_ballot(state: RoomState, round_: Round) -> None:
    """Fix the anonymous ballot: present authors' replies in one seeded shuffled order."""
    present = {p.id: p.seq for p in state.players}
    entries = sorted(
        (
            (present[author], author, text)
            for author, text in round_.replies.items()
            if author in present
        ),
    )
    random.Random(f"{state.seed}:ballot:{round_.number}").shuffle(entries)
    round_.ballot = [
        BallotReply(id=f"r{index}", author_id=author, text=text)
        for index, (_, author, text) in enumerate(entries, start=1)
    ]
