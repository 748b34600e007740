"""Backups: earlier states of the database worth going back to, kept for days, not seconds.

Only writes that change what the reader made (annotations, articles) make backups; reading
positions and remembered anchor places never do. Three recent backups are kept, each at least
a few minutes apart while someone edits, plus the first state of each of the last seven days.
Before an import, a merge or a restore a backup is always made.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
import stat
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from reader.core.files import write_atomically
from reader.core.store.encoding import parse_database

BACKUP_COUNT = 3
"""How many recent backups are kept."""
DAILY_COUNT = 7
"""How many days have a backup of their own."""
MINIMUM_GAP_SECONDS = 5 * 60
"""While someone edits, recent backups are at least this far apart."""


def backup_paths(path: Path) -> list[Path]:
    """The recent backups of a database, newest first (they may not exist)."""
    return [path.with_name(f"{path.name}.bak{number}") for number in range(1, BACKUP_COUNT + 1)]


def daily_backups(path: Path) -> list[Path]:
    """The daily backups that exist, newest first."""
    found = path.parent.glob(f"{path.name}.daily-*")
    return sorted(found, key=lambda item: item.name, reverse=True)


def all_backups(path: Path) -> list[Path]:
    """Every backup that exists, the most recent first."""
    existing = [backup for backup in [*backup_paths(path), *daily_backups(path)] if backup.exists()]
    return sorted(existing, key=lambda item: item.stat().st_mtime, reverse=True)


def newest_readable_backup(path: Path) -> Path | None:
    """The newest backup of `path` that parses as a non-empty database, if any."""
    for backup in all_backups(path):
        try:
            if parse_database(backup.read_bytes()):
                return backup
        except (OSError, ValueError):
            continue
    return None


def describe_backup(backup: Path) -> str:
    """A backup's name and when it was written, for messages and listings."""
    written = datetime.fromtimestamp(backup.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    return f"{backup} (saved {written})"


def _keep_as(path: Path, backup: Path) -> None:
    """Make `backup` hold the file as it is now (a hard link: the old inode survives a replace)."""
    with contextlib.suppress(FileNotFoundError):
        backup.unlink()
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)


def _recent_due(path: Path, now: float) -> bool:
    """True when the newest recent backup is old enough to be followed by another."""
    try:
        return now - backup_paths(path)[0].stat().st_mtime >= MINIMUM_GAP_SECONDS
    except FileNotFoundError:
        return True


def _daily(path: Path, now: float) -> Path:
    """The daily backup of the day `now` falls in."""
    return path.with_name(f"{path.name}.daily-{datetime.fromtimestamp(now).strftime('%Y-%m-%d')}")


def backup_due(path: Path, now: float | None = None) -> bool:
    """True when replacing `path` now would make a backup (see keep_backup): its newest recent
    backup is a few minutes old, or today has none."""
    now = time.time() if now is None else now
    return _recent_due(path, now) or not _daily(path, now).exists()


def _copy_as(path: Path, backup: Path) -> None:
    """Make `backup` a copy of the file as it is now, on disk before it is named (a hard link
    would share the live file: an edit in place would change the backup too)."""

    def pieces() -> Iterator[bytes]:
        with path.open("rb") as source:
            while chunk := source.read(1 << 20):
                yield chunk

    write_atomically(backup, pieces(), new_mode=stat.S_IMODE(path.stat().st_mode))


def _same_content(path: Path, backup: Path) -> bool:
    """True when `backup` holds exactly what `path` does (compared only when the sizes agree)."""
    try:
        return path.stat().st_size == backup.stat().st_size and filecmp.cmp(
            path, backup, shallow=False
        )
    except OSError:
        return False


def keep_backup(
    path: Path, force: bool = False, now: float | None = None, staying: bool = False
) -> None:
    """Keep `path` as a backup if it is worth it: before it is replaced by new content, or
    (`staying`) as it stays, with the journal taking the next writes (then it is copied).

    `force` (an import, a merge, a restore) always makes a recent backup.
    """
    keep = _copy_as if staying else _keep_as
    try:
        if path.stat().st_size == 0:
            return
    except FileNotFoundError:
        return
    now = time.time() if now is None else now
    recent = backup_paths(path)
    if _same_content(path, recent[0]):
        made: Path | None = None  # kept already: a second copy would push an older one out
    elif force or _recent_due(path, now):
        for older, newer in zip(reversed(recent), reversed(recent[:-1]), strict=False):
            if newer.exists():
                os.replace(newer, older)
        keep(path, recent[0])
        made = recent[0]
    else:
        made = None
    daily = _daily(path, now)
    if not daily.exists():
        # A copy made just now serves for the day's too (backups are never changed in place).
        _keep_as(made, daily) if staying and made is not None else keep(path, daily)
        for old in daily_backups(path)[DAILY_COUNT:]:
            with contextlib.suppress(OSError):
                old.unlink()
