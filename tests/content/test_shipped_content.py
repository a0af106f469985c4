"""The content that ships with the server loads, and the decks cover what they promise."""

from collections import Counter
from pathlib import Path

from server.content import load_catalogue
from server.deck_cli import deck_schema_json
from server.engine.cards import Channel, CustomerStyle
from server.resources import data_dir

CATALOGUE = load_catalogue(data_dir("game_content"))
CORE = CATALOGUE.decks["core"].cards
MINIMUMS = {"skill": 6, "channel": 8, "style": 8, "difficulty": 12}


def _matrix() -> str:
    """Skill-by-channel counts for the core deck, printed when a threshold fails."""
    channels = [c.value for c in Channel]
    rows = [f"{'':22}" + "".join(f"{ch:>9}" for ch in channels)]
    for skill in CATALOGUE.skill_ids:
        counts = Counter(c.channel for c in CORE if skill in c.skills)
        rows.append(f"{skill:22}" + "".join(f"{counts[ch]:>9}" for ch in channels))
    return "\n".join(rows)


def test_core_deck_meets_every_coverage_threshold() -> None:
    counts = {
        "skill": Counter(s for card in CORE for s in card.skills),
        "channel": Counter(card.channel.value for card in CORE),
        "style": Counter(card.style.value for card in CORE),
        "difficulty": Counter(str(card.difficulty) for card in CORE),
    }
    expected = {
        "skill": CATALOGUE.skill_ids,
        "channel": [c.value for c in Channel],
        "style": [s.value for s in CustomerStyle],
        "difficulty": ["1", "2", "3"],
    }
    short = {
        f"{kind} {value}": counts[kind][value]
        for kind, values in expected.items()
        for value in values
        if counts[kind][value] < MINIMUMS[kind]
    }
    assert len(CORE) >= 60, f"core has {len(CORE)} cards\n{_matrix()}"
    assert short == {}, f"below the minimums {MINIMUMS}:\n{_matrix()}"


def test_themed_decks_hold_at_least_twenty_cards() -> None:
    themed = {d.id: len(d.cards) for d in CATALOGUE.decks.values() if d.id != "core"}
    assert len(themed) >= 3 and min(themed.values()) >= 20, themed


def test_the_skills_list_names_everything_the_game_trains() -> None:
    assert {
        "empathy",
        "active_listening",
        "ownership",
        "calm_tone",
        "staying_on_point",
        "resolution",
        "setting_expectations",
        "de_escalation",
        "positive_framing",
        "first_impression",
        "sales_hat",
        "consumer_hat",
        "marketing_hat",
        "internal_customers",
    } <= set(CATALOGUE.skill_ids)


def test_no_two_cards_anywhere_share_a_title_or_opening() -> None:
    cards = [card for deck in CATALOGUE.decks.values() for card in deck.cards]
    titles = Counter(c.title.casefold() for c in cards)
    openings = Counter(c.opening.casefold() for c in cards)
    assert [t for t, n in titles.items() if n > 1] == []
    assert [o for o, n in openings.items() if n > 1] == []


def test_committed_deck_schema_is_current() -> None:
    committed = Path(data_dir("game_content")) / "deck.schema.json"
    assert committed.read_text(encoding="utf-8") == deck_schema_json(), (
        "run `counterplay deck schema > game_content/deck.schema.json`"
    )
