"""The library's table: a header and one row per article, only the rows on screen rendered.

Ten thousand articles sort and filter in the time it takes to order a list: nothing is built
for a row until it scrolls into view (a DataTable measured every cell of every row).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, Literal, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from reader.ui.registry import bindings_for
from reader.ui.widgets.line_view import LineView

Row = TypeVar("Row")


@dataclass(frozen=True)
class Column:
    """A column: its key, what its header says, its width in cells, and its alignment."""

    key: str
    label: str
    width: int
    justify: Literal["left", "right"] = "left"


Cell = tuple[str, str]
"""What a cell shows, and the name of its style ("" for the row's own)."""


def _fit(text: str, width: int, justify: str) -> str:
    """`text` in exactly `width` cells: cut with an ellipsis, or padded on the side it leaves."""
    if cell_len(text) > width:
        return set_cell_size(text, max(0, width - 1)).rstrip() + "…"
    padding = " " * (width - cell_len(text))
    return padding + text if justify == "right" else text + padding


class LibraryTable(LineView, Generic[Row], can_focus=True):
    """Rows of cells under a header that stays put; the cursor row is the chosen article."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "library-table--header",
        "library-table--odd",
        "library-table--cursor",
        "library-table--missing",
        "library-table--warning",
    }
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("LibraryTable")

    @dataclass
    class RowSelected(Message):
        """A row was clicked: open its article."""

        table: LibraryTable[object]
        key: str

        @property
        def control(self) -> LibraryTable[object]:
            """The table the row is in."""
            return self.table

    @dataclass
    class HeaderSelected(Message):
        """A column's header was clicked: sort by it."""

        table: LibraryTable[object]
        column_key: str

        @property
        def control(self) -> LibraryTable[object]:
            """The table the header is in."""
            return self.table

    def __init__(
        self,
        key_of: Callable[[Row], str],
        cells_of: Callable[[Row], Sequence[Cell]],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._key_of = key_of
        self._cells_of = cells_of
        self.columns: list[Column] = []
        self._rows: list[Row] = []
        self._index_of: dict[str, int] = {}
        self.cursor_row = 0

    # Content -----------------------------------------------------------------------------

    def show(self, columns: Sequence[Column], rows: Sequence[Row], cursor_key: str | None) -> None:
        """Show `rows` under `columns`, the cursor on the row of `cursor_key` (else the first).
        The cursor's row stays on the screen row it was on when it is the same article (rows
        sorting in above it, read in the background, slid it down)."""
        on_screen = self.cursor_row - round(self.scroll_y)
        same = cursor_key is not None and cursor_key == self.cursor_key
        self.columns = list(columns)
        self._rows = list(rows)
        self._index_of = {self._key_of(row): index for index, row in enumerate(self._rows)}
        found = self._index_of.get(cursor_key) if cursor_key is not None else None
        self.cursor_row = found if found is not None else 0
        self.strips.clear()
        self.virtual_size = Size(self._total_width(), len(self._rows) + 1)
        if same and found is not None and 0 <= on_screen < self.size.height - 1:
            self.scroll_to(y=max(0, found - on_screen), animate=False, immediate=True)
        self._scroll_to_cursor()
        self.refresh()

    @property
    def row_count(self) -> int:
        """How many rows there are."""
        return len(self._rows)

    def row_at(self, index: int) -> Row | None:
        """The row at `index`, if there is one."""
        return self._rows[index] if 0 <= index < len(self._rows) else None

    @property
    def cursor_key(self) -> str | None:
        """The key of the cursor's row (None in an empty table)."""
        row = self.row_at(self.cursor_row)
        return self._key_of(row) if row is not None else None

    def move_cursor(self, row: int) -> None:
        """Put the cursor on row `row` (kept within the table) and scroll it into view."""
        if not self._rows:
            return
        row = max(0, min(len(self._rows) - 1, row))
        if row == self.cursor_row:
            return
        previous, self.cursor_row = self.cursor_row, row
        for changed in (previous, row):
            self.strips.discard(changed)
            self.refresh_lines(changed + 1, 1)  # a virtual line: the header is line 0
        self._scroll_to_cursor()

    def _scroll_to_cursor(self) -> None:
        top, height = round(self.scroll_y), self.size.height - 1  # the header takes a row
        if height <= 0:
            return
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + height:
            self.scroll_to(y=self.cursor_row - height + 1, animate=False, immediate=True)

    # Keys and the mouse -------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        """Move the cursor by `step` rows."""
        self.move_cursor(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        """Move the cursor by a screenful."""
        self.move_cursor(self.cursor_row + direction * max(1, self.size.height - 2))

    def action_edge(self, direction: int) -> None:
        """Go to the first (-1) or last (1) row."""
        self.move_cursor(0 if direction < 0 else len(self._rows) - 1)

    def on_click(self, event: events.Click) -> None:
        """A click on the header sorts by its column; on a row, moves there (twice: opens)."""
        if event.y == 0:
            column = self._column_at(event.x + round(self.scroll_x))
            if column is not None:
                self.post_message(self.HeaderSelected(self, column.key))  # type: ignore[arg-type]
            return
        row = round(self.scroll_y) + event.y - 1
        if 0 <= row < len(self._rows):
            already = row == self.cursor_row
            self.move_cursor(row)
            if already or event.chain > 1:
                self.post_message(self.RowSelected(self, self._key_of(self._rows[row])))  # type: ignore[arg-type]

    def _column_at(self, x: int) -> Column | None:
        left = 0
        for column in self.columns:
            right = left + column.width + 2
            if left <= x < right:
                return column
            left = right
        return None

    # Rendering ---------------------------------------------------------------------------

    def _total_width(self) -> int:
        return sum(column.width + 2 for column in self.columns)

    def _style(self, name: str) -> Style:
        """A row's style: the widget's, or a part's blended over it ("" for the widget's)."""
        style = self.cached_style(name)
        if style is None:
            _, _, background, color = self.colors
            text_style = Style()
            if name:
                part = self.part(f"library-table--{name}")
                color, background = part.color or color, part.background or background
                text_style = part.text_style
            style = Style(color=color.rich_color, bgcolor=background.rich_color) + text_style
            self.remember_style(name, style)
        return style

    def _cell_part(self, name: str) -> Style:
        """A cell part's colour and text style, never its background (the cursor stays whole)."""
        key = ("part", name)
        style = self.cached_style(key)
        if style is None:
            part = self.part(f"library-table--{name}")
            color = part.color.rich_color if part.color else None
            style = self.remember_style(key, Style(color=color) + part.text_style)
        return style

    def render_line(self, y: int) -> Strip:
        """One screen row: the header at the top, else the row scrolled there."""
        width = self.size.width
        if y == 0:
            strip = self._header()
        else:
            index = round(self.scroll_y) + y - 1
            if index >= len(self._rows):
                return Strip.blank(width, self.rich_style)
            cached = self.strips.get(index)
            strip = cached if cached is not None else self._row_strip(index)
        left = round(self.scroll_x)
        return strip.crop_extend(left, left + width, self.rich_style)

    def _header(self) -> Strip:
        style = self._style("header")
        text = "".join(
            " " + _fit(column.label, column.width, "left") + " " for column in self.columns
        )
        return Strip([Segment(text, style)])

    def _row_strip(self, index: int) -> Strip:
        row = self._rows[index]
        base = self._style("cursor" if index == self.cursor_row else "odd" if index % 2 else "")
        segments = []
        for column, (text, kind) in zip(self.columns, self._cells_of(row), strict=False):
            style = base + self._cell_part(kind) if kind else base
            segments.append(Segment(" " + _fit(text, column.width, column.justify) + " ", style))
        strip = Strip(segments)
        self.strips.put(index, strip)
        return strip
