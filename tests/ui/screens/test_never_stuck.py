"""Never stuck: a footer that fits, keys shown as bound, one meaning per key, a palette of
commands that apply, a library that follows the terminal, and a gone article that can be
relinked or cleared."""

from __future__ import annotations

import os
import time
from pathlib import Path

from textual.pilot import Pilot

from reader.core.anchoring import AnchorStatus, make_target
from reader.core.annotations import Annotation
from reader.core.articles import Article
from reader.core.library import Library, expand_paths
from reader.core.store import AnnotationStore
from reader.paths import sample_articles_dir
from reader.settings import Settings
from reader.ui.app import ReaderApp
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.screens.missing_screen import MissingArticleScreen
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.widgets.key_footer import KeyFooter
from tests.ui.conftest import SIZE, Annotate, settle
from tests.ui.screens.test_library_screen import _library_app


def _footer(pilot: Pilot[None]) -> str:
    footer = pilot.app.screen.query_one(KeyFooter)
    return footer.render_line(0).text


async def test_the_footer_fits_and_keeps_help_library_and_quit(
    article: Article, library: Library
) -> None:
    """At 80 columns and up, with the article or the pane focused, the footer ends in
    "? Help  q Quit", keeps "o Library", and cuts nothing in the middle of a word."""
    for width in (80, 120):
        async with ReaderApp([article], library).run_test(size=(width, 30)) as pilot:
            await settle(pilot)
            for focus in ("article", "pane"):
                line = _footer(pilot).rstrip()
                assert line.endswith("? Help  q Quit") and "o Library" in line, line
                assert len(line) <= width
                if focus == "pane" and width > 90:  # (narrower, the pane starts hidden)
                    assert line.lstrip().startswith("⏎ Go to")  # the focused widget's key first
                await pilot.press("tab")
                await pilot.pause()


async def test_remapped_keys_are_shown_where_they_were_and_in_hints(
    article: Article, library: Library
) -> None:
    """`highlight = "H"` keeps its place in the footer, and the empty pane says "press H"."""
    app = ReaderApp([article], library, Settings(keys={"highlight": "H"}))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert _footer(pilot).lstrip().startswith("H Highlight")
        empty = pilot.app.screen.query_one("#annotation-empty")
        assert "press H to highlight" in str(empty.render())


async def test_escape_goes_back_from_the_reader_after_what_it_cancels(
    library: Library, samples: list[Article]
) -> None:
    """escape cancels a selection, then clears the search marks, then goes back to the
    articles, as on every other screen; ctrl+c never asks to quit, it copies."""
    files = expand_paths([sample_articles_dir()])
    async with _library_app(library, files).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        assert pilot.app.is_running and isinstance(pilot.app.screen, LibraryScreen)
        assert any("Copied" in note.message for note in pilot.app._notifications)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("v", "w", "w")
        assert screen.view.selection is not None
        await pilot.press("escape")
        assert screen.view.selection is None and pilot.app.screen is screen
        await pilot.press("slash", *"the", "enter")
        assert screen.view.found.all
        await pilot.press("escape")
        assert not screen.view.found.all and pilot.app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LibraryScreen)


async def test_o_opens_the_library_even_from_a_lone_file(
    article: Article, library: Library
) -> None:
    """`reader FILE` then `o`: the list of articles, not nothing."""
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LibraryScreen)
        assert article.title in [entry.title for entry in pilot.app.screen.visible_entries()]


async def test_the_palette_offers_what_applies_now(
    article: Article, library: Library, annotate: Annotate
) -> None:
    """With nothing under the cursor, no Delete, Note or Undo; on a highlight they are there;
    help is a command; motions, screenshots and maximising are not."""
    annotate("Henry Lucero")
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)

        async def offered() -> str:
            await pilot.press("ctrl+p")
            await pilot.pause(0.5)
            options = pilot.app.screen.query_one("CommandList").options  # type: ignore[attr-defined]
            shown = "\n".join(str(option.prompt) for option in options)
            await pilot.press("escape")
            await pilot.pause()
            return shown

        far = await offered()
        assert "Delete the highlight" not in far and "Write a note" not in far
        assert "Undo" not in far and "Help: every key" in far and "Theme" in far
        assert "Screenshot" not in far and "Maximize" not in far and "Top" not in far
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        screen.view.move_cursor(article.text.index("Henry Lucero"))
        await pilot.pause()
        near = await offered()
        assert "Delete the highlight" in near and "Write a note" in near


