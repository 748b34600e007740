"""Annotations read one article at a time from the database file, by the index beside it.

Opening a library of 100,000 annotations should not build 100,000 documents to show one
article's. The annotations table stands in for a dict: it knows from the index which article
each annotation belongs to and where that article's annotations lie in the file. One
annotation asked for by id (to change it) is read alone from its article's bytes; an article's
are parsed together when the article is read. Whatever walks the whole table reads it all, once.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reader.core.store.documents import document_problem
from reader.core.store.members import each_member, find_member, without_members

Document = dict[str, Any]
Span = tuple[int, int]


@dataclass(frozen=True)
class IndexedArticle:
    """What the index says of one article's annotations: where, which, and their tags."""

    span: Span
    ids: tuple[str, ...]
    tags: dict[str, int]


class UnreadableSpan(ValueError):
    """The file no longer holds what its index says: read the whole file instead."""


class DamagedAnnotation(ValueError):
    """An annotation read from the file does not read as one (args: its id, the problem)."""


FileKey = tuple[int, int, int]
"""A file's inode, size and modification time: which file, in which state."""


def file_key(handle: BinaryIO) -> FileKey:
    """The key of an open file."""
    seen = os.fstat(handle.fileno())
    return (seen.st_ino, seen.st_size, seen.st_mtime_ns)


def read_span(handle: BinaryIO, span: Span) -> bytes:
    """The bytes of the file at `span`, or UnreadableSpan if the file is shorter now."""
    start, end = span
    raw = os.pread(handle.fileno(), end - start, start)
    if len(raw) != end - start:
        raise UnreadableSpan(f"bytes {start}-{end} are past the end of the file")
    return raw


TAKEN_ALONE = 8
"""Annotations of one article read alone before the article is read whole: each is found by
a search of its article's bytes, a few cost less than parsing them all, thousands far more."""


