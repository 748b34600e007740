"""The mouse in the article: dragging selects, a double click a word, a triple click a
paragraph, a click on a highlight reports it, and a click on the minimap jumps there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

from reader.core.articles.words import word_at
from reader.ui.widgets import minimap

if TYPE_CHECKING:
    from reader.ui.widgets.article_view import ArticleView


class MouseSelection:
    """The state of a drag in one article view, and what each mouse event does."""

    def __init__(self, view: ArticleView) -> None:
        self.view = view
        self.dragging = False
        self._origin = 0
        self._moved = False

    def down(self, event: events.MouseDown) -> None:
        """Start a drag: the cursor goes where the mouse is (on the minimap: jump there)."""
        view = self.view
        if event.button != 1:
            return
        point = event.get_content_offset_capture(view)
        if point.x >= view.rows_width:
            rows = view.layout_model.rows
            if rows:
                row = minimap.row_for(point.y, view.size.height, len(rows))
                view.clear_selection()
                view.move_cursor(view.navigator.on_row(row, downward=True), center=True)
            return
        offset = view.offset_at(point.x, point.y)
        if offset is None:
            return
        view.focus()
        view.capture_mouse()
        self.dragging = True
        self._origin = offset
        self._moved = False
        view.clear_selection()
        view.move_cursor(offset)

    def move(self, event: events.MouseMove) -> None:
        """Extend the drag selection, scrolling when the mouse leaves the view."""
        view = self.view
        if not self.dragging:
            return
        point = event.get_content_offset_capture(view)
        top = round(view.scroll_y)
        if point.y < 0:
            view.scroll_to(y=max(0, top - 1), animate=False, immediate=True)
        elif point.y >= view.size.height:
            view.scroll_to(y=top + 1, animate=False, immediate=True)
        y = max(0, min(point.y, view.size.height - 1))
        offset = view.offset_at(point.x, y)
        if offset is None or offset == view.cursor:
            return
        if view.navigator.anchor is None:
            view.navigator.anchor = self._origin
        self._moved = True
        view.move_cursor(offset)

    def up(self, event: events.MouseUp) -> None:
        """End a drag; a click without a drag on a highlight reports it."""
        view = self.view
        if not self.dragging:
            return
        self.dragging = False
        view.release_mouse()
        if not self._moved and view.spans.containing(view.cursor):
            view.post_message(view.HighlightClicked(view, view.cursor))

    def click(self, event: events.Click) -> None:
        """A double click selects the word under the mouse; a triple click, its paragraph."""
        view = self.view
        if event.chain < 2:
            return
        point = event.get_content_offset(view)
        offset = view.offset_at(point.x, point.y) if point is not None else None
        if offset is None:
            return
        if event.chain == 2:
            span = word_at(view.article.text, offset) or (offset, offset + 1)
        else:
            index = view.article.block_index_at(offset)
            if index is None:
                return
            block = view.article.blocks[index]
            span = (block.start, block.end)
        view.select(*span)
        view.navigator.end_selection()
