"""The reading screen's header: the article's title and how far through it the reader is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label


class ReaderHeader(Horizontal):
    """Title on the left, `reader · 34%` on the right."""

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._title = title

    def compose(self) -> ComposeResult:
        # Content(...) is plain text: a title is never parsed as markup.
        yield Label(Content(self._title), id="header-title")
        yield Label(Content(""), id="header-search")
        yield Label(Content("reader"), id="header-progress")

    def set_search(self, status: str) -> None:
        """Show where the reader is among search matches ("3/12"), or nothing."""
        self.query_one("#header-search", Label).update(Content(status))

    def set_progress(self, percent: int) -> None:
        """Show how far through the article the reader is."""
        self.query_one("#header-progress", Label).update(Content(f"reader · {percent}%"))
