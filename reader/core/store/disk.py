"""The database file and its journal as this process knows them, kept in step at little cost.

The state read from the file and the journal stays in memory; before each use only what
changed on disk is read again (the journal's new lines, or the whole file after another copy
compacted it). A write appends one line to the journal; a compaction folds the journal into
the file (whole, atomically, keeping a backup) and starts an empty journal.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from pathlib import Path

from reader.core.files import FileTooLarge, NotRegularFile, read_regular_file, write_atomically
from reader.core.store.backups import backup_due, keep_backup
from reader.core.store.documents import (
    ANNOTATIONS,
    META,
    MIGRATIONS,
    SCHEMA_VERSION,
    document_problem,
    first_bad_document,
    schema_version,
)
from reader.core.store.encoding import Data, annotation_count
from reader.core.store.files import (
    WRITTEN,
    StoreError,
    check_not_emptied,
    read_database,
    refusal,
    remove_stale_temporaries,
    write_database_file,
)
from reader.core.store.journal import (
    WORTH,
    DamagedJournal,
    JournalRead,
    append,
    encode_line,
    header,
    journal_path,
    read_header,
    read_lines,
    start_journal,
)
from reader.core.store.layout import (
    LaidOut,
    forget_index,
    index_path,
    read_by_index,
    write_index,
)
from reader.core.store.lazy import (
    DamagedAnnotation,
    IndexedArticle,
    LazyAnnotations,
    UnreadableSpan,
)
from reader.core.store.state import Operation, StoreState

JOURNAL = "journal"
"""The meta document naming the file's state, which its journal follows."""
COMPACT_AT_BYTES = 1 << 20
"""A journal is folded into the file once it is larger than this and an eighth of the file."""
FileKey = tuple[int, int, int]


def _stat_key(path: Path) -> FileKey | None:
    try:
        seen = path.stat()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(f"database {path} cannot be read ({error.strerror or error})") from None
    return (seen.st_ino, seen.st_size, seen.st_mtime_ns)


def file_base(data: Data) -> str:
    """The name of the state a database file holds, which its journal must follow."""
    doc = data.get(META, {}).get(JOURNAL)
    base = doc.get("base") if isinstance(doc, dict) else None
    return base if isinstance(base, str) else ""


@contextlib.contextmanager
def reading_by_index(path: Path) -> Iterator[None]:
    """Turn what goes wrong reading an article's annotations from the file into a StoreError."""
    try:
        yield
    except DamagedAnnotation as error:
        key, problem = error.args
        raise refusal(path, f"holds an annotation that does not read ({key} {problem})") from None
    except UnreadableSpan:
        forget_index(path)
        raise StoreError(
            f"database {path} was changed by another program while it was read; try again"
        ) from None


