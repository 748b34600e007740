"""Repairs a person makes to an annotation's place: confirm it, move it, or detach it.

Each keeps the note, tags, colour and times, and puts the passage it replaces in the
annotation's `former` history, so that nothing it was attached to is forgotten.
"""

from __future__ import annotations

from dataclasses import replace

from reader.core.anchoring import (
    ORPHAN,
    Anchor,
    AnchorStatus,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
    make_target,
)
from reader.core.annotations.model import Annotation, FormerQuote, Resolution, resolution_at
from reader.core.articles import Article
from reader.core.articles.words import whole_words


def _former(annotation: Annotation, when: str, why: str) -> tuple[FormerQuote, ...]:
    quote = annotation.target.quote
    made = FormerQuote(
        quote.exact, quote.prefix, quote.suffix, annotation.target.text_hash, when, why
    )
    return (*annotation.former, made)


def attached(
    annotation: Annotation, article: Article, start: int, end: int, when: str, why: str
) -> Annotation:
    """The annotation confirmed on `article.text[start:end]`: exact from now on."""
    target = make_target(article.text, start, end, article.hash)
    anchor = Anchor(AnchorStatus.EXACT, start, end, 1.0)
    return replace(
        annotation,
        target=target,
        resolution=resolution_at(article.text, article.hash, anchor),
        former=_former(annotation, when, why),
    )


def reattached(
    annotation: Annotation, article: Article, start: int, end: int, when: str
) -> Annotation | None:
    """The annotation moved to the passage `[start, end)` grown to whole words (None when
    there are no words there)."""
    span = whole_words(article.text, max(0, start), min(end, len(article.text)))
    if span is None:
        return None
    return attached(annotation, article, *span, when, "re-attached")


def accepted(annotation: Annotation, article: Article, anchor: Anchor, when: str) -> Annotation:
    """The annotation confirmed where `anchor` (its current place, or a candidate) is."""
    return attached(annotation, article, anchor.start, anchor.end, when, "accepted")


def detached(annotation: Annotation, when: str) -> Annotation:
    """The annotation kept as a note on the whole article, with no passage."""
    hash_ = annotation.resolution.text_hash if annotation.resolution else ""
    return replace(
        annotation,
        target=Target(
            TextQuoteSelector(""), TextPositionSelector(0, 0), annotation.target.text_hash
        ),
        resolution=Resolution(hash_, ORPHAN, ""),
        former=_former(annotation, when, "detached"),
    )
