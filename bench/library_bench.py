"""The library at size: a folder of 5,000 articles opened for the first time, a library of
10,000 sorted and filtered, a folder of 1,000 opened again. Whole processes in a pty."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from bench.common import Figure, article_text, seconds_figure
from bench.terminal import Terminal


def write_folder(folder: Path, count: int) -> Path:
    """`count` small plain-text articles, "Article number N" each."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = article_text(1).split("\n\n")
    for number in range(count):
        body = "\n\n".join(seeds[(number + offset) % len(seeds)] for offset in range(3))
        (folder / f"article-{number:05d}.txt").write_text(f"Article number {number}\n\n{body}\n")
    return folder


def _command(database: Path, articles: Path) -> list[str]:
    return [sys.executable, "-m", "reader", "--db", str(database), str(articles)]


def _first_open(folder: Path) -> list[Figure]:
    """A folder of 5,000 articles never seen: the library is on screen at once, and lists
    them all as it reads them in the background."""
    articles = write_folder(folder / "library-5000", 5000)
    with Terminal(_command(folder / "first-open.json", articles)) as screen:
        shown = screen.wait_for(b"Article number", timeout=120)
        every = screen.wait_for(b"5,000 articles", timeout=300)
    return [
        seconds_figure("first open of a folder of 5,000 articles: library on screen", 1.0, shown),
        Figure(
            "  every article listed (read in the background)", "(context)", f"{every:.2f} s", True
        ),
    ]


def _sorted_and_filtered(folder: Path) -> list[Figure]:
    """A library of 10,000: `s` (sort by the next column) and each letter typed in the filter,
    timed to the end of the frames they cause."""
    articles = write_folder(folder / "library-10000", 10_000)
    with Terminal(_command(folder / "ten-thousand.json", articles)) as screen:
        screen.wait_for(b"10,000 articles", timeout=300)
        screen.settle(quiet=1.0)
        sorts = [screen.frames_after(b"s", quiet=0.4) for _ in range(5)]
        screen.frames_after(b"/", quiet=0.3)
        letters = [screen.frames_after(letter.encode(), quiet=0.3) for letter in "number 12"]
    figures = []
    for name, timings in (("sort (s)", sorts), ("filter, per letter typed", letters)):
        first = statistics.median(shown for shown, _ in timings)
        last = statistics.median(settled for _, settled in timings)
        figures.append(seconds_figure(f"library of 10,000: {name}, to frame", 0.050, first))
        figures.append(
            Figure("  to its last follow-up frame", "(context)", f"{last * 1000:.1f} ms", True)
        )
    return figures


def _opened_again(folder: Path, repeats: int) -> Figure:
    """`reader FOLDER` of 1,000 articles opened before: the library shows without reading them."""
    articles = write_folder(folder / "library-1000", 1000)
    command = _command(folder / "library.json", articles)
    marker = b"1,000 articles"
    with Terminal(command) as first:  # the first opening reads and registers all
        first.wait_for(marker, timeout=120)
        first.settle()
    shown = []
    for _ in range(repeats):
        with Terminal(command) as again:
            shown.append(again.wait_for(marker))
    return seconds_figure(
        "library of 1,000 articles shows (process, opened before)", 1.0, statistics.median(shown)
    )


def bench_library(folder: Path, repeats: int) -> list[Figure]:
    """Every library figure."""
    return [*_first_open(folder), *_sorted_and_filtered(folder), _opened_again(folder, repeats)]
