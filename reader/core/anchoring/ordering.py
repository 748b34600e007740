"""Placing quotes that have no context by their order: an app that keeps only "location
1234" still says which of two copies of "the sea" was meant, by the highlights around it."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.anchoring.matching import QuoteMatcher
from reader.core.anchoring.selectors import TextQuoteSelector

MAX_COPIES = 1_000
"""A quote repeated more often than this is not placed by order (its copies are not all seen)."""

Span = tuple[int, int]


def places_in_order(quotes: Sequence[TextQuoteSelector], text: str) -> list[Span | None]:
    """Where each quote is, for quotes given in the order they come in `text`: a quote found
    once is there; one found several times is on its only copy between the places of its
    neighbours; None where neither decides (not found, or still more than one copy)."""
    copies = [
        QuoteMatcher(quote, text).copies(MAX_COPIES + 1) if quote.exact.strip() else []
        for quote in quotes
    ]
    places: list[Span | None] = [found[0] if len(found) == 1 else None for found in copies]
    # The nearest following quote found once bounds each quote from above.
    bounds: list[int] = [len(text)] * len(quotes)
    high = len(text)
    for index in range(len(quotes) - 1, -1, -1):
        bounds[index] = high
        place = places[index]
        if place is not None:
            high = place[1]
    low = 0
    for index, found in enumerate(copies):
        if places[index] is None and 1 < len(found) <= MAX_COPIES:
            between = [span for span in found if span[0] >= low and span[1] <= bounds[index]]
            if len(between) == 1:
                places[index] = between[0]
        place = places[index]
        if place is not None:
            low = place[0]
    return places
