"""Where imported highlights go in an article's text: by their words (and context), by the
order their app had them in when a quote is repeated, never by guessing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from reader.core.anchoring import (
    ORPHAN,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
    places_in_order,
)
from reader.core.anchoring.matching import QuoteMatcher
from reader.core.anchoring.ordering import MAX_COPIES
from reader.core.annotations import Annotation, Resolution, resolution_for
from reader.core.articles import Article
from reader.core.imports import Foreign

Span = tuple[int, int]


def foreign_target(item: Foreign, places: dict[str, Span]) -> Target:
    """An imported item's target: at the place its source's order decided, else with the
    source app's own offset only as a hint."""
    quote = TextQuoteSelector(item.quote, item.prefix, item.suffix)
    if (place := places.get(item.annotation_id)) is not None:
        return Target(quote, TextPositionSelector(*place), "")
    hint = item.position_hint if item.position_hint is not None else 0
    # The source app's offsets count its own text, not this one: a hint to break ties
    # between repeated quotes, with no text hash, so never taken as a position.
    return Target(quote, TextPositionSelector(hint, hint), "")


def ordered_places(
    entries: Sequence[tuple[tuple[Any, ...], str, TextQuoteSelector]], article: Article | None
) -> dict[str, Span]:
    """The places a source's order decides (its highlights sorted as its app had them) for
    quotes it gives no context for, by annotation id."""
    if article is None:
        return {}
    ordered = sorted(entries, key=lambda entry: entry[0])
    spans = places_in_order([quote for _, _, quote in ordered], article.text)
    return {
        annotation_id: span
        for (_, annotation_id, quote), span in zip(ordered, spans, strict=True)
        if span is not None and not (quote.prefix or quote.suffix)
    }


def nearest_clearly(item: Foreign, text: str) -> Span | None:
    """The copy of a repeated quote that the source app's own offset points at (Hypothesis
    counts the page's text, not this one: only a copy clearly nearest it, at less than half
    the distance of the next, is taken)."""
    hint = item.position_hint or 0
    copies = QuoteMatcher(TextQuoteSelector(item.quote), text).copies(MAX_COPIES + 1)
    if len(copies) < 2 or len(copies) > MAX_COPIES:
        return None
    nearest, second = sorted(copies, key=lambda span: abs(span[0] - hint))[:2]
    return nearest if 2 * abs(nearest[0] - hint) < abs(second[0] - hint) else None


def placed_import(annotation: Annotation, article: Article | None) -> Annotation:
    """An imported annotation placed: a note on the whole source has no place; with no file,
    its quote is what is read and exported; else it is looked for by its words (and context),
    and where it is found is its place from then on, as if it had been made there."""
    if not annotation.has_passage:
        return replace(annotation, resolution=None)
    if article is None:
        return replace(annotation, resolution=unread_place(annotation.target))
    probe = resolution_for(replace(annotation, resolution=None), article)
    if probe.anchor.is_orphan:
        return replace(annotation, resolution=probe)
    # The source app's offsets were only a hint: the place found is the place (with the
    # text hash left empty, it is still judged by its words whenever the text changes).
    place = TextPositionSelector(probe.anchor.start, probe.anchor.end)
    annotation = replace(annotation, target=Target(annotation.target.quote, place, ""))
    return replace(annotation, resolution=resolution_for(annotation, article))


def unread_place(target: Target) -> Resolution:
    """Where a quote with no text to be found in is: nowhere, known by its words."""
    quote = target.quote
    return Resolution("", ORPHAN, quote.exact, quote.prefix, quote.suffix)
