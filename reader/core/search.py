"""Finding words in text, ignoring case and how the words are spaced."""

from __future__ import annotations

import re

MAX_MATCHES = 10_000
"""More matches than this are not marked (the count says so)."""


def pattern_for(query: str) -> re.Pattern[str] | None:
    """A pattern matching the query's words in order, any whitespace between; None if empty."""
    words = query.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def find_all(text: str, query: str, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """`[start, end)` of each match of `query` in `text`, in order, at most `limit`."""
    pattern = pattern_for(query)
    if pattern is None:
        return []
    found: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        found.append(match.span())
        if len(found) >= limit:
            break
    return found
