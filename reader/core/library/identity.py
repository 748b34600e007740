"""Article identity: a rename or move keeps the id (same text), so does an edit (same path)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reader.core.articles import Article
from reader.core.store import ArticleRecord, Transaction


def identify(
    view: Transaction, article: Article, preferred_id: str = ""
) -> tuple[str, ArticleRecord | None]:
    """The stable id `article` has (or would get), and the record whose path it takes over.

    Same text at a new path keeps its id (a rename or move); new text at a known path
    keeps the id of the article that was there (an edit), so its annotations follow.
    """
    path = str(article.path) if article.path is not None else ""
    by_path = view.article_for_path(path) if path else None
    by_hash = view.article_for_hash(article.hash)
    if by_path is not None and by_path.hash == article.hash:
        return by_path.id, None
    if by_hash is not None:
        return by_hash.id, by_path
    if by_path is not None:
        return by_path.id, None
    renamed = _saved_in_another_format(view, article)
    if renamed is not None:
        return renamed.id, None
    if preferred_id and view.article_doc(preferred_id) is None:
        return preferred_id, None
    return _fresh_article_id(view, article), None


def register(
    tx: Transaction, article: Article, stat: tuple[int, int] | None = None, preferred_id: str = ""
) -> Article:
    """Record an article and the (size, mtime_ns) of its file; returns it with its stable id.

    `preferred_id` is the id to give an article the store has never seen (an import keeps
    the id the annotations were exported with).
    """
    article_id, previous_owner = identify(tx, article, preferred_id)
    path = str(article.path) if article.path is not None else ""
    if previous_owner is not None:
        _forget_path(tx, previous_owner.id, path)
    return _record(tx, article_id, article, stat)


def relink(tx: Transaction, article_id: str, article: Article, stat: tuple[int, int]) -> Article:
    """Point a known article at a file (moved, or edited while it was away): its annotations
    follow it and are re-anchored when it is opened. Another article that had this path
    without annotations gives it up; one with annotations keeps it (ValueError)."""
    path = str(article.path) if article.path is not None else ""
    other = tx.article_for_path(path) if path else None
    if other is not None and other.id != article_id:
        if tx.annotations(other.id):
            raise ValueError(f"{path} is already the article “{other.title}”, with annotations")
        _forget_path(tx, other.id, path)
    return _record(tx, article_id, article, stat)


def _record(
    tx: Transaction, article_id: str, article: Article, stat: tuple[int, int] | None
) -> Article:
    path = str(article.path) if article.path is not None else ""
    doc = tx.article_doc(article_id)
    record: dict[str, Any] = dict(doc) if doc is not None else {"id": article_id, "added": tx.now()}
    paths = dict(record.get("paths", {}))
    if path and stat is not None:
        size, mtime_ns = stat
        paths[path] = {
            "size": size,
            "mtime_ns": mtime_ns,
            "hash": article.hash,
            "title": article.title,
        }
    record.update(
        title=article.title,
        hash=article.hash,
        format=article.format,
        # A book adopted by its file keeps the author and source its import gave, unless the
        # file names its own.
        author=article.author or record.get("author", ""),
        source=article.source or record.get("source", ""),
        date=article.date,
        paths=paths,
    )
    if paths:
        record.pop("kind", None)  # it has a file now: an article like any other
    if record != doc:
        tx.put_article_doc(article_id, record)
    return replace(article, id=article_id)


def _saved_in_another_format(view: Transaction, article: Article) -> ArticleRecord | None:
    """The article this file was before it was saved in another format (`notes.html` saved
    as `notes.md`): same folder and name, another article suffix, its old file gone. Its
    annotations follow and are re-anchored, instead of being left with a missing article."""
    if article.path is None:
        return None
    from reader.core.articles import ARTICLE_SUFFIXES

    for suffix in ARTICLE_SUFFIXES:
        if suffix == article.path.suffix.lower():
            continue
        for candidate in {
            article.path.with_suffix(suffix),
            article.path.with_suffix(suffix.upper()),
        }:
            record = view.article_for_path(str(candidate))
            if record is not None and not candidate.exists():
                return record
    return None


def _fresh_article_id(view: Transaction, article: Article) -> str:
    if view.article_doc(article.id) is None:
        return article.id
    counter = 2
    while view.article_doc(f"{article.id}-{counter}") is not None:
        counter += 1
    return f"{article.id}-{counter}"


def _forget_path(tx: Transaction, article_id: str, path: str) -> None:
    doc = tx.article_doc(article_id)
    if doc is not None and path in doc.get("paths", {}):
        record = dict(doc)
        record["paths"] = {key: value for key, value in doc["paths"].items() if key != path}
        tx.put_article_doc(article_id, record)


def registration_needed(view: Transaction, article: Article, stat: tuple[int, int]) -> bool:
    """True when registering `article` (with its stable id) would change its own record (a
    path another record claims is `identify`'s second answer)."""
    doc = view.article_doc(article.id)
    if doc is None:
        return True
    path = str(article.path) if article.path is not None else ""
    if path:
        seen = doc.get("paths", {}).get(path)
        wanted = {
            "size": stat[0],
            "mtime_ns": stat[1],
            "hash": article.hash,
            "title": article.title,
        }
        if seen != wanted:
            return True
    current = (
        doc.get("title"),
        doc.get("hash"),
        doc.get("format"),
        doc.get("author"),
        doc.get("source"),
        doc.get("date", ""),
    )
    return current != (
        article.title,
        article.hash,
        article.format,
        article.author,
        article.source,
        article.date,
    )
