"""The interim app: choosing an article from a list and reading it as plain text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Label, OptionList, TextArea

from reader.core.article import Article
from reader.core.library import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.article_screen import ArticleScreen
from reader.ui.screens.library_screen import LibraryScreen

SIZE = (100, 30)


async def test_library_lists_articles_and_opens_one(
    samples: list[Article], library: Library
) -> None:
    """Several articles start on the list; enter opens one, escape returns, q quits."""
    app = ReaderApp(samples, library)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one(OptionList).option_count == 4
        await pilot.press("down", "enter")
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article == samples[1]
        assert app.screen.query_one(TextArea).text == samples[1].text
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("q")
    assert app.return_code == 0


async def test_single_article_opens_directly(samples: list[Article], library: Library) -> None:
    """One article goes straight to its text; escape there does not leave it."""
    app = ReaderApp(samples[:1], library)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.query_one(TextArea).read_only


async def test_markup_in_articles_is_shown_literally(tmp_path: Path, library: Library) -> None:
    """Titles and text that look like markup are shown as written and run nothing."""
    path = tmp_path / "hostile.txt"
    hostile = "[@click=app.quit]quit[/] [bold]x[/bold] [link=file:///etc/passwd]y[/] [/"
    path.write_text(f"{hostile}\n\nBody {hostile}\n")
    article = library.open(path)
    app = ReaderApp([article], library)
    async with app.run_test(size=SIZE) as pilot:
        title = app.screen.query_one("#article-title", Label)
        assert str(title.render()) == hostile
        assert app.screen.query_one(TextArea).text == f"{hostile}\n\nBody {hostile}"
        await pilot.click("#article-title")
        assert app.is_running


def test_snapshot_library(snap_compare: Any, samples: list[Article], library: Library) -> None:
    """The list of the four sample articles, the first one selected."""
    assert snap_compare(ReaderApp(samples, library), terminal_size=SIZE)


def test_snapshot_article(snap_compare: Any, samples: list[Article], library: Library) -> None:
    """The AP article's title, highlight count and wrapped text in a bordered column."""
    assert snap_compare(ReaderApp(samples[:1], library), terminal_size=SIZE)


def test_snapshot_article_light_theme(
    snap_compare: Any, samples: list[Article], library: Library
) -> None:
    """The same article in a light theme: text stays readable."""
    from reader.settings import Settings

    app = ReaderApp(samples[:1], library, Settings(theme="textual-light"))
    assert snap_compare(app, terminal_size=SIZE)
