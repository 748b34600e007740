"""The navigator: the cursor, the selection's anchor, the goal column, and every motion.

It works in canonical-text offsets over an article and its wrapped layout, and knows nothing
of widgets: the article view asks it where a key goes, then draws and scrolls.
"""

from __future__ import annotations

from bisect import bisect_right

from rich.cells import cell_len, get_character_cell_size

from reader.core.articles import Article
from reader.core.articles.words import next_token, previous_token, token_end
from reader.ui.reading.layout import ArticleLayout, Row

MOTIONS = frozenset(
    {
        "left",
        "right",
        "word_next",
        "word_previous",
        "word_end",
        "sentence_next",
        "sentence_previous",
        "paragraph_next",
        "paragraph_previous",
        "top",
        "bottom",
    }
)
"""The motions keys can name (each a method from an offset to an offset)."""


class Navigator:
    """Where the cursor is, where a selection started, and where each motion leads."""

    def __init__(self, article: Article, layout: ArticleLayout, cursor: int = 0) -> None:
        self.article = article
        self.layout = layout
        self._block_starts = [block.start for block in article.blocks]
        self.cursor = self.clamp(cursor)
        """The offset of the character under the cursor."""
        self.anchor: int | None = None
        """Where the selection in progress started (None: none in progress)."""
        self.fixed: tuple[int, int] | None = None
        """A selection that was ended (`v` again, a double click): it stays as it is while the
        cursor moves, until it is used or cancelled."""
        self.goal_cells: int | None = None
        """The column up and down moves aim for (kept across short rows)."""

    # State ---------------------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected `[start, end)` (in progress: the cursor's character included), or None."""
        if self.fixed is not None:
            return self.fixed
        if self.anchor is None:
            return None
        start, end = sorted((self.anchor, self.cursor))
        return start, self.clamp_end(end + 1)

    def place(self, offset: int, keep_goal: bool = False) -> None:
        """Put the cursor on `offset` (a selection in progress follows it)."""
        self.cursor = offset
        if not keep_goal:
            self.goal_cells = None

    def select(self, start: int, end: int) -> bool:
        """Select `[start, end)`; the cursor goes to its last character (False if empty)."""
        start, end = self.clamp(start), self.clamp_end(end)
        self.fixed = None
        if end <= start:
            self.anchor = None
            return False
        self.anchor = start
        self.place(self.clamp(end - 1))
        return True

    def end_selection(self) -> None:
        """Keep the selection in progress as it is: the cursor moves on without it."""
        self.fixed, self.anchor = self.selection, None

    def clear(self) -> None:
        """No selection."""
        self.anchor = self.fixed = None

    # Positions -----------------------------------------------------------------------------

    def clamp(self, offset: int) -> int:
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

    def clamp_end(self, end: int) -> int:
        """An end offset kept inside the text."""
        return max(0, min(end, len(self.article.text)))

    def step(self, offset: int, direction: int) -> int:
        """The next character in reading order, crossing from one block to the next."""
        blocks = self.article.blocks
        index = self.article.block_index_at(offset)
        if index is None:
            return self.clamp(offset)
        target = offset + direction
        if blocks[index].start <= target < blocks[index].end:
            return target
        if direction > 0 and index + 1 < len(blocks):
            return blocks[index + 1].start
        if direction < 0 and index > 0:
            return blocks[index - 1].end - 1
        return offset

    def word_next(self, offset: int) -> int | None:
        """The start of the next word ("(AP)" and "1." are one stop each)."""
        found = next_token(self.article.text, offset)
        return self.clamp(found) if found is not None else None

    def word_previous(self, offset: int) -> int | None:
        """The start of this word, or of the previous one when already there."""
        found = previous_token(self.article.text, offset)
        return self.clamp(found) if found is not None else None

    def word_end(self, offset: int) -> int | None:
        """The last letter of this word, or of the next one when already there (vim's `e`)."""
        found = token_end(self.article.text, offset)
        return self.clamp(found) if found is not None else None

    def _sentence_starts_around(self, offset: int) -> tuple[int | None, int | None]:
        """The sentence start before `offset` and the next one after it."""
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

    def sentence_next(self, offset: int) -> int | None:
        """The start of the next sentence."""
        return self._sentence_starts_around(offset)[1]

    def sentence_previous(self, offset: int) -> int | None:
        """The start of this sentence, or of the previous one when already there."""
        return self._sentence_starts_around(offset)[0]

    def paragraph_next(self, offset: int) -> int | None:
        """The start of the next block."""
        index = self.article.block_index_at(offset)
        if index is not None and index + 1 < len(self.article.blocks):
            return self.article.blocks[index + 1].start
        return None

    def paragraph_previous(self, offset: int) -> int | None:
        """The start of this block, or of the previous one when already there."""
        index = self.article.block_index_at(offset)
        if index is None:
            return None
        block = self.article.blocks[index]
        if offset > block.start:
            return block.start
        return self.article.blocks[index - 1].start if index > 0 else None

    def top(self, offset: int = 0) -> int:
        """The first character of the article."""
        return self.clamp(0)

    def bottom(self, offset: int = 0) -> int:
        """The last character of the article."""
        return self.clamp(len(self.article.text))

    def left(self, offset: int) -> int:
        """The character before, in reading order."""
        return self.step(offset, -1)

    def right(self, offset: int) -> int:
        """The character after, in reading order."""
        return self.step(offset, 1)

    def motion(self, name: str, offset: int) -> int | None:
        """Where the motion called `name` goes from `offset` (None: nowhere to go)."""
        if name not in MOTIONS:
            raise ValueError(f"no motion called {name!r}")
        found: int | None = getattr(self, name)(offset)
        return found

    # Rows ----------------------------------------------------------------------------------

    def cells_before(self, row: Row, offset: int) -> int:
        """Cells from a row's start to `offset`."""
        return cell_len(self.article.text[row.start : offset].replace("\n", " "))

    def offset_at_cells(self, row: Row, cells: int) -> int:
        """The character of a row at `cells` cells from its start (its last one if past it)."""
        used = 0
        for position in range(row.start, row.end):
            width = get_character_cell_size(self.article.text[position])
            if used + width > cells:
                return position
            used += width
        return max(row.start, row.end - 1)

    def on_row(self, index: int, downward: bool) -> int:
        """The cursor's place on row `index` (blank rows skipped), at the goal column.

        The goal column is remembered from where the first of a run of vertical moves began.
        """
        rows = self.layout.rows
        index = max(0, min(index, len(rows) - 1))
        step = 1 if downward else -1
        while 0 <= index < len(rows) and rows[index].block == -1:
            index += step
        if not 0 <= index < len(rows):
            index -= step
            while rows[index].block == -1:
                index -= step
        if self.goal_cells is None:
            current = rows[self.layout.row_of(self.cursor)]
            self.goal_cells = self.cells_before(current, self.cursor)
        return self.offset_at_cells(rows[index], self.goal_cells)

    def rows_away(self, rows: int) -> int:
        """The cursor's place `rows` rows down (negative: up)."""
        return self.on_row(self.layout.row_of(self.cursor) + rows, downward=rows > 0)