class DiskCopy:
    """The database at `path` (with its journal) as last read, and how to bring it up to date."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.journal = journal_path(path)
        self.state: StoreState | None = None
        self.compact_at_bytes = COMPACT_AT_BYTES
        self._file_key: FileKey | None = None
        self._journal_key: FileKey | None = None
        self._offset = 0
        """How far into the journal the state has read."""
        self._base = ""
        self._stale_journal = False
        """A journal is there that does not follow the file (left by a crash mid-compaction)."""
        self._worth = "none"
        """The most the journal's writes are worth as a backup (for the next compaction)."""
        self.version_on_disk = SCHEMA_VERSION
        self.external = 0
        """How many times changes made elsewhere (another copy, `reader import`) were read."""
        self._salvaging = False
        self._salvaged: JournalRead | None = None

    # Reading ------------------------------------------------------------------------------

    def refresh(self) -> StoreState:
        """The state as the disk has it now; reads only what changed since the last time."""
        with reading_by_index(self.path):
            for _ in range(5):
                file_key = _stat_key(self.path)
                known = self.state is not None and file_key == self._file_key
                if known and self._read_new_lines():
                    return self.state  # type: ignore[return-value]
                if self._load_whole(file_key):
                    return self.state  # type: ignore[return-value]
            # Another copy kept compacting while this one read: read once more and take it.
            self._load_whole(_stat_key(self.path), settle=False)
        assert self.state is not None
        return self.state

    def token(self) -> tuple[int, ...]:
        """Something that changes whenever the database file or its journal does."""
        file_key = _stat_key(self.path) or (0, 0, 0)
        journal_key = _stat_key(self.journal) or (0, 0, 0)
        return (*file_key, *journal_key)

    def forget(self) -> None:
        """Drop the state held in memory: the next use reads the disk afresh (and what it
        reads then counts as changed elsewhere: it may be)."""
        self.state = None
        self._file_key = None
        self.external += 1

    def _load_whole(self, file_key: FileKey | None, settle: bool = True) -> bool:
        """Read the file and its journal; False when the file changed meanwhile (read again)."""
        data = (read_by_index(self.path) or read_database(self.path)) if file_key else {}
        self.version_on_disk = schema_version(data) if data else SCHEMA_VERSION
        state = StoreState(self._upgrade(data))
        self._base = file_base(data)
        raw = self._journal_bytes()
        journal_key = _stat_key(self.journal)
        if settle and _stat_key(self.path) != file_key:
            return False  # compacted by another copy between the two reads
        base, start = read_header(raw)
        self._stale_journal = bool(raw) and (not base or base != self._base)
        read = JournalRead([], start, "none")
        if raw and not self._stale_journal:
            read = self._read(raw, start)
            self._check_operations(read.operations)
            state.apply(read.operations)
        if self.state is not None:  # read again: another copy compacted or replaced it
            self.external += 1
        self.state, self._file_key, self._journal_key = state, file_key, journal_key
        self._offset, self._worth = read.end, read.worth
        return True

    def _read_new_lines(self) -> bool:
        """Apply what other writers appended to the journal; False when it was replaced."""
        assert self.state is not None
        key = _stat_key(self.journal)
        if key == self._journal_key:
            return True
        if key is None or self._journal_key is None or key[0] != self._journal_key[0]:
            return self._journal_key is None and key is None
        if key[1] < self._offset:
            return False
        try:
            with self.journal.open("rb") as handle:
                handle.seek(self._offset)
                raw = handle.read(key[1] - self._offset)
        except OSError as error:
            raise StoreError(self._unreadable(error)) from None
        read = self._read(raw, 0)
        self._check_operations(read.operations)
        self.state.apply(read.operations)
        if read.operations:  # another writer's lines (this copy's own are never read back)
            self.external += 1
        self._offset += read.end
        self._worth = WORTH[max(WORTH.index(self._worth), WORTH.index(read.worth))]
        self._journal_key = key if read.end == len(raw) else (key[0], self._offset, 0)
        return True

    def _journal_bytes(self) -> bytes:
        try:
            return read_regular_file(self.journal, 4 << 30)
        except FileNotFoundError:
            return b""
        except (NotRegularFile, FileTooLarge) as error:
            raise StoreError(
                f"database journal {self.journal} is not a journal reader wrote ({error});"
                " move it aside and try again"
            ) from None
        except OSError as error:
            raise StoreError(self._unreadable(error)) from None

    def _unreadable(self, error: OSError) -> str:
        return f"database journal {self.journal} cannot be read ({error.strerror or error})"

    def _read(self, raw: bytes, start: int) -> JournalRead:
        try:
            return read_lines(raw, start)
        except DamagedJournal as error:
            if self._salvaging:
                self._salvaged = error.readable
                return error.readable
            raise refusal(
                self.path,
                f"has a damaged journal ({self.journal}: {error})",
                advice=f"run `reader db restore --db {self.path}` to keep the file and the"
                " saves before the damaged line (the journal is kept aside)",
            ) from None

    def salvage(self) -> int | None:
        """Read the file and, of a damaged journal, the writes before the line that does not
        read (the state then holds them; compacting writes them into the file). The number
        of writes kept, or None when the journal is not damaged (nothing is read then)."""
        self._salvaging, self._salvaged = True, None
        try:
            self.forget()
            self.refresh()
        finally:
            self._salvaging = False
        return None if self._salvaged is None else len(self._salvaged.operations)

    def _check_operations(self, operations: list[Operation]) -> None:
        for table, key, doc in operations:
            problem = document_problem(doc) if table == ANNOTATIONS and doc is not None else None
            if problem is not None:
                raise refusal(
                    self.path,
                    f"has a journal line with an annotation that does not read ({key} {problem})",
                )

    def _upgrade(self, data: Data) -> Data:
        """Check the schema version and migrate an older database in memory."""
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
        lazy = isinstance(data.get(ANNOTATIONS), LazyAnnotations)
        bad = None if lazy else first_bad_document(data)  # a lazy table checks as it reads
        if bad is not None:
            doc_id, problem = bad
            raise refusal(self.path, f"holds an annotation that does not read ({doc_id} {problem})")
        check_not_emptied(self.path, data)
        data.setdefault(META, {})["schema"] = {"version": SCHEMA_VERSION}
        return data

    # Writing (under the database lock) ----------------------------------------------------

    def save(self, worth: str) -> None:
        """Make the state's changes since `begin` durable: one journal line, or a compaction
        when one is due."""
        assert self.state is not None
        operations = self.state.changes()
        if not operations:
            return
        if (
            self._file_key is None
            or not self._base
            or self._stale_journal
            or self.version_on_disk < SCHEMA_VERSION
        ):
            self.compact(worth)
            return
        if worth == "force" or (worth == "content" and backup_due(self.path)):
            # A backup (every few minutes, and before an import, a merge or a restore) is a
            # whole file of the state just before this write. With writes in the journal, that
            # state is folded into the file first.
            if self._offset > len(header(self._base)):
                self.state.roll_back()
                self._worth = "none"
                self.compact("none")
                self.state.begin()
                self.state.apply(operations)
            if worth == "force":  # a whole new file, the old one kept
                self.compact(worth)
                return
            keep_backup(self.path, staying=True)  # the file, copied; this write: the journal
        line = encode_line(operations, worth)
        try:
            self._offset = append(self.journal, line, self._offset)
        except FileNotFoundError:  # a journal removed by hand: the file takes everything
            self.compact(worth)
            return
        self._journal_key = _stat_key(self.journal)
        self._worth = WORTH[max(WORTH.index(self._worth), WORTH.index(worth))]
        if self._offset > max(self.compact_at_bytes, (self._file_key[1]) // 8):
            self.compact("none")

    def compact(self, worth: str = "none") -> None:
        """Fold the journal into the database file, atomically, and start an empty journal."""
        assert self.state is not None
        remove_stale_temporaries(self.path)
        remove_stale_temporaries(self.journal)
        remove_stale_temporaries(index_path(self.path))
        if self.version_on_disk < SCHEMA_VERSION and self._file_key is not None:
            self._keep_pre_migration_copy(self.version_on_disk)
        base = uuid.uuid4().hex
        data = self.state.data
        meta = data.setdefault(META, {})
        meta[JOURNAL] = {"base": base}
        meta[WRITTEN] = {"annotations": annotation_count(data)}
        backup = WORTH[max(WORTH.index(self._worth), WORTH.index(worth))]
        laid_out = LaidOut(data)  # written piece by piece, never held whole
        forget_index(self.path)
        write_database_file(self.path, laid_out, backup)
        index = laid_out.index
        write_index(self.path, index, base)
        if self._stale_journal:
            self._keep_stale_journal()
        self._file_key, self._base = _stat_key(self.path), base
        table = data.get(ANNOTATIONS)
        if isinstance(table, LazyAnnotations) and self._file_key is not None:
            articles = {
                article: IndexedArticle((entry[0], entry[1]), tuple(entry[2]), entry[3])
                for article, entry in index["annotations"].items()
            }
            table.rebase(self._file_key, articles)
        self.version_on_disk = SCHEMA_VERSION
        self._offset = start_journal(self.journal, base)
        self._journal_key, self._stale_journal, self._worth = _stat_key(self.journal), False, "none"

    def _keep_stale_journal(self) -> None:
        """A journal that does not follow the file (the file was replaced by hand, or a
        compaction was cut short) is kept aside, never deleted: it may hold saves."""
        try:
            raw = self.journal.read_bytes()
        except OSError:
            return
        _, start = read_header(raw)
        if raw[start:].strip():
            aside = self.journal.with_name(f"{self.journal.name}.stale-{uuid.uuid4().hex[:8]}")
            with contextlib.suppress(OSError):
                self.journal.rename(aside)

    def replace_with(self, payload: bytes) -> None:
        """Put a backup's bytes in place of the database; its journal goes (the state is read
        again from the file)."""
        with contextlib.suppress(FileNotFoundError):
            self.journal.unlink()
        forget_index(self.path)
        write_database_file(self.path, payload, "force")
        self.forget()

    def _keep_pre_migration_copy(self, version: int) -> None:
        copy = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        if not copy.exists():
            write_atomically(copy, self.path.read_bytes())
