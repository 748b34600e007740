"""Figures of the reading screen, with a 5 MB article carrying 10,000 highlights.

What a person sees is timed in a pseudo-terminal (screen_bench); what only the app's insides
show (rows rendered, paging with and without highlights) runs headless through Pilot, at
120×40, each ratio against a baseline measured in the same run.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

from bench.common import Figure, article_text
from bench.library_bench import bench_library
from bench.screen_bench import bench_screen, write_small_article
from bench.store_bench import make_store
from reader.core.anchoring import Anchor, AnchorStatus, make_target
from reader.core.annotations import Annotation, Color, new_annotation_id, resolution_at
from reader.core.articles import Article
from reader.core.library import Library
from reader.core.store import AnnotationStore
from reader.ui.app import ReaderApp
from reader.ui.screens.reader_screen import ReaderScreen

SIZE = (120, 40)
HIGHLIGHTS = 10_000


class MinimalApp(App[None]):
    """The baseline: a Textual app with one line of text and a footer."""

    def compose(self) -> ComposeResult:
        yield Static("hello")
        yield Footer()


def _annotated_library(folder: Path, name: str, count: int) -> tuple[Library, Article]:
    """A 5 MB article in a fresh database with `count` highlights spread through it."""
    path = folder / "five-megabytes.txt"
    if not path.exists():
        path.write_text(article_text(5), encoding="utf-8")
    store = AnnotationStore.open(folder / f"{name}.json")
    library = Library(store)
    article = library.open(path)
    text, colors = article.text, list(Color)
    step = max(1, len(text) // max(1, count))
    with store.writing() as tx:
        for number in range(count):
            start = min(number * step, len(text) - 80)
            end = start + 40 + number % 40
            tx.put(
                Annotation(
                    id=new_annotation_id(),
                    article_id=article.id,
                    target=make_target(text, start, end, article.hash),
                    color=colors[number % 4],
                    created="2026-01-01T00:00:00.000Z",
                    updated="2026-01-01T00:00:00.000Z",
                    resolution=resolution_at(
                        text, article.hash, Anchor(AnchorStatus.EXACT, start, end, 1.0)
                    ),
                )
            )
    return library, article


async def _settled(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _cpu_per_key(app: App[None], keys: list[str]) -> tuple[float, float]:
    """Median CPU seconds and wall seconds per key press, handled and rendered (through Pilot).

    Pilot waits a fixed while after each key for the app to go idle; the CPU time is the work
    the key actually cost (nothing else runs in this process meanwhile).
    """
    cpu, wall = [], []
    async with app.run_test(size=SIZE) as pilot:
        await _settled(pilot)
        for key in keys:
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            await pilot.press(key)
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started_wall)
        screen = pilot.app.screen
        if isinstance(screen, ReaderScreen):
            screen.saver.flush(30)
    return statistics.median(cpu), statistics.median(wall)


async def _rows_rendered_by_highlighting(app: ReaderApp) -> tuple[int, int]:
    """How many rows were rendered again after `h`, and how many rows the view shows."""
    async with app.run_test(size=SIZE) as pilot:
        await _settled(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.view
        await pilot.press("}", "}", "}")
        await pilot.pause()
        rendered = 0
        original = view.painter.row

        def counting(*args: Any) -> Any:
            nonlocal rendered
            rendered += 1
            return original(*args)

        view.painter.row = counting  # type: ignore[method-assign]
        await pilot.press("h")
        await pilot.pause()
        screen.saver.flush(30)
        return rendered, view.size.height


async def bench_ui(folder: Path, repeats: int) -> list[Figure]:
    """The reading screen's speed targets (the reading-screen issue)."""
    library, article = _annotated_library(folder, "ui", HIGHLIGHTS)
    bare_library, bare_article = _annotated_library(folder, "bare", 0)
    assert article.path is not None and library.store.path is not None
    figures: list[Figure] = []

    small_article = write_small_article(folder)
    crowded = folder / "crowded.json"
    make_store(crowded, 10_000)
    figures += bench_screen(
        folder,
        (library.store.path, article.path),
        (folder / "small.json", small_article),
        crowded,
        repeats,
    )

    rendered, height = await _rows_rendered_by_highlighting(ReaderApp([article], library))
    figures.append(
        Figure(
            "rows rendered again after h",
            f"≤ {height} (visible)",
            str(rendered),
            rendered <= height,
        )
    )

    pages = ["pagedown"] * 30
    with_highlights, _ = await _cpu_per_key(ReaderApp([article], library), pages)
    without, _ = await _cpu_per_key(ReaderApp([bare_article], bare_library), pages)
    figures.append(
        Figure(
            "paging with 10,000 highlights vs none (CPU)",
            "< 1.2×",
            f"{with_highlights / without:.2f}×"
            f" ({with_highlights * 1000:.1f} / {without * 1000:.1f} ms)",
            with_highlights <= 1.2 * without,
        )
    )
    figures += bench_library(folder, repeats)
    return figures
