"""The article's minimap: a column beside the scrollbar marking where the highlights are.

Each screen row stands for an equal share of the article's rows; it shows the mark of the
first highlight in that share, in its colour (and its shape, so it reads without colour).
No reader we know of has one; it makes a long article's highlights findable at a glance.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.annotations import Color, Span, SpanIndex
from reader.ui.reading.layout import Row

WIDTH = 1
"""Cells the minimap takes at the right of the article's rows."""


def marks(rows: Sequence[Row], spans: SpanIndex[Span], height: int) -> list[Color | None]:
    """The colour shown on each of `height` screen rows (None: no highlight there)."""
    if not rows or height <= 0 or not len(spans):
        return [None] * max(0, height)
    shown: list[Color | None] = []
    total = len(rows)
    for y in range(height):
        first = y * total // height
        last = max(first + 1, (y + 1) * total // height)
        start, end = rows[first].start, rows[min(last, total) - 1].end
        found = spans.overlapping(start, max(end, start + 1))
        shown.append(found[0].color if found else None)
    return shown


def row_for(y: int, height: int, total: int) -> int:
    """The article row a click on screen row `y` of the minimap stands for."""
    if height <= 0 or total <= 0:
        return 0
    return min(total - 1, y * total // height)
