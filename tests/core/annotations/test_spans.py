"""The span index: text order, overlap queries, and one-at-a-time changes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotations import Color, Match, Span, SpanIndex


def _span(start: int, end: int, name: str = "a", color: Color = Color.YELLOW) -> Span:
    return Span(start, end, name, color)


def test_spans_are_kept_in_text_order() -> None:
    """Spans come out by start, the longer of two with one start first."""
    index = SpanIndex([_span(10, 12, "c"), _span(0, 5, "a"), _span(0, 9, "b")])
    assert [span.id for span in index] == ["b", "a", "c"]
    index.add(_span(3, 4, "d"))
    assert [span.id for span in index] == ["b", "a", "d", "c"]


def test_overlapping_finds_spans_that_share_a_character() -> None:
    """A span ending where the range starts does not overlap it; a long earlier one does."""
    index = SpanIndex([_span(0, 100, "long"), _span(10, 20, "x"), _span(20, 30, "y")])
    assert [span.id for span in index.overlapping(20, 21)] == ["long", "y"]
    assert [span.id for span in index.overlapping(100, 200)] == []


def test_containing_is_shortest_first() -> None:
    """The span "under" an offset is the shortest one containing it."""
    index = SpanIndex([_span(0, 100, "long"), _span(10, 20, "short")])
    assert [span.id for span in index.containing(15)] == ["short", "long"]
    assert index.containing(150) == []


def test_first_after_and_last_before() -> None:
    """Next and previous highlight are found by their starts."""
    index = SpanIndex([_span(5, 8, "a"), _span(20, 30, "b"), _span(20, 25, "c")])
    assert index.first_after(5) == _span(20, 30, "b")
    assert index.first_after(20) is None
    assert index.last_before(20) == _span(5, 8, "a")
    assert index.last_before(21) == _span(20, 30, "b")  # of two starting there, the longer
    assert index.last_before(5) is None


def test_discard_removes_exactly_that_span() -> None:
    """Discarding takes out one span and reports whether it was there."""
    a, b = _span(0, 5, "a"), _span(0, 5, "b")
    index = SpanIndex([a, b])
    assert index.discard(a) and not index.discard(a)
    assert list(index) == [b]


def test_matches_need_no_id() -> None:
    """Search matches are spans too."""
    index: SpanIndex[Match] = SpanIndex([Match(9, 12), Match(1, 3)])
    assert list(index) == [Match(1, 3), Match(9, 12)]
    assert index.overlapping(10, 11) == [Match(9, 12)]


ranges = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 15)), max_size=25)


@given(ranges, st.integers(0, 80), st.integers(1, 10))
def test_overlapping_agrees_with_a_scan(
    pairs: list[tuple[int, int]], start: int, size: int
) -> None:
    """Whatever the spans, the bisection finds exactly what a scan of all of them finds."""
    spans = [_span(low, low + length, f"s{n}") for n, (low, length) in enumerate(pairs)]
    index = SpanIndex(spans[: len(spans) // 2])
    for span in spans[len(spans) // 2 :]:
        index.add(span)
    expected = sorted(
        (span for span in spans if span.start < start + size and span.end > start),
        key=lambda span: (span.start, -span.end, span.id),
    )
    assert index.overlapping(start, start + size) == expected
