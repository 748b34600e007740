"""The annotation store: the only module that knows TinyDB. Dataclasses in, dataclasses out."""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from reader.core.anchor import (
    Anchor,
    AnchorStatus,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
)
from reader.core.annotation import (
    Annotation,
    Color,
    Resolution,
    iso_utc,
    normalize_tags,
    utc_now,
)
from reader.core.article import Article
from reader.core.storage import (
    Data,
    StoreError,
    TransactionStorage,
    encode_database,
    read_database,
    refusal,
    remove_stale_temporaries,
    write_atomically,
)

SCHEMA_VERSION = 1
"""The layout of the database this program writes; older layouts are migrated."""
LOCK_TIMEOUT_SECONDS = 15.0
"""How long a write waits for another copy of reader to finish its own."""

_META, _ARTICLES, _ANNOTATIONS = "meta", "articles", "annotations"


class _Table(Table):
    """Documents keyed by our own string ids (annotation UUIDs, article ids), not a counter."""

    document_id_class = str  # type: ignore[assignment]  # TinyDB's hints assume int ids


class _Database(TinyDB):
    table_class = _Table


# TinyDB's type hints assume integer document ids; these three are the only places that say
# otherwise, so the rest of the store is checked normally.
def _get(table: Table, key: str) -> dict[str, Any] | None:
    doc = table.get(doc_id=key)  # type: ignore[call-overload]
    return dict(doc) if doc is not None else None


def _upsert(table: Table, key: str, doc: dict[str, Any]) -> None:
    table.upsert(Document(doc, doc_id=key))  # type: ignore[arg-type]


def _remove(table: Table, key: str) -> None:
    table.remove(doc_ids=[key])  # type: ignore[list-item]


@dataclass(frozen=True)
class PathRecord:
    """What was last seen at one path of an article, so unchanged files need not be re-read."""

    path: str
    size: int
    mtime_ns: int
    hash: str
    title: str


@dataclass(frozen=True)
class ArticleRecord:
    """An article as the store knows it: id, latest title and hash, and the paths it was seen at."""

    id: str
    title: str
    hash: str
    paths: tuple[PathRecord, ...] = ()
    format: str = ""
    author: str = ""
    source: str = ""
    added: str = ""
    position: int = 0
    """The reader's cursor offset when the article was last left."""
    progress: int = 0
    """How far through the article the reader got, in percent."""
    last_opened: str = ""

    def path_record(self, path: str) -> PathRecord | None:
        """What is known about one of this article's paths."""
        return next((record for record in self.paths if record.path == path), None)


def _annotation_to_doc(annotation: Annotation) -> dict[str, Any]:
    target = annotation.target
    doc: dict[str, Any] = {
        "id": annotation.id,
        "article_id": annotation.article_id,
        "quote": {
            "exact": target.quote.exact,
            "prefix": target.quote.prefix,
            "suffix": target.quote.suffix,
        },
        "position": {"start": target.position.start, "end": target.position.end},
        "text_hash": target.text_hash,
        "color": annotation.color.value,
        "note": annotation.note,
        "tags": list(annotation.tags),
        "created": annotation.created,
        "updated": annotation.updated,
        "resolution": None,
    }
    if annotation.resolution is not None:
        resolution = annotation.resolution
        doc["resolution"] = {
            "text_hash": resolution.text_hash,
            "status": resolution.anchor.status.value,
            "start": resolution.anchor.start,
            "end": resolution.anchor.end,
            "score": resolution.anchor.score,
            "quote": resolution.quote,
            "prefix": resolution.prefix,
            "suffix": resolution.suffix,
        }
    return doc


# Enum(value) goes through EnumMeta.__call__, which is slow when done 20,000 times a listing.
_COLORS = {color.value: color for color in Color}
_STATUSES = {status.value: status for status in AnchorStatus}


