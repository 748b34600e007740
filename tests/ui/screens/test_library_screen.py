"""The interim article list: choosing an article to read."""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList

from reader.core.article import Article
from reader.core.library import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.screens.reader_screen import ReaderScreen
from tests.ui.conftest import SIZE


async def test_library_lists_articles_and_opens_one(
    samples: list[Article], library: Library
) -> None:
    """Several articles start on the list; enter opens one in the reading screen, q quits."""
    app = ReaderApp(samples, library)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one(OptionList).option_count == 4
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article == samples[1]
        await pilot.press("o")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("q")
    assert app.return_code == 0


def test_snapshot_library(snap_compare: Any, samples: list[Article], library: Library) -> None:
    """The list of the four sample articles, the first one selected."""
    assert snap_compare(ReaderApp(samples, library), terminal_size=SIZE)
