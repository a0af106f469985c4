"""The benchmark suite at a tiny size (10 players, one round), so it never rots.

It checks that a run completes and fills every row of the table with numbers; it asserts
nothing about speed (that is what `python -m bench` is for, on a quiet machine)."""

import math
from pathlib import Path

from bench import report
from bench.run import TINY, render, run_plan

FIGURES = {"1", "2", "3", "4", "5", "6", "7"}
# Rows measured against the raw-websockets baseline (or, for 7, against one process).
WITH_BASELINE = {"1", "2", "4", "6", "7"}


async def test_tiny_run_fills_every_row(tmp_path: Path, redis_url: str) -> None:
    results = await run_plan(TINY, tmp_path, redis_url)
    table = report.rows(results)

    assert {row.figure.split(".")[0] for row in table} == FIGURES
    for row in table:
        assert row.server is not None and math.isfinite(row.server), row
        if row.figure.split(".")[0] in WITH_BASELINE and "vote" not in row.figure:
            assert row.baseline is not None and math.isfinite(row.baseline), row
            assert row.ratio is not None, row
    assert results.memory is not None and results.memory.held == TINY.memory_players
    vote = results.rooms[10].vote
    assert vote is not None and vote.acked == vote.sent == 10 and vote.exact
    text = render(results)
    assert "cpu:" in text and "python:" in text
    assert all(row.figure in text for row in table)
