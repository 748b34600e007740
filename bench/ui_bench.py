"""Figures of the reading screen, with a 5 MB article carrying 10,000 highlights.

Everything runs headless through Textual's own test driver, at 120×40, and each ratio is taken
against a baseline measured in the same run.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static

from bench.common import Figure, article_text, process_environment, seconds_figure
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


async def _first_frame(make_app: Any) -> float:
    """Seconds from creating the app (in this process) to its first frame.

    Headless, the frame is not written anywhere, but Textual still hands every frame to
    `App._display`; the first call with content is the first frame.
    """
    started = time.perf_counter()
    app = make_app()
    shown: list[float] = []
    display = app._display

    def first_display(screen: Any, renderable: Any) -> None:
        if renderable is not None and not shown:
            shown.append(time.perf_counter())
        display(screen, renderable)

    app._display = first_display
    async with app.run_test(size=SIZE) as pilot:
        while not shown:
            await pilot.pause(0.001)
        await pilot.app.workers.wait_for_complete()
    return shown[0] - started


MINIMAL_SCRIPT = """
from textual.app import App
from textual.widgets import Footer, Static
class Minimal(App):
    def compose(self):
        yield Static("first frame shown")
        yield Footer()
Minimal().run()
"""


def _process_first_frame(
    command: list[str], marker: bytes, timeout: float = 30.0, settle: float = 0.0
) -> tuple[float, int]:
    """Seconds from starting `command` in a 120×40 pseudo-terminal until `marker` is drawn,
    and the process's peak memory (kB, Linux only) `settle` seconds after that."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    environment = {**process_environment(), "TERM": "xterm-256color"}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=follower, stdout=follower, stderr=follower, env=environment, close_fds=True
    )
    os.close(follower)
    seen = b""
    try:
        while marker not in seen:
            if time.perf_counter() - started > timeout:
                raise TimeoutError(f"{command[-1]!r} drew no {marker!r} in {timeout} s")
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(leader, 65536)
                except OSError:
                    break
        shown = time.perf_counter() - started
        waited = time.perf_counter() + settle
        while time.perf_counter() < waited:  # keep reading, so the app never blocks on output
            if select.select([leader], [], [], 0.1)[0]:
                try:
                    os.read(leader, 65536)
                except OSError:
                    break
        return shown, _peak_kilobytes(process.pid)
    finally:
        process.kill()
        process.wait()
        os.close(leader)


def _peak_kilobytes(pid: int) -> int:
    """Peak resident memory of a running process (VmHWM), or 0 where /proc is not there."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


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


async def _rewrap_cpu(app: ReaderApp, repeats: int) -> float:
    """Median CPU seconds to re-wrap and redraw after the terminal is resized."""
    timings = []
    async with app.run_test(size=SIZE) as pilot:
        await _settled(pilot)
        for number in range(repeats):
            started = time.process_time()
            await pilot.resize_terminal(100 if number % 2 == 0 else 120, 40)
            await pilot.pause()
            timings.append(time.process_time() - started)
    return statistics.median(timings)


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

    minimal_script = [sys.executable, "-c", MINIMAL_SCRIPT]
    command = [sys.executable, "-m", "reader", "--db", str(library.store.path), str(article.path)]
    _process_first_frame(command, b"A very long article")  # compiles .pyc files once
    minimal_process = statistics.median(
        _process_first_frame(minimal_script, b"first frame shown")[0] for _ in range(repeats)
    )
    reader_process = statistics.median(
        _process_first_frame(command, b"A very long article")[0] for _ in range(repeats)
    )
    # Peak memory once the 10,000 highlights are loaded and the pane is filled.
    _, peak = _process_first_frame(command, b"A very long article", settle=3.0)
    figures.append(
        Figure(
            "first frame of `reader FILE`, 5 MB + 10,000 highlights, vs minimal app",
            "< 1.5×",
            f"{reader_process / minimal_process:.2f}×"
            f" ({reader_process * 1000:.0f} / {minimal_process * 1000:.0f} ms)",
            reader_process <= 1.5 * minimal_process,
        )
    )
    if peak:
        figures.append(
            Figure(
                "peak memory, 5 MB + 10,000 highlights (process)",
                "< 200 MB",
                f"{peak / 1024:.0f} MB",
                peak < 200 * 1024,
            )
        )
    minimal_app = statistics.median([await _first_frame(MinimalApp) for _ in range(repeats)])
    reader_app = statistics.median(
        [await _first_frame(lambda: ReaderApp([article], library)) for _ in range(repeats)]
    )
    figures.append(
        Figure(
            "  the same in-process, after imports and loading",
            "(context)",
            f"{reader_app * 1000:.0f} / {minimal_app * 1000:.0f} ms",
            True,
        )
    )

    presses = ["j"] * 40 + ["k"] * 20 + ["pagedown"] * 20 + ["pageup"] * 10
    cpu, wall = await _cpu_per_key(ReaderApp([article], library), presses)
    minimal_cpu, minimal_wall = await _cpu_per_key(MinimalApp(), ["j"] * 30)
    figures.append(seconds_figure("key press handled and rendered (CPU; j, k, page)", 0.016, cpu))
    figures.append(
        Figure(
            "  wall time through Pilot, reader / minimal app",
            "(context)",
            f"{wall * 1000:.1f} / {minimal_wall * 1000:.1f} ms"
            f" (minimal app CPU {minimal_cpu * 1000:.1f} ms)",
            True,
        )
    )

    rewrap = await _rewrap_cpu(ReaderApp([article], library), max(4, repeats))
    figures.append(seconds_figure("re-wrap on resize, 120 ↔ 100 columns (CPU)", 0.150, rewrap))

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
    figures.append(_bench_library_folder(folder, repeats))
    return figures


def _bench_library_folder(folder: Path, repeats: int) -> Figure:
    """`reader FOLDER` of 1,000 articles opened before: the library shows without reading them."""
    articles = folder / "library-1000"
    articles.mkdir()
    seeds = article_text(1).split("\n\n")
    for number in range(1000):
        body = "\n\n".join(seeds[(number + offset) % len(seeds)] for offset in range(6))
        (articles / f"article-{number:04d}.txt").write_text(f"Article number {number}\n\n{body}\n")
    database = folder / "library.json"
    command = [sys.executable, "-m", "reader", "--db", str(database), str(articles)]
    marker = b"1000 of 1000"
    _process_first_frame(command, marker, timeout=120)  # the first opening reads and registers all
    shown = statistics.median(_process_first_frame(command, marker)[0] for _ in range(repeats))
    return seconds_figure("library of 1,000 articles shows (process, opened before)", 1.0, shown)
