"""The article pane: a line-API view of the canonical text with a cursor, selection and highlights.

Each screen row keeps its offsets into the canonical text, so every cell maps to an exact
character; rows are rendered on demand and cached. Article text is only ever drawn as plain
text segments: nothing in an article is parsed as markup.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.css.styles import RenderStyles as TextualStyles
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.core.annotations import Color
from reader.core.articles import Article, BlockKind
from reader.ui.widgets.article_layout import MAX_TEXT_WIDTH, ArticleLayout, Row, block_prefix

GUTTER = 2
"""Cells left of the text for the highlight mark and a space."""
LAZY_LAYOUT_CHARACTERS = 200_000
"""Articles longer than this show their first screen before the rest is wrapped."""
MARKS: dict[Color, str] = {
    Color.YELLOW: "▌",
    Color.GREEN: "┃",
    Color.BLUE: "║",
    Color.PINK: "╏",
}
"""Margin marks: a different shape per colour, so highlights are told apart without colour."""

_WORD = re.compile(r"\w+|[^\w\s]+")
_KIND_COMPONENTS = {
    BlockKind.HEADING: "heading",
    BlockKind.QUOTE: "quote",
    BlockKind.CODE: "code",
}


class Highlight(NamedTuple):
    """A highlight as the view draws it."""

    id: str
    start: int
    end: int
    color: Color


class ArticleView(ScrollView, can_focus=True):
    """The article's text with a cursor, a selection and coloured highlights."""

    ALLOW_SELECT = False  # the view handles drags itself, in canonical-text offsets
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--text",
        "article-view--heading",
        "article-view--quote",
        "article-view--code",
        "article-view--prefix",
        "article-view--sentence",
        "article-view--selection",
        "article-view--cursor",
        "article-view--match",
        "article-view--match-current",
        "article-view--yellow",
        "article-view--green",
        "article-view--blue",
        "article-view--pink",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="cursor-down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="cursor-up"),
        Binding("left", "cursor_left", "Left", show=False, id="cursor-left"),
        Binding("right", "cursor_right", "Right", show=False, id="cursor-right"),
        Binding("w", "word_next", "Next word", show=False, id="word-next"),
        Binding("b", "word_previous", "Previous word", show=False, id="word-previous"),
        Binding(")", "sentence_next", "Next sentence", show=False, id="sentence-next"),
        Binding("(", "sentence_previous", "Previous sentence", show=False, id="sentence-previous"),
        Binding("}", "paragraph_next", "Next paragraph", show=False, id="paragraph-next"),
        Binding(
            "{", "paragraph_previous", "Previous paragraph", show=False, id="paragraph-previous"
        ),
        Binding("g,home", "top", "Top", show=False, id="top"),
        Binding("G,end", "bottom", "Bottom", show=False, id="bottom"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page-up"),
        Binding("ctrl+d", "half_page_down", "Half page down", show=False, id="half-page-down"),
        Binding("ctrl+u", "half_page_up", "Half page up", show=False, id="half-page-up"),
        Binding(
            "v",
            "toggle_selection",
            "Select",
            show=False,
            tooltip="Start or end a selection",
            id="select",
        ),
        Binding("escape", "cancel_selection", "Cancel", show=False, id="cancel-selection"),
    ]

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
        highlight_id: str

        @property
        def control(self) -> ArticleView:
            """The view that was clicked."""
            return self.view

    @dataclass
    class ProgressChanged(Message):
        """How far through the article the reader has scrolled changed."""

        view: ArticleView
        percent: int

        @property
        def control(self) -> ArticleView:
            """The view that scrolled."""
            return self.view

    def __init__(
        self,
        article: Article,
        highlights: Iterable[Highlight] = (),
        cursor: int = 0,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.article = article
        self.layout_model = ArticleLayout(article)
        self._block_starts = [block.start for block in article.blocks]
        self._cursor = self._clamp(cursor)
        self._anchor: int | None = None
        self._goal_cells: int | None = None
        self._highlights: list[Highlight] = []
        self._highlight_starts: list[int] = []
        self._longest_highlight = 0
        self._cache: dict[int, Strip] = {}
        self._styles: dict[tuple[object, ...], Style] = {}
        self._dragging = False
        self._drag_origin = 0
        self._drag_moved = False
        self._progress = -1
        self._matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self._longest_match = 0
        self.current_match: tuple[int, int] | None = None
        """The search match the reader is on, if any."""
        self.set_highlights(highlights)

    # Public state ------------------------------------------------------------------------

    @property
    def cursor(self) -> int:
        """The offset of the character under the cursor."""
        return self._cursor

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected `[start, end)`, the cursor's character included, or None."""
        if self._anchor is None:
            return None
        start, end = sorted((self._anchor, self._cursor))
        return start, self._clamp_end(end + 1)

    @property
    def highlights(self) -> Sequence[Highlight]:
        """The highlights drawn, in text order."""
        return self._highlights

    def set_highlights(self, highlights: Iterable[Highlight]) -> None:
        """Replace the highlights drawn; only the visible rows are rendered again."""
        self._highlights = sorted(highlights, key=lambda item: (item.start, -item.end, item.id))
        self._highlight_starts = [item.start for item in self._highlights]
        self._longest_highlight = max(
            (item.end - item.start for item in self._highlights), default=0
        )
        self._cache.clear()
        self.refresh()

    def highlights_at(self, offset: int) -> list[Highlight]:
        """Highlights containing `offset`, shortest first."""
        found = self._overlapping(offset, offset + 1)
        return sorted(found, key=lambda item: (item.end - item.start, item.start))

    def highlight_at(self, offset: int) -> Highlight | None:
        """The highlight "under" `offset`: the shortest one containing it."""
        found = self.highlights_at(offset)
        return found[0] if found else None

    def move_cursor(self, offset: int, *, center: bool = False) -> None:
        """Put the cursor on `offset` (extending the selection if there is one) and show it."""
        self._set_cursor(self._clamp(offset), keep_goal=False, center=center)

    def select(self, start: int, end: int) -> None:
        """Select `[start, end)` (as a drag would); the cursor goes to its last character."""
        start, end = self._clamp(start), self._clamp_end(end)
        if end <= start:
            self.clear_selection()
            return
        before = self.selection
        self._anchor = start
        self._set_cursor(self._clamp(end - 1), keep_goal=False)
        self._invalidate_ranges([before, self.selection])

    def clear_selection(self) -> None:
        """Drop the selection (the cursor stays)."""
        before = self.selection
        self._anchor = None
        self._invalidate_ranges([before])

    # Layout ------------------------------------------------------------------------------

    @property
    def _view_width(self) -> int:
        """Cells available for rows (the scrollbar's gutter excluded)."""
        return self.scrollable_content_region.width

    def _text_width(self) -> int:
        return max(1, min(MAX_TEXT_WIDTH, self._view_width - GUTTER))

    def _left_padding(self) -> int:
        return max(0, (self._view_width - GUTTER - self._text_width()) // 2)

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap to the new width, keeping the cursor's row where it was on screen."""
        layout = self.layout_model
        width = self._text_width() - 1  # one cell for the space kept at a wrapped row's end
        if not layout.rows and len(self.article.text) > LAZY_LAYOUT_CHARACTERS:
            # First frame of a long article: wrap one screenful from the cursor, the rest next.
            layout.wrap_around(width, self._cursor, 2 * self.size.height)
            self._apply_layout(screen_row=0)
            self.call_after_refresh(self._finish_layout)
        elif width != layout.width or not layout.rows:
            if not layout.partial:
                self._rewrap(width)
        else:
            self._cache.clear()
            self.virtual_size = Size(self._view_width, len(layout.rows))
        self._scroll_cursor_into_view()
        self._post_progress()

    def _rewrap(self, width: int) -> None:
        layout = self.layout_model
        screen_row = layout.row_of(self._cursor) - round(self.scroll_y) if layout.rows else 0
        layout.wrap(width)
        self._apply_layout(screen_row)

    def _apply_layout(self, screen_row: int) -> None:
        """Show freshly wrapped rows, the cursor's row `screen_row` rows from the top."""
        layout = self.layout_model
        self._cache.clear()
        self.virtual_size = Size(self._view_width, len(layout.rows))
        target = layout.row_of(self._cursor) - max(0, screen_row)
        self.scroll_to(y=max(0, target), animate=False, immediate=True)
        self.refresh()

    def _finish_layout(self) -> None:
        """Wrap the whole article after the first frame, keeping what the reader sees."""
        if self.layout_model.partial:
            self._rewrap(self._text_width() - 1)
            self._scroll_cursor_into_view()
            self._post_progress()

    def notify_style_update(self) -> None:
        """Theme or CSS changed: rendered rows and styles are stale."""
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        self._restyle()

    def _on_blur(self, event: events.Blur) -> None:
        super()._on_blur(event)
        self._restyle()

    def _restyle(self) -> None:
        """The cursor looks different with and without focus: redraw with fresh styles."""
        self._styles.clear()
        self._cache.clear()
        self.refresh()

    def on_mount(self) -> None:
        """Respect NO_COLOR: highlights then also carry an underline."""
        self.set_class(bool(os.environ.get("NO_COLOR")), "-no-color")

    # Rendering ---------------------------------------------------------------------------

    def _component(self, name: str) -> TextualStyles:
        return self.get_component_styles(f"article-view--{name}")

    def _char_style(
        self,
        kind: str,
        color: Color | None,
        sentence: bool,
        selected: bool,
        cursor: bool,
        match: int = 0,
    ) -> Style:
        """The style of one character, layering translucent backgrounds over the view's own.

        `match` is 1 inside a search match and 2 inside the current one.
        """
        key = (kind, color, sentence, selected, cursor, match)
        style = self._styles.get(key)
        if style is None:
            _, _, background, _ = self.colors
            kind_styles = self._component(kind)
            foreground = background + kind_styles.color  # a translucent colour is blended
            text_style = kind_styles.text_style
            if color is not None:
                highlight = self._component(color.value)
                background = background + highlight.background
                text_style = text_style + highlight.text_style
            if sentence:
                background = background + self._component("sentence").background
            if match:
                found = self._component("match-current" if match == 2 else "match")
                background = background + found.background
                text_style = text_style + found.text_style
            if selected:
                background = background + self._component("selection").background
            if cursor:
                text_style = text_style + self._component("cursor").text_style
            style = Style(color=foreground.rich_color, bgcolor=background.rich_color) + text_style
            self._styles[key] = style
        return style

    def _mark_style(self, color: Color) -> Style:
        """The margin mark of a highlight: its colour, opaque, on the view's background."""
        key = ("mark", color)
        style = self._styles.get(key)
        if style is None:
            _, _, background, _ = self.colors
            mark = self._component(color.value).background.with_alpha(1.0)
            style = Style(color=mark.rich_color, bgcolor=background.rich_color, bold=True)
            self._styles[key] = style
        return style

    def render_line(self, y: int) -> Strip:
        """Render screen line `y` (rows are cached until something on them changes)."""
        index = round(self.scroll_y) + y
        width = self._view_width
        base = self.rich_style
        rows = self.layout_model.rows
        if index >= len(rows):
            return Strip.blank(width, base)
        strip = self._cache.get(index)
        if strip is None:
            strip = self._render_row(rows[index], base).adjust_cell_length(width, base)
            self._cache[index] = strip
        return strip.apply_offsets(0, index)

    def _render_row(self, row: Row, base: Style) -> Strip:
        padding = Segment(" " * self._left_padding(), base)
        if row.block == -1:
            return Strip([padding])
        block = self.article.blocks[row.block]
        text = self.article.text[row.start : row.end].replace("\n", " ")
        length = len(text)
        # Per character: the colour of the shortest highlight over it, and the other layers.
        colors: list[Color | None] = [None] * length
        overlapping = self._overlapping(row.start, row.end)
        for highlight in sorted(overlapping, key=lambda item: item.start - item.end):
            low, high = self._clip(row, highlight.start, highlight.end)
            colors[low:high] = [highlight.color] * (high - low)
        selection = self.selection
        in_selection = [False] * length
        in_sentence = [False] * length
        if selection is not None:
            low, high = self._clip(row, *selection)
            in_selection[low:high] = [True] * (high - low)
        else:
            sentence = self.article.sentence_at(self._cursor)
            if sentence is not None:
                low, high = self._clip(row, *sentence)
                in_sentence[low:high] = [True] * (high - low)
        matched = [0] * length
        for start, end in self._matches_between(row.start, row.end):
            low, high = self._clip(row, start, end)
            layer = 2 if (start, end) == self.current_match else 1
            matched[low:high] = [layer] * (high - low)
        cursor = self._cursor - row.start if row.start <= self._cursor < row.end else -1
        kind = _KIND_COMPONENTS.get(block.kind, "text")
        styles = [
            self._char_style(
                kind, colors[i], in_sentence[i], in_selection[i], i == cursor, matched[i]
            )
            for i in range(length)
        ]
        segments = [padding]
        if overlapping:
            shortest = min(overlapping, key=lambda item: item.end - item.start)
            segments.append(Segment(MARKS[shortest.color], self._mark_style(shortest.color)))
        else:
            segments.append(Segment(" ", base))
        segments.append(Segment(" ", base))
        prefix = block_prefix(block, row.first)
        if prefix:
            segments.append(Segment(prefix, self._char_style("prefix", None, False, False, False)))
        segments.extend(_group(text, styles))
        return Strip(segments)

    @staticmethod
    def _clip(row: Row, start: int, end: int) -> tuple[int, int]:
        """`[start, end)` as positions within a row's text (empty when they do not meet)."""
        low = max(start, row.start) - row.start
        high = min(end, row.end) - row.start
        return low, max(low, high)

    # Search matches -----------------------------------------------------------------------

    def set_matches(self, matches: Sequence[tuple[int, int]]) -> None:
        """Mark search matches (in text order); none is current until `show_match`."""
        self._matches = list(matches)
        self._match_starts = [start for start, _ in self._matches]
        self._longest_match = max((end - start for start, end in self._matches), default=0)
        self.current_match = None
        self._cache.clear()
        self.refresh()

    @property
    def matches(self) -> Sequence[tuple[int, int]]:
        """The search matches marked, in text order."""
        return self._matches

    def show_match(self, index: int) -> None:
        """Make match `index` the current one and put the cursor on it."""
        before = self.current_match
        self.current_match = self._matches[index]
        self._invalidate_ranges([before, self.current_match])
        self.clear_selection()
        self.move_cursor(self.current_match[0])

    def _matches_between(self, start: int, end: int) -> list[tuple[int, int]]:
        high = bisect_left(self._match_starts, end)
        low = bisect_left(self._match_starts, start - self._longest_match)
        return [match for match in self._matches[low:high] if match[1] > start]

    def _overlapping(self, start: int, end: int) -> list[Highlight]:
        """Highlights overlapping `[start, end)`, found by bisection on their starts."""
        high = bisect_left(self._highlight_starts, end)
        low = bisect_left(self._highlight_starts, start - self._longest_highlight)
        return [item for item in self._highlights[low:high] if item.end > start]

    # Cursor and scrolling ----------------------------------------------------------------

    def _clamp(self, offset: int) -> int:
        """The nearest offset that is a character inside a block."""
        blocks = self.article.blocks
        if not blocks:
            return 0
        offset = max(blocks[0].start, min(offset, blocks[-1].end - 1))
        index = self.article.block_index_at(offset)
        if index is None or offset >= blocks[index].end:
            following = bisect_right(self._block_starts, offset)
            return blocks[min(following, len(blocks) - 1)].start
        return offset

    def _clamp_end(self, end: int) -> int:
        return max(0, min(end, len(self.article.text)))

    def _set_cursor(self, offset: int, *, keep_goal: bool, center: bool = False) -> None:
        before_cursor, before_selection = self._cursor, self.selection
        before_sentence = self.article.sentence_at(before_cursor)
        self._cursor = offset
        if not keep_goal:
            self._goal_cells = None
        self._invalidate_ranges(
            [
                (before_cursor, before_cursor + 1),
                (offset, offset + 1),
                before_sentence,
                self.article.sentence_at(offset),
                before_selection,
                self.selection,
            ]
        )
        self._scroll_cursor_into_view(center=center)
        if offset != before_cursor:
            self.post_message(self.CursorMoved(self, offset))

    def _invalidate_ranges(self, ranges: Iterable[tuple[int, int] | None]) -> None:
        layout = self.layout_model
        if not layout.rows:
            return
        top = round(self.scroll_y)
        for span in ranges:
            if span is None:
                continue
            rows = layout.rows_between(*span)
            for index in rows:
                self._cache.pop(index, None)
            first, last = max(rows.start, top), min(rows.stop, top + self.size.height)
            if first < last:
                self.refresh_lines(first, last - first)

    def _scroll_cursor_into_view(self, center: bool = False) -> None:
        if not self.layout_model.rows or self.size.height == 0:
            return
        row = self.layout_model.row_of(self._cursor)
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
        if not layout.rows or self.size.height == 0 or self._dragging or layout.partial:
            return
        row = layout.row_of(self._cursor)
        top = round(new_value)
        bottom = top + self.size.height - 1
        if row < top or row > bottom:
            target = top if row < top else bottom
            self._move_to_row(target, downward=row < top)

    def _post_progress(self) -> None:
        rows = len(self.layout_model.rows)
        if rows == 0 or self.layout_model.partial:
            return
        # How far the view has scrolled through the article: 0% at the top, 100% at the end.
        scrollable = rows - self.size.height
        top = round(self.scroll_y)
        percent = 100 if scrollable <= 0 else max(0, min(100, round(top * 100 / scrollable)))
        if percent != self._progress:
            self._progress = percent
            self.post_message(self.ProgressChanged(self, percent))

    @property
    def progress(self) -> int:
        """How far through the article the view has scrolled, in percent."""
        return max(0, self._progress)

    def _cells_before(self, row: Row, offset: int) -> int:
        return cell_len(self.article.text[row.start : offset].replace("\n", " "))

    def _offset_at_cells(self, row: Row, cells: int) -> int:
        used = 0
        for position in range(row.start, row.end):
            width = get_character_cell_size(self.article.text[position])
            if used + width > cells:
                return position
            used += width
        return max(row.start, row.end - 1)

    def _move_to_row(self, index: int, *, downward: bool, keep_goal: bool = True) -> None:
        """Put the cursor on row `index` (skipping blank rows), at the remembered column."""
        rows = self.layout_model.rows
        index = max(0, min(index, len(rows) - 1))
        step = 1 if downward else -1
        while 0 <= index < len(rows) and rows[index].block == -1:
            index += step
        if not 0 <= index < len(rows):
            index -= step
            while rows[index].block == -1:
                index -= step
        current = rows[self.layout_model.row_of(self._cursor)]
        if self._goal_cells is None:
            self._goal_cells = self._cells_before(current, self._cursor)
        goal = self._goal_cells
        self._set_cursor(self._offset_at_cells(rows[index], goal), keep_goal=keep_goal)

    # Motions -----------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """Move down one row."""
        self._move_to_row(self.layout_model.row_of(self._cursor) + 1, downward=True)

    def action_cursor_up(self) -> None:
        """Move up one row."""
        self._move_to_row(self.layout_model.row_of(self._cursor) - 1, downward=False)

    def action_cursor_right(self) -> None:
        """Move one character right."""
        self._set_cursor(self._step(self._cursor, 1), keep_goal=False)

    def action_cursor_left(self) -> None:
        """Move one character left."""
        self._set_cursor(self._step(self._cursor, -1), keep_goal=False)

    def _step(self, offset: int, direction: int) -> int:
        """The next character in reading order, crossing from one block to the next."""
        blocks = self.article.blocks
        index = self.article.block_index_at(offset)
        if index is None:
            return self._clamp(offset)
        target = offset + direction
        if blocks[index].start <= target < blocks[index].end:
            return target
        if direction > 0 and index + 1 < len(blocks):
            return blocks[index + 1].start
        if direction < 0 and index > 0:
            return blocks[index - 1].end - 1
        return offset

    def action_word_next(self) -> None:
        """Move to the start of the next word."""
        text = self.article.text
        current = _WORD.match(text, self._cursor)
        search_from = current.end() if current else self._cursor + 1
        found = _WORD.search(text, search_from)
        if found is not None:
            self._set_cursor(self._clamp(found.start()), keep_goal=False)

    def action_word_previous(self) -> None:
        """Move to the start of the previous word (or of this one)."""
        text = self.article.text
        window = 256
        while True:
            low = max(0, self._cursor - window)
            starts = [match.start() for match in _WORD.finditer(text, low, self._cursor)]
            if starts or low == 0:
                break
            window *= 4
        if starts:
            self._set_cursor(self._clamp(starts[-1]), keep_goal=False)

    def _sentence_starts_around(self, offset: int) -> tuple[int | None, int | None]:
        """The sentence start at or before `offset` (strictly before) and the next one after."""
        article = self.article
        index = article.block_index_at(offset)
        if index is None:
            return None, None
        previous: int | None = None
        following: int | None = None
        for start, _ in article.sentences_in_block(index):
            if start < offset:
                previous = start
            elif start > offset and following is None:
                following = start
        if following is None and index + 1 < len(article.blocks):
            following = article.sentences_in_block(index + 1)[0][0]
        if previous is None and index > 0:
            previous = article.sentences_in_block(index - 1)[-1][0]
        return previous, following

    def action_sentence_next(self) -> None:
        """Move to the start of the next sentence."""
        _, following = self._sentence_starts_around(self._cursor)
        if following is not None:
            self._set_cursor(following, keep_goal=False)

    def action_sentence_previous(self) -> None:
        """Move to the start of this sentence, or of the previous one when already there."""
        previous, _ = self._sentence_starts_around(self._cursor)
        if previous is not None:
            self._set_cursor(previous, keep_goal=False)

    def action_paragraph_next(self) -> None:
        """Move to the start of the next block."""
        index = self.article.block_index_at(self._cursor)
        if index is not None and index + 1 < len(self.article.blocks):
            self._set_cursor(self.article.blocks[index + 1].start, keep_goal=False)

    def action_paragraph_previous(self) -> None:
        """Move to the start of this block, or of the previous one when already there."""
        index = self.article.block_index_at(self._cursor)
        if index is None:
            return
        block = self.article.blocks[index]
        if self._cursor > block.start:
            self._set_cursor(block.start, keep_goal=False)
        elif index > 0:
            self._set_cursor(self.article.blocks[index - 1].start, keep_goal=False)

    def action_top(self) -> None:
        """Move to the first character of the article."""
        self._set_cursor(self._clamp(0), keep_goal=False)

    def action_bottom(self) -> None:
        """Move to the last character of the article."""
        self._set_cursor(self._clamp(len(self.article.text)), keep_goal=False)

    def _page(self, rows: int) -> None:
        """Scroll by `rows` and move the cursor by as many rows."""
        layout = self.layout_model
        target = layout.row_of(self._cursor) + rows
        self.scroll_to(y=max(0, round(self.scroll_y) + rows), animate=False, immediate=True)
        self._move_to_row(target, downward=rows > 0)

    def action_page_down(self) -> None:
        """Move one page down."""
        self._page(max(1, self.size.height - 1))

    def action_page_up(self) -> None:
        """Move one page up."""
        self._page(-max(1, self.size.height - 1))

    def action_half_page_down(self) -> None:
        """Move half a page down."""
        self._page(max(1, self.size.height // 2))

    def action_half_page_up(self) -> None:
        """Move half a page up."""
        self._page(-max(1, self.size.height // 2))

    def action_toggle_selection(self) -> None:
        """Start a selection at the cursor, or end the one in progress."""
        if self._anchor is None:
            self._anchor = self._cursor
            self._invalidate_ranges([self.selection, self.article.sentence_at(self._cursor)])
        else:
            self.clear_selection()

    def action_cancel_selection(self) -> None:
        """Cancel the selection."""
        if self._anchor is not None:
            self.clear_selection()
            self._invalidate_ranges([self.article.sentence_at(self._cursor)])

    # Mouse -------------------------------------------------------------------------------

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under a point of the content area, or None on a blank row."""
        rows = self.layout_model.rows
        index = round(self.scroll_y) + y
        if not 0 <= index < len(rows) or rows[index].block == -1:
            return None
        row = rows[index]
        prefix = cell_len(block_prefix(self.article.blocks[row.block], row.first))
        cells = x - self._left_padding() - GUTTER - prefix
        return self._offset_at_cells(row, max(0, cells))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """Start a drag: the cursor goes where the mouse is."""
        if event.button != 1:
            return
        point = event.get_content_offset_capture(self)
        offset = self.offset_at(point.x, point.y)
        if offset is None:
            return
        self.focus()
        self.capture_mouse()
        self._dragging = True
        self._drag_origin = offset
        self._drag_moved = False
        self.clear_selection()
        self._set_cursor(offset, keep_goal=False)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Extend the drag selection, scrolling when the mouse leaves the view."""
        if not self._dragging:
            return
        point = event.get_content_offset_capture(self)
        if point.y < 0:
            self.scroll_to(y=max(0, round(self.scroll_y) - 1), animate=False, immediate=True)
        elif point.y >= self.size.height:
            self.scroll_to(y=round(self.scroll_y) + 1, animate=False, immediate=True)
        y = max(0, min(point.y, self.size.height - 1))
        offset = self.offset_at(point.x, y)
        if offset is None or offset == self._cursor:
            return
        if self._anchor is None:
            self._anchor = self._drag_origin
        self._drag_moved = True
        self._set_cursor(offset, keep_goal=False)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """End a drag; a click without a drag on a highlight reports it."""
        if not self._dragging:
            return
        self._dragging = False
        self.release_mouse()
        if not self._drag_moved:
            highlight = self.highlight_at(self._cursor)
            if highlight is not None:
                self.post_message(self.HighlightClicked(self, highlight.id))


def _group(text: str, styles: list[Style]) -> list[Segment]:
    """Join runs of equally styled characters into segments (plain text, never markup)."""
    segments: list[Segment] = []
    if not text:
        return segments
    run_start = 0
    for position in range(1, len(text) + 1):
        if position == len(text) or styles[position] != styles[run_start]:
            segments.append(Segment(text[run_start:position], styles[run_start]))
            run_start = position
    return segments
