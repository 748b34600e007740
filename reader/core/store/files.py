"""The database file on disk: reading it, refusing bad files clearly, writing it safely."""

from __future__ import annotations

import contextlib
import glob
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from reader.core.files import FileTooLarge, NotRegularFile, read_regular_file, write_atomically
from reader.core.store.backups import (
    all_backups,
    describe_backup,
    keep_backup,
    newest_readable_backup,
)
from reader.core.store.encoding import Data, annotation_count, parse_database

MAX_DATABASE_BYTES = 4 << 30
"""A file larger than this is not read as a database."""


class StoreError(Exception):
    """The database cannot be used; the message says which file, why, and what to do."""


WRITTEN = "written"
"""The meta document where reader records how many annotations it wrote."""
SHRINK_CHECK_MINIMUM = 10
"""A backup with fewer annotations than this is not compared with (small libraries change fast)."""


def recorded_count(data: Data) -> int | None:
    """How many annotations reader recorded writing, None for a file it did not write so."""
    written = data.get("meta", {}).get(WRITTEN)
    count = written.get("annotations") if isinstance(written, dict) else None
    return count if isinstance(count, int) else None


def check_not_emptied(path: Path, data: Data) -> None:
    """Refuse a database that lost most of its annotations behind reader's back.

    When the count reader recorded is not what the file holds (the file was replaced, cut, or
    edited by hand) and the newest backup holds more than twice as many, the file is refused.
    A deletion made in reader records its new count and is never refused.
    """
    actual = annotation_count(data)
    if recorded_count(data) == actual:
        return
    backup = newest_readable_backup(path)
    if backup is None:
        return
    try:
        before = annotation_count(parse_database(backup.read_bytes()))
    except (OSError, ValueError):
        return
    if before >= SHRINK_CHECK_MINIMUM and actual * 2 < before:
        raise refusal(
            path,
            f"holds {actual} annotation{'s' if actual != 1 else ''} where its newest backup holds"
            f" {before}, and reader did not write it so (was the file replaced?)",
        )


class DamagedDatabase(StoreError):
    """The database file is not one reader can use as it is (it is left untouched)."""


def refusal(path: Path, reason: str, advice: str = "") -> StoreError:
    """The one-line error for a database file that cannot be used as it is (with what to do:
    by default, the newest readable backup to restore)."""
    if not advice:
        backup = newest_readable_backup(path)
        if backup is None:
            advice = "no readable backup was found; move the file aside to start a new database"
        else:
            advice = (
                f"the newest readable backup is {describe_backup(backup)}:"
                f" run `reader db restore --db {path}` to put it back"
            )
    return DamagedDatabase(f"database {path} {reason}; it was left untouched; {advice}")


def read_database(path: Path) -> Data:
    """Read the database file; a missing file, or an empty one with no backups, is empty."""
    try:
        raw = read_regular_file(path, MAX_DATABASE_BYTES)
    except FileNotFoundError:
        return {}
    except NotRegularFile as error:
        if error.kind == "a folder":
            raise StoreError(f"database {path} is a folder; give --db the path of a file") from None
        raise StoreError(
            f"database {path} is {error.kind}, not a file: reader never writes over it;"
            " give --db (or READER_DB) the path of a database file"
        ) from None
    except FileTooLarge:
        raise StoreError(
            f"database {path} is over {MAX_DATABASE_BYTES >> 30} GiB: it is not a reader database"
        ) from None
    except OSError as error:
        raise StoreError(f"database {path} cannot be read ({error.strerror or error})") from None
    if not raw and all_backups(path):
        raise refusal(path, "is empty (0 bytes) although backups of it exist")
    try:
        return parse_database(raw)
    except ValueError as error:
        raise refusal(path, str(error)) from None


def check_writable(path: Path) -> None:
    """Refuse to replace a database the user made read-only (its mode has no write bit)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    if not mode & 0o222:
        raise StoreError(
            f"database {path} is read-only (mode {stat.S_IMODE(mode):04o}); reader does not"
            f" replace a file you made read-only: make it writable (chmod u+w {path})"
            " or give --db another file"
        )


def write_database_file(
    path: Path, payload: bytes | Iterable[bytes], backup: str = "content"
) -> None:
    """Write the database crash-safely; the file it replaces becomes a backup if worth it.

    `backup` is "none" for a write of positions and caches, "content" for a change the reader
    made, "force" before an import, a merge or a restore. The new file keeps the old one's
    permissions (a new database is private: 0600).
    """
    before = None if backup == "none" else lambda: keep_backup(path, force=backup == "force")
    write_atomically(path, payload, before_replace=before)


def remove_stale_temporaries(path: Path) -> int:
    """Delete temporary files left by writers that were killed mid-write; returns how many.

    Call only while holding the database lock: then no other writer has one in progress.
    """
    removed = 0
    # The file's own temporaries, and those of its backups (`.NAME.bak1.<pid>-<n>.tmp`, a
    # daily's `.NAME.daily-DATE.<pid>-<n>.tmp`): a writer can be killed writing either.
    own = re.compile(
        rf"\.{re.escape(path.name)}(?:\.bak\d+|\.daily-[0-9-]+)?\.(?:\d+-\d+|[a-z0-9_]{{8}})\.tmp"
    )
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        # Only this database's own: `.NAME.x.<pid>-<n>.tmp` belongs to a database `NAME.x`.
        if own.fullmatch(leftover.name):
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed += 1
    return removed
