"""The database file is never something else: FIFOs, devices, links, read-only files, locks."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from reader.core.anchoring import make_target
from reader.core.annotations import Annotation
from reader.core.store import AnnotationStore, StoreError
from reader.core.store.files import remove_stale_temporaries


def _annotation(number: int = 1) -> Annotation:
    text = "some text to annotate here"
    return Annotation(f"id-{number}", "article", make_target(text, 0, 4))


def test_a_fifo_as_the_database_is_refused_and_stays_a_fifo(tmp_path: Path) -> None:
    """A FIFO given as the database is neither waited on nor replaced by a file."""
    fifo = tmp_path / "db.json"
    os.mkfifo(fifo)
    store = AnnotationStore.open(fifo)
    with pytest.raises(StoreError, match="FIFO"):
        store.annotations()
    with pytest.raises(StoreError, match="FIFO"):
        store.add(_annotation())
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_device_as_the_database_is_refused_and_stays_a_device(tmp_path: Path) -> None:
    """A character device (a copy of /dev/null made here) is never replaced by a file."""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    store = AnnotationStore.open(device)
    with pytest.raises(StoreError, match="device"):
        store.add(_annotation())
    assert stat.S_ISCHR(device.stat().st_mode)


def test_a_symlinked_database_writes_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    """Writes go to the link's target, in the target's folder; the link stays a link."""
    synced = tmp_path / "sync"
    synced.mkdir()
    target = synced / "annotations.json"
    AnnotationStore.open(target).add(_annotation(1))
    link = tmp_path / "db.json"
    link.symlink_to(target)
    store = AnnotationStore.open(link)
    store.add(_annotation(2))
    assert link.is_symlink() and link.resolve() == target
    assert {item.id for item in AnnotationStore.open(target).annotations()} == {"id-1", "id-2"}
    assert (synced / "annotations.json.bak1").exists()
    assert not (tmp_path / "db.json.bak1").exists()


def test_a_dangling_symlink_is_refused(tmp_path: Path) -> None:
    """A link to nothing is not silently an empty library."""
    link = tmp_path / "db.json"
    link.symlink_to(tmp_path / "gone" / "annotations.json")
    with pytest.raises(StoreError, match="symbolic link .* does not exist"):
        AnnotationStore.open(link)


def test_the_database_keeps_its_mode(tmp_path: Path) -> None:
    """A database made 0640 stays 0640 after a write; a new one is private (0600)."""
    path = tmp_path / "db.json"
    store = AnnotationStore.open(path)
    store.add(_annotation(1))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o640)
    store.add(_annotation(2))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_read_only_database_is_refused_not_replaced(tmp_path: Path) -> None:
    """A file the user made read-only (0444) is left as it is, with a line saying how to go on."""
    path = tmp_path / "db.json"
    store = AnnotationStore.open(path)
    store.add(_annotation(1))
    path.chmod(0o444)
    before = path.read_bytes(), path.stat().st_ino
    with pytest.raises(StoreError, match=r"read-only \(mode 0444\).*chmod u\+w"):
        store.add(_annotation(2))
    assert (path.read_bytes(), path.stat().st_ino) == before
    assert [item.id for item in store.annotations()] == ["id-1"]  # reading still works


def test_a_lock_path_that_is_a_folder_is_one_line(tmp_path: Path) -> None:
    """When NAME.lock is a folder, writing says so instead of raising from deep inside."""
    path = tmp_path / "db.json"
    (tmp_path / "db.json.lock").mkdir()
    with pytest.raises(StoreError, match="lock"):
        AnnotationStore.open(path).add(_annotation())


def test_only_its_own_temporaries_are_removed(tmp_path: Path) -> None:
    """A writer of NAME clears `.NAME.<pid>-<n>.tmp`, never the in-flight one of `NAME.x`."""
    path = tmp_path / "db.json"
    mine = tmp_path / ".db.json.123-0.tmp"
    theirs = tmp_path / ".db.json.x.456-0.tmp"
    also_theirs = tmp_path / ".db.json.x.abcdefgh.tmp"
    for leftover in (mine, theirs, also_theirs):
        leftover.write_bytes(b"{}")
    assert remove_stale_temporaries(path) == 1
    assert not mine.exists() and theirs.exists() and also_theirs.exists()


def test_the_temporaries_of_its_backups_are_removed_too(tmp_path: Path) -> None:
    """A writer killed while it wrote a backup leaves `.NAME.bak1.<pid>-<n>.tmp` (or a daily's):
    the next writer clears it, and nothing of a database named `NAME.bak1x`."""
    path = tmp_path / "db.json"
    recent = tmp_path / ".db.json.bak1.123-0.tmp"
    daily = tmp_path / ".db.json.daily-2026-12-02.124-0.tmp"
    other = tmp_path / ".db.json.bak1x.125-0.tmp"
    for leftover in (recent, daily, other):
        leftover.write_bytes(b"{}")
    assert remove_stale_temporaries(path) == 2
    assert not recent.exists() and not daily.exists() and other.exists()
