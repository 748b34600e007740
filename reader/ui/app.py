"""The Textual application: wiring of screens to the library; no logic of its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from reader.core.article import Article
from reader.core.library import Library
from reader.paths import styles_dir
from reader.settings import Settings
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.screens.reader_screen import ReaderScreen


class ReaderApp(App[None]):
    """Shows one article, or a list of articles to choose from."""

    TITLE = "reader"
    CSS_PATH = [
        styles_dir() / "app.tcss",
        styles_dir() / "reader_screen.tcss",
        styles_dir() / "article_view.tcss",
        styles_dir() / "annotation_pane.tcss",
        styles_dir() / "library_screen.tcss",
        styles_dir() / "help_screen.tcss",
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Leave reader", id="quit"),
    ]

    def __init__(
        self, articles: Sequence[Article], library: Library, settings: Settings | None = None
    ) -> None:
        super().__init__()
        self.articles = list(articles)
        self.library = library
        self.settings = settings or Settings()
        self.exit_warnings: list[str] = []
        """Lines to print after the app has left the screen (e.g. unsaved changes)."""
        if self.settings.theme:
            self.theme = self.settings.theme

    def get_default_screen(self) -> Screen[None]:
        if len(self.articles) == 1:
            return ReaderScreen(self.articles[0], self.library, self.settings)
        return LibraryScreen(self.articles, self.library, self.settings)
