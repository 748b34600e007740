"""The search bar of the reading screen: matches are marked in the article as you type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import BindingType
from textual.message import Message
from textual.widgets import Input

from reader.ui.registry import bindings_for
from reader.ui.widgets.article_view import ArticleView


class SearchBar(Input):
    """Type words to find in the article; enter goes to the first match, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("SearchBar")

    @dataclass
    class StatusChanged(Message):
        """Where the reader is among the matches changed ("3/12 matches", or "")."""

        bar: SearchBar
        status: str

        @property
        def control(self) -> SearchBar:
            """The bar whose search changed."""
            return self.bar

    def __init__(self, view: ArticleView, *, id: str | None = None) -> None:
        super().__init__(placeholder="search this article (enter: go, escape: cancel)", id=id)
        self.view = view

    def open(self) -> None:
        """Show the bar and type in it."""
        self.display = True
        self.focus()

    def step(self, step: int) -> bool:
        """Go to the next (1) or previous (-1) match; False when there is no search."""
        if not self.view.step_match(step):
            return False
        self._report()
        return True

    def _close(self) -> None:
        self.display = False
        self.view.focus()

    def _report(self) -> None:
        self.post_message(self.StatusChanged(self, self.view.found.status(self.value)))

    @on(Input.Changed)
    def _typed(self, message: Input.Changed) -> None:
        message.stop()
        self.view.search(message.value)
        self._report()

    @on(Input.Submitted)
    def _submitted(self, message: Input.Submitted) -> None:
        message.stop()
        self._close()
        if self.view.show_first_match():
            self._report()
        elif message.value.strip():
            self.notify(f"Not found: {message.value.strip()}", markup=False)

    def action_cancel(self) -> None:
        """Drop the search and its marks, and go back to the article."""
        self.value = ""
        self.view.set_matches([])
        self._report()
        self._close()
