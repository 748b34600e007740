"""What the article view tells the screen: the cursor moved, a highlight was clicked, the
reader got further."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.ui.widgets.article_view import ArticleView


@dataclass
class CursorMoved(Message):
    """The cursor moved (by key, mouse or scrolling)."""

    view: ArticleView
    offset: int

    @property
    def control(self) -> ArticleView:
        """The view the cursor moved in."""
        return self.view


@dataclass
class HighlightClicked(Message):
    """A highlight was clicked (without dragging)."""

    view: ArticleView
    offset: int

    @property
    def control(self) -> ArticleView:
        """The view that was clicked."""
        return self.view


@dataclass
class ProgressChanged(Message):
    """The reader got further through the article than before."""

    view: ArticleView
    percent: int

    @property
    def control(self) -> ArticleView:
        """The view that scrolled."""
        return self.view
