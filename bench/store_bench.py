"""Figures of the store at the size of a real library: 10,000 and 100,000 annotations.

Annotations are the size the app writes (quote with context, a resolution, notes on some, tags
on half), spread over 1,000 articles. Process figures run in fresh interpreters, alternated
in pairs with their floor.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Figure, process_environment
from reader.core.anchoring import Anchor, AnchorStatus, make_target
from reader.core.annotations import Annotation, Color, new_annotation_id, resolution_at
from reader.core.store import AnnotationStore
from reader.paths import sample_articles_dir

ARTICLES = 1_000
SAVES = 60

OPEN_SCRIPT = """
import sys, time
from pathlib import Path
started = time.perf_counter()
from reader.core.store import AnnotationStore
store = AnnotationStore.open(Path(sys.argv[1]))
found = store.for_article(sys.argv[2])
store.annotation_counts()
seconds = time.perf_counter() - started
# VmHWM, not ru_maxrss: the latter keeps the parent's peak across fork and exec.
status = Path("/proc/self/status").read_text().splitlines()
print(seconds, next((line.split()[1] for line in status if line.startswith("VmHWM:")), 0))
"""


def _text() -> str:
    return (sample_articles_dir() / "denver-ice-ap.txt").read_text(encoding="utf-8")


def make_store(path: Path, count: int) -> AnnotationStore:
    """A database of `count` annotations over 1,000 articles, as the app would have saved it."""
    text, colors, rng = _text(), list(Color), random.Random(count)
    store = AnnotationStore.open(path)
    with store.writing() as tx:
        for number in range(count):
            start = rng.randrange(0, len(text) - 200)
            end = start + 40 + rng.randrange(120)
            article = f"article-{number % ARTICLES:04d}"
            tx.put(
                Annotation(
                    id=new_annotation_id(),
                    article_id=article,
                    target=make_target(text, start, end, "hash-of-the-text"),
                    color=colors[number % 4],
                    note="A note with *Markdown* in it, a sentence or two long." * (number % 3),
                    tags=("bench", f"t{number % 40}") if number % 2 == 0 else (),
                    created="2026-01-01T00:00:00.000Z",
                    updated="2026-01-01T00:00:00.000Z",
                    resolution=resolution_at(
                        text, "hash-of-the-text", Anchor(AnchorStatus.EXACT, start, end, 1.0)
                    ),
                )
            )
    return store


def _fsync_floor(folder: Path, repeats: int) -> float:
    """One append of a kilobyte and its fsync, in the database's folder: what a save must pay."""
    path = folder / "fsync-floor"
    timings = []
    with path.open("ab") as handle:
        for _ in range(repeats):
            started = time.perf_counter()
            handle.write(b"x" * 1000)
            handle.flush()
            os.fsync(handle.fileno())
            timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _saves(store: AnnotationStore, repeats: int) -> tuple[float, float]:
    """Median and 90th percentile of one durable save (add a highlight), seconds."""
    text = _text()
    store.add(Annotation(new_annotation_id(), "article-0001", make_target(text, 5, 50)))
    timings = []
    for number in range(repeats):
        annotation = Annotation(
            new_annotation_id(), "article-0001", make_target(text, number, number + 60)
        )
        started = time.perf_counter()
        store.add(annotation)
        timings.append(time.perf_counter() - started)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.9)]


def _open_in_process(path: Path) -> tuple[float, int]:
    run = subprocess.run(
        [sys.executable, "-c", OPEN_SCRIPT, str(path), "article-0007"],
        check=True,
        capture_output=True,
        text=True,
        env=process_environment(),
    )
    seconds, kilobytes = run.stdout.split()
    return float(seconds), int(kilobytes)


def _milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def bench_store(folder: Path, repeats: int) -> list[Figure]:
    """Saves at 10,000 and 100,000; opening 100,000 against an empty store; a compaction."""
    figures: list[Figure] = []
    floor = _fsync_floor(folder, max(repeats, 20))
    for count, target in ((10_000, 0.005), (100_000, 0.010)):
        path = folder / f"store-{count}.json"
        started = time.perf_counter()
        store = make_store(path, count)
        made = time.perf_counter() - started
        median, p90 = _saves(store, SAVES)
        figures.append(
            Figure(
                f"one durable save (add a highlight), {count:,} annotations"
                f" ({path.stat().st_size / 1e6:.0f} MB file)",
                f"< {target * 1000:.0f} ms",
                f"{_milliseconds(median)}, p90 {_milliseconds(p90)}"
                f" (fsync floor {_milliseconds(floor)})",
                median <= target,
            )
        )
        position_before = (path.stat().st_ino, path.stat().st_mtime_ns)
        started = time.perf_counter()
        store.set_reading_position("article-0001", 100, 10)
        position = time.perf_counter() - started
        rewritten = (path.stat().st_ino, path.stat().st_mtime_ns) != position_before
        figures.append(
            Figure(
                f"  reading position saved, {count:,}: file rewritten?",
                "no",
                f"{'yes' if rewritten else 'no'} ({_milliseconds(position)})",
                not rewritten,
            )
        )
        if count == 100_000:
            started = time.perf_counter()
            AnnotationStore.open(path).compact()
            figures.append(
                Figure(
                    "  compaction of 100,000, fresh copy (in the background)",
                    "(context)",
                    f"{(time.perf_counter() - started) * 1000:.0f} ms"
                    f" (written whole once to make: {made:.1f} s)",
                    True,
                )
            )
            empty = folder / "store-empty.json"
            make_store(empty, 1)
            pairs = [(_open_in_process(empty), _open_in_process(path)) for _ in range(repeats)]
            over = statistics.median(full[0] - bare[0] for bare, full in pairs)
            peak = max(full[1] for _, full in pairs) / 1024
            figures.append(
                Figure(
                    "open + one article's annotations, 100,000 (process), over an empty store",
                    "< 150 ms, < 150 MiB",
                    f"+{over * 1000:.0f} ms, {peak:.0f} MiB peak",
                    over <= 0.150 and peak <= 150,
                )
            )
    return figures
