"""The database held in memory: its documents, the indexes kept beside them, and undo for a write.

Every change goes through `put` and `drop`, so the indexes (annotations by article, article ids
by path and by text hash, tag spellings) stay true without rescanning the library, and a write
that fails can be taken back exactly.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable
from typing import Any

from reader.core.store.encoding import Data
from reader.core.store.lazy import LazyAnnotations

Document = dict[str, Any]
Operation = tuple[str, str, Document | None]
"""One change to the database: (table, document id, the new document or None to delete it)."""

_ANNOTATIONS, _ARTICLES = "annotations", "articles"
_ABSENT = object()
_STATES = itertools.count()
"""Numbers each state: a state read afresh is another, whatever its changes count."""


class StoreState:
    """The documents of a database and indexes over them, changed only by `put` and `drop`."""

    def __init__(self, data: Data) -> None:
        self.data = data
        self.content = (next(_STATES), 0)
        """Changes whenever an annotation or an article's title does (not for a reading
        position): what a cache of the library's annotations is kept by."""
        self._by_article: dict[str, set[str]] | None = None
        self._spellings: dict[str, Counter[str]] | None = None
        self._by_path: dict[str, list[str]] | None = None
        self._by_hash: dict[str, list[str]] | None = None
        self._undo: dict[tuple[str, str], object] | None = None

    # Changing ---------------------------------------------------------------------------

    def put(self, table: str, key: str, doc: Document) -> None:
        """Insert or replace one document (which is not changed afterwards: put a new one)."""
        documents = self.data.setdefault(table, {})
        old = documents.get(key)
        if (
            table == _ANNOTATIONS
            or not isinstance(old, dict)
            or old.get("title") != doc.get("title")
        ):
            self._content_changed()
        self._remember(table, key, old)
        self._unindex(table, key, old)
        documents[key] = doc
        self._index(table, key, doc)

    def drop(self, table: str, key: str) -> Document | None:
        """Remove one document; returns it."""
        documents = self.data.get(table)
        if documents is None or key not in documents:
            return None
        old = documents[key]
        self._content_changed()
        self._remember(table, key, old)
        self._unindex(table, key, old)
        del documents[key]
        return old if isinstance(old, dict) else None

    def apply(self, operations: Iterable[Operation]) -> None:
        """Make changes read back from the journal."""
        for table, key, doc in operations:
            if doc is None:
                self.drop(table, key)
            else:
                self.put(table, key, doc)

    # A write's undo -----------------------------------------------------------------------

    def begin(self) -> None:
        """Start remembering what each change replaced, so the write can be taken back."""
        self._undo = {}

    def changes(self) -> list[Operation]:
        """What the write begun last changed, as operations (each document once, as it is now)."""
        undo = self._undo or {}
        return [(table, key, self.data.get(table, {}).get(key)) for table, key in undo]

    def end(self) -> None:
        """The write is kept: forget how to take it back."""
        self._undo = None

    def roll_back(self) -> None:
        """Take back every change since `begin`."""
        undo, self._undo = self._undo or {}, None
        for (table, key), old in reversed(list(undo.items())):
            if old is _ABSENT:
                self.drop(table, key)
            else:
                assert isinstance(old, dict)
                self.put(table, key, old)

    def _content_changed(self) -> None:
        self.content = (self.content[0], self.content[1] + 1)

    def _remember(self, table: str, key: str, old: object) -> None:
        if self._undo is not None and (table, key) not in self._undo:
            self._undo[(table, key)] = _ABSENT if old is None else old

    # Indexes ----------------------------------------------------------------------------

    def annotation_ids(self, article_id: str) -> set[str]:
        """The ids of one article's annotations."""
        return self._annotations_by_article().get(article_id, set())

    def annotation_counts(self) -> Counter[str]:
        """How many annotations each article has."""
        return Counter({key: len(ids) for key, ids in self._annotations_by_article().items()})

    def spellings(self) -> dict[str, Counter[str]]:
        """How often each spelling of each tag is used, by the tag's case-folded form."""
        if self._spellings is None:
            counts: dict[str, Counter[str]] = {}
            table = self.data.get(_ANNOTATIONS, {})
            if isinstance(table, LazyAnnotations):
                for tag, count in table.tag_spellings().items():
                    counts.setdefault(tag.casefold(), Counter())[tag] += count
            else:
                for doc in table.values():
                    for tag in _tags(doc):
                        counts.setdefault(tag.casefold(), Counter())[tag] += 1
            self._spellings = counts
        return self._spellings

    def article_for_path(self, path: str) -> str | None:
        """The id of the article last seen at `path`."""
        found = self._article_indexes()[0].get(path)
        return found[0] if found else None

    def article_for_hash(self, hash_: str) -> str | None:
        """The id of an article whose text has this hash."""
        found = self._article_indexes()[1].get(hash_)
        return found[0] if found else None

    def _annotations_by_article(self) -> dict[str, set[str]]:
        if self._by_article is None:
            table = self.data.get(_ANNOTATIONS, {})
            by_article: dict[str, set[str]] = {}
            if isinstance(table, LazyAnnotations):
                by_article = table.ids_by_article()
            else:
                for key, doc in table.items():
                    by_article.setdefault(_article_of(doc), set()).add(key)
            self._by_article = by_article
        return self._by_article

    def _article_indexes(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        if self._by_path is None or self._by_hash is None:
            self._by_path, self._by_hash = {}, {}
            for key, doc in self.data.get(_ARTICLES, {}).items():
                self._index_article(key, doc)
        return self._by_path, self._by_hash

    def _index(self, table: str, key: str, doc: Document) -> None:
        if table == _ANNOTATIONS:
            if self._by_article is not None:
                self._by_article.setdefault(_article_of(doc), set()).add(key)
            if self._spellings is not None:
                for tag in _tags(doc):
                    self._spellings.setdefault(tag.casefold(), Counter())[tag] += 1
        elif table == _ARTICLES and self._by_path is not None:
            self._index_article(key, doc)

    def _index_article(self, key: str, doc: Any) -> None:
        assert self._by_path is not None and self._by_hash is not None
        if not isinstance(doc, dict):
            return
        for path in doc.get("paths", {}):
            self._by_path.setdefault(path, []).append(key)
        if doc.get("hash"):
            self._by_hash.setdefault(doc["hash"], []).append(key)

    def _unindex(self, table: str, key: str, doc: Any) -> None:
        if not isinstance(doc, dict):
            return
        if table == _ANNOTATIONS:
            if self._by_article is not None:
                ids = self._by_article.get(_article_of(doc))
                if ids is not None:
                    ids.discard(key)
                    if not ids:
                        del self._by_article[_article_of(doc)]
            if self._spellings is not None:
                for tag in _tags(doc):
                    counts = self._spellings.get(tag.casefold())
                    if counts is not None:
                        counts[tag] -= 1
                        if counts[tag] <= 0:
                            del counts[tag]
        elif table == _ARTICLES and self._by_path is not None:
            assert self._by_hash is not None
            for path in doc.get("paths", {}):
                _discard(self._by_path, path, key)
            _discard(self._by_hash, doc.get("hash", ""), key)


def _discard(index: dict[str, list[str]], value: str, key: str) -> None:
    """Forget that `key` has `value`; the next article with it (if any) takes its place."""
    keys = index.get(value)
    if keys is not None and key in keys:
        keys.remove(key)
        if not keys:
            del index[value]


def _article_of(doc: Any) -> str:
    value = doc.get("article_id") if isinstance(doc, dict) else None
    return value if isinstance(value, str) else ""


def _tags(doc: Any) -> list[str]:
    tags = doc.get("tags") if isinstance(doc, dict) else None
    return [tag for tag in tags if isinstance(tag, str)] if isinstance(tags, list) else []
