"""The annotations a person should look at: those found only approximately, moved far, or
lost, and those of articles whose file is gone; grouped by article, worst first."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.core.anchoring import AnchorStatus
from reader.core.annotations import Annotation, iso_utc
from reader.core.articles.text import collapse_whitespace
from reader.core.library.library import Library
from reader.core.store import ArticleRecord

MOVED_FAR = 1500
"""An exact quote found this many characters or more from where it was made has moved far
(to another part of the article): worth a look, where a shift by an edit above it is not."""

MISSING = "missing"
"""The status of an annotation whose article's file is gone."""


@dataclass(frozen=True)
class ReviewEntry:
    """One annotation to review: how it is attached now, and what it was made on."""

    annotation: Annotation
    status: str
    """fuzzy, moved, orphan, or missing (the article's file is gone)."""
    score: float
    distance: int = 0
    """How far (in characters) a moved annotation is from where it was made."""

    @property
    def quote(self) -> str:
        """The quote as it was made."""
        return self.annotation.target.quote.exact

    @property
    def current(self) -> str:
        """The text it is attached to now ("" for an orphan)."""
        resolution = self.annotation.resolution
        if resolution is None or resolution.anchor.is_orphan or self.status == MISSING:
            return ""
        return resolution.quote


@dataclass(frozen=True)
class ReviewGroup:
    """One article's annotations to review."""

    article_id: str
    title: str
    path: Path | None
    changed: str
    """When the article's file last changed (ISO UTC; "" when unknown)."""
    missing: bool
    entries: list[ReviewEntry] = field(default_factory=list)
    last_path: str = ""
    """Where a missing article's file was last seen ("" when never)."""

    @property
    def worst(self) -> float:
        """The lowest score of its entries."""
        return min(entry.score for entry in self.entries)


def review_entry(annotation: Annotation) -> ReviewEntry | None:
    """The annotation as an entry to review, or None when its place needs no look."""
    resolution = annotation.resolution
    if not annotation.has_passage or resolution is None:
        return None
    anchor = resolution.anchor
    if anchor.status is AnchorStatus.ORPHAN:
        return ReviewEntry(annotation, "orphan", 0.0)
    distance = abs(anchor.start - annotation.target.position.start)
    same_words = collapse_whitespace(resolution.quote) == collapse_whitespace(
        annotation.target.quote.exact
    )
    if anchor.status is AnchorStatus.FUZZY:
        # The same words among other words (a paragraph moved): moved, whatever the distance.
        return ReviewEntry(annotation, "moved" if same_words else "fuzzy", anchor.score, distance)
    # Far from where it was made, however it was followed there (each edit a little way).
    if distance >= MOVED_FAR:
        return ReviewEntry(annotation, "moved", anchor.score, distance)
    return None


