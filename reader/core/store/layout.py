"""How a compaction lays the database file out, and the index beside it that finds each part.

The file stays plain TinyDB JSON. Each article's annotations are written together, and the
index (a cache: deleted or stale, the whole file is read as before) records where each
article's annotations lie, which ids and tags they hold, and where the other tables are. An
article nobody read since the last compaction is copied as bytes, never parsed.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import Any

import orjson

from reader.core.files import write_atomically
from reader.core.store.encoding import Data, load_json
from reader.core.store.lazy import IndexedArticle, LazyAnnotations, file_key, read_span

INDEX_VERSION = 1
_ANNOTATIONS, _META, _JOURNAL = "annotations", "meta", "journal"


def index_path(database: Path) -> Path:
    """Where a database's index lives: beside it, named after it."""
    return database.with_name(database.name + ".index")


def _tags_of(docs: dict[str, Any]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for doc in docs.values():
        tags = doc.get("tags")
        if isinstance(tags, list):
            counts.update(tag for tag in tags if isinstance(tag, str))
    return dict(counts)


def _members(docs: dict[str, Any]) -> bytes:
    """An article's annotations as the members of a JSON object (`"id":{…},"id":{…}`), made
    one by one: orjson's buffer for a whole article of 10,000 grew to twice its 8 MB."""
    return b",".join(orjson.dumps(key) + b":" + orjson.dumps(doc) for key, doc in docs.items())


def _joined(
    article: str, old: bytes, entry: IndexedArticle, docs: dict[str, Any]
) -> tuple[str, bytes, list[str], dict[str, int]]:
    """An unread article's piece: its old bytes, then the documents that joined it."""
    if not docs:
        return article, old, list(entry.ids), dict(entry.tags)
    tags = Counter(entry.tags)
    tags.update(_tags_of(docs))
    raw = old + b"," + _members(docs) if old else _members(docs)
    return article, raw, [*entry.ids, *docs], dict(tags)


class LaidOut:
    """The database file's bytes as pieces (each article's annotations one), written as they
    are made; once written whole, `index` says where each piece went."""

    def __init__(self, data: Data) -> None:
        self._data = data
        self.index: dict[str, Any] = {}

    def __iter__(self) -> Iterator[bytes]:
        table = self._data.get(_ANNOTATIONS, {})
        lazy = table if isinstance(table, LazyAnnotations) else None
        read = lazy.read_documents() if lazy is not None else table
        groups: dict[str, dict[str, Any]] = {}
        for key, doc in read.items():
            groups.setdefault(str(doc.get("article_id", "")), {})[key] = doc
        articles: dict[str, list[Any]] = {}
        tables: dict[str, list[int]] = {}
        head = b'{"annotations":{'
        yield head
        offset = len(head)
        unread = lazy.unread_articles() if lazy is not None else {}
        pieces: Iterator[tuple[str, bytes, list[str], dict[str, int]]] = (
            (article, _members(docs), list(docs), _tags_of(docs))
            for article, docs in groups.items()
            if article not in unread
        )
        # An article nobody read is copied from the old file as bytes, never parsed; one
        # that changed since without being read is its old bytes (less what was read alone
        # from them) followed by what changed or joined it.
        copied: Iterable[tuple[str, bytes, list[str], dict[str, int]]] = ()
        if lazy is not None:
            copied = (
                _joined(article, lazy.bytes_of(article), entry, groups.get(article, {}))
                for article, entry in unread.items()
            )
        for article, raw, ids, tags in chain(pieces, copied):
            if not raw:
                continue
            if articles:
                yield b","
                offset += 1
            yield raw
            articles[article] = [offset, offset + len(raw), ids, tags]
            offset += len(raw)
        yield b"}"
        offset += 1
        for name, documents in self._data.items():
            if name != _ANNOTATIONS:
                label = b"," + orjson.dumps(name) + b":"
                raw = orjson.dumps(documents)
                yield label + raw
                tables[name] = [offset + len(label), offset + len(label) + len(raw)]
                offset += len(label) + len(raw)
        yield b"}\n"
        self.index = {"index": INDEX_VERSION, "tables": tables, "annotations": articles}


def write_index(database: Path, index: dict[str, Any], base: str) -> None:
    """Write the index of the file just written (a cache: not fsynced, never backed up)."""
    seen = database.stat()
    index = {**index, "base": base, "file": [seen.st_size, seen.st_mtime_ns]}
    write_atomically(index_path(database), orjson.dumps(index), durable=False)


def forget_index(database: Path) -> None:
    """Remove the index (the file is then read whole)."""
    with contextlib.suppress(FileNotFoundError):
        index_path(database).unlink()


def _is_span(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) >= 2
        and all(isinstance(number, int) and number >= 0 for number in value[:2])
        and value[0] <= value[1]
    )


def _articles(value: Any) -> dict[str, IndexedArticle] | None:
    if not isinstance(value, dict):
        return None
    articles: dict[str, IndexedArticle] = {}
    for article, entry in value.items():
        if not (
            _is_span(entry)
            and len(entry) == 4
            and isinstance(entry[2], list)
            and all(isinstance(key, str) for key in entry[2])
            and isinstance(entry[3], dict)
            and all(isinstance(count, int) for count in entry[3].values())
        ):
            return None
        articles[article] = IndexedArticle((entry[0], entry[1]), tuple(entry[2]), entry[3])
    return articles


def read_by_index(database: Path) -> Data | None:
    """The database with its annotations left in the file until asked for; None when there
    is no index, or it is not this file's (then the whole file is read)."""
    try:
        index = load_json(index_path(database).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(index, dict) or index.get("index") != INDEX_VERSION:
        return None
    articles, tables = _articles(index.get("annotations")), index.get("tables")
    if articles is None or not isinstance(tables, dict) or not all(map(_is_span, tables.values())):
        return None
    try:
        with database.open("rb") as handle:
            seen = os.fstat(handle.fileno())
            if not stat.S_ISREG(seen.st_mode) or [seen.st_size, seen.st_mtime_ns] != index.get(
                "file"
            ):
                return None
            data: Data = {}
            for name, span in tables.items():
                documents = load_json(read_span(handle, (span[0], span[1])))
                if not isinstance(documents, dict):
                    return None
                data[name] = documents
            key = file_key(handle)
    except (OSError, ValueError):
        return None
    journal = data.get(_META, {}).get(_JOURNAL)
    if not isinstance(journal, dict) or journal.get("base") != index.get("base"):
        return None
    data[_ANNOTATIONS] = LazyAnnotations(database, key, articles)
    return data
