"""Placing an annotation in an article's current text, keeping the last result when unchanged."""

from __future__ import annotations

from reader.core.anchoring import ORPHAN, resolve
from reader.core.annotations.model import Annotation, Resolution, resolution_at
from reader.core.articles import Article


def resolution_for(annotation: Annotation, article: Article) -> Resolution:
    """Where `annotation` sits in `article` now: the stored result if the text is unchanged."""
    cached = annotation.resolution
    if cached is not None and cached.text_hash == article.hash:
        return cached
    anchor = resolve(annotation.target, article.text, article.hash)
    if anchor.is_orphan:
        # An orphan keeps the last quote it was known by, and the context it had then.
        last = annotation.resolution
        quote = last.quote if last is not None and last.quote else annotation.target.quote.exact
        prefix = last.prefix if last is not None else annotation.target.quote.prefix
        suffix = last.suffix if last is not None else annotation.target.quote.suffix
        return Resolution(article.hash, ORPHAN, quote, prefix, suffix)
    return resolution_at(article.text, article.hash, anchor)