def _changed(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        seconds = os.stat(path).st_mtime
    except OSError:
        return ""
    return iso_utc(datetime.fromtimestamp(seconds, UTC))


def _last_path(library: Library, article_id: str) -> str:
    from reader.core.library.library import last_seen_path

    record = library.store.article(article_id)
    return last_seen_path(record) if record is not None else ""


def review_groups(library: Library, only: Collection[str] | None = None) -> list[ReviewGroup]:
    """Every article (or those of `only`) with annotations to review: orphans first, then by
    score; the articles by their worst entry. An article whose file is gone is one group of
    all its annotations (status `missing`): point it at its file to review them."""
    groups = []
    for group in library.each_group(only):
        if group.kind:
            continue  # a book or page known only from another app: nothing is broken there
        if group.missing:
            entries = [
                ReviewEntry(item, MISSING, 0.0) for item in group.annotations if item.has_passage
            ]
        else:
            entries = [found for found in map(review_entry, group.annotations) if found is not None]
        if not entries:
            continue
        entries.sort(key=lambda entry: (entry.score, entry.annotation.target.position.start))
        groups.append(
            ReviewGroup(
                group.article_id,
                group.title,
                group.path,
                _changed(group.path),
                group.missing,
                entries,
                _last_path(library, group.article_id) if group.missing else "",
            )
        )
    groups.sort(key=lambda group: (not group.missing, group.worst, group.title.casefold()))
    return groups


def review_counts(groups: Collection[ReviewGroup]) -> tuple[int, int]:
    """How many annotations there are to review, and how many of them are orphans."""
    entries = [entry for group in groups for entry in group.entries]
    return len(entries), sum(entry.status == "orphan" for entry in entries)


def review_rows(groups: Collection[ReviewGroup]) -> list[dict[str, Any]]:
    """Every entry as a JSON object (`reader review --json`)."""
    return [
        {
            "article_id": group.article_id,
            "article": group.title,
            "path": str(group.path) if group.path is not None else group.last_path or None,
            "missing": group.missing,
            "article_changed": group.changed or None,
            "annotation_id": entry.annotation.id,
            "status": entry.status,
            "score": entry.score,
            "distance": entry.distance,
            "quote": entry.quote,
            "current": entry.current if entry.status != "orphan" else None,
            "note": entry.annotation.note,
            "tags": list(entry.annotation.tags),
            "color": entry.annotation.color.value,
        }
        for group in groups
        for entry in group.entries
    ]


SIMILAR_TITLE = 0.9
"""Titles at least this alike (ignoring case and spacing) are taken for the same article's."""


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def relink_suggestions(library: Library, article_id: str, title: str) -> list[Path]:
    """Files the library has seen, there now, of articles titled (nearly) like `title`, for a
    missing article to be pointed at: the nearest title first. Only ever offered, never done."""
    from rapidfuzz import fuzz

    from reader.core.library.library import locate_file

    wanted = _title_key(title)
    if not wanted:
        return []
    found: list[tuple[float, str, Path]] = []
    with library.store.reading() as view:
        records = [record for record in view.articles() if record.id != article_id]
    for record in records:
        alike = fuzz.ratio(wanted, _title_key(record.title)) / 100
        if alike < SIMILAR_TITLE:
            continue
        path = locate_file(record)
        if path is not None:
            found.append((-alike, str(path), path))
    return [path for _, _, path in sorted(found)]


@dataclass(frozen=True)
class RelinkOffer:
    """A file that looks like the new place of an article whose file is gone."""

    article_id: str
    title: str
    highlights: int
    path: Path
    reason: str
    """Why it looks like it ("has the same title", "holds 8 of its 10 quotes")."""
    kind: str = ""
    """"book" or "page" when the offer is to adopt a source imported from another app."""
    into: str = ""
    """The article (already in the library) to move its annotations into; "" to link the
    record itself to the file."""


QUOTES_CHECKED = 20
"""Quotes of a missing article looked for in a candidate file (enough to tell)."""
MOST_QUOTES = 0.6
"""The share of them a file must hold to be offered."""
FEW_QUOTES = 0.3
"""A file the reader names holding less than this share of them is relinked only after a
yes (an article edited a lot keeps more; a mistyped path to another article, none)."""
FILES_CHECKED = 100
"""Files without highlights of their own read, at most, when no title matches."""


def checked_quotes(annotations: Iterable[Annotation]) -> list[str]:
    """Up to QUOTES_CHECKED of these annotations' quotes, whitespace collapsed (to look for)."""
    quotes = [collapse_whitespace(a.target.quote.exact) for a in annotations if a.has_passage]
    return quotes[:QUOTES_CHECKED]


def text_to_search(path: Path, texts: dict[Path, str]) -> str:
    """A file's text, whitespace collapsed, read once per offer walk (`texts` keeps it); ""
    when it cannot be read."""
    from reader.core.articles import ArticleError, load_article

    if path not in texts:
        try:
            texts[path] = collapse_whitespace(load_article(path).text)
        except (ArticleError, OSError):
            texts[path] = ""
    return texts[path]


def article_quotes(library: Library, article_id: str) -> list[str]:
    """Up to QUOTES_CHECKED of an article's quotes, whitespace collapsed (to look for)."""
    with library.store.reading() as view:
        return checked_quotes(view.read_annotations(article_id))


def quotes_held(library: Library, article_id: str, path: Path) -> tuple[int, int]:
    """How many of an article's quotes (of those checked) a file holds, and of how many: a
    relink to a file that holds few of them would make its highlights orphans."""
    from reader.core.articles import load_article
    from reader.core.articles.text import collapse_whitespace

    quotes = article_quotes(library, article_id)
    if not quotes:
        return 0, 0
    text = collapse_whitespace(load_article(path).text)
    return sum(quote in text for quote in quotes), len(quotes)


def holds_too_few(
    library: Library, article_id: str, path: Path, share: float = FEW_QUOTES
) -> tuple[int, int] | None:
    """How many of its quotes a file the reader named holds, and of how many, when that is
    less than `share` of them (relinking it then waits for a yes); None when it holds enough.
    A file that cannot be read raises ArticleError or OSError."""
    held, total = quotes_held(library, article_id, path)
    return (held, total) if total and held < share * total else None


def relink_offers(library: Library) -> list[RelinkOffer]:
    """For each annotated article whose file is gone, a known file that closely matches it:
    by title, else by holding most of its quotes. Only offers: relinking waits for a yes."""
    from reader.core.library.library import annotated_articles, locate_file

    records, order = annotated_articles(library.store)
    missing = [
        records[key] for key in order if key in records and locate_file(records[key]) is None
    ]
    if not missing:
        return []
    annotated = set(order)
    loose = [
        (record, path)
        for record in records.values()
        if record.id not in annotated and (path := locate_file(record)) is not None
    ][:FILES_CHECKED]
    offers = []
    texts: dict[Path, str] = {}
    for record in missing:
        with library.store.reading() as view:
            annotations = view.read_annotations(record.id)
        count = len(annotations)
        if record.kind:  # a book from another app: adopted by a file only if it holds its quotes
            offer = _adoption(record, annotations, loose, texts)
            if offer is not None:
                offers.append(offer)
            continue
        suggested = relink_suggestions(library, record.id, record.title)
        if suggested:
            offers.append(
                RelinkOffer(record.id, record.title, count, suggested[0], "has the same title")
            )
            continue
        quotes = checked_quotes(annotations)
        if not quotes:
            continue
        for _, path in loose:
            text = text_to_search(path, texts)
            held = sum(quote in text for quote in quotes)
            if held >= MOST_QUOTES * len(quotes):
                reason = f"holds {held} of its {len(quotes)} quotes"
                offers.append(RelinkOffer(record.id, record.title, count, path, reason))
                break
    return offers


def _adoption(
    record: ArticleRecord,
    annotations: list[Annotation],
    loose: list[tuple[ArticleRecord, Path]],
    texts: dict[Path, str],
) -> RelinkOffer | None:
    """A file to adopt a book or page imported from another app: one named as it (by URL,
    or title and author) that holds most of its quotes. Never by title alone: a book's
    highlights attached to another edition's words would be attached to the wrong ones."""
    from reader.core.imports.sources import same_source

    quotes = checked_quotes(annotations)
    for candidate, path in loose:
        named = same_source(
            record.source,
            record.title,
            record.author,
            candidate.source,
            candidate.title,
            candidate.author,
        )
        if not named:
            continue
        text = text_to_search(path, texts)
        held = sum(quote in text for quote in quotes)
        if held >= MOST_QUOTES * len(quotes):
            reason = f"has {named} and holds {held} of its {len(quotes)} quotes"
            return RelinkOffer(record.id, record.title, len(annotations), path, reason, record.kind)
    return None