def _doc_to_annotation(doc: dict[str, Any]) -> Annotation:
    quote, position = doc["quote"], doc["position"]
    resolution = None
    if doc.get("resolution"):
        raw = doc["resolution"]
        resolution = Resolution(
            raw["text_hash"],
            Anchor(_STATUSES[raw["status"]], raw["start"], raw["end"], raw["score"]),
            raw.get("quote", ""),
            raw.get("prefix", ""),
            raw.get("suffix", ""),
        )
    return Annotation(
        id=doc["id"],
        article_id=doc["article_id"],
        target=Target(
            TextQuoteSelector(quote["exact"], quote.get("prefix", ""), quote.get("suffix", "")),
            TextPositionSelector(position["start"], position["end"]),
            doc.get("text_hash", ""),
        ),
        color=_COLORS[doc.get("color", "yellow")],
        note=doc.get("note", ""),
        tags=tuple(doc.get("tags", ())),
        created=doc.get("created", ""),
        updated=doc.get("updated", ""),
        resolution=resolution,
    )


def _doc_to_article(doc: dict[str, Any]) -> ArticleRecord:
    return ArticleRecord(
        id=doc["id"],
        title=doc.get("title", ""),
        hash=doc.get("hash", ""),
        paths=tuple(
            PathRecord(path, seen["size"], seen["mtime_ns"], seen["hash"], seen.get("title", ""))
            for path, seen in doc.get("paths", {}).items()
        ),
        format=doc.get("format", ""),
        author=doc.get("author", ""),
        source=doc.get("source", ""),
        added=doc.get("added", ""),
        position=doc.get("position", 0),
        progress=doc.get("progress", 0),
        last_opened=doc.get("last_opened", ""),
    )


def _migrate_0_to_1(data: Data) -> Data:
    """Databases from before the schema was recorded: fill in the fields they could lack."""
    for doc in data.get(_ANNOTATIONS, {}).values():
        doc.setdefault("note", "")
        doc.setdefault("tags", [])
        doc.setdefault("color", "yellow")
        doc.setdefault("resolution", None)
    return data


_MIGRATIONS: dict[int, Callable[[Data], Data]] = {0: _migrate_0_to_1}


def schema_version(data: Data) -> int:
    """The schema version recorded in a database (0 when it predates versioning)."""
    version = data.get(_META, {}).get("schema", {}).get("version", 0)
    return version if isinstance(version, int) else -1


