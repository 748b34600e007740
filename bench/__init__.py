"""Benchmarks: `python -m bench` prints every speed figure with its target."""
