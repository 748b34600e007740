"""What the article view tells the screen: the cursor moved, a highlight was clicked, the
reader got further."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from reader.ui.widgets.article_view import ArticleView


@dataclass
class ViewMessage(Message):
    """A message from an article view (its `control`, for `@on(..., "#article")`)."""

    view: ArticleView

    @property
    def control(self) -> ArticleView:
        """The view that sent it."""
        return self.view


@dataclass
class CursorMoved(ViewMessage):
    """The cursor moved (by key, mouse or scrolling)."""

    offset: int


@dataclass
class HighlightClicked(ViewMessage):
    """A highlight was clicked (without dragging)."""

    offset: int


@dataclass
class ProgressChanged(ViewMessage):
    """The reader got further through the article than before."""

    percent: int
