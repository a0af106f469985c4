"""Counterplay's benchmark suite; run it with `python -m bench` (see docs/performance.md)."""
