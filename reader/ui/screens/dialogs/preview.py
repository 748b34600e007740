"""The start of a highlight's quote, shown above a dialog's fields."""

from __future__ import annotations

from reader.ui.reading.layout import wrap_lines

QUOTE_PREVIEW_ROWS = 3
"""Rows of the quote shown above the editor."""


def quote_preview(quote: str, width: int = 62) -> str:
    """The start of a quote, wrapped to a few rows, with an ellipsis when cut."""
    lines = wrap_lines(" ".join(quote.split()), width)
    shown = lines[:QUOTE_PREVIEW_ROWS]
    text = "\n".join(shown)
    return f"“{text}{'…' if len(lines) > len(shown) else ''}”"
