"""The library: listing, sorting, filtering, opening, and articles whose file is gone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.core.anchoring import AnchorStatus, make_target
from reader.core.annotations import Annotation
from reader.core.articles import Article
from reader.core.library import (
    Library,
    LibraryEntry,
    expand_paths,
    list_library,
    register_files,
)
from reader.core.store import AnnotationStore
from reader.paths import sample_articles_dir
from reader.settings import Settings
from reader.ui.app import ReaderApp
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.screens.missing_screen import MissingArticleScreen
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.widgets.library_table import LibraryTable
from tests.ui.conftest import SIZE, settle


def _library_app(
    library: Library, files: list[Path], include_known: bool = True, theme: str = ""
) -> ReaderApp:
    entries, problems, pending, _ = list_library(library, files, include_known)
    register_files(library, pending)
    return ReaderApp(
        [],
        library,
        Settings(theme=theme),
        entries=entries,
        files=files,
        include_known=include_known,
        problems=problems,
    )


def _titles(screen: LibraryScreen) -> list[str]:
    return [entry.title for entry in screen.visible_entries()]


async def _open_the_book(pilot: Pilot[None]) -> LibraryEntry:
    """Open the one entry of the library (an imported book): its entry."""
    await settle(pilot)
    screen = _screen(pilot)
    [book] = screen.visible_entries()
    screen.open_entry(book)
    await settle(pilot)
    return book


def _screen(pilot: Pilot[None]) -> LibraryScreen:
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


async def test_library_lists_sorts_filters_and_opens(
    samples: list[Article], library: Library, store: AnnotationStore
) -> None:
    """Every article is listed; s sorts, S reverses, / filters; enter opens; o comes back."""
    tide = next(article for article in samples if article.format == "markdown")
    for start in (0, 40, 80):
        store.add(
            Annotation(f"id-{start}", tide.id, make_target(tide.text, start, start + 20, tide.hash))
        )
    files = expand_paths([sample_articles_dir()])
    async with _library_app(library, files).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        assert screen.table.row_count == 4
        assert _titles(screen)[0].startswith("Denver officials")  # by title
        await pilot.press("s")  # by source file
        assert _titles(screen)[0].startswith("Denver officials")
        await pilot.press("s")  # by highlights, most first
        assert _titles(screen)[0] == tide.title
        await pilot.press("S")
        assert _titles(screen)[-1] == tide.title
        await pilot.press("slash", *"night train")
        assert _titles(screen) == ["The Quiet Return of the Night Train"]
        await pilot.press("enter", "enter")  # leave the filter box, open the article
        assert isinstance(pilot.app.screen, ReaderScreen)
        assert pilot.app.screen.article.title == "The Quiet Return of the Night Train"
        await pilot.press("o")
        assert isinstance(pilot.app.screen, LibraryScreen)


async def test_letters_are_commands_unless_typing_in_the_filter(library: Library) -> None:
    """In the table, s sorts; in the filter box, s is a letter of the filter."""
    files = expand_paths([sample_articles_dir()])
    async with _library_app(library, files).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        await pilot.press("slash", "s")
        assert screen.sort_index == 0 and screen.query_one("#library-filter").value == "s"  # type: ignore[attr-defined]
        await pilot.press("escape", "s")
        assert screen.sort_index == 1


async def test_j_k_g_and_G_move_in_the_library_as_in_the_reader(library: Library) -> None:
    """j and k move a row, g and G to the first and last article (they did nothing); in the
    filter box they are letters."""
    files = expand_paths([sample_articles_dir()])
    async with _library_app(library, files).run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = _screen(pilot).table
        await pilot.press("j", "j")
        assert table.cursor_row == 2
        await pilot.press("k")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("slash", "j")
        assert table.cursor_row == 0
        assert _screen(pilot).query_one("#library-filter").value == "j"  # type: ignore[attr-defined]


async def test_the_sorted_column_says_so_and_an_empty_filter_says_nothing_matches(
    library: Library,
) -> None:
    """The sorted column carries ▲ or ▼ (S turns it), "Hl" is "Highlights", and a filter
    that matches nothing says so (it showed an empty table without a word)."""
    files = expand_paths([sample_articles_dir()])
    async with _library_app(library, files).run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        labels = [column.label for column in screen.table.columns]
        assert labels[0] == "Title ▲" and "Highlights" in labels
        await pilot.press("S")
        assert screen.table.columns[0].label == "Title ▼"
        await pilot.press("slash", *"zzqx")
        title = str(screen.query_one("#library-title").render())
        assert "nothing matches “zzqx”" in title


async def test_missing_file_is_listed_and_its_annotations_readable(
    library: Library, store: AnnotationStore, tmp_path: Path
) -> None:
    """An annotated article whose file is gone is marked missing; opening it shows its quotes."""
    copy = tmp_path / "gone.txt"
    copy.write_text(
        (sample_articles_dir() / "denver-ice-ap.txt").read_text() + "\n\nA local copy.\n"
    )
    article = library.open(copy)
    start = article.text.index("Henry Lucero")
    store.add(
        Annotation(
            "gone-1",
            article.id,
            make_target(article.text, start, start + 12, article.hash),
            note="still here",
        )
    )
    library.anchored(article)
    copy.unlink()
    files = expand_paths([sample_articles_dir()])
    async with _library_app(library, files).run_test(size=SIZE) as pilot:
        await settle(pilot)
        offer = pilot.app.screen  # the bundled article has its title: relinking is offered
        assert "has the same title" in str(offer.query_one("#confirm-question").render())
        await pilot.press("n")
        await settle(pilot)
        screen = _screen(pilot)
        [missing] = [entry for entry in screen.visible_entries() if entry.missing]
        assert missing.title == article.title and missing.highlights == 1
        screen.open_entry(missing)
        await settle(pilot)
        assert isinstance(pilot.app.screen, MissingArticleScreen)
        entries = pilot.app.screen.query_one("#annotation-list")
        shown = "\n".join(entries.render_line(y).text for y in range(entries.size.height))
        assert "Henry Lucero" in shown and "still here" in shown
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, LibraryScreen)


async def test_progress_and_counts_refresh_after_reading(
    library: Library, store: AnnotationStore
) -> None:
    """Back from an article, its highlight count and reading progress are up to date."""
    files = expand_paths([sample_articles_dir()])
    async with _library_app(library, files).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first article (by title)
        await settle(pilot)
        await pilot.press("G", "h")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        first = _screen(pilot).visible_entries()[0]
        assert first.highlights == 1 and first.progress == 100 and first.last_opened


def test_snapshot_library(snap_compare: Any, samples: list[Article], library: Library) -> None:
    """The library of the four samples: title, source, highlights, progress, last opened."""
    files = expand_paths([sample_articles_dir()])
    assert snap_compare(_library_app(library, files), terminal_size=SIZE, run_before=settle)


def test_snapshot_library_light(
    snap_compare: Any, samples: list[Article], library: Library
) -> None:
    """The same library in a light theme."""
    files = expand_paths([sample_articles_dir()])
    assert snap_compare(
        _library_app(library, files, theme="textual-light"), terminal_size=SIZE, run_before=settle
    )


async def test_a_large_new_folder_shows_at_once_and_is_read_in_the_background(
    tmp_path: Path,
) -> None:
    """The library shows before 300 new articles are read; they arrive while it is on screen,
    with progress in the title, and are registered by the saver."""
    from reader.core.store import AnnotationStore

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(300):
        (folder / f"a{number:03d}.md").write_text(f"# Article {number}\n\nBody {number}.\n")
    library = Library(AnnotationStore.open(tmp_path / "db.json"))
    files = expand_paths([folder])
    listing = list_library(library, files, False, read_limit=20)
    assert len(listing.entries) == 20 and len(listing.unread) == 280
    register_files(library, listing.pending)
    app = ReaderApp(
        [], library, Settings(), entries=listing.entries, files=files, unread=listing.unread
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen)
        assert len(screen.entries) == 300 and screen.reading_progress == ""
        assert pilot.app.saver.flush(10)  # type: ignore[attr-defined]
    assert len(library.store.articles()) == 300


async def test_articles_read_in_the_background_are_shown_a_few_times_a_second_not_per_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each batch read re-sorted and re-laid the whole list on the UI thread (keys lagged by
    130 ms in a 10,000-article library); batches now arrive faster than the list is laid out,
    the title says how far the reading is, in full, and the list ends with every article."""
    from reader.core.store import AnnotationStore
    from reader.ui.screens import library_screen

    monkeypatch.setattr(library_screen, "READING_BATCH", 10)
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(200):
        (folder / f"a{number:03d}.md").write_text(f"# Article {number}\n\nBody {number}.\n")
    library = Library(AnnotationStore.open(tmp_path / "db.json"))
    files = expand_paths([folder])
    listing = list_library(library, files, False, read_limit=20)
    fills: list[str] = []
    original = LibraryScreen._fill

    def counting(self: LibraryScreen) -> None:
        fills.append(self.reading_progress)
        original(self)

    monkeypatch.setattr(LibraryScreen, "_fill", counting)
    app = ReaderApp(
        [], library, Settings(), entries=listing.entries, files=files, unread=listing.unread
    )
    titles: list[str] = []
    async with app.run_test(size=(120, 30)) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen)
        while screen.reading_progress or len(screen.entries) < 200:
            title = str(screen.query_one("#library-title").render())
            titles.append(title)
            await pilot.pause(0.01)
        await settle(pilot)
        assert len(screen.entries) == 200 and screen.reading_progress == ""
        final = str(screen.query_one("#library-title").render())
        welcome = str(screen.query_one("#library-welcome").render())
        assert "opens an article" in welcome and "adds your own" not in welcome  # they are
    assert len(fills) < 18  # (18 batches: each laid the list out before)
    assert final.startswith("reader · 200 articles · 0 highlights · by title")
    reading = [title for title in titles if "reading" in title]
    assert all(re.search(r"reading \d+ of 180 new…", title) for title in reading)


