"""Snapshots of the screens and dialogs that had none: missing article, filter, tags, confirm."""

from __future__ import annotations

from typing import Any

from reader.core.annotations import Color
from reader.core.articles import Article
from reader.core.library import Library, LibraryEntry
from reader.ui.app import ReaderApp
from reader.ui.screens.missing_screen import MissingArticleScreen
from tests.ui.conftest import SIZE, Annotate, settle


def _at(article: Article, quote: str, keys: list[str]) -> Any:
    """A run_before that puts the cursor on `quote` and presses `keys`."""

    async def run(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.screen.view.move_cursor(article.text.index(quote))
        await pilot.press(*keys)
        await pilot.pause()

    return run


def test_tags_dialog(
    snap_compare: Any, annotate: Annotate, article: Article, library: Library
) -> None:
    """t on a tagged highlight: the quote, the tags already there and a comma to type after,
    with the completion of a library tag ("Denver") shown greyed after "De"."""
    annotate("WASHINGTON", tags=("ICE",))
    annotate("Henry Lucero", tags=("Denver",))
    keys = ["t", "D", "e"]
    assert snap_compare(
        ReaderApp([article], library),
        terminal_size=SIZE,
        run_before=_at(article, "WASHINGTON", keys),
    )


def test_filter_dialog(
    snap_compare: Any, annotate: Annotate, article: Article, library: Library
) -> None:
    """f: a tags field and the four colour checkboxes, with Apply and Show all."""
    annotate("WASHINGTON", Color.GREEN, tags=("ICE",))
    assert snap_compare(
        ReaderApp([article], library),
        terminal_size=SIZE,
        run_before=_at(article, "WASHINGTON", ["f"]),
    )


def test_confirm_dialog(
    snap_compare: Any, annotate: Annotate, article: Article, library: Library
) -> None:
    """Escape in a changed note asks whether to discard it: Discard (y) and Keep editing (n)."""
    annotate("WASHINGTON")
    keys = ["a", *"a changed note", "escape"]
    assert snap_compare(
        ReaderApp([article], library),
        terminal_size=SIZE,
        run_before=_at(article, "WASHINGTON", keys),
    )


def test_missing_article(
    snap_compare: Any, annotate: Annotate, article: Article, library: Library
) -> None:
    """An article whose file is gone: its title, where it was last seen, and its highlights with
    the quotes they last had, readable in the pane."""
    annotate("WASHINGTON", note="Kept though the file is gone.")
    entry = LibraryEntry(article.id, article.title, None, missing=True, last_path="/old/ap.txt")

    async def show(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.push_screen(MissingArticleScreen(entry, library))
        await settle(pilot)

    assert snap_compare(ReaderApp([article], library), terminal_size=SIZE, run_before=show)
