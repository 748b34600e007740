"""A span index: ranges of the text kept sorted, found by bisection, changed one at a time.

It holds highlights (for the session and the article view) and search matches. A change
costs a bisection and one list insertion, not a sort of everything.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, NamedTuple, TypeVar

from reader.core.annotations.model import Color


class Span(NamedTuple):
    """A highlighted range `[start, end)` of the text, the annotation it shows and its colour."""

    start: int
    end: int
    id: str
    color: Color


class Match(NamedTuple):
    """A search match `[start, end)` of the text."""

    start: int
    end: int


S = TypeVar("S", Span, Match)


def _order(span: Span | Match) -> tuple[int, int, str]:
    """Text order: by start, the longer first, then by id (so the order is total)."""
    return (span.start, -span.end, getattr(span, "id", ""))


class SpanIndex(Generic[S]):
    """Spans in text order, with the queries the reading screen needs."""

    def __init__(self, spans: Iterable[S] = ()) -> None:
        self._spans: list[S] = sorted(spans, key=_order)
        self._keys = [_order(span) for span in self._spans]
        self._longest = max((span.end - span.start for span in self._spans), default=0)

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[S]:
        return iter(self._spans)

    def __getitem__(self, index: int) -> S:
        return self._spans[index]

    @property
    def spans(self) -> Sequence[S]:
        """Every span, in text order."""
        return self._spans

    def index(self, span: S) -> int:
        """The position of `span` in text order (ValueError when it is not held)."""
        position = bisect_left(self._keys, _order(span))
        if position < len(self._spans) and self._spans[position] == span:
            return position
        raise ValueError(f"{span} is not in the index")

    def add(self, span: S) -> None:
        """Insert one span in its place."""
        key = _order(span)
        position = bisect_left(self._keys, key)
        self._keys.insert(position, key)
        self._spans.insert(position, span)
        self._longest = max(self._longest, span.end - span.start)

    def discard(self, span: S) -> bool:
        """Remove one span; False when it was not there."""
        try:
            position = self.index(span)
        except ValueError:
            return False
        del self._spans[position]
        del self._keys[position]
        return True

    def overlapping(self, start: int, end: int) -> list[S]:
        """Spans that share at least one character with `[start, end)`, in text order."""
        if not self._spans:
            return []
        low = bisect_left(self._keys, (start - self._longest,))
        high = bisect_left(self._keys, (end,))
        return [span for span in self._spans[low:high] if span.end > start]

    def containing(self, offset: int) -> list[S]:
        """Spans containing `offset`, shortest first."""
        found = self.overlapping(offset, offset + 1)
        return sorted(found, key=lambda span: (span.end - span.start, _order(span)))

    def first_after(self, offset: int) -> S | None:
        """The first span that starts after `offset`."""
        position = bisect_left(self._keys, (offset + 1,))
        return self._spans[position] if position < len(self._spans) else None

    def last_before(self, offset: int) -> S | None:
        """The last span (in text order) that starts before `offset`."""
        position = bisect_left(self._keys, (offset,))
        if position == 0:
            return None
        start = self._spans[position - 1].start
        # Of the spans starting there, the first in text order (the longest) is the one to visit.
        first = bisect_left(self._keys, (start,))
        return self._spans[first]
