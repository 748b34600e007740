"""Placing an annotation in an article's current text, keeping the last result when unchanged."""

from __future__ import annotations

from dataclasses import replace

from reader.core.anchoring import (
    ORPHAN,
    Anchor,
    AnchorStatus,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
    resolve,
)
from reader.core.annotations.model import Annotation, Resolution, resolution_at
from reader.core.articles import Article


def resolution_for(annotation: Annotation, article: Article) -> Resolution:
    """Where `annotation` sits in `article` now: the stored result if the text is unchanged."""
    cached = annotation.resolution
    if cached is not None and cached.text_hash == article.hash:
        return cached
    anchor = resolve(annotation.target, article.text, article.hash)
    latest = _from_last_place(annotation, article)
    if latest is not None and (anchor.is_orphan or latest.score > anchor.score):
        anchor = latest
    if anchor.is_orphan:
        # An orphan keeps the last quote it was known by, and the context it had then.
        last = annotation.resolution
        quote = last.quote if last is not None and last.quote else annotation.target.quote.exact
        prefix = last.prefix if last is not None else annotation.target.quote.prefix
        suffix = last.suffix if last is not None else annotation.target.quote.suffix
        return Resolution(article.hash, ORPHAN, quote, prefix, suffix)
    return resolution_at(article.text, article.hash, anchor)


def _from_last_place(annotation: Annotation, article: Article) -> Anchor | None:
    """The annotation looked for as it was last found (the latest selectors), not only as it
    was made: a passage edited twice, a little each time, is followed from edit to edit.

    A place reached from a fuzzy one stays fuzzy, with the lower score: following the chain
    never turns an approximate match into a confident one.
    """
    last = annotation.resolution
    if last is None or last.anchor.is_orphan or not last.quote.strip():
        return None
    if last.quote == annotation.target.quote.exact and last.anchor.status is AnchorStatus.EXACT:
        return None  # the latest place is the original one: nothing new to try
    target = Target(
        TextQuoteSelector(last.quote, last.prefix, last.suffix),
        TextPositionSelector(last.anchor.start, last.anchor.end),
        "",
    )
    found = resolve(target, article.text, article.hash)
    if found.is_orphan:
        return None
    if last.anchor.status is AnchorStatus.FUZZY:
        return Anchor(
            AnchorStatus.FUZZY, found.start, found.end, min(found.score, last.anchor.score)
        )
    return found


def orphaned(annotation: Annotation, text_hash: str) -> Resolution:
    """An orphan's resolution: no place in the text, its quote and context as it was made."""
    quote = annotation.target.quote
    return Resolution(text_hash, ORPHAN, quote.exact, quote.prefix, quote.suffix)


def separate_occurrences(annotations: list[Annotation]) -> list[Annotation]:
    """No two annotations made on different occurrences share one passage: where they land
    on overlapping text, the one found best keeps it (an exact one always: its place was
    checked), and the others become orphans (a refrain, one copy highlighted twice, one copy
    cut: the cut copy's highlight never piles onto the survivor, fuzzy or moved)."""
    placed = [
        item
        for item in annotations
        if item.resolution is not None and not item.resolution.anchor.is_orphan
    ]
    if len(placed) < 2:
        return annotations

    def rank(item: Annotation) -> tuple[bool, float, int]:
        anchor = item.resolution.anchor  # type: ignore[union-attr]
        return (
            anchor.status is AnchorStatus.EXACT,
            anchor.score,
            -abs(anchor.start - item.target.position.start),  # nearer where it was made
        )

    result = []
    for item in annotations:
        resolution = item.resolution
        if resolution is not None and resolution.anchor.status in _MAY_YIELD:
            anchor = resolution.anchor
            for other in placed:
                there = other.resolution.anchor  # type: ignore[union-attr]
                made_apart = (
                    other.target.position.end <= item.target.position.start
                    or item.target.position.end <= other.target.position.start
                )
                overlap = there.start < anchor.end and anchor.start < there.end
                if made_apart and overlap and rank(other) > rank(item):
                    item = replace(item, resolution=orphaned(item, resolution.text_hash))
                    break
        result.append(item)
    return result


_MAY_YIELD = (AnchorStatus.MOVED, AnchorStatus.FUZZY)
"""Statuses whose place another annotation's better claim can take (an exact one's cannot)."""
