"""A read-only view of one article's canonical text (the full reading screen replaces it)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, TextArea

from reader.core.article import Article
from reader.core.library import Library


class ArticleScreen(Screen[None]):
    """The article's title and its text, scrollable, shown exactly as written."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Library", tooltip="Back to the list of articles", id="back"),
    ]

    def __init__(self, article: Article, library: Library) -> None:
        super().__init__()
        self.article = article
        self.library = library

    def compose(self) -> ComposeResult:
        highlights = len(self.library.anchored(self.article))
        # Content(...) is plain text: article titles are never parsed as markup.
        yield Label(Content(self.article.title), id="article-title")
        source = self.article.path.name if self.article.path is not None else ""
        yield Label(Content(f"{highlights} highlights · {source}"), id="article-info")
        text = TextArea(
            self.article.text,
            read_only=True,
            soft_wrap=True,
            show_line_numbers=False,
            id="article-text",
        )
        # A read-only view: a steady cursor marks the place without drawing the eye.
        text.cursor_blink = False
        yield text
        yield Footer()

    def action_back(self) -> None:
        """Return to the library, if the article was opened from one."""
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