class Transaction:
    """One consistent view of the database; changes are written together when a write ends."""

    def __init__(self, storage: TransactionStorage, clock: Callable[[], datetime]) -> None:
        self._storage = storage
        self._db = _Database(storage=lambda: storage)
        self._clock = clock

    @property
    def _annotations(self) -> Table:
        return self._db.table(_ANNOTATIONS, cache_size=0)

    @property
    def _articles(self) -> Table:
        return self._db.table(_ARTICLES, cache_size=0)

    def now(self) -> str:
        """The current time as the store records it."""
        return iso_utc(self._clock())

    # Annotations -------------------------------------------------------------------------

    def annotation(self, annotation_id: str) -> Annotation | None:
        """One annotation by id."""
        doc = _get(self._annotations, annotation_id)
        return _doc_to_annotation(doc) if doc is not None else None

    def annotations(self, article_id: str | None = None) -> list[Annotation]:
        """Annotations (of one article, or all), in article and reading order."""
        found = [
            _doc_to_annotation(doc)
            for doc in self._raw_annotations()
            if article_id is None or doc["article_id"] == article_id
        ]
        found.sort(key=lambda item: (item.article_id, item.target.position.start, item.created))
        return found

    def _raw_annotations(self) -> Iterable[dict[str, Any]]:
        """The stored documents, read-only and uncopied: TinyDB's `all()` copies each one,
        which is most of the cost of listing ten thousand annotations."""
        table: dict[str, dict[str, Any]] = self._storage.data.get(_ANNOTATIONS, {})
        return table.values()

    def annotation_counts(self) -> Counter[str]:
        """How many annotations each article has, by article id (without building them)."""
        return Counter(doc["article_id"] for doc in self._raw_annotations())

    def tag_counts(self) -> Counter[str]:
        """Every tag in the library with how many annotations carry it."""
        counts: Counter[str] = Counter()
        for doc in self._raw_annotations():
            counts.update(doc.get("tags", ()))
        return counts

    def put(self, annotation: Annotation) -> Annotation:
        """Store an annotation as given (insert or replace), its tags in library spelling."""
        tags = normalize_tags(annotation.tags, self._other_spellings(annotation.id))
        annotation = replace(annotation, tags=tags)
        _upsert(self._annotations, annotation.id, _annotation_to_doc(annotation))
        return annotation

    def _other_spellings(self, annotation_id: str) -> list[str]:
        return [
            tag
            for doc_id, doc in self._storage.data.get(_ANNOTATIONS, {}).items()
            if doc_id != annotation_id
            for tag in doc.get("tags", ())
        ]

    def remove(self, annotation_id: str) -> Annotation | None:
        """Delete an annotation; returns what was deleted."""
        existing = self.annotation(annotation_id)
        if existing is not None:
            _remove(self._annotations, annotation_id)
        return existing

    def set_resolution(self, annotation_id: str, resolution: Resolution) -> None:
        """Remember where an annotation was found, without touching its modified time."""
        existing = self.annotation(annotation_id)
        if existing is not None and existing.resolution != resolution:
            self.put(replace(existing, resolution=resolution))

    # Articles ----------------------------------------------------------------------------

    def article(self, article_id: str) -> ArticleRecord | None:
        """One article record by id."""
        doc = _get(self._articles, article_id)
        return _doc_to_article(doc) if doc is not None else None

    def articles(self) -> list[ArticleRecord]:
        """Every article the store knows."""
        return [_doc_to_article(doc) for doc in self._articles.all()]

    def article_for_path(self, path: str) -> ArticleRecord | None:
        """The article last seen at `path`."""
        for doc in self._articles.all():
            if path in doc.get("paths", {}):
                return _doc_to_article(doc)
        return None

    def article_for_hash(self, hash_: str) -> ArticleRecord | None:
        """An article whose current text has this hash."""
        for doc in self._articles.all():
            if doc.get("hash") == hash_:
                return _doc_to_article(doc)
        return None

    def identify(
        self, article: Article, preferred_id: str = ""
    ) -> tuple[str, ArticleRecord | None]:
        """The stable id `article` has (or would get), and the record whose path it takes over.

        Same text at a new path keeps its id (a rename or move); new text at a known path
        keeps the id of the article that was there (an edit), so its annotations follow.
        """
        path = str(article.path) if article.path is not None else ""
        by_path = self.article_for_path(path) if path else None
        by_hash = self.article_for_hash(article.hash)
        if by_path is not None and by_path.hash == article.hash:
            return by_path.id, None
        if by_hash is not None:
            return by_hash.id, by_path
        if by_path is not None:
            return by_path.id, None
        if preferred_id and _get(self._articles, preferred_id) is None:
            return preferred_id, None
        return self._fresh_article_id(article), None

    def register(
        self, article: Article, stat: tuple[int, int] | None = None, preferred_id: str = ""
    ) -> Article:
        """Record an article and the (size, mtime_ns) of its file; returns it with its stable id.

        `preferred_id` is the id to give an article the store has never seen (an import keeps
        the id the annotations were exported with).
        """
        article_id, previous_owner = self.identify(article, preferred_id)
        path = str(article.path) if article.path is not None else ""
        if previous_owner is not None:
            self._forget_path(previous_owner.id, path)
        doc = _get(self._articles, article_id)
        record: dict[str, Any] = (
            dict(doc) if doc is not None else {"id": article_id, "added": self.now()}
        )
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
            author=article.author,
            source=article.source,
            paths=paths,
        )
        if record != doc:
            _upsert(self._articles, article_id, record)
        return replace(article, id=article_id)

    def _fresh_article_id(self, article: Article) -> str:
        if _get(self._articles, article.id) is None:
            return article.id
        counter = 2
        while _get(self._articles, f"{article.id}-{counter}") is not None:
            counter += 1
        return f"{article.id}-{counter}"

    def _forget_path(self, article_id: str, path: str) -> None:
        doc = _get(self._articles, article_id)
        if doc is not None and path in doc.get("paths", {}):
            record = dict(doc)
            record["paths"] = {key: value for key, value in doc["paths"].items() if key != path}
            _upsert(self._articles, article_id, record)

    def set_reading_position(self, article_id: str, position: int, progress: int) -> None:
        """Remember where the reader is in an article and that it was just read."""
        doc = _get(self._articles, article_id)
        if doc is None:
            return
        doc.update(position=position, progress=progress, last_opened=self.now())
        _upsert(self._articles, article_id, doc)

    def add_missing_article(
        self, article_id: str, title: str, hash_: str, source: str
    ) -> ArticleRecord:
        """Record an article known only from an import: no file, but its annotations are kept."""
        existing = self.article(article_id)
        if existing is not None:
            return existing
        record = {
            "id": article_id,
            "title": title,
            "hash": hash_,
            "source": source,
            "paths": {},
            "added": self.now(),
        }
        _upsert(self._articles, article_id, record)
        return _doc_to_article(record)


