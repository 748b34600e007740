"""Figures of the reading screen, with a 5 MB article carrying 10,000 highlights.

Everything runs headless through Textual's own test driver, at 120×40, and each ratio is taken
against a baseline measured in the same run.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

from bench.common import Figure, article_text, seconds_figure
from reader.core.anchor import CONTEXT_LENGTH, Anchor, AnchorStatus, make_target
from reader.core.annotation import Annotation, Color, Resolution, new_annotation_id
from reader.core.article import Article
from reader.core.library import Library
from reader.core.store import AnnotationStore
from reader.ui.app import ReaderApp
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.widgets.article_view import ArticleView

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
                    resolution=Resolution(
                        article.hash,
                        Anchor(AnchorStatus.EXACT, start, end, 1.0),
                        text[start:end],
                        text[max(0, start - CONTEXT_LENGTH) : start],
                        text[end : end + CONTEXT_LENGTH],
                    ),
                )
            )
    return library, article


async def _first_frame(make_app: Any) -> float:
    """Seconds from creating the app to its first frame being composed and idle."""
    started = time.perf_counter()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        return time.perf_counter() - started


async def _median_async(make_app: Any, repeats: int) -> float:
    return statistics.median([await _first_frame(make_app) for _ in range(repeats)])


async def _key_timings(app: ReaderApp, keys: list[str]) -> list[float]:
    """Seconds for each key press to be handled and the screen rendered (through Pilot)."""
    timings = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            started = time.perf_counter()
            await pilot.press(key)
            timings.append(time.perf_counter() - started)
        screen = pilot.app.screen
        if isinstance(screen, ReaderScreen):
            screen.writer.flush(30)
    return timings


async def _direct_key_timings(app: ReaderApp, action: str, count: int) -> list[float]:
    """Seconds for the view's own work on a key: the action and rendering every visible row."""
    timings = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = pilot.app.screen.query_one(ArticleView)
        for _ in range(count):
            started = time.perf_counter()
            getattr(view, f"action_{action}")()
            for y in range(view.size.height):
                view.render_line(y)
            timings.append(time.perf_counter() - started)
    return timings


async def _rewrap_timings(app: ReaderApp, repeats: int) -> list[float]:
    timings = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for number in range(repeats):
            started = time.perf_counter()
            await pilot.resize_terminal(100 if number % 2 == 0 else 120, 40)
            await pilot.pause()
            timings.append(time.perf_counter() - started)
    return timings


async def _rows_rendered_by_highlighting(app: ReaderApp) -> tuple[int, int]:
    """How many rows were rendered again after `h`, and how many rows the view shows."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.view
        await pilot.press("}", "}", "}")
        await pilot.pause()
        rendered = 0
        original = view._render_row

        def counting(*args: Any) -> Any:
            nonlocal rendered
            rendered += 1
            return original(*args)

        view._render_row = counting  # type: ignore[method-assign]
        await pilot.press("h")
        await pilot.pause()
        screen.writer.flush(30)
        return rendered, view.size.height


async def bench_ui(folder: Path, repeats: int) -> list[Figure]:
    """The reading screen's speed targets (the reading-screen issue)."""
    library, article = _annotated_library(folder, "ui", HIGHLIGHTS)
    bare_library, bare_article = _annotated_library(folder, "bare", 0)
    figures: list[Figure] = []

    baseline = await _median_async(MinimalApp, repeats)
    first = await _median_async(lambda: ReaderApp([article], library), repeats)
    figures.append(
        Figure(
            "first frame, 5 MB + 10,000 highlights, vs minimal app",
            "< 1.5×",
            f"{first / baseline:.2f}× ({first * 1000:.0f} / {baseline * 1000:.0f} ms)",
            first <= 1.5 * baseline,
        )
    )

    presses = ["j"] * 40 + ["k"] * 20 + ["pagedown"] * 20 + ["pageup"] * 10
    timings = await _key_timings(ReaderApp([article], library), presses)
    figures.append(seconds_figure("key press, through Pilot (j, k, page)", 0.016, statistics.median(timings)))
    direct = await _direct_key_timings(ReaderApp([article], library), "cursor_down", 50)
    figures.append(seconds_figure("key press, view's own work (j + render)", 0.016, statistics.median(direct)))

    rewrap = await _rewrap_timings(ReaderApp([article], library), max(4, repeats))
    figures.append(seconds_figure("re-wrap on resize (120 ↔ 100 columns)", 0.150, statistics.median(rewrap)))

    rendered, height = await _rows_rendered_by_highlighting(ReaderApp([article], library))
    figures.append(Figure("rows rendered again after h", f"≤ {height} (visible)", str(rendered), rendered <= height))

    pages = ["pagedown"] * 30
    with_highlights = statistics.median(await _key_timings(ReaderApp([article], library), pages))
    without = statistics.median(await _key_timings(ReaderApp([bare_article], bare_library), pages))
    figures.append(
        Figure(
            "paging with 10,000 highlights vs none",
            "< 1.2×",
            f"{with_highlights / without:.2f}× ({with_highlights * 1000:.1f} / {without * 1000:.1f} ms)",
            with_highlights <= 1.2 * without,
        )
    )
    return figures
