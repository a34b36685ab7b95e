"""Benchmarks of the bot: `python -m bench` (see BENCHMARKS.md)."""