class AnnotationStore:
    """Annotations and articles in a TinyDB file, safe against crashes and concurrent copies."""

    def __init__(self, path: Path | None, clock: Callable[[], datetime] = utc_now) -> None:
        self.path = path
        self._clock = clock
        self._memory: Data = {}
        self._thread_lock = threading.RLock()
        self._snapshot_key: tuple[int, int, int] | None = None
        self._snapshot: Data = {}

    @classmethod
    def open(cls, path: Path, clock: Callable[[], datetime] = utc_now) -> AnnotationStore:
        """A store backed by the file at `path` (created on the first write)."""
        return cls(Path(path), clock)

    @classmethod
    def in_memory(cls, clock: Callable[[], datetime] = utc_now) -> AnnotationStore:
        """A store that lives only in memory (for tests and previews)."""
        return cls(None, clock)

    # Reading and writing -----------------------------------------------------------------

    def _load(self) -> Data:
        if self.path is None:
            return self._memory
        return self._upgrade(read_database(self.path))

    def _upgrade(self, data: Data) -> Data:
        """Check the schema version and migrate an older database in memory."""
        assert self.path is not None
        version = schema_version(data) if data else SCHEMA_VERSION
        if version > SCHEMA_VERSION or version < 0:
            raise refusal(
                self.path,
                f"was written by a newer version of reader (schema {version}; this one reads up to"
                f" {SCHEMA_VERSION}): upgrade reader to use it",
            )
        while version < SCHEMA_VERSION:
            data = _MIGRATIONS[version](data)
            version += 1
        data.setdefault(_META, {})["schema"] = {"version": SCHEMA_VERSION}
        return data

    def _read_snapshot(self) -> Data:
        """The current database for reading; re-parsed only when the file has changed."""
        if self.path is None:
            return self._memory
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return {}
        except OSError:
            return self._load()
        key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if key != self._snapshot_key:
            self._snapshot = self._load()
            self._snapshot_key = key
        return self._snapshot

    @contextmanager
    def reading(self) -> Iterator[Transaction]:
        """A read-only view of the database as it is now (nothing is written)."""
        with self._thread_lock:
            storage = TransactionStorage(self._read_snapshot())
            yield Transaction(storage, self._clock)

    @contextmanager
    def writing(self) -> Iterator[Transaction]:
        """A read-modify-write under the database lock; all changes are written once, at the end."""
        with self._thread_lock:
            if self.path is None:
                storage = TransactionStorage(_deep_copy(self._memory))
                yield Transaction(storage, self._clock)
                if storage.dirty:
                    self._memory = storage.data
                return
            from filelock import FileLock, Timeout  # only writers need it: reads start faster

            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)
            try:
                lock.acquire()
            except Timeout:
                raise StoreError(
                    f"database {self.path} is locked by another reader for over"
                    f" {LOCK_TIMEOUT_SECONDS:.0f} s; close it and try again"
                ) from None
            try:
                remove_stale_temporaries(self.path)
                data = read_database(self.path)
                version_before = schema_version(data) if data else SCHEMA_VERSION
                storage = TransactionStorage(self._upgrade(data), self.path)
                yield Transaction(storage, self._clock)
                if storage.dirty and version_before < SCHEMA_VERSION:
                    self._keep_pre_migration_copy(version_before)
                storage.commit()
            finally:
                lock.release()

    def _keep_pre_migration_copy(self, version: int) -> None:
        assert self.path is not None
        copy = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        if not copy.exists():
            write_atomically(copy, self.path.read_bytes(), keep_backup=False)

    def change_token(self) -> tuple[int, ...]:
        """Something that changes whenever the database file does (for noticing other writers)."""
        if self.path is None:
            return (id(self._memory),)
        try:
            stat = self.path.stat()
        except OSError:
            return (0,)
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def now(self) -> str:
        """The current time by the store's clock, as stored."""
        return iso_utc(self._clock())

    # Convenience: one transaction each ------------------------------------------------------

    def annotations(self, article_id: str | None = None) -> list[Annotation]:
        """Annotations of one article (or all), in reading order."""
        with self.reading() as view:
            return view.annotations(article_id)

    def for_article(self, article_id: str) -> list[Annotation]:
        """Annotations of one article, in reading order."""
        return self.annotations(article_id)

    def annotation(self, annotation_id: str) -> Annotation | None:
        """One annotation by id."""
        with self.reading() as view:
            return view.annotation(annotation_id)

    def tag_counts(self) -> Counter[str]:
        """Every tag with its number of annotations."""
        with self.reading() as view:
            return view.tag_counts()

    def articles(self) -> list[ArticleRecord]:
        """Every article the store knows."""
        with self.reading() as view:
            return view.articles()

    def article(self, article_id: str) -> ArticleRecord | None:
        """One article record by id."""
        with self.reading() as view:
            return view.article(article_id)

    def add(self, annotation: Annotation) -> Annotation:
        """Store a new annotation, stamping its created and updated times."""
        with self.writing() as tx:
            now = tx.now()
            return tx.put(replace(annotation, created=annotation.created or now, updated=now))

    def update(self, annotation: Annotation) -> Annotation:
        """Store a changed annotation, stamping its updated time."""
        with self.writing() as tx:
            return tx.put(replace(annotation, updated=tx.now()))

    def put(self, annotation: Annotation) -> Annotation:
        """Store an annotation exactly as given (undo and import use this)."""
        with self.writing() as tx:
            return tx.put(annotation)

    def remove(self, annotation_id: str) -> Annotation | None:
        """Delete an annotation; returns it, for undo."""
        with self.writing() as tx:
            return tx.remove(annotation_id)

    def register(self, article: Article, stat: tuple[int, int] | None = None) -> Article:
        """Record an article (see `Transaction.register`); returns it with its stable id."""
        with self.writing() as tx:
            return tx.register(article, stat)

    def set_reading_position(self, article_id: str, position: int, progress: int) -> None:
        """Remember the reader's place in an article."""
        with self.writing() as tx:
            tx.set_reading_position(article_id, position, progress)

    def save_resolutions(self, resolutions: Iterable[tuple[str, Resolution]]) -> None:
        """Remember where annotations were found, so unchanged articles are not re-anchored."""
        pending = list(resolutions)
        if not pending:
            return
        with self.writing() as tx:
            for annotation_id, resolution in pending:
                tx.set_resolution(annotation_id, resolution)

    def restore_backup(self, backup: Path | None = None) -> tuple[Path, Path | None]:
        """Put a backup back in place of the database; the current file is kept aside.

        Returns the backup used and where the replaced file was kept (None if there was none).
        """
        from reader.core.storage import backup_paths, newest_readable_backup, parse_database

        if self.path is None:
            raise StoreError("an in-memory database has no backups")
        if backup is None:
            backup = newest_readable_backup(self.path)
            if backup is None:
                names = ", ".join(str(path) for path in backup_paths(self.path))
                raise StoreError(
                    f"no readable backup of {self.path} was found (looked for {names})"
                )
        try:
            payload = backup.read_bytes()
            parse_database(payload)
        except FileNotFoundError:
            raise StoreError(f"backup {backup} does not exist") from None
        except ValueError as error:
            raise StoreError(f"backup {backup} {error}; choose another backup") from None
        from filelock import FileLock

        lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)
        with lock:
            kept: Path | None = None
            if self.path.exists():
                stamp = self._clock().strftime("%Y%m%d-%H%M%S")
                kept = self.path.with_name(f"{self.path.name}.replaced-{stamp}")
                counter = 1
                while kept.exists():
                    counter += 1
                    kept = self.path.with_name(f"{self.path.name}.replaced-{stamp}-{counter}")
                shutil.copy2(self.path, kept)
            write_atomically(self.path, payload, keep_backup=False)
        return backup, kept


def _deep_copy(data: Data) -> Data:
    import json

    copied: Data = json.loads(encode_database(data)) if data else {}
    return copied
