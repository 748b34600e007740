"""Wrapping an article's blocks into screen rows, each row keeping its offsets into the text."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import MutableSequence, Sequence
from typing import NamedTuple, overload

from rich.cells import cell_len, get_character_cell_size

from reader.core.articles import Article, Block, BlockKind

MAX_TEXT_WIDTH = 88
"""The widest the text column gets, for comfortable reading."""
ROW_TYPE = "i"
"""The array type of row offsets: four bytes, enough for any article (under 64 MiB)."""
Offsets = MutableSequence[int]
"""Row offsets being wrapped (arrays of ROW_TYPE)."""
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


def _wrap_narrow(
    text: str, start: int, end: int, width: int, starts: Offsets, ends: Offsets
) -> None:
    """Greedy word wrap of `text[start:end]` (one line, one cell per character) by `str.rfind`."""
    while end - start > width:
        space = text.rfind(" ", start, start + width + 1)
        starts.append(start)
        if space <= start:  # a word longer than the line: cut it
            start += width
        else:  # the space stays at the row's end, so that every offset is on screen
            start = space + 1
        ends.append(start)
    starts.append(start)
    ends.append(end)


def _wrap_wide(text: str, start: int, end: int, width: int, starts: Offsets, ends: Offsets) -> None:
    """Word wrap counting each character's cells (wide East Asian characters, emoji)."""
    row_start, used, last_space = start, 0, -1
    position = start
    while position < end:
        character = text[position]
        cells = get_character_cell_size(character)
        if used + cells > width and position > row_start:
            if character == " ":
                starts.append(row_start)
                ends.append(position + 1)
                row_start, used, last_space = position + 1, 0, -1
                position += 1
                continue
            starts.append(row_start)
            row_start = last_space + 1 if last_space > row_start else position
            ends.append(row_start)
            used = cell_len(text[row_start:position])
            last_space = -1
        if character == " ":
            last_space = position
        used += cells
        position += 1
    starts.append(row_start)
    ends.append(end)


def cell_width(text: str) -> int:
    """Cells `text` takes on screen (fast for the common case of one cell per character)."""
    return len(text) if _NARROW.fullmatch(text) is not None else cell_len(text)


def wrap_lines(text: str, width: int) -> list[str]:
    """Word-wrap one line of text to `width` cells (wide characters counted as two)."""
    starts: list[int] = []
    ends: list[int] = []
    narrow = _NARROW.fullmatch(text) is not None and "\n" not in text
    (_wrap_narrow if narrow else _wrap_wide)(text, 0, len(text), max(1, width), starts, ends)
    return [text[start:end].rstrip() for start, end in zip(starts, ends, strict=True)]


class RowTable(Sequence[Row]):
    """Rows stored as three parallel lists: a 5 MB article has a hundred thousand of them."""

    def __init__(self, starts: Sequence[int], ends: Sequence[int], blocks: Sequence[int]) -> None:
        self.starts = starts
        self.ends = ends
        self.blocks = blocks

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> Row: ...

    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...

    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self.starts)
        block = self.blocks[index]
        first = block != -1 and (index == 0 or self.blocks[index - 1] != block)
        return Row(self.starts[index], self.ends[index], block, first)


class ArticleLayout:
    """The rows of an article at one text width; re-wrapping reuses what does not depend on it."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self._narrow: list[bool] | None = None
        self.width = 0
        self.rows = RowTable([], [], [])
        self._starts: Sequence[int] = []
        self.partial = False
        """True while only some blocks are wrapped (the first frame of a long article)."""

    def _block_is_narrow(self) -> list[bool]:
        if self._narrow is None:
            text = self.article.text
            self._narrow = [
                _NARROW.fullmatch(text, block.start, block.end) is not None
                for block in self.article.blocks
            ]
        return self._narrow

    def wrap(self, width: int, blocks: range | None = None) -> RowTable:
        """Wrap blocks (all, or a range of them) to `width` cells, prefixes included."""
        width = max(MIN_TEXT_WIDTH, width)
        text = self.article.text
        narrow = self._block_is_narrow()
        all_blocks = self.article.blocks
        chosen = blocks if blocks is not None else range(len(all_blocks))
        # Machine integers from the start: a 5 MB article has a hundred thousand rows, and
        # lists of Python ints built first cost 13 MB more at every resize. Four bytes hold
        # any offset: articles are under 64 MiB.
        starts, ends, owners = array(ROW_TYPE), array(ROW_TYPE), array(ROW_TYPE)
        prefix_widths: dict[tuple[BlockKind, int, str], int] = {}
        for index in chosen:
            block = all_blocks[index]
            if index != chosen.start:
                previous_end = all_blocks[index - 1].end
                starts.append(previous_end)
                ends.append(previous_end)
                owners.append(-1)
            key = (block.kind, block.level, block.marker)
            prefix = prefix_widths.get(key)
            if prefix is None:
                first, rest = block_prefix(block, True), block_prefix(block, False)
                prefix = max(cell_len(first), cell_len(rest))
                prefix_widths[key] = prefix
            available = max(1, width - prefix)
            wrapper = _wrap_narrow if narrow[index] else _wrap_wide
            before = len(starts)
            newline = text.find("\n", block.start, block.end)
            if newline == -1:
                wrapper(text, block.start, block.end, available, starts, ends)
            else:
                # Lines keep their "\n" (drawn as a space) and are wrapped one by one.
                line_start = block.start
                while newline != -1:
                    wrapper(text, line_start, newline, available, starts, ends)
                    ends[-1] = newline + 1
                    line_start = newline + 1
                    newline = text.find("\n", line_start, block.end)
                if line_start < block.end:
                    wrapper(text, line_start, block.end, available, starts, ends)
            owners.extend([index] * (len(starts) - before))
        self.width = width
        self.rows = RowTable(starts, ends, owners)
        self._starts = self.rows.starts
        self.partial = blocks is not None and len(chosen) < len(all_blocks)
        return self.rows

    def wrap_around(
        self, width: int, offset: int, rows_wanted: int, rows_before: int = 0
    ) -> RowTable:
        """Wrap only the blocks around the one at `offset`: about `rows_before` rows before
        it, and from it on until `rows_wanted` rows exist.

        The first frame of a long article, or of one just resized, needs one screenful, not
        all of it.
        """
        blocks = self.article.blocks
        here = self.article.block_index_at(offset) or 0
        chars_per_row = max(1, max(MIN_TEXT_WIDTH, width) - 4)

        def rows_of(index: int) -> int:
            return (blocks[index].end - blocks[index].start) // chars_per_row + 2

        first, above = here, 0
        while first > 0 and above < rows_before:
            first -= 1
            above += rows_of(first)
        last, below = here, 0
        while last < len(blocks) and below < rows_wanted:
            below += rows_of(last)
            last += 1
        return self.wrap(width, range(first, last))

    def row_of(self, offset: int) -> int:
        """The index of the row showing the character at `offset`."""
        if not self.rows:
            return 0
        index = max(0, bisect_right(self._starts, offset) - 1)
        owners = self.rows.blocks
        while index > 0 and owners[index] == -1:
            index -= 1
        return index

    def rows_between(self, start: int, end: int) -> range:
        """The rows showing any character of `[start, end)`."""
        if end <= start:
            row = self.row_of(start)
            return range(row, row + 1)
        return range(self.row_of(start), self.row_of(end - 1) + 1)