def _entries(count: int) -> list[LibraryEntry]:
    return [
        LibraryEntry(
            article_id=f"id-{number:05d}",
            title=f"Article number {number}",
            path=Path(f"/articles/article-{number:05d}.txt"),
            highlights=number % 7,
            progress=number % 100,
        )
        for number in range(count)
    ]


async def test_ten_thousand_articles_sort_filter_and_open_by_keys_and_mouse(
    library: Library,
) -> None:
    """A library of 10,000 lists them all, sorts and filters them, and the mouse works: a click
    on a header sorts by it, a click on the chosen row opens its article."""
    app = ReaderApp([], library, Settings(), entries=_entries(10_000), files=[])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        table = screen.table
        assert table.row_count == 10_000
        assert table.cursor_key == "id-00000"
        await pilot.press("G")
        assert table.cursor_row == 9_999
        shown = "\n".join(table.render_line(y).text for y in range(table.size.height))
        assert "Article number 9999" in shown  # scrolled to the cursor
        await pilot.press("s", "s")  # by highlights, most first
        assert table.row_at(0).highlights == 6  # type: ignore[union-attr]
        await pilot.press("slash", *"number 123")
        await pilot.pause()
        titles = {table.row_at(n).title for n in range(table.row_count)}  # type: ignore[union-attr]
        assert "Article number 1234" in titles and "Article number 124" not in titles
        await pilot.press("enter")  # back to the table
        await pilot.click(LibraryTable, offset=(2, 0))  # the Title header
        await pilot.pause()
        assert screen.sort_index == 0 and table.columns[0].label.startswith("Title")
        opened: list[str] = []
        screen.open_entry = lambda entry: opened.append(entry.article_id)  # type: ignore[method-assign]
        await pilot.click(LibraryTable, offset=(2, 2))  # the second row: chosen
        await pilot.click(LibraryTable, offset=(2, 2))  # clicked again: opened
        await pilot.pause()
        assert opened == [table.row_at(1).article_id]  # type: ignore[union-attr]


