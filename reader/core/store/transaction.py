"""One consistent view of the database, with the changes made in it written together."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from reader.core.annotations import (
    Annotation,
    AnnotationSummary,
    Change,
    FieldsTest,
    Resolution,
    clean_tag,
    iso_utc,
    new_annotation_id,
    normalize_tags,
)
from reader.core.store.documents import (
    ANNOTATIONS,
    ARTICLES,
    LIBRARY,
    META,
    annotation_to_doc,
    doc_to_annotation,
    doc_to_article,
    doc_to_summary,
    document_problem,
    searched_fields,
)
from reader.core.store.encoding import Data
from reader.core.store.lazy import LazyAnnotations
from reader.core.store.ledger import LEDGER, SOURCES, TOMBSTONES, is_tombstone, tombstone
from reader.core.store.records import ArticleRecord
from reader.core.store.state import StoreState


class TransactionStorage(Storage):
    """TinyDB's view of the store's state: TinyDB reads documents from it, and every change
    goes through the state (which keeps the indexes and the undo), never TinyDB's writes."""

    def __init__(self, state: StoreState, writable: bool) -> None:
        self.state = state
        self.writable = writable
        self.backup = "none"
        """What the write is worth keeping: "none", "content" or "force" (see keep_backup)."""

    @property
    def data(self) -> Data:
        """The documents, by table."""
        return self.state.data

    def read(self) -> Data | None:
        """The documents (None when there are none, as TinyDB expects)."""
        return self.state.data or None

    def write(self, data: Data) -> None:
        """Refused: TinyDB would rewrite whole tables behind the state's indexes."""
        raise RuntimeError("the store changes documents through its state, not through TinyDB")

    def close(self) -> None:
        """Nothing to close: the state belongs to the store."""


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


def merged_tags(
    before: tuple[str, ...], after: tuple[str, ...], current: tuple[str, ...]
) -> tuple[str, ...]:
    """The stored tags with this edit's additions and removals made (case ignored): a tag another
    copy added meanwhile stays, as a tag it removed stays removed."""
    was = {tag.casefold() for tag in before}
    now = {tag.casefold() for tag in after}
    removed = was - now
    kept = [tag for tag in current if tag.casefold() not in removed]
    have = {tag.casefold() for tag in kept}
    added = [tag for tag in after if tag.casefold() not in was and tag.casefold() not in have]
    return (*kept, *added)


