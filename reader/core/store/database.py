"""The annotation store: the only place that knows TinyDB. Dataclasses in, dataclasses out."""

from __future__ import annotations

import contextlib
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
)
from reader.core.store.disk import DiskCopy, reading_by_index
from reader.core.store.files import MAX_DATABASE_BYTES, StoreError, check_writable
from reader.core.store.journal import journal_path
from reader.core.store.records import ArticleRecord
from reader.core.store.state import StoreState
from reader.core.store.transaction import Transaction, TransactionStorage

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
        self._memory = StoreState({})
        self._generation = 0
        """How many writes changed the in-memory store (its change token)."""
        self._disk = DiskCopy(path) if path is not None else None
        self._thread_lock = threading.RLock()
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

    @property
    def journal(self) -> Path | None:
        """The journal beside the database file, where each save is appended."""
        return self._disk.journal if self._disk is not None else None

    @property
    def compact_at_bytes(self) -> int:
        """The journal size past which a save folds the journal into the database file."""
        return self._disk.compact_at_bytes if self._disk is not None else 0

    @compact_at_bytes.setter
    def compact_at_bytes(self, value: int) -> None:
        if self._disk is not None:
            self._disk.compact_at_bytes = value

    # Reading and writing -----------------------------------------------------------------

    def _forget(self) -> None:
        if self._disk is not None:
            self._disk.forget()

    def _state(self) -> StoreState:
        """The database as it is now: only what changed on disk is read again."""
        if self._disk is None:
            return self._memory
        try:
            return self._disk.refresh()
        except StoreError:
            self._disk.forget()
            raise

    @contextmanager
    def reading(self) -> Iterator[Transaction]:
        """A read-only view of the database as it is now (nothing is written)."""
        with self._thread_lock:
            state = self._state()
            try:
                with reading_by_index(self.path or Path()):
                    yield Transaction(TransactionStorage(state, writable=False), self._clock)
            except StoreError:
                self._forget()
                raise

    @contextmanager
    def writing(self, force_backup: bool = False) -> Iterator[Transaction]:
        """A read-modify-write under the database lock; its changes are saved together at the
        end (one fsynced journal line), or not at all if it fails.

        `force_backup` keeps the file as it was before, whatever changes (imports use it).
        """
        with self._thread_lock:
            if self._disk is None:
                before = self.change_token()
                state = self._memory
                state.begin()
                try:
                    yield Transaction(TransactionStorage(state, writable=True), self._clock)
                except BaseException:
                    state.roll_back()
                    raise
                self._generation += bool(state.changes())
                state.end()
                self.last_write = (before, self.change_token())
                return
            from filelock import FileLock, Timeout  # only writers need it: reads start faster

            lock = self._acquire_lock(FileLock, Timeout)
            try:
                before = self.change_token()
                state = self._state()
                storage = TransactionStorage(state, writable=True)
                transaction = Transaction(storage, self._clock)
                if force_backup:
                    transaction.force_backup()
                state.begin()
                try:
                    with reading_by_index(self._disk.path):
                        yield transaction
                        self._disk.save(storage.backup)
                except OSError as error:  # a full disk, a file-size limit, a read-only folder
                    self._disk.forget()
                    raise StoreError(
                        f"database {self.path} could not be written"
                        f" ({error.strerror or error}); it was left as it was"
                    ) from None
                except StoreError:
                    self._disk.forget()  # read again from the disk, as it is
                    raise
                except BaseException:
                    state.roll_back()
                    raise
                state.end()
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

    def change_token(self) -> tuple[int, ...]:
        """Something that changes whenever the database (its file or journal) does."""
        if self._disk is None:
            return (self._generation,)
        return self._disk.token()

    def external_changes(self) -> int:
        """A count that grows whenever changes made elsewhere (another copy of reader, `reader
        import`) are read, and never for this copy's own writes."""
        with self._thread_lock:
            self._state()
            return self._disk.external if self._disk is not None else 0

    def content_token(self) -> tuple[int, int]:
        """Something that changes whenever an annotation or an article's title does, here or
        in another copy, but not for a reading position (caches of the library keep by it)."""
        with self._thread_lock:
            return self._state().content

    def compact(self) -> None:
        """Fold the journal into the database file now (a whole, atomic write)."""
        if self._disk is None:
            return
        from filelock import FileLock, Timeout

        with self._thread_lock:
            lock = self._acquire_lock(FileLock, Timeout)
            try:
                self._state()
                try:
                    self._disk.compact()
                except OSError as error:
                    self._disk.forget()
                    raise StoreError(
                        f"database {self.path} could not be compacted"
                        f" ({error.strerror or error}); it was left as it was"
                    ) from None
            finally:
                lock.release()

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
        """Annotations of one article, in reading order; its documents are read for this call
        and not kept (an open article's 10,000 held 25 MiB that nothing read again)."""
        with self.reading() as view:
            return view.read_annotations(article_id)

    def annotation(self, annotation_id: str) -> Annotation | None:
        """One annotation by id."""
        with self.reading() as view:
            return view.annotation(annotation_id)

    def annotation_counts(self) -> Counter[str]:
        """How many annotations each article has, by article id (none of them built)."""
        with self.reading() as view:
            return view.annotation_counts()

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

    def repair_journal(self) -> tuple[int, Path] | None:
        """Fold into the file what a damaged journal saved before the line that does not read,
        keeping the journal aside: how many writes were kept and where the journal went, or
        None when the journal is not damaged (StoreError when the file itself does not read).
        """
        if self._disk is None:
            return None
        from filelock import FileLock, Timeout

        lock = self._acquire_lock(FileLock, Timeout)
        try:
            with self._thread_lock:
                kept = self._disk.salvage()
                if kept is None:
                    return None
                stamp = self._clock().strftime("%Y%m%d-%H%M%S")
                aside = self._disk.journal.with_name(f"{self._disk.journal.name}.damaged-{stamp}")
                counter = 1
                while aside.exists():
                    counter += 1
                    aside = aside.with_name(f"{self._disk.journal.name}.damaged-{stamp}-{counter}")
                shutil.copy2(self._disk.journal, aside)
                self._disk.compact("force")
        finally:
            lock.release()
        return kept, aside

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
            assert self._disk is not None
            with contextlib.suppress(StoreError, OSError):
                self._state()  # what the journal holds goes into the copy kept aside
                self._disk.compact()
            if self.path.exists():
                stamp = self._clock().strftime("%Y%m%d-%H%M%S")
                kept = self.path.with_name(f"{self.path.name}.replaced-{stamp}")
                counter = 1
                while kept.exists():
                    counter += 1
                    kept = self.path.with_name(f"{self.path.name}.replaced-{stamp}-{counter}")
                shutil.copy2(self.path, kept)
                if self._disk.journal.exists():  # a damaged database's journal is kept with it
                    shutil.copy2(self._disk.journal, journal_path(kept))
            self._disk.replace_with(payload)
        finally:
            lock.release()
        return backup, kept
