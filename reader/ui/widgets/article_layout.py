"""Wrapping an article's blocks into screen rows, each row keeping its offsets into the text."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from rich.cells import cell_len, get_character_cell_size

from reader.core.article import Article, Block, BlockKind

MAX_TEXT_WIDTH = 88
"""The widest the text column gets, for comfortable reading."""
MIN_TEXT_WIDTH = 10
"""Below this the text is still wrapped, just very narrowly."""

# Characters that always take exactly one cell: blocks made only of these (almost every block of
# Latin, Greek or Cyrillic prose, curly quotes and dashes included) wrap by counting characters.
_NARROW = re.compile(
    "[\n\x20-\x7e\xa0-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e"
    "\u20a0-\u20bf\u2100-\u214f\u2190-\u21ff\u2500-\u257f]*"
)
_BULLETS = {"-": "•", "*": "•", "+": "•"}


class Row(NamedTuple):
    """One screen row: `[start, end)` of the canonical text, or a blank row between blocks."""

    start: int
    end: int
    block: int
    """Index of the block the row belongs to; -1 for the blank row between two blocks."""
    first: bool
    """True for a block's first row (where a list item's marker goes)."""


def block_prefix(block: Block, first: bool) -> str:
    """What is drawn before a row's text: quote bars, list markers and their indents."""
    if block.kind is BlockKind.QUOTE:
        return "│ " * max(1, block.level)
    if block.kind is BlockKind.LIST_ITEM:
        marker = _BULLETS.get(block.marker, block.marker)
        nesting = "  " * max(0, block.level - 1)
        width = max(2, cell_len(marker) + 1)
        if first and marker:
            return nesting + marker.ljust(width - 1) + " "
        return nesting + " " * width
    if block.kind is BlockKind.CODE:
        return "  "
    return ""


def _wrap_narrow(text: str, start: int, end: int, width: int, rows: list[tuple[int, int]]) -> None:
    """Greedy word wrap of `text[start:end]` (one line, one cell per character) by `str.rfind`."""
    while end - start > width:
        space = text.rfind(" ", start, start + width + 1)
        if space <= start:  # a word longer than the line: cut it
            rows.append((start, start + width))
            start += width
        else:  # the space stays at the row's end, so that every offset is on screen
            rows.append((start, space + 1))
            start = space + 1
    rows.append((start, end))


def _wrap_wide(text: str, start: int, end: int, width: int, rows: list[tuple[int, int]]) -> None:
    """Word wrap counting each character's cells (wide East Asian characters, emoji)."""
    row_start, used, last_space = start, 0, -1
    position = start
    while position < end:
        character = text[position]
        cells = get_character_cell_size(character)
        if used + cells > width and position > row_start:
            if character == " ":
                rows.append((row_start, position + 1))
                row_start, used, last_space = position + 1, 0, -1
                position += 1
                continue
            if last_space > row_start:
                rows.append((row_start, last_space + 1))
                row_start = last_space + 1
            else:
                rows.append((row_start, position))
                row_start = position
            used = cell_len(text[row_start:position])
            last_space = -1
        if character == " ":
            last_space = position
        used += cells
        position += 1
    rows.append((row_start, end))


class ArticleLayout:
    """The rows of an article at one text width; re-wrapping reuses what does not depend on it."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self._narrow: list[bool] | None = None
        self.width = 0
        self.rows: list[Row] = []
        self._starts: list[int] = []

    def _block_is_narrow(self) -> list[bool]:
        if self._narrow is None:
            text = self.article.text
            self._narrow = [
                _NARROW.fullmatch(text, block.start, block.end) is not None
                for block in self.article.blocks
            ]
        return self._narrow

    def wrap(self, width: int) -> list[Row]:
        """Wrap every block to `width` cells (prefixes included); returns the rows."""
        width = max(MIN_TEXT_WIDTH, width)
        text = self.article.text
        narrow = self._block_is_narrow()
        rows: list[Row] = []
        for index, block in enumerate(self.article.blocks):
            if index:
                previous_end = self.article.blocks[index - 1].end
                rows.append(Row(previous_end, previous_end, -1, False))
            first_prefix = cell_len(block_prefix(block, True))
            rest_prefix = cell_len(block_prefix(block, False))
            spans: list[tuple[int, int]] = []
            line_start = block.start
            while True:
                newline = text.find("\n", line_start, block.end)
                line_end = block.end if newline == -1 else newline + 1
                prefix = first_prefix if not spans else rest_prefix
                available = max(1, width - max(prefix, rest_prefix))
                # The "\n" closing a line is kept in its row (drawn as a space) and not wrapped.
                content_end = line_end - 1 if newline != -1 else line_end
                wrapper = _wrap_narrow if narrow[index] else _wrap_wide
                wrapper(text, line_start, content_end, available, spans)
                if newline != -1:
                    last_start, _ = spans[-1]
                    spans[-1] = (last_start, line_end)
                    line_start = line_end
                    if line_start >= block.end:
                        break
                else:
                    break
            rows.extend(
                Row(span_start, span_end, index, number == 0)
                for number, (span_start, span_end) in enumerate(spans)
            )
        self.width = width
        self.rows = rows
        self._starts = [row.start for row in rows]
        return rows

    def row_of(self, offset: int) -> int:
        """The index of the row showing the character at `offset`."""
        if not self.rows:
            return 0
        index = bisect_right(self._starts, offset) - 1
        index = max(0, index)
        while index > 0 and self.rows[index].block == -1:
            index -= 1
        return index

    def rows_between(self, start: int, end: int) -> range:
        """The rows showing any character of `[start, end)`."""
        if end <= start:
            row = self.row_of(start)
            return range(row, row + 1)
        return range(self.row_of(start), self.row_of(end - 1) + 1)
