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


def test_imported_book(snap_compare: Any, article: Article, library: Library) -> None:
    """A book imported from Kindle with no file: its author and where it came from, its
    highlights in the book's order with their locations, and a note on the whole book."""
    from reader.core.imports.kindle import parse_clippings
    from reader.core.library import list_library
    from reader.core.library.from_apps import import_foreign

    clippings = "".join(
        f"The Salt Road (Ines Faro)\n- Your {kind} at location {where} | Added on Monday, 1 June"
        f" 2020 10:0{minute}:00\n\n{text}\n==========\n"
        for kind, where, minute, text in (
            (
                "Highlight",
                "120-122",
                1,
                "The wells were marked by stones only the guides could read.",
            ),
            ("Highlight", "40-41", 2, "Caravans left before dawn, and the salt went with them."),
            ("Note", "41", 3, "Compare with the river trade."),
            ("Note", "900", 4, "A book about patience, mostly."),
        )
    )
    import_foreign(library.store, parse_clippings(clippings).items)
    [entry] = [e for e in list_library(library, [], True).entries if e.kind]

    async def show(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.push_screen(MissingArticleScreen(entry, library))
        await settle(pilot)

    assert snap_compare(ReaderApp([article], library), terminal_size=SIZE, run_before=show)
