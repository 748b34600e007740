"""One article's annotations with what export and listing need to know of the article."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.core.annotations.model import Annotation


@dataclass(frozen=True)
class ArticleAnnotations:
    """One article's annotations, each with its current resolution."""

    article_id: str
    title: str
    path: Path | None
    text_hash: str
    annotations: tuple[Annotation, ...]
    missing: bool = False
    """True when no file of the article could be read: annotations show their last resolution."""
    author: str = ""
    source: str = ""
    date: str = ""
    """The article's own date, as its metadata gave it."""
    kind: str = ""
    """"book" or "page" for a source known only from another app's export (no file)."""
    identifiers: tuple[tuple[str, str], ...] = ()
    """Its ids where it came from (ASIN, KOReader's partial MD5, URL)."""
