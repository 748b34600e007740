"""Search matches in the article: found, the current one, and where `n` and `N` go."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.annotations import MAX_MATCHES, Match, SpanIndex, find_all


class Matches:
    """The matches of the search in progress (in text order) and the one the reader is on."""

    def __init__(self) -> None:
        self.spans: SpanIndex[Match] = SpanIndex()
        """Every match, for drawing."""
        self.current: Match | None = None
        """The match the cursor was put on last."""

    @property
    def all(self) -> Sequence[Match]:
        """Every match, in text order."""
        return self.spans.spans

    def find(self, text: str, query: str) -> None:
        """Look for `query` in `text` (words in order, case and spacing ignored)."""
        self.set(find_all(text, query))

    def set(self, found: Sequence[tuple[int, int]]) -> None:
        """Take these ranges as the matches; none is current."""
        self.spans = SpanIndex(Match(start, end) for start, end in found)
        self.current = None

    def first_from(self, cursor: int) -> Match | None:
        """The match at or after the cursor (the first one when none follows)."""
        matches = self.all
        if not matches:
            return None
        return next((match for match in matches if match.start >= cursor), matches[0])

    def step(self, cursor: int, step: int) -> Match | None:
        """The match `step` (1 or -1) away, wrapping: from the current one when the cursor is
        still on it, else the first one after (or before) the cursor."""
        matches = self.all
        if not matches:
            return None
        current = self.current
        if current is not None and current.start == cursor and current in matches:
            return matches[(self.spans.index(current) + step) % len(matches)]
        if step > 0:
            return next((match for match in matches if match.start > cursor), matches[0])
        earlier = [match for match in matches if match.start < cursor]
        return earlier[-1] if earlier else matches[-1]

    def status(self, query: str) -> str:
        """The header's words: "3/12 matches", "no match", or nothing."""
        matches = self.all
        if not matches:
            return "no match" if query.strip() else ""
        current = self.current
        position = f"{self.spans.index(current) + 1}/" if current in matches and current else ""
        more = "+" if len(matches) >= MAX_MATCHES else ""
        return f"{position}{len(matches)}{more} matches"