BOOK_CLIPPINGS = (
    "The Salt Road (Ines Faro)\n- Your Highlight at location 40-41 | Added on Monday, 1 June 2020 10:00:00\n\n"
    "Caravans left before dawn, and the salt went with them.\n==========\n"
    "The Salt Road (Ines Faro)\n- Your Note at location 900 | Added on Monday, 1 June 2020 10:02:00\n\n"
    "on the book as a whole\n==========\n"
)


async def test_a_book_from_kindle_reads_as_a_book_and_is_adopted_by_its_file(
    library: Library, store: AnnotationStore, tmp_path: Path
) -> None:
    """A Kindle book with no file is listed with its author and read in its screen, its notes on
    the book; once a file named as it and holding its quotes is in the library, the library
    offers to adopt it, and yes anchors its highlights in the file's text."""
    from reader.core.imports.kindle import parse_clippings
    from reader.core.library.from_apps import import_foreign

    import_foreign(store, parse_clippings(BOOK_CLIPPINGS).items)
    async with _library_app(library, []).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        [book] = screen.visible_entries()
        assert (book.kind, book.author, book.highlights) == ("book", "Ines Faro", 2)
        screen.open_entry(book)
        await settle(pilot)
        assert isinstance(pilot.app.screen, MissingArticleScreen)
        note = str(pilot.app.screen.query_one("#missing-note").render())
        assert "A book by Ines Faro, imported from Kindle" in note
        entries = pilot.app.screen.query_one("#annotation-list")
        shown = "\n".join(entries.render_line(y).text for y in range(entries.size.height))
        assert "Caravans left before dawn" in shown and "Location 40–41" in shown
        assert "Notes on the book" in shown and "(a note on the whole book)" in shown
    book_file = tmp_path / "salt-road.md"
    book_file.write_text(
        "---\ntitle: The Salt Road\nauthor: Ines Faro\n---\n\n"
        "Caravans left before dawn, and the salt went with them.\n"
    )
    async with _library_app(library, [book_file]).run_test(size=SIZE) as pilot:
        await settle(pilot)
        question = str(pilot.app.screen.query_one("#confirm-question").render())
        assert "a book imported from another app" in question
        assert "the same title and author and holds 1 of its 1 quotes" in question
        await pilot.press("y")
        await settle(pilot)
        await pilot.app.workers.wait_for_complete()
    [record] = [r for r in store.articles() if r.id == book.article_id]
    assert record.kind == "" and [p.path for p in record.paths] == [str(book_file.absolute())]
    placed = library.anchored(library.open(book_file))
    quotes = {
        a.quote for a in placed.annotations if a.has_passage and a.status is AnchorStatus.EXACT
    }
    assert quotes == {"Caravans left before dawn, and the salt went with them."}


