"""The article pane: a line-API view of the canonical text with a cursor, selection and highlights.

Each screen row keeps its offsets into the canonical text, so every cell maps to an exact
character. The wrapped rows (layout), the cursor and its motions (navigator) and the ranges
drawn (span indexes) are models of their own; this widget draws them and turns keys and the
mouse into motions. Article text is only ever drawn as plain segments, never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.strip import Strip

from reader.core.annotations import Color, Match, Span, SpanIndex, find_all
from reader.core.articles import Article
from reader.ui.reading.layout import MAX_TEXT_WIDTH, ArticleLayout, block_prefix
from reader.ui.reading.matches import Matches
from reader.ui.reading.navigator import Navigator
from reader.ui.registry import bindings_for
from reader.ui.widgets import minimap
from reader.ui.widgets.article_messages import CursorMoved, HighlightClicked, ProgressChanged
from reader.ui.widgets.article_mouse import MouseSelection
from reader.ui.widgets.article_rows import RowPainter
from reader.ui.widgets.line_view import LineView
from reader.ui.widgets.palette import MARKS

GUTTER = 2
"""Cells left of the text for the highlight mark and a space."""
LAZY_LAYOUT_CHARACTERS = 200_000
"""Articles longer than this show their first screen before the rest is wrapped."""


class ArticleView(LineView, can_focus=True):
    """The article's text with a cursor, a selection and coloured highlights."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--text",
        "article-view--heading-1",
        "article-view--heading-2",
        "article-view--heading-3",
        "article-view--quote",
        "article-view--code",
        "article-view--prefix",
        "article-view--sentence",
        "article-view--selection",
        "article-view--cursor",
        "article-view--match",
        "article-view--match-current",
        *(f"article-view--{color.value}" for color in Color),
        *(f"article-view--mark-{color.value}" for color in Color),
    }
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("ArticleView")

    # The messages it sends, also reachable as ArticleView.CursorMoved and so on.
    CursorMoved = CursorMoved
    HighlightClicked = HighlightClicked
    ProgressChanged = ProgressChanged

    def __init__(
        self,
        article: Article,
        spans: SpanIndex[Span] | None = None,
        cursor: int = 0,
        *,
        reached: int = 0,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.article = article
        self.layout_model = ArticleLayout(article)
        self.navigator = Navigator(article, self.layout_model, cursor)
        self.spans: SpanIndex[Span] = spans if spans is not None else SpanIndex()
        """The highlights drawn (the session's index: the screen refreshes what changed)."""
        self.found = Matches()
        """The search matches and the current one."""
        self.painter = RowPainter(self)
        """Turns a row of the layout into styled segments."""
        self._minimap: list[Color | None] | None = None
        """The colour of each screen row's minimap mark (None until worked out)."""
        self.mouse = MouseSelection(self)
        """Dragging, clicking and the minimap's jumps."""
        self._progress = reached
        """The furthest the reader has got, in percent (as stored, then as read here)."""

    # Public state ------------------------------------------------------------------------

    @property
    def cursor(self) -> int:
        """The offset of the character under the cursor."""
        return self.navigator.cursor

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected `[start, end)`, the cursor's character included, or None."""
        return self.navigator.selection

    @property
    def highlights(self) -> Sequence[Span]:
        """The highlights drawn, in text order."""
        return self.spans.spans

    def set_spans(self, spans: SpanIndex[Span]) -> None:
        """Draw another set of highlights (after the annotations were loaded again)."""
        self.spans = spans
        self.strips.clear()
        self._minimap = None
        self.refresh()

    def refresh_ranges(self, ranges: Iterable[tuple[int, int] | None]) -> None:
        """Draw again the rows showing any of `ranges` (a highlight added, moved or removed)."""
        self._invalidate_ranges(ranges)
        self._update_minimap()

    def move_cursor(self, offset: int, *, center: bool = False) -> None:
        """Put the cursor on `offset` (extending the selection if there is one) and show it."""
        self._go(self.navigator.clamp(offset), center=center)

    def select(self, start: int, end: int) -> None:
        """Select `[start, end)` (as a drag would); the cursor goes to its last character."""
        before = (self.cursor, self.selection)
        if not self.navigator.select(start, end):
            self._invalidate_ranges([before[1]])
            return
        self._moved(*before)

    def clear_selection(self) -> None:
        """Drop the selection (the cursor stays)."""
        before = self.selection
        self.navigator.clear()
        self._invalidate_ranges([before, self.article.sentence_at(self.cursor)])

    # Layout ------------------------------------------------------------------------------

    @property
    def rows_width(self) -> int:
        """Cells the rows take (the scrollbar's gutter and the minimap, to their right, not)."""
        return max(1, self.scrollable_content_region.width - minimap.WIDTH)

    def _text_width(self) -> int:
        return max(1, min(MAX_TEXT_WIDTH, self.rows_width - GUTTER))

    def left_padding(self) -> int:
        """Cells left of the gutter that centre the text column."""
        return max(0, (self.rows_width - GUTTER - self._text_width()) // 2)

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap to the new width, keeping the cursor's row where it was on screen."""
        layout = self.layout_model
        width = self._text_width() - 1  # one cell for the space kept at a wrapped row's end
        if not layout.rows and len(self.article.text) > LAZY_LAYOUT_CHARACTERS:
            # First frame of a long article: wrap one screenful from the cursor, the rest next.
            layout.wrap_around(width, self.cursor, 2 * self.size.height)
            self._apply_layout(screen_row=0)
            self.call_after_refresh(self._finish_layout)
        elif width != layout.width or not layout.rows:
            if layout.partial:
                pass  # the whole article is wrapped after this frame, at the width then
            elif layout.rows and len(self.article.text) > LAZY_LAYOUT_CHARACTERS:
                # Resized: the rows around the cursor first, the rest after the frame.
                screen_row = layout.row_of(self.cursor) - round(self.scroll_y)
                height = self.size.height
                layout.wrap_around(width, self.cursor, 2 * height, rows_before=height)
                self._apply_layout(screen_row)
                self.call_after_refresh(self._finish_layout)
            else:
                first = not layout.rows
                self._rewrap(width)
                if first:  # Textual does not scroll a view in its first layout: once it can,
                    self.call_after_refresh(self._show_cursor, True)
        else:
            self.strips.clear()
            self.virtual_size = Size(self.rows_width, len(layout.rows))
        self._scroll_cursor_into_view()
        self._post_progress()

    def _rewrap(self, width: int) -> None:
        layout = self.layout_model
        screen_row = layout.row_of(self.cursor) - round(self.scroll_y) if layout.rows else 0
        layout.wrap(width)
        self._apply_layout(screen_row)

    def _apply_layout(self, screen_row: int) -> None:
        """Show freshly wrapped rows, the cursor's row `screen_row` rows from the top."""
        layout = self.layout_model
        self.strips.clear()
        self._minimap = None
        self.virtual_size = Size(self.rows_width, len(layout.rows))
        target = max(0, layout.row_of(self.cursor) - max(0, screen_row))
        self.scroll_to(y=target, animate=False, immediate=True)
        # A scroll past the rows laid out before is cut short until the new size is laid
        # out (an article reopened near its end showed its start): again once it is.
        self.call_after_refresh(self.scroll_to, y=target, animate=False, immediate=True)
        self.refresh()

    def _show_cursor(self, center: bool = False) -> None:
        """Scroll the cursor into view (centred: where a reader left off)."""
        self._scroll_cursor_into_view(center=center)
        self._post_progress()

    def _finish_layout(self) -> None:
        """Wrap the whole article after the first frame, keeping what the reader sees."""
        if self.layout_model.partial:
            self._rewrap(self._text_width() - 1)
            self._scroll_cursor_into_view()
            self._post_progress()

    def on_mount(self) -> None:
        """Respect NO_COLOR (Textual takes it out of the environment and keeps it on the
        app): highlights then also carry an underline."""
        self.set_class(self.app.no_color, "-no-color")

    # Rendering ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Render screen line `y` (rows are cached until something on them changes)."""
        index = round(self.scroll_y) + y
        width = self.rows_width
        base = self.rich_style
        rows = self.layout_model.rows
        mark = self._minimap_cell(y, base)
        if index >= len(rows):
            return Strip.join([Strip.blank(width, base), mark])
        strip = self.strips.get(index)
        if strip is None:
            strip = self.painter.row(rows[index], base).adjust_cell_length(width, base)
            self.strips.put(index, strip)
        return Strip.join([strip, mark]).apply_offsets(0, index)

    # The minimap -------------------------------------------------------------------------

    def _minimap_cell(self, y: int, base: Style) -> Strip:
        if self._minimap is None or len(self._minimap) != self.size.height:
            self._minimap = minimap.marks(self.layout_model.rows, self.spans, self.size.height)
        color = self._minimap[y] if y < len(self._minimap) else None
        if color is None:
            return Strip([Segment(" " * minimap.WIDTH, base)])
        return Strip([Segment(MARKS[color], self.painter.mark_style(color))])

    def _update_minimap(self) -> None:
        """Work the minimap out again; redraw the screen rows whose mark changed."""
        before = self._minimap
        self._minimap = minimap.marks(self.layout_model.rows, self.spans, self.size.height)
        for y, color in enumerate(self._minimap):
            if before is None or y >= len(before) or before[y] != color:
                self.refresh_lines(round(self.scroll_y) + y, 1)

    # Search matches -----------------------------------------------------------------------

    def set_matches(self, matches: Sequence[tuple[int, int]]) -> None:
        """Mark these ranges as search matches (in text order); none is current yet."""
        self.found.set(matches)
        self.strips.clear()
        self.refresh()

    def search(self, query: str) -> None:
        """Mark every match of `query` (words in order, case and spacing ignored)."""
        self.set_matches(find_all(self.article.text, query))

    @property
    def matches(self) -> Sequence[Match]:
        """The search matches marked, in text order."""
        return self.found.all

    def show_match(self, match: Match | None) -> bool:
        """Make `match` the current one and put the cursor on it (False for None)."""
        if match is None:
            return False
        before, self.found.current = self.found.current, match
        self._invalidate_ranges([before, match])
        self.clear_selection()
        self.move_cursor(match.start)
        return True

    def show_first_match(self) -> bool:
        """Go to the first match at or after the cursor (False when nothing matched)."""
        return self.show_match(self.found.first_from(self.cursor))

    def step_match(self, step: int) -> bool:
        """Go to the next (1) or previous (-1) match, wrapping (False when there are none)."""
        return self.show_match(self.found.step(self.cursor, step))

    # Cursor and scrolling ----------------------------------------------------------------

    def _go(self, offset: int | None, *, keep_goal: bool = False, center: bool = False) -> None:
        """Move the cursor (None: the motion had nowhere to go) and show where it went."""
        if offset is None:
            return
        before = (self.cursor, self.selection)
        self.navigator.place(offset, keep_goal=keep_goal)
        self._moved(*before, center=center)

    def _moved(
        self, cursor: int, selection: tuple[int, int] | None, *, center: bool = False
    ) -> None:
        """Redraw what the cursor's move changed, scroll to it, and say where it went."""
        self._invalidate_ranges(
            [
                (cursor, cursor + 1),
                (self.cursor, self.cursor + 1),
                self.article.sentence_at(cursor),
                self.article.sentence_at(self.cursor),
                selection,
                self.selection,
            ]
        )
        self._scroll_cursor_into_view(center=center)
        if self.cursor != cursor:
            self.post_message(self.CursorMoved(self, self.cursor))
            self._post_progress()

    def _invalidate_ranges(self, ranges: Iterable[tuple[int, int] | None]) -> None:
        layout = self.layout_model
        if not layout.rows:
            return
        top = round(self.scroll_y)
        for span in ranges:
            if span is None:
                continue
            rows = layout.rows_between(span[0], span[1])
            for index in rows:
                self.strips.discard(index)
            first, last = max(rows.start, top), min(rows.stop, top + self.size.height)
            if first < last:
                self.refresh_lines(first, last - first)

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        if not self.layout_model.rows or self.size.height == 0:
            return
        row = self.layout_model.row_of(self.cursor)
        top, height = round(self.scroll_y), self.size.height
        if center:
            self.scroll_to(y=max(0, row - height // 2), animate=False, immediate=True)
        elif row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolling (the wheel, the scrollbar) keeps the cursor on screen and updates progress."""
        super().watch_scroll_y(old_value, new_value)
        self._post_progress()
        layout = self.layout_model
        if not layout.rows or self.size.height == 0 or self.mouse.dragging or layout.partial:
            return
        row = layout.row_of(self.cursor)
        top = round(new_value)
        bottom = top + self.size.height - 1
        if row < top or row > bottom:
            target = top if row < top else bottom
            self._go(self.navigator.on_row(target, downward=row < top), keep_goal=True)

    def _post_progress(self) -> None:
        """Say how far the reader has got, when that grows: the furthest the cursor has been,
        as a share of the text (a short article is not read by being opened)."""
        if not self.layout_model.rows or self.layout_model.partial:
            return
        # The row the cursor is on counts as read: reaching the last row is 100%.
        layout = self.layout_model
        row = layout.rows[layout.row_of(self.cursor)]
        length = max(1, len(self.article.text))
        percent = min(100, max(row.end, self.cursor + 1) * 100 // length)
        if percent > self._progress:
            self._progress = percent
            self.post_message(self.ProgressChanged(self, percent))

    @property
    def progress(self) -> int:
        """How far through the article the reader has got, in percent (the furthest point)."""
        return max(0, self._progress)

    # Motions -----------------------------------------------------------------------------

    def action_move(self, motion: str) -> None:
        """Move the cursor by a motion of the navigator ("word_next", "top", …)."""
        self._go(self.navigator.motion(motion, self.cursor))

    def action_rows(self, amount: str) -> None:
        """Move by rows: "1" or "-1" a row, "page", "half" a page (negative: up)."""
        up = amount.startswith("-")
        size = amount.lstrip("-")
        height = self.size.height
        rows = {"page": max(1, height - 1), "half": max(1, height // 2)}.get(size, 1)
        rows = -rows if up else rows
        target = self.navigator.rows_away(rows)
        if size in ("page", "half"):  # a page also scrolls by as many rows
            self.scroll_to(y=max(0, round(self.scroll_y) + rows), animate=False, immediate=True)
        self._go(target, keep_goal=True)

    def action_toggle_selection(self) -> None:
        """Start a selection at the cursor; in one: end it, keeping it for `h`, `a`, `t`."""
        navigator = self.navigator
        if navigator.anchor is None:
            before = navigator.fixed
            navigator.fixed = None
            navigator.anchor = self.cursor
            self._invalidate_ranges([before, self.selection, self.article.sentence_at(self.cursor)])
        else:
            navigator.end_selection()
            self._invalidate_ranges([self.selection])

    # Mouse -------------------------------------------------------------------------------

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under a point of the content area, or None on a blank row."""
        rows = self.layout_model.rows
        index = round(self.scroll_y) + y
        if not 0 <= index < len(rows) or rows[index].block == -1:
            return None
        row = rows[index]
        prefix = cell_len(block_prefix(self.article.blocks[row.block], row.first))
        cells = x - self.left_padding() - GUTTER - prefix
        return self.navigator.offset_at_cells(row, max(0, cells))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Start a drag (or jump, on the minimap)."""
        self.mouse.down(event)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Extend a drag."""
        self.mouse.move(event)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """End a drag."""
        self.mouse.up(event)

    def on_click(self, event: events.Click) -> None:
        """Select a word (double click) or a paragraph (triple click)."""
        self.mouse.click(event)
