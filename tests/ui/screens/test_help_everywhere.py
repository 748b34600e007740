"""`?` opens the one help on every screen, listing that screen's keys."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from reader.core.articles import Article
from reader.core.library import Library, LibraryEntry, expand_paths, list_library
from reader.paths import sample_articles_dir
from reader.settings import Settings
from reader.ui.app import ReaderApp
from reader.ui.screens.help_screen import HelpScreen
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.screens.missing_screen import MissingArticleScreen
from reader.ui.screens.search_screen import SearchScreen
from tests.ui.conftest import SIZE, settle


async def _help_shows(pilot: Pilot[None], key: str, expected: str) -> None:
    screen_below = pilot.app.screen
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, HelpScreen), type(screen_below).__name__
    text = str(pilot.app.screen.query_one("#help-text").render())
    assert expected in text
    await pilot.press("escape")
    await pilot.pause()
    assert pilot.app.screen is screen_below


async def test_question_mark_opens_help_on_the_library(library: Library) -> None:
    """In the library, ? lists the library's own keys (sort, filter) and closes with escape."""
    files = expand_paths([sample_articles_dir()])
    entries = list_library(library, files, False).entries
    app = ReaderApp([], library, Settings(), entries=entries, files=files)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, LibraryScreen)
        await _help_shows(pilot, "question_mark", "Sort by the next column")
        await _help_shows(pilot, "f1", "Reverse the order")


async def test_help_on_the_reading_search_and_missing_screens(
    article: Article, library: Library, tmp_path: Path
) -> None:
    """The reading screen, the search screen (F1: ? types in the box) and a missing article."""
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _help_shows(pilot, "question_mark", "Highlight the selection or sentence")
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SearchScreen)
        await _help_shows(pilot, "f1", "Back to where you were")
        await pilot.press("escape")
        entry = LibraryEntry("gone", "A gone article", None, missing=True, last_path="/x/gone.md")
        pilot.app.push_screen(MissingArticleScreen(entry, library))
        await settle(pilot)
        await _help_shows(pilot, "question_mark", "Back to the list of articles")


async def test_a_long_description_wraps_under_itself_and_nothing_is_cut(
    library: Library,
) -> None:
    entry = LibraryEntry("gone", "A gone article", None, missing=True, last_path="/x/gone.md")
    async with ReaderApp([], library, Settings()).run_test(size=SIZE) as pilot:
        pilot.app.push_screen(MissingArticleScreen(entry, library))
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = pilot.app.screen.query_one("#help-text")
        shown = [help_text.render_line(y).text.rstrip() for y in range(help_text.size.height)]
        start = next(i for i, line in enumerate(shown) if "Point the article at its file" in line)
        assert shown[start + 1].strip().endswith("in its text)")
        indent = shown[start].index("Point")
        assert shown[start + 1][:indent].strip() == ""  # under the description, not the keys
        assert all(len(line) <= help_text.size.width for line in shown)
