"""Game content is written in our own words: no run of words from the reference articles."""

import os
import re
from pathlib import Path

import pytest
import yaml

from server.resources import data_dir

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
RUN_WORDS = 7


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + RUN_WORDS]) for i in range(len(words) - RUN_WORDS + 1)}


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


def test_no_seven_word_run_of_the_reference_articles_appears_in_the_content() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    if not seeds:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the reference articles are missing from {SEEDS}")
        pytest.skip(f"reference articles not found at {SEEDS}")
    seed_runs = set().union(*(_runs(_words(p.read_text(errors="replace"))) for p in seeds))
    content = Path(data_dir("game_content"))
    copied = {
        f"{path.name}: {' '.join(run)}"
        for path in [content / "skills.yaml", *sorted((content / "decks").glob("*.yaml"))]
        for text in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
        for run in _runs(_words(text)) & seed_runs
    }
    assert copied == set()
