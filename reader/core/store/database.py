"""The annotation store: the only place that knows TinyDB. Dataclasses in, dataclasses out."""

from __future__ import annotations

import shutil
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from reader.core.annotations import Annotation, Change, Resolution, iso_utc, utc_now
from reader.core.files import (
    FileTooLarge,
    NotRegularFile,
    is_regular_file,
    kind_of,
    read_regular_file,
    write_atomically,
)
from reader.core.store.documents import (
    META,
    MIGRATIONS,
    SCHEMA_VERSION,
    first_bad_document,
    schema_version,
)
from reader.core.store.encoding import Data, encode_database
from reader.core.store.files import (
    MAX_DATABASE_BYTES,
    StoreError,
    TransactionStorage,
    check_not_emptied,
    check_writable,
    read_database,
    refusal,
    remove_stale_temporaries,
    write_database_file,
)
from reader.core.store.records import ArticleRecord
from reader.core.store.transaction import Transaction

LOCK_TIMEOUT_SECONDS = 15.0
"""How long a write waits for another copy of reader to finish its own."""


class AnnotationStore:
    """Annotations and articles in a TinyDB file, safe against crashes and concurrent copies."""

    def __init__(self, path: Path | None, clock: Callable[[], datetime] = utc_now) -> None:
        self.link: Path | None = None
        """The symbolic link the database was named by, if it was (`path` is its target)."""
        if path is not None and path.is_symlink():
            # Written in place of the link's target, in the target's folder: the link stays, and
            # a sync tool watching the target sees every write.
            try:
                self.link, path = path, path.resolve()
            except (RuntimeError, OSError):
                raise StoreError(
                    f"database {path} is a symbolic link that leads round in a loop: point it at"
                    " the database, or give --db the file itself"
                ) from None
            if not path.exists():
                raise StoreError(
                    f"database {self.link} is a symbolic link to {path}, which does not exist:"
                    " point the link at the database, or give --db the file itself"
                )
        self.path = path
        self._clock = clock
        self._memory: Data = {}
        self._thread_lock = threading.RLock()
        self._snapshot_key: tuple[int, int, int] | None = None
        self._snapshot: Data = {}
        self._checked_key: tuple[int, int, int] | None = None
        self.last_write: tuple[tuple[int, ...], tuple[int, ...]] | None = None
        """The change tokens of the file before and after the last write (taken under the lock),
        so a writer can tell whether another copy wrote in between."""

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
            data = MIGRATIONS[version](data)
            version += 1
        self._check(data)
        data.setdefault(META, {})["schema"] = {"version": SCHEMA_VERSION}
        return data

    def _check(self, data: Data) -> None:
        """Refuse a file holding an annotation that does not read, or emptied behind our back.

        A file as this store last wrote it is not checked again.
        """
        assert self.path is not None
        key = self._file_key()
        if key is not None and key == self._checked_key:
            return
        bad = first_bad_document(data)
        if bad is not None:
            doc_id, problem = bad
            raise refusal(self.path, f"holds an annotation that does not read ({doc_id} {problem})")
        check_not_emptied(self.path, data)
        self._checked_key = key

    def _file_key(self) -> tuple[int, int, int] | None:
        assert self.path is not None
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)

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
    def writing(self, force_backup: bool = False) -> Iterator[Transaction]:
        """A read-modify-write under the database lock; all changes are written once, at the end.

        `force_backup` keeps the file as it was before, whatever changes (imports use it).
        """
        with self._thread_lock:
            if self.path is None:
                storage = TransactionStorage(_deep_copy(self._memory))
                yield Transaction(storage, self._clock)
                before = self.change_token()
                if storage.dirty:
                    self._memory = storage.data
                self.last_write = (before, self.change_token())
                return
            from filelock import FileLock, Timeout  # only writers need it: reads start faster

            lock = self._acquire_lock(FileLock, Timeout)
            try:
                remove_stale_temporaries(self.path)
                before = self.change_token()
                data = read_database(self.path)
                version_before = schema_version(data) if data else SCHEMA_VERSION
                storage = TransactionStorage(self._upgrade(data), self.path)
                transaction = Transaction(storage, self._clock)
                if force_backup:
                    transaction.force_backup()
                yield transaction
                if storage.dirty and version_before < SCHEMA_VERSION:
                    self._keep_pre_migration_copy(version_before)
                try:
                    storage.commit()
                except OSError as error:  # a full disk, a file-size limit, a read-only folder
                    raise StoreError(
                        f"database {self.path} could not be written"
                        f" ({error.strerror or error}); it was left as it was"
                    ) from None
                self._checked_key = self._file_key()  # as we wrote it: no need to check again
                self.last_write = (before, self.change_token())
            finally:
                lock.release()

    def _acquire_lock(self, lock_class: Any, timeout_class: type[Exception]) -> Any:
        """Take the database's lock (beside the file), or say in one line why it cannot be."""
        assert self.path is not None
        check_writable(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = lock_class(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS)
            lock.acquire()
        except timeout_class:
            raise StoreError(
                f"database {self.path} is locked by another reader for over"
                f" {LOCK_TIMEOUT_SECONDS:.0f} s; close it and try again"
            ) from None
        except IsADirectoryError:
            raise StoreError(
                f"database {self.path} cannot be locked: {self.path}.lock is a folder;"
                " move it aside and try again"
            ) from None
        except OSError as error:
            raise StoreError(
                f"database {self.path} cannot be written: its lock file cannot be made"
                f" ({error.strerror or error}): is its folder read-only?"
            ) from None
        return lock

    def _keep_pre_migration_copy(self, version: int) -> None:
        assert self.path is not None
        copy = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        if not copy.exists():
            write_atomically(copy, self.path.read_bytes())

    def change_token(self) -> tuple[int, ...]:
        """Something that changes whenever the database file does (for noticing other writers)."""
        if self.path is None:
            return (id(self._memory),)
        try:
            stat = self.path.stat()
        except OSError:
            return (0,)
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)

    @property
    def clock(self) -> Callable[[], datetime]:
        """The store's clock (tests give a fixed one)."""
        return self._clock

    def library_id(self) -> str:
        """This library's own id ('' until something is written to it)."""
        with self.reading() as view:
            return view.library_id()

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

    def apply(self, change: Change) -> Annotation | None:
        """Save one change from the app, field by field (see `Transaction.apply`)."""
        with self.writing() as tx:
            return tx.apply(change)

    def remove(self, annotation_id: str) -> Annotation | None:
        """Delete an annotation; returns it, for undo."""
        with self.writing() as tx:
            return tx.remove(annotation_id)

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
        from reader.core.store.backups import all_backups, newest_readable_backup
        from reader.core.store.encoding import parse_database

        if self.path is None:
            raise StoreError("an in-memory database has no backups")
        if self.path.exists() and not is_regular_file(self.path):
            kind = kind_of(self.path.stat().st_mode)
            raise StoreError(
                f"database {self.path} is {kind}, not a file: reader never writes over it;"
                " give --db the path of a database file"
            )
        if backup is None:
            backup = newest_readable_backup(self.path)
            if backup is None:
                names = ", ".join(str(path) for path in all_backups(self.path))
                raise StoreError(
                    f"no readable backup of {self.path} was found"
                    + (f" (looked at {names})" if names else " (there are none)")
                )
        try:
            payload = read_regular_file(backup, MAX_DATABASE_BYTES)
            parse_database(payload)
        except FileNotFoundError:
            raise StoreError(f"backup {backup} does not exist") from None
        except (NotRegularFile, FileTooLarge) as error:
            raise StoreError(f"backup {backup} is not a database backup ({error})") from None
        except OSError as error:
            raise StoreError(
                f"backup {backup} cannot be read ({error.strerror or error})"
            ) from None
        except ValueError as error:
            raise StoreError(f"backup {backup} {error}; choose another backup") from None
        from filelock import FileLock, Timeout

        lock = self._acquire_lock(FileLock, Timeout)
        try:
            kept: Path | None = None
            if self.path.exists():
                stamp = self._clock().strftime("%Y%m%d-%H%M%S")
                kept = self.path.with_name(f"{self.path.name}.replaced-{stamp}")
                counter = 1
                while kept.exists():
                    counter += 1
                    kept = self.path.with_name(f"{self.path.name}.replaced-{stamp}-{counter}")
                shutil.copy2(self.path, kept)
            write_database_file(self.path, payload, "force")
        finally:
            lock.release()
        return backup, kept


def _deep_copy(data: Data) -> Data:
    import json

    copied: Data = json.loads(encode_database(data)) if data else {}
    return copied