async def test_an_article_opened_that_is_an_imported_book_offers_to_adopt_it(
    library: Library, store: AnnotationStore, tmp_path: Path
) -> None:
    """Opening a file that is a book imported before (same title and author, its quotes in
    it) offers to adopt the book; yes moves its highlights into the article, on its words."""
    from reader.core.imports.kindle import parse_clippings
    from reader.core.library.from_apps import import_foreign

    import_foreign(store, parse_clippings(BOOK_CLIPPINGS).items)
    book_file = tmp_path / "salt-road.md"
    book_file.write_text(
        "---\ntitle: The Salt Road\nauthor: Ines Faro\n---\n\nFirst the wells.\n\n"
        "Caravans left before dawn, and the salt went with them.\n"
    )
    article = library.open(book_file)
    async with ReaderApp([article], library, Settings()).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(1.3)
        await settle(pilot)
        question = str(pilot.app.screen.query_one("#confirm-question").render())
        assert "“The Salt Road”, a book imported from another app" in question
        await pilot.press("y")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen) and screen.loaded
        start = article.text.index("Caravans")
        anchors = [a.anchor_for(article.hash) for a in screen.session.annotations if a.has_passage]
        assert [(anchor.start, anchor.status.value) for anchor in anchors if anchor] == [
            (start, "exact")
        ]
        assert len(screen.session.annotations) == 2  # the highlight, and the note on the book
    assert {a.article_id for a in store.annotations()} == {article.id}


