"""The reading screen as a person sees it: whole processes in a 120×40 pseudo-terminal.

First frames wait for the article's own text (not the title, which the header shows first)
and are alternated in pairs with the floor: a minimal Textual app showing one line. Keys are
timed from writing them to the end of the last frame they cause. Each run starts from a fresh
copy of its database, so a reading position saved by one run never moves the next.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

from bench.common import Figure, article_text
from bench.terminal import Terminal

MINIMAL_SCRIPT = """
from textual.app import App
from textual.widgets import Footer, Static
class Minimal(App):
    def compose(self):
        yield Static("first frame shown")
        yield Footer()
Minimal().run()
"""
FLOOR_MARKER = b"first frame shown"
PAGE_DOWN = b"\x1b[6~"


def fresh_copy(database: Path, name: str) -> Path:
    """A copy of a database with its journal and index, as it was made."""
    copy = database.with_name(name)
    for suffix in ("", ".journal", ".index"):
        source = database.with_name(database.name + suffix)
        target = copy.with_name(copy.name + suffix)
        target.unlink(missing_ok=True)
        if source.exists():
            shutil.copy2(source, target)
    return copy


def first_words(article: Path) -> bytes:
    """The first words of an article's first paragraph after its title, as drawn."""
    paragraphs = [part for part in article.read_text(encoding="utf-8").split("\n\n") if part]
    return " ".join(paragraphs[1].split()[:3]).encode()


def reader_command(database: Path, article: Path) -> list[str]:
    """`reader --db DATABASE ARTICLE`, in this interpreter."""
    return [sys.executable, "-m", "reader", "--db", str(database), str(article)]


def paired_first_frames(database: Path, article: Path, repeats: int) -> tuple[float, float]:
    """Median seconds to the floor's first frame and to the article's text, runs alternated."""
    marker = first_words(article)
    floors, readers = [], []
    for run in range(repeats):
        with Terminal([sys.executable, "-c", MINIMAL_SCRIPT]) as floor:
            floors.append(floor.wait_for(FLOOR_MARKER))
        with Terminal(reader_command(fresh_copy(database, f"run-{run}.json"), article)) as shown:
            readers.append(shown.wait_for(marker))
    return statistics.median(floors), statistics.median(readers)


def _ratio(name: str, target: float, measured: float, floor: float) -> Figure:
    return Figure(
        name,
        f"≤ {target:g}×",
        f"{measured / floor:.2f}× ({measured * 1000:.0f} / {floor * 1000:.0f} ms)",
        measured <= target * floor,
    )


def _median_p90(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[int(len(timings) * 0.9)]


def _latency(
    name: str, timings: list[tuple[float, float]], median_target: float, p90_target: float
) -> list[Figure]:
    """The key's frame against the targets, and when its last follow-up frame was drawn."""
    median, p90 = _median_p90([first for first, _ in timings])
    settled, settled_p90 = _median_p90([last for _, last in timings])
    return [
        Figure(
            name,
            f"≤ {median_target * 1000:.0f} ms, p90 ≤ {p90_target * 1000:.0f}",
            f"{median * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms",
            median <= median_target and p90 <= p90_target,
        ),
        Figure(
            "  to its last follow-up frame (the pane's mark)",
            "(context)",
            f"{settled * 1000:.1f} ms, p90 {settled_p90 * 1000:.1f} ms",
            True,
        ),
    ]


def bench_screen(
    folder: Path, big: tuple[Path, Path], small: tuple[Path, Path], crowded: Path, repeats: int
) -> list[Figure]:
    """First frames, the pane, keys, resize and `h`, against the targets of the speed issue.

    `big` is the 5 MB article with its database of 10,000 highlights, `small` a 50 kB article
    with an empty database, `crowded` a database of 10,000 annotations of other articles.
    """
    big_database, big_article = big
    small_database, small_article = small
    warm = Terminal(reader_command(fresh_copy(small_database, "warm.json"), small_article))
    with warm:  # compiles .pyc files once
        warm.wait_for(first_words(small_article))
    figures = []
    floor, shown = paired_first_frames(small_database, small_article, repeats)
    figures.append(_ratio("first frame, 50 kB article, empty store", 1.2, shown, floor))
    crowded_floor, crowded_shown = paired_first_frames(
        fresh_copy(crowded, "crowded-run.json"), small_article, repeats
    )
    figures.append(
        Figure(
            "  the same, store holding 10,000 annotations of other articles",
            "same as empty",
            f"{crowded_shown / crowded_floor:.2f}× the floor (empty store {shown / floor:.2f}×)",
            crowded_shown / crowded_floor <= shown / floor * 1.05,
        )
    )
    floor, shown = paired_first_frames(big_database, big_article, repeats)
    figures.append(_ratio("first frame, 5 MB article with 10,000 highlights", 1.5, shown, floor))
    with Terminal(reader_command(fresh_copy(big_database, "keys.json"), big_article)) as screen:
        ready = screen.wait_for(b"Highlights 10,000")
        screen.settle()
        figures.append(_ratio("  pane ready (“Highlights 10,000”)", 2.0, ready, floor))
        peak = screen.peak_kilobytes() / 1024
        keys = [screen.frames_after(b"j") for _ in range(60)]
        figures += _latency("`j` key to frame, 5 MB + 10,000", keys, 0.008, 0.012)
        pages = [screen.frames_after(PAGE_DOWN) for _ in range(40)]
        figures += _latency("page down to frame", pages, 0.012, 0.020)
        screen.settle(quiet=1.0)
        resizes = [screen.resize((100 if n % 2 == 0 else 120, 40)) for n in range(8)]
        resized = statistics.median(first for first, _ in resizes)
        figures.append(
            Figure(
                "resize 120 ↔ 100 columns, 5 MB, to frame",
                "≤ 80 ms",
                f"{resized * 1000:.0f} ms",
                resized <= 0.080,
            )
        )
        whole = statistics.median(last for _, last in resizes)
        figures.append(
            Figure(
                "  to its last frame (the whole article wrapped)",
                "(context)",
                f"{whole * 1000:.0f} ms",
                True,
            )
        )
        highlights = []
        for _ in range(max(6, repeats)):
            screen.frames_after(b"j")
            highlights.append(screen.frames_after(b"h"))
            screen.frames_after(b"u", quiet=0.3)  # undone: the next `h` meets 10,000 again
        figures += _latency("`h` (add a highlight) with 10,000, to frame", highlights, 0.030, 0.045)
        peak = max(peak, screen.peak_kilobytes() / 1024)
    figures.append(
        Figure("peak memory, 5 MB + 10,000 highlights", "≤ 90 MiB", f"{peak:.0f} MiB", peak <= 90)
    )
    return figures


def write_small_article(folder: Path) -> Path:
    """A 50 kB plain-text article."""
    path = folder / "fifty-kilobytes.txt"
    path.write_text(article_text(1)[:50_000], encoding="utf-8")
    return path
