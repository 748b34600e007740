"""A list of the articles that were opened, to choose one from."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, OptionList
from textual.widgets.option_list import Option

from reader.core.article import Article
from reader.core.library import Library
from reader.settings import Settings
from reader.ui.screens.reader_screen import ReaderScreen


class LibraryScreen(Screen[None]):
    """Article titles with their source files; enter opens one."""

    def __init__(self, articles: Sequence[Article], library: Library, settings: Settings) -> None:
        super().__init__()
        self.articles = list(articles)
        self.library = library
        self.settings = settings

    def compose(self) -> ComposeResult:
        yield Label(Content(f"reader · {len(self.articles)} articles"), id="library-title")
        yield OptionList(
            *(
                Option(
                    Content(f"{article.title}  ·  {article.path.name if article.path else ''}"),
                    id=str(index),
                )
                for index, article in enumerate(self.articles)
            ),
            id="library-list",
        )
        yield Footer()

    @on(OptionList.OptionSelected, "#library-list")
    def _open_article(self, message: OptionList.OptionSelected) -> None:
        article = self.articles[int(message.option_id or 0)]
        self.app.push_screen(ReaderScreen(article, self.library, self.settings))