async def test_one_highlight_of_a_book_is_edited_recoloured_and_deleted_in_its_screen(
    library: Library, store: AnnotationStore
) -> None:
    """A book with no file is still the reader's: a note, tags and a colour on one highlight,
    and deleting one (undone by u), each saved."""
    from reader.core.annotations import Color
    from reader.core.imports.kindle import parse_clippings
    from reader.core.library.from_apps import import_foreign

    import_foreign(store, parse_clippings(BOOK_CLIPPINGS).items)
    async with _library_app(library, []).run_test(size=SIZE) as pilot:
        book = await _open_the_book(pilot)
        assert isinstance(pilot.app.screen, MissingArticleScreen)
        await pilot.press("home", "a")
        await settle(pilot)
        await pilot.press("ctrl+a", *"mine", "ctrl+s")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("t", *"salt", "enter")
        await settle(pilot)
        await pilot.app.workers.wait_for_complete()
        saver = pilot.app.saver  # type: ignore[attr-defined]
        assert saver.flush(10)
        highlight = next(a for a in store.annotations(book.article_id) if a.has_passage)
        assert (highlight.note, highlight.color, highlight.tags) == ("mine", Color.BLUE, ("salt",))
        await pilot.press("x")
        await settle(pilot)
        assert saver.flush(10)
        assert [a.has_passage for a in store.annotations(book.article_id)] == [False]
        await pilot.press("u")
        await settle(pilot)
        assert saver.flush(10)
        assert len(store.annotations(book.article_id)) == 2


def test_a_saved_web_page_is_listed_by_its_site_not_its_file_name(tmp_path: Path) -> None:
    from reader.ui.screens.library_screen import _source

    page = tmp_path / "library" / "web-0123456789abcdef" / "page.html"
    saved = LibraryEntry("a", "A long read", page, source="https://www.example.org/2026/a")
    assert _source(saved) == "example.org"
    plain = LibraryEntry("b", "Notes", tmp_path / "notes.md", source="https://example.org/n")
    assert _source(plain) == "notes.md"


async def test_an_import_made_elsewhere_shows_in_the_library_and_the_book(
    library: Library, store: AnnotationStore
) -> None:
    """`reader import` run while the app is open: the library lists the new book within a
    second or two, and an open book shows the note the device added (an edit made there
    afterwards keeps it)."""
    from reader.core.imports.kindle import parse_clippings
    from reader.core.library.from_apps import import_foreign

    import_foreign(store, parse_clippings(BOOK_CLIPPINGS).items)
    async with _library_app(library, []).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        other = BOOK_CLIPPINGS.replace("The Salt Road (Ines Faro)", "Night Ferry (Ola Berg)")
        import_foreign(store, parse_clippings(other).items)
        await pilot.pause(1.5)
        await settle(pilot)
        assert sorted(entry.title for entry in screen.visible_entries()) == [
            "Night Ferry",
            "The Salt Road",
        ]
        book = next(entry for entry in screen.visible_entries() if entry.title == "The Salt Road")
        screen.open_entry(book)
        await settle(pilot)
        grown = BOOK_CLIPPINGS + (
            "The Salt Road (Ines Faro)\n- Your Note at location 41 | Added on Monday, 1 June"
            " 2020 10:03:00\n\nthe device's second thought\n==========\n"
        )
        import_foreign(store, parse_clippings(grown).items)
        await pilot.pause(1.5)
        await settle(pilot)
        missing = pilot.app.screen
        assert isinstance(missing, MissingArticleScreen)
        highlight = next(a for a in missing.session.annotations if a.has_passage)
        assert highlight.note == "the device's second thought"


async def test_a_book_is_linked_to_a_file_without_its_quotes_only_after_a_yes(
    library: Library, store: AnnotationStore, tmp_path: Path
) -> None:
    from textual.widgets import Input

    from reader.core.imports.kindle import parse_clippings
    from reader.core.library.from_apps import import_foreign
    from reader.ui.screens.dialogs import ConfirmDialog

    import_foreign(store, parse_clippings(BOOK_CLIPPINGS).items)
    unrelated = tmp_path / "essay.md"
    unrelated.write_text("---\ntitle: Some other essay\n---\n\nNothing about caravans.\n")
    async with _library_app(library, []).run_test(size=SIZE) as pilot:
        book = await _open_the_book(pilot)
        await pilot.press("l")
        await settle(pilot)
        pilot.app.screen.query_one(Input).value = str(unrelated)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(pilot.app.screen, ConfirmDialog)
        question = str(pilot.app.screen.query_one("#confirm-question").render())
        assert "holds only 0 of the 1 quotes of “The Salt Road”" in question
        await pilot.press("enter")  # the safe answer: keep it
        await settle(pilot)
        assert isinstance(pilot.app.screen, MissingArticleScreen)
    [record] = [r for r in store.articles() if r.id == book.article_id]
    assert (record.kind, record.title, record.paths) == ("book", "The Salt Road", ())
