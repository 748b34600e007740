"""What every benchmark shares: the figure type, timing, and generated article text."""

from __future__ import annotations

import gc
import os
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from reader.core.articles import load_article
from reader.paths import sample_articles_dir


@dataclass(frozen=True)
class Figure:
    """One measured figure against its target, both as people read them."""

    name: str
    target: str
    measured: str
    passed: bool


def seconds_figure(name: str, target_seconds: float, measured_seconds: float) -> Figure:
    """A figure whose target is a number of seconds."""
    return Figure(
        name,
        f"< {_duration(target_seconds)}",
        _duration(measured_seconds),
        measured_seconds <= target_seconds,
    )


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def process_environment() -> dict[str, str]:
    """The environment for timed child processes: as a user's, with compiled bytecode cached.

    (Some machines set PYTHONDONTWRITEBYTECODE, which makes every start recompile every
    module; an installed package never runs that way.)
    """
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def median(run: Callable[[], object], repeats: int) -> float:
    """The median wall time of `repeats` runs of `run`, in seconds."""
    timings = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def article_text(megabytes: int) -> str:
    """Prose-like text: seed paragraphs, words shuffled so none repeats, hard-wrapped."""
    seeds = [load_article(path).text for path in sorted(sample_articles_dir().glob("*.txt"))]
    paragraphs = [p for text in seeds for p in text.split("\n\n")]
    rng = random.Random(1)
    parts: list[str] = ["A very long article\n"]
    size = 0
    while size < megabytes * 1_000_000:
        words = rng.choice(paragraphs).split(" ")
        rng.shuffle(words)
        wrapped = "\n".join(" ".join(words[i : i + 12]) for i in range(0, len(words), 12))
        parts.append(wrapped)
        size += len(wrapped) + 2
    return "\n\n".join(parts) + "\n"
