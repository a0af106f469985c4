"""The profanity check: whole words and deliberate spellings, and the same verdicts as
glin-profanity's own scanner, which it runs faster."""

import json
from importlib import resources

import pytest
from glin_profanity import Filter

from server.content.catalogue import load_catalogue
from server.resources import data_dir
from server.rooms.profanity import ProfanityCheck
from tests.browser.hostile import NAMES, TEXTS

CHECK = ProfanityCheck()


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("This is shit service, but I will sort it.", True),
        ("sh1t", True),
        ("f u c k this", True),
        ("what the f*ck", True),
        ("son of a bitch", True),
        ("a blow job", True),
        ("Scunthorpe", False),
        ("Let me assess the class of cocktail glasses.", False),
        ("Moby Dick", False),
        ("I'll refund it in full by 11.", False),
    ],
)
def test_whole_words_and_deliberate_spellings(text: str, flagged: bool) -> None:
    assert CHECK.flags(text) is flagged


def _corpus() -> list[str]:
    """Every third word of the list, disguised ten ways, the hostile texts and names of the
    browser tests, and every text of the shipped cards."""
    words = json.loads(
        (resources.files("glin_profanity.data") / "dictionaries" / "english.json").read_text()
    )["words"][::3]
    leet = str.maketrans({"o": "0", "i": "1", "e": "3", "a": "4", "s": "5", "t": "7"})
    texts: list[str] = [*NAMES, *TEXTS]
    for word in words:
        texts += [
            word,
            word.upper(),
            f"you {word}!",
            f"Well, {word.capitalize()} again.",
            word.translate(leet),
            " ".join(word),
            ".".join(word),
            word.replace("a", "@").replace("i", "!"),
            "".join(c * 3 if c in "aeiou" else c for c in word),
            word.replace("a", "\u0430").replace("o", "\u043e"),  # Cyrillic look-alikes
        ]
    catalogue = load_catalogue(data_dir("game_content"))
    for deck in catalogue.decks.values():
        for card in deck.cards:
            texts += [card.situation, card.persona, card.opening, card.model_reply]
    return texts


def test_the_verdicts_are_glin_profanitys_own() -> None:
    plain = Filter({"languages": ["english"], "word_boundaries": True})
    corpus = _corpus()
    assert len(corpus) > 1500
    differing = [text for text in corpus if CHECK.flags(text) != bool(plain.is_profane(text))]
    assert differing == []