async def test_a_theme_picked_in_the_app_wins_until_the_file_changes(
    article: Article, library: Library, tmp_path: Path
) -> None:
    """The most recent choice wins: a theme picked after config.toml was written, at the
    next start; config.toml's theme again once that file is edited. Saying where it went."""
    config = tmp_path / "config.toml"
    config.write_text('theme = "nord"\n')
    state = tmp_path / "state.json"
    settings = Settings(theme="nord", path=config, modified=config.stat().st_mtime)
    async with ReaderApp([article], library, settings, state).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert pilot.app.theme == "nord"
        pilot.app.theme = "dracula"
        await pilot.pause()
        assert any(str(state) in note.message for note in pilot.app._notifications)
    async with ReaderApp([article], library, settings, state).run_test(size=SIZE) as pilot:
        assert pilot.app.theme == "dracula"
    later = time.time() + 60
    os.utime(config, (later, later))
    edited = Settings(theme="nord", path=config, modified=config.stat().st_mtime)
    async with ReaderApp([article], library, edited, state).run_test(size=SIZE) as pilot:
        assert pilot.app.theme == "nord"


async def test_the_library_follows_the_terminal_and_says_what_to_do(
    library: Library, samples: list[Article]
) -> None:
    """A resize lays the table out again (titles take the room); a first run says how to
    open, get help and add articles; Source is cut with an ellipsis."""
    files = expand_paths([sample_articles_dir()])
    async with _library_app(library, files).run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen)
        narrow = screen.table.columns[0].width
        welcome = str(screen.query_one("#library-welcome").render())
        assert "⏎ opens an article" in welcome and "? lists every key" in welcome
        assert "reader FOLDER" in welcome
        await pilot.resize_terminal(200, 30)
        await pilot.pause()
        await pilot.pause()
        wide = screen.table.columns[0].width
        assert wide > narrow + 80
        shown = "\n".join(screen.table.render_line(y).text for y in range(6))
        assert "denver-ice-national-review.txt" in shown  # room for it now
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        await pilot.pause()
        shown = "\n".join(screen.table.render_line(y).text for y in range(6))
        assert "denver-ice-nation…" in shown


async def _open_the_missing_article(pilot: Pilot[None]) -> None:
    """From the library, open the one article whose file is gone (saying no to relinking it
    to the bundled article of the same title, which the library offers)."""
    from reader.ui.screens.dialogs import ConfirmDialog

    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmDialog)
    await pilot.press("n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LibraryScreen)
    [missing] = [entry for entry in screen.visible_entries() if entry.missing]
    screen.open_entry(missing)
    await settle(pilot)


async def test_a_gone_article_can_be_relinked_or_its_annotations_deleted(
    library: Library, store: AnnotationStore, tmp_path: Path
) -> None:
    """On the missing-article screen, l asks where the file is now (the annotations follow
    it, re-anchored, and it opens there); X deletes the annotations after a yes."""
    text = (sample_articles_dir() / "denver-ice-ap.txt").read_text() + "\n\nA local copy.\n"
    copy = tmp_path / "gone.txt"
    copy.write_text(text)
    article = library.open(copy)
    start = article.text.index("Henry Lucero")
    store.add(
        Annotation("gone-1", article.id, make_target(article.text, start, start + 12, article.hash))
    )
    moved = tmp_path / "moved" / "edited.txt"
    moved.parent.mkdir()
    moved.write_text("A new first paragraph.\n\n" + text)  # moved and edited while away
    copy.unlink()
    files = expand_paths([sample_articles_dir()])
    async with _library_app(library, files).run_test(size=SIZE) as pilot:
        await _open_the_missing_article(pilot)
        assert isinstance(pilot.app.screen, MissingArticleScreen)
        await pilot.press("l")
        await pilot.pause()
        field = pilot.app.screen.query_one("Input")
        field.value = str(moved)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        reading = pilot.app.screen
        assert isinstance(reading, ReaderScreen) and reading.article.id == article.id
        [found] = reading.session.annotations
        assert found.status is not AnchorStatus.ORPHAN
        assert reading.article.text[found.resolution.anchor.start :].startswith("Henry Lucero")  # type: ignore[union-attr]
    moved.unlink()
    async with _library_app(library, files).run_test(size=SIZE) as pilot:
        await _open_the_missing_article(pilot)
        await pilot.press("X")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert store.for_article(article.id) == []
        assert isinstance(pilot.app.screen, LibraryScreen)


async def test_two_files_of_the_same_text_are_one_row(library: Library, tmp_path: Path) -> None:
    """`reader FOLDER` with two copies of one article lists it once (it crashed the table)."""
    folder = tmp_path / "dup"
    folder.mkdir()
    for name in ("a.md", "b.md"):
        (folder / name).write_text("# Same\n\nThe very same text in two files.\n")
    files = expand_paths([folder])
    async with _library_app(library, files).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen) and pilot.app.is_running
        assert [entry.title for entry in screen.visible_entries()] == ["Same"]


async def test_a_click_on_a_footer_key_presses_it(article: Article, library: Library) -> None:
    """Clicking "? Help" in the footer opens the help, as the key does."""
    from reader.ui.screens.help_screen import HelpScreen

    async with ReaderApp([article], library).run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        line = _footer(pilot)
        await pilot.click(KeyFooter, offset=(line.index("? Help") + 1, 0))
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
