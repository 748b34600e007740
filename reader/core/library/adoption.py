"""Adopting a book or page imported from another app into the library article it surely
is: offered only on a strong key and most of its quotes, its highlights then found in the
article's text."""

from __future__ import annotations

from dataclasses import replace

from reader.core.anchoring import Target, TextPositionSelector
from reader.core.annotations.source_facts import source_order
from reader.core.articles import Article
from reader.core.articles.text import collapse_whitespace
from reader.core.imports.sources import same_source
from reader.core.library.foreign_places import ordered_places, placed_import
from reader.core.library.importing import separate_in_article
from reader.core.library.review import MOST_QUOTES, RelinkOffer, checked_quotes
from reader.core.store import AnnotationStore


def adoption_offers_for(store: AnnotationStore, article: Article) -> list[RelinkOffer]:
    """Books and pages imported from other apps that this article surely is: named as it (URL,
    or title and author) and with most of their quotes in its text. Only offers."""
    # Asked of every article opened: only the records of imported sources are looked at.
    with store.reading() as view:
        sources = sorted(
            (record for record in view.articles() if record.kind and record.id != article.id),
            key=lambda record: (record.title.casefold(), record.id),
        )
    text: str | None = None
    offers = []
    for record in sources:
        named = same_source(
            record.source,
            record.title,
            record.author,
            article.source,
            article.title,
            article.author,
        )
        if not named or article.path is None:
            continue
        with store.reading() as view:
            annotations = view.read_annotations(record.id)
        quotes = checked_quotes(annotations)
        if not quotes:
            continue  # nothing to check the name against: never adopted on a name alone
        text = collapse_whitespace(article.text) if text is None else text
        held = sum(quote in text for quote in quotes)
        if held >= MOST_QUOTES * len(quotes):
            reason = f"has {named} and holds {held} of its {len(quotes)} quotes"
            offers.append(
                RelinkOffer(
                    record.id,
                    record.title,
                    len(annotations),
                    article.path,
                    reason,
                    record.kind,
                    into=article.id,
                )
            )
    return offers


def adopt_source(store: AnnotationStore, source_id: str, article: Article) -> int:
    """Move a book's (or page's) imported annotations into an article of the library, anchored
    in its text (those not found there are orphans, never put on other words), in one write;
    its later imports follow. How many moved."""
    with store.writing() as tx:
        moved = tx.annotations(source_id)
        entries = [
            (source_order(item), item.id, item.target.quote) for item in moved if item.has_passage
        ]
        places = ordered_places(entries, article)
        for annotation in moved:
            annotation = replace(annotation, article_id=article.id, resolution=None)
            if (place := places.get(annotation.id)) is not None:
                target = Target(annotation.target.quote, TextPositionSelector(*place), "")
                annotation = replace(annotation, target=target)
            tx.put(placed_import(annotation, article))
        known = tx.import_source(source_id)
        if known is not None and known.get("article_id") != article.id:
            tx.put_import_source(source_id, {**known, "article_id": article.id})
        separate_in_article(tx, article)
    return len(moved)
