"""`counterplay deck ...` from a terminal: same messages, exit status 1 on problems."""

import subprocess
import sys
from pathlib import Path

import yaml

from tests.content.test_validation import card, deck


def _deck_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "server.cli", "deck", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_validate_reports_every_problem_and_fails(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(yaml.safe_dump(deck(card(skills=["empaty"], difficulty=7))))
    result = _deck_command("validate", str(broken))
    assert result.returncode == 1
    assert (
        f"{broken}: cards[0].difficulty: Input should be less than or equal to 3" in result.stdout
    )
    assert "cards[0].skills[0]: unknown skill 'empaty' (did you mean 'empathy'?)" in result.stdout
    assert "2 problem(s)" in result.stdout


def test_validate_accepts_a_good_csv_deck(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    row = {**card(), "skills": "empathy;ownership", "watch_outs": "Blames the address."}
    good.write_text(",".join(row) + "\n" + ",".join(f'"{v}"' for v in row.values()) + "\n")
    result = _deck_command("validate", str(good))
    assert result.returncode == 0, result.stdout
    assert "is valid (1 card)" in result.stdout


def test_list_and_show() -> None:
    listed = _deck_command("list")
    assert listed.returncode == 0 and "core" in listed.stdout
    shown = _deck_command("show", "core")
    assert shown.returncode == 0 and "skills:" in shown.stdout
    assert _deck_command("show", "no-such-deck").returncode == 1
