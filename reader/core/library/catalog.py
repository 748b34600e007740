"""The library's list of articles: titles, counts and progress, without reading unchanged files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from reader.core.articles import Article, ArticleError, load_article
from reader.core.library.identity import identify, register
from reader.core.library.library import Library, last_seen_path, locate_file
from reader.core.store import ArticleRecord, PathRecord


@dataclass(frozen=True)
class LibraryEntry:
    """One article in the library list."""

    article_id: str
    title: str
    path: Path | None
    """The file to open; None when no file of the article exists any more."""
    highlights: int = 0
    progress: int = 0
    last_opened: str = ""
    missing: bool = False
    last_path: str = ""
    """Where the file was last seen (shown for a missing article)."""
    kind: str = ""
    """"book" or "page" for a source known only from another app's export (no file)."""
    author: str = ""
    source: str = ""
    """Where the article came from (a saved web page's address), as the library knows it."""


def _entry(
    article_id: str,
    title: str,
    path: Path | None,
    record: ArticleRecord | None,
    highlights: int,
    source: str = "",
) -> LibraryEntry:
    return LibraryEntry(
        article_id=article_id,
        title=title,
        path=path,
        highlights=highlights,
        progress=record.progress if record is not None else 0,
        last_opened=record.last_opened if record is not None else "",
        missing=path is None,
        last_path=last_seen_path(record) if record is not None else "",
        kind=record.kind if record is not None else "",
        author=record.author if record is not None else "",
        source=(record.source if record is not None else "") or source,
    )


class Listing(NamedTuple):
    """The library's entries, the files that could not be read, and what to register."""

    entries: list[LibraryEntry]
    problems: list[str]
    """One line per file that could not be read."""
    pending: list[tuple[Article, tuple[int, int]]]
    """New or changed files (with their size and mtime), for `register_files`."""
    unread: list[Path] = []
    """New or changed files left to read (past `read_limit`), for the caller to read later."""


def list_library(
    library: Library, files: Sequence[Path], include_known: bool, read_limit: int | None = None
) -> Listing:
    """Entries for `files` (and, with `include_known`, every other article the store knows).

    Files whose size and modification time are as last seen are not read; new or changed ones
    are read (and returned as pending, for one registration write), at most `read_limit` of
    them: the rest are returned unread, so that a folder of thousands of new articles shows at
    once and is read in the background. Nothing is written.
    """
    with library.store.reading() as view:
        records = view.articles()
        by_id = {record.id: record for record in records}
        counts = view.annotation_counts()
        by_path: dict[str, tuple[ArticleRecord, PathRecord]] = {
            seen.path: (record, seen) for record in records for seen in record.paths
        }
        entries: list[LibraryEntry] = []
        problems: list[str] = []
        pending: list[tuple[Article, tuple[int, int]]] = []
        unread: list[Path] = []
        listed: set[str] = set()
        for path in files:
            absolute = path.absolute()
            try:
                stat = absolute.stat()
            except OSError as error:
                problems.append(f"{absolute}: cannot be read ({error.strerror or error})")
                continue
            known = by_path.get(str(absolute))
            if known is not None and (stat.st_size, stat.st_mtime_ns) == (
                known[1].size,
                known[1].mtime_ns,
            ):
                record, seen = known
                if record.id not in listed:  # two files of one text are one article, one entry
                    title = seen.title or record.title
                    entries.append(_entry(record.id, title, absolute, record, counts[record.id]))
                listed.add(record.id)
                continue
            if read_limit is not None and len(pending) + len(problems) >= read_limit:
                unread.append(absolute)
                if known is not None:
                    listed.add(known[0].id)  # it will be listed once it has been read
                continue
            try:
                article = load_article(absolute)
            except ArticleError as error:
                problems.append(str(error))
                continue
            article_id, _ = identify(view, article)
            owner = by_id.get(article_id)
            if article_id not in listed:
                entries.append(
                    _entry(
                        article_id,
                        article.title,
                        absolute,
                        owner,
                        counts[article_id],
                        article.source,
                    )
                )
            listed.add(article_id)
            pending.append((article, (stat.st_size, stat.st_mtime_ns)))
    if include_known:
        for record in records:
            if record.id in listed:
                continue
            existing = locate_file(record)
            if existing is None and not counts[record.id]:
                continue  # a file that is gone and had no annotations: nothing to show
            entries.append(_entry(record.id, record.title, existing, record, counts[record.id]))
    return Listing(entries, problems, pending, unread)


def register_files(library: Library, pending: Sequence[tuple[Article, tuple[int, int]]]) -> None:
    """Record the files a listing read, all in one write (nothing when not persisting)."""
    if pending and library.persist:
        with library.store.writing() as tx:
            for article, size_and_time in pending:
                register(tx, article, size_and_time)
