"""Questions about the whole library, asked alike by the app and the command line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.core.annotations import Annotation, fields_matcher, reading_key
from reader.core.library.library import annotated_articles, locate_file
from reader.core.store import AnnotationStore


@dataclass(frozen=True)
class Hit:
    """An annotation with its article's title and where the article's file is now."""

    annotation: Annotation
    article_title: str
    path: Path | None
    """The article's file, None when it is gone."""


def search_library(store: AnnotationStore, query: str) -> Iterator[Hit]:
    """The annotations matching `query` (words in order, or `#tag`), by article title and in
    reading order, found one article at a time: only the matches are built and kept."""
    test = fields_matcher(query)
    if test is None:
        return
    records, order = annotated_articles(store)
    for article_id in order:
        with store.reading() as view:
            found = view.read_annotations(article_id, test)
        if not found:
            continue
        record = records.get(article_id)
        title = record.title if record is not None else article_id
        path = locate_file(record)
        for annotation in sorted(found, key=reading_key):
            yield Hit(annotation, title, path)