class LazyAnnotations(dict[str, Document]):
    """The annotations table, each article's documents parsed when first needed.

    A dict whose own entries are the documents read so far; every dict method the store uses
    reads what it needs first. (Never give it to a JSON encoder: a compaction copies the unread
    articles' bytes, see layout.)
    """

    def __init__(self, path: Path, key: FileKey, articles: dict[str, IndexedArticle]) -> None:
        self._path = path
        self._key = key
        """The state of the file the spans are of (it is opened for each read, never held:
        a held file would keep its folder's file system busy)."""
        self._spans = {key: entry.span for key, entry in articles.items()}
        """Where each article not read yet has its annotations in the file."""
        self._ids = {key: entry.ids for key, entry in articles.items()}
        """The annotation ids of each article not read yet."""
        self._owners = {key: article for article, entry in articles.items() for key in entry.ids}
        """The article of each annotation not read yet."""
        self._tags = {key: dict(entry.tags) for key, entry in articles.items()}
        """Each unread article's tag spellings with their counts (of the annotations still
        only in the file)."""
        self._taken: dict[str, set[str]] = {}
        """Annotations of each unread article read alone since (now entries of this dict, or
        deleted), for each unread article whose bytes in the file are no longer all it holds
        (an annotation joined it, or was read alone from it)."""

    # What can be known without reading -----------------------------------------------------

    def __len__(self) -> int:
        return dict.__len__(self) + len(self._owners)

    def ids_by_article(self) -> dict[str, set[str]]:
        """Every annotation id by article, read or not."""
        found: dict[str, set[str]] = {}
        for key, article in self._owners.items():
            found.setdefault(article, set()).add(key)
        for key, doc in dict.items(self):
            found.setdefault(str(doc.get("article_id", "")), set()).add(key)
        return found

    def tag_spellings(self) -> Counter[str]:
        """How many annotations carry each tag spelling, read or not."""
        counts: Counter[str] = Counter()
        for article_tags in self._tags.values():
            counts.update(article_tags)
        for doc in dict.values(self):
            tags = doc.get("tags")
            if isinstance(tags, list):
                counts.update(tag for tag in tags if isinstance(tag, str))
        return counts

    def unread_articles(self) -> dict[str, IndexedArticle]:
        """The articles not read yet, as indexed (a compaction copies them as bytes); for
        one that changed since, its bytes and ids without the annotations read alone, and
        the tags of the rest."""
        unread = {}
        for article_id, span in self._spans.items():
            taken = self._taken.get(article_id)
            ids, tags = self._ids[article_id], self._tags.get(article_id, {})
            if taken:
                ids = tuple(key for key in ids if key not in taken)
            unread[article_id] = IndexedArticle(span, ids, tags)
        return unread

    def bytes_of(self, article_id: str) -> bytes:
        """An unread article's bytes in the file, without the annotations read alone since
        (cut out as bytes: the rest is never parsed)."""
        raw = self.raw(self._spans[article_id])
        taken = self._taken.get(article_id)
        if not taken:
            return raw
        members = [find_member(raw, key) for key in taken]
        if any(member is None for member in members):  # (they were found once: never)
            raise UnreadableSpan(f"the annotations of article {article_id} are not where indexed")
        return without_members(raw, [member for member in members if member is not None])

    def raw(self, span: Span) -> bytes:
        """The file's bytes at a span of this table."""
        try:
            with self._path.open("rb") as handle:
                if file_key(handle) != self._key:
                    raise UnreadableSpan(f"{self._path} is not the file its index was made of")
                return read_span(handle, span)
        except OSError as error:
            raise UnreadableSpan(f"{self._path} cannot be read ({error})") from None

    def rebase(self, key: FileKey, articles: dict[str, IndexedArticle]) -> None:
        """The file was compacted (by this copy), as the new index says: each article not
        read is found there now, with whatever joined or changed in it since (which this
        table then no longer holds: it is in the file)."""
        self._key = key
        for article_id in list(self._spans):
            for annotation_id in self._ids[article_id]:
                self._owners.pop(annotation_id, None)
            entry = articles.get(article_id)
            if entry is None:  # every one of its annotations was deleted
                del self._spans[article_id], self._ids[article_id]
                self._tags.pop(article_id, None)
                continue
            for annotation_id in entry.ids:
                dict.pop(self, annotation_id, None)
                self._owners[annotation_id] = article_id
            self._spans[article_id] = entry.span
            self._ids[article_id] = entry.ids
            self._tags[article_id] = dict(entry.tags)
        self._taken.clear()

    # Reading -------------------------------------------------------------------------------

    def _each_unread(self, article_id: str) -> Iterator[tuple[str, Document]]:
        """An unread article's documents still in the file, parsed and checked one at a time
        (never all held at once, and not kept); those read alone since are left out."""
        expected, taken = set(self._ids[article_id]), self._taken.get(article_id, ())
        seen: set[str] = set()
        try:
            for key, doc in each_member(self.raw(self._spans[article_id])):
                if key in seen or key not in expected:
                    raise UnreadableSpan(
                        f"the annotations of article {article_id} are not where indexed"
                    )
                seen.add(key)
                problem = document_problem(doc)
                if problem is not None:
                    raise DamagedAnnotation(key, problem)
                if key not in taken:
                    yield key, doc
        except (UnreadableSpan, DamagedAnnotation):
            raise
        except ValueError:  # not JSON members (a UnicodeDecodeError is one too)
            raise UnreadableSpan(f"the annotations of article {article_id} do not read") from None
        if len(seen) != len(expected):
            raise UnreadableSpan(f"the annotations of article {article_id} are not where indexed")

    def _read_article(self, article_id: str) -> None:
        docs = dict(self._each_unread(article_id))
        del self._spans[article_id]
        del self._ids[article_id]
        for key in docs:
            del self._owners[key]
        self._tags.pop(article_id, None)
        self._taken.pop(article_id, None)
        dict.update(self, docs)

    def _take(self, key: str) -> None:
        """Read one annotation of an unread article alone, into this dict (its article is
        read only if the annotation cannot be found by itself)."""
        article_id = self._owners[key]
        if len(self._taken.get(article_id, ())) >= TAKEN_ALONE:
            self._read_article(article_id)  # many changes (a re-anchoring): one parse for all
            return
        member = find_member(self.raw(self._spans[article_id]), key)
        if member is None:  # not where a compaction writes it: the whole article is read
            self._read_article(article_id)
            return
        doc = member.doc
        problem = document_problem(doc)
        if problem is not None:
            raise DamagedAnnotation(key, problem)
        del self._owners[key]
        self._taken.setdefault(article_id, set()).add(key)
        tags, counts = doc.get("tags"), self._tags.get(article_id)
        if isinstance(tags, list) and counts is not None:
            for tag in tags:
                if isinstance(tag, str) and tag in counts:
                    counts[tag] -= 1
                    if counts[tag] <= 0:
                        del counts[tag]
        dict.__setitem__(self, key, doc)

    def article_documents(self, article_id: str, ids: Iterable[str]) -> Iterator[Document]:
        """One article's documents (`ids`, as the store indexes them), one at a time: an
        article not read yet is parsed for this call and not kept, so a walk over the library
        holds one article's annotations at a time, and reading one holds no two documents."""
        if article_id not in self._spans:
            yield from (dict.__getitem__(self, key) for key in ids)
            return
        ids = list(ids)  # (the index's own list: a save meanwhile must not change the walk)
        yield from (doc for _, doc in self._each_unread(article_id))
        # Those read alone, and those added since, are held here; the rest came from the file.
        yield from (dict.__getitem__(self, key) for key in ids if dict.__contains__(self, key))

    def read_all(self) -> None:
        """Read every annotation not read yet."""
        for article_id in list(self._spans):
            self._read_article(article_id)

    def read_documents(self) -> dict[str, Document]:
        """The documents read so far, as a plain dict (a copy)."""
        return dict(dict.items(self))

    def _find(self, key: str) -> Document | None:
        if key in self._owners:
            self._take(key)
        return dict.get(self, key)

    # The dict it stands in for ---------------------------------------------------------------

    def get(self, key: str, default: Any = None) -> Any:
        """The document with this id (its article read if it was not)."""
        doc = self._find(key)
        return default if doc is None else doc

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self._owners

    def __getitem__(self, key: str) -> Document:
        doc = self._find(key)
        if doc is None:
            raise KeyError(key)
        return doc

    def __setitem__(self, key: str, doc: Document) -> None:
        # Its earlier version is taken out of the file's bytes first; the article it joins
        # is not read (its other annotations stay in the file).
        self._find(key)
        article = doc.get("article_id")
        if isinstance(article, str) and article in self._spans:
            self._taken.setdefault(article, set())  # it holds more than its bytes now
        dict.__setitem__(self, key, doc)

    def __delitem__(self, key: str) -> None:
        if self._find(key) is None:
            raise KeyError(key)
        dict.__delitem__(self, key)

    def __iter__(self) -> Iterator[str]:
        self.read_all()
        return dict.__iter__(self)

    def keys(self) -> Any:
        """Every id (all read)."""
        self.read_all()
        return dict.keys(self)

    def values(self) -> Any:
        """Every document (all read)."""
        self.read_all()
        return dict.values(self)

    def items(self) -> Any:
        """Every (id, document) (all read)."""
        self.read_all()
        return dict.items(self)

    def pop(self, key: str, *default: Any) -> Any:
        """Remove and return a document (its article read first)."""
        self._find(key)
        return dict.pop(self, key, *default)

    def setdefault(self, key: str, default: Any = None) -> Any:
        """The document with this id, stored as `default` if there is none."""
        doc = self._find(key)
        if doc is None:
            self[key] = default
            return default
        return doc

    def __eq__(self, other: object) -> bool:
        self.read_all()
        return dict.__eq__(self, other)

    def __repr__(self) -> str:  # (no article is read to say it)
        return f"<annotations: {len(self)}, {len(self._owners)} not read yet>"

    def copy(self) -> dict[str, Document]:
        """Every document, as a plain dict (all read)."""
        self.read_all()
        return dict(dict.items(self))

    def update(self, *args: Any, **kwargs: Any) -> None:
        """Store several documents (each one's article read first)."""
        for key, doc in dict(*args, **kwargs).items():
            self[key] = doc