class Transaction:
    """One consistent view of the database; changes are written together when a write ends."""

    def __init__(self, storage: TransactionStorage, clock: Callable[[], datetime]) -> None:
        self._storage = storage
        self._db = _Database(storage=lambda: storage)
        self._clock = clock
        self._state = storage.state

    def _put_doc(self, table: str, key: str, doc: dict[str, Any]) -> None:
        """Insert or replace one document (through the state, which keeps the indexes: TinyDB's
        own upsert copies the whole table each time)."""
        self._check_writable()
        self._state.put(table, key, doc)
        if not self.library_id():
            self._name_library()

    def _drop_doc(self, table: str, key: str) -> None:
        """Remove one document."""
        self._check_writable()
        self._state.drop(table, key)

    def _check_writable(self) -> None:
        if not self._storage.writable:
            raise RuntimeError("a change was made in a read-only view of the store")

    @property
    def _annotations(self) -> Table:
        return self._db.table(ANNOTATIONS, cache_size=0)

    @property
    def _articles(self) -> Table:
        return self._db.table(ARTICLES, cache_size=0)

    def library_id(self) -> str:
        """This library's own id (a UUID, made with its first write); '' before that."""
        doc = self._storage.data.get(META, {}).get(LIBRARY)
        value = doc.get("id") if isinstance(doc, dict) else None
        return value if isinstance(value, str) else ""

    def _name_library(self) -> None:
        """Give the library its id: the owner of what is made in it, in W3C exports."""
        self._state.put(META, LIBRARY, {"id": new_annotation_id()})

    def now(self) -> str:
        """The current time as the store records it."""
        return iso_utc(self._clock())

    # Annotations -------------------------------------------------------------------------

    def has_annotation(self, annotation_id: str) -> bool:
        """True when the annotation is in the store (nothing is built to say so)."""
        return _get(self._annotations, annotation_id) is not None

    def annotation(self, annotation_id: str) -> Annotation | None:
        """One annotation by id."""
        doc = _get(self._annotations, annotation_id)
        return doc_to_annotation(doc) if doc is not None else None

    def annotations(self, article_id: str | None = None) -> list[Annotation]:
        """Annotations (of one article, or all), in article and reading order."""
        if article_id is None:
            docs: Iterable[dict[str, Any]] = self._raw_annotations()
        else:
            table = self._storage.data.get(ANNOTATIONS, {})
            docs = (table[key] for key in self._state.annotation_ids(article_id))
        found = [doc_to_annotation(doc) for doc in docs]
        found.sort(key=lambda item: (item.article_id, item.target.position.start, item.created))
        return found

    def documents_of(self, article_id: str) -> Iterable[dict[str, Any]]:
        """One article's stored annotations as documents, read for this call only (an article
        not read yet is not kept): what a walk over the whole library reads, one at a time.
        The documents are the store's own: never change them."""
        table = self._storage.data.get(ANNOTATIONS, {})
        ids = self._state.annotation_ids(article_id)
        if isinstance(table, LazyAnnotations):
            return table.article_documents(article_id, ids)
        return [table[key] for key in ids]

    def read_annotations(self, article_id: str, test: FieldsTest | None = None) -> list[Annotation]:
        """One article's annotations in reading order, read for this call only (see
        `documents_of`); with a `test`, only those whose quote, note and tags pass it, and
        only those are built."""
        docs = self.documents_of(article_id)
        if test is not None:
            docs = [doc for doc in docs if test(*searched_fields(doc))]
        found = [doc_to_annotation(doc) for doc in docs]
        found.sort(key=lambda item: (item.target.position.start, item.created))
        return found

    def summaries(self, article_id: str) -> list[AnnotationSummary]:
        """One article's annotations as search results show them, in reading order, read for
        this call only (see `documents_of`); no annotation is built."""
        found = [doc_to_summary(doc) for doc in self.documents_of(article_id)]
        found.sort(key=lambda item: (item.start, item.created, item.id))
        return found

    def _raw_annotations(self) -> Iterable[dict[str, Any]]:
        """The stored documents, read-only and uncopied: TinyDB's `all()` copies each one,
        which is most of the cost of listing ten thousand annotations."""
        table: dict[str, dict[str, Any]] = self._storage.data.get(ANNOTATIONS, {})
        return table.values()

    def annotation_counts(self) -> Counter[str]:
        """How many annotations each article has, by article id (without building them)."""
        return self._state.annotation_counts()

    def tag_counts(self) -> Counter[str]:
        """Every tag in the library with how many annotations carry it."""
        counts: Counter[str] = Counter()
        for spellings in self._state.spellings().values():
            counts.update(+spellings)
        return counts

    def put(self, annotation: Annotation, edited: dict[str, str] | None = None) -> Annotation:
        """Store an annotation as given (insert or replace), its tags in library spelling.

        `edited` records, by field, when the reader last changed it (kept from the stored
        record when not given): an import never overwrites a field edited after its time.
        """
        if annotation.tags:  # (most have none: an import of a device is thousands of them)
            known = self._other_spellings(annotation.id, annotation.tags)
            tags = normalize_tags(annotation.tags, known)
            if tags != annotation.tags:
                annotation = replace(annotation, tags=tags)
        doc = annotation_to_doc(annotation)
        times = dict(self.edited(annotation.id))
        times.update(edited or {})
        if times:
            doc["edited"] = times
        self._put_doc(ANNOTATIONS, annotation.id, doc)
        if annotation.id in self._storage.data.get(TOMBSTONES, {}):
            self._drop_doc(TOMBSTONES, annotation.id)  # undone, or restored: not deleted now
        self._content_changed()
        return annotation

    def edited(self, annotation_id: str) -> dict[str, str]:
        """When each field of an annotation was last edited in reader (fields never edited
        since it was made are absent)."""
        doc = self._storage.data.get(ANNOTATIONS, {}).get(annotation_id)
        times = doc.get("edited") if isinstance(doc, dict) else None
        return dict(times) if isinstance(times, dict) else {}

    def _other_spellings(self, annotation_id: str, tags: Iterable[str]) -> list[str]:
        """Spellings other annotations use for these tags (the annotation's own left out)."""
        counts = self._state.spellings()
        doc = self._storage.data.get(ANNOTATIONS, {}).get(annotation_id)
        own: Counter[str] = Counter(doc.get("tags", ())) if isinstance(doc, dict) else Counter()
        found: list[str] = []
        for key in {clean_tag(tag).casefold() for tag in tags}:
            for spelling, count in counts.get(key, Counter()).items():
                if count - own.get(spelling, 0) > 0:
                    found.append(spelling)
        return found

    def remove(self, annotation_id: str) -> Annotation | None:
        """Delete an annotation, keeping a tombstone of it; returns what was deleted."""
        doc = _get(self._annotations, annotation_id)
        if doc is None:
            return None
        self._drop_doc(ANNOTATIONS, annotation_id)
        self._put_doc(TOMBSTONES, annotation_id, tombstone(doc, self.now()))
        self._content_changed()
        return doc_to_annotation(doc)

    # What was imported, and what was deleted ---------------------------------------------

    def tombstone(self, annotation_id: str) -> dict[str, Any] | None:
        """The tombstone of a deleted annotation (a copy), or None."""
        doc = self._storage.data.get(TOMBSTONES, {}).get(annotation_id)
        return dict(doc) if doc is not None and is_tombstone(doc) else None

    def tombstones(self) -> list[dict[str, Any]]:
        """Every restorable tombstone, oldest deletion first (copies)."""
        found = [dict(doc) for doc in self._storage.data.get(TOMBSTONES, {}).values()]
        return sorted((doc for doc in found if is_tombstone(doc)), key=lambda doc: doc["deleted"])

    def deletions(self) -> list[dict[str, Any]]:
        """Every deletion known here, oldest first, each with its `article_id`: tombstones, and
        deletions made in another copy of annotations this one never had (copies)."""
        found = []
        for doc in self._storage.data.get(TOMBSTONES, {}).values():
            if isinstance(doc, dict) and isinstance(doc.get("deleted"), str) and "id" in doc:
                annotation = doc.get("annotation")
                article = annotation.get("article_id") if isinstance(annotation, dict) else None
                found.append({**doc, "article_id": str(article or doc.get("article_id", ""))})
        return sorted(found, key=lambda doc: doc["deleted"])

    def is_deleted(self, annotation_id: str) -> bool:
        """True when the annotation was deleted, here or in another copy of the library."""
        return annotation_id in self._storage.data.get(TOMBSTONES, {})

    def mark_deleted(self, annotation_id: str, article_id: str, when: str) -> None:
        """Remember that another copy of the library deleted an annotation this one does not
        have, so that no import brings it in (nothing here to restore)."""
        if not self.is_deleted(annotation_id):
            doc = {"id": annotation_id, "article_id": article_id, "deleted": when}
            self._put_doc(TOMBSTONES, annotation_id, doc)
            self._content_changed()

    def restore(self, annotation_id: str) -> Annotation | None:
        """Bring a deleted annotation back as it was; None when there is no such tombstone."""
        found = self.tombstone(annotation_id)
        if found is None or document_problem(found["annotation"]) is not None:
            return None
        self._drop_doc(TOMBSTONES, annotation_id)
        return self.put(doc_to_annotation(found["annotation"]))

    def ledger(self, annotation_id: str) -> dict[str, Any] | None:
        """What the ledger knows of an imported annotation (a copy), or None."""
        doc = self._storage.data.get(LEDGER, {}).get(annotation_id)
        return dict(doc) if isinstance(doc, dict) else None

    def put_ledger(self, annotation_id: str, doc: dict[str, Any]) -> None:
        """Record what was imported as an annotation."""
        self._put_doc(LEDGER, annotation_id, doc)

    def import_source(self, source_id: str) -> dict[str, Any] | None:
        """What is known of an imported source (a book, a page), or None."""
        doc = self._storage.data.get(SOURCES, {}).get(source_id)
        return dict(doc) if isinstance(doc, dict) else None

    def put_import_source(self, source_id: str, doc: dict[str, Any]) -> None:
        """Record an imported source and the article it is linked to."""
        self._put_doc(SOURCES, source_id, doc)

    def apply(self, change: Change) -> Annotation | None:
        """Save a change made in the app to the record as it is now; returns what is stored.

        An update writes only the fields it changed (and the modified time) over the current
        record, so an edit another copy made meanwhile to another field survives. An update
        of a record deleted elsewhere brings it back whole: what the reader wrote is kept.
        """
        if change.after is None:
            self.remove(change.annotation_id)
            return None
        current = self.annotation(change.annotation_id)
        if change.before is None or current is None:
            return self.put(change.after if current is None else current)
        values = change.values()
        if "tags" in values and change.before is not None:
            values["tags"] = merged_tags(change.before.tags, change.after.tags, current.tags)
        if not values:
            return current
        edited = {name: change.after.updated for name in change.fields}
        return self.put(replace(current, **values, updated=change.after.updated), edited)

    def set_resolution(self, annotation_id: str, resolution: Resolution) -> None:
        """Remember where an annotation was found, without touching its modified time.

        A cache: it never makes a backup of its own.
        """
        existing = self.annotation(annotation_id)
        if existing is not None and existing.resolution != resolution:
            worth = self._storage.backup
            self.put(replace(existing, resolution=resolution))
            self._storage.backup = worth

    def _content_changed(self) -> None:
        """What the reader made changed: the file it replaces is worth a backup."""
        if self._storage.backup == "none":
            self._storage.backup = "content"

    def force_backup(self) -> None:
        """Keep a backup of the file as it was before this write, whatever the write is."""
        self._storage.backup = "force"

    # Articles ----------------------------------------------------------------------------

    def article(self, article_id: str) -> ArticleRecord | None:
        """One article record by id."""
        doc = _get(self._articles, article_id)
        return doc_to_article(doc) if doc is not None else None

    def articles(self) -> list[ArticleRecord]:
        """Every article the store knows."""
        return [doc_to_article(doc) for doc in self._articles.all()]

    def article_for_path(self, path: str) -> ArticleRecord | None:
        """The article last seen at `path`."""
        found = self._state.article_for_path(path)
        return self.article(found) if found is not None else None

    def article_for_hash(self, hash_: str) -> ArticleRecord | None:
        """An article whose current text has this hash."""
        found = self._state.article_for_hash(hash_)
        return self.article(found) if found is not None else None

    def article_doc(self, article_id: str) -> dict[str, Any] | None:
        """One article's stored document (a copy), for the library's identity rules."""
        return _get(self._articles, article_id)

    def put_article_doc(self, article_id: str, doc: dict[str, Any]) -> None:
        """Store an article's document as given (the path and hash indexes follow)."""
        self._put_doc(ARTICLES, article_id, doc)

    def set_reading_position(self, article_id: str, position: int, progress: int) -> None:
        """Remember where the reader is in an article and that it was just read; its progress
        is the furthest the reader has got (going back to the top reads nothing away)."""
        doc = _get(self._articles, article_id)
        if doc is None:
            return
        reached = doc.get("progress", 0)
        if isinstance(reached, int | float) and not isinstance(reached, bool):
            progress = max(progress, min(100, int(reached)))
        doc.update(position=position, progress=progress, last_opened=self.now())
        self._put_doc(ARTICLES, article_id, doc)

    def add_missing_article(
        self,
        article_id: str,
        title: str,
        hash_: str,
        source: str,
        author: str = "",
        kind: str = "",
        identifiers: Iterable[tuple[str, str]] = (),
    ) -> ArticleRecord:
        """Record an article known only from an import: no file, but its annotations are kept
        (a book or page imported from another app has its `kind`, author and ids)."""
        existing = self.article(article_id)
        if existing is not None:
            return existing
        record: dict[str, Any] = {
            "id": article_id,
            "title": title,
            "hash": hash_,
            "source": source,
            "paths": {},
            "added": self.now(),
        }
        if author:
            record["author"] = author
        if kind:
            record["kind"] = kind
        if identifiers:
            record["identifiers"] = [list(pair) for pair in identifiers]
        self._put_doc(ARTICLES, article_id, record)
        return doc_to_article(record)
