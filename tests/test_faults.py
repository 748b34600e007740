"""Failing disks and file systems, through the command line: one line each, nothing lost."""

from __future__ import annotations

import errno
import json
import resource
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.core.store import AnnotationStore, StoreError
from tests.conftest import AP_ARTICLE
from tests.test_cli import run


def _one_line(result: Any) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return str(lines[0])


def test_a_full_disk_is_one_line_and_changes_nothing(
    annotated_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC while the database is written: exit 1, one line, the file as it was."""
    import reader.core.store.files as files

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    before = annotated_db.read_bytes()
    monkeypatch.setattr(files, "write_atomically", full)
    exported = tmp_path / "all.json"
    saved = run("export", "--format", "json", "-o", str(exported), "--db", str(annotated_db))
    assert saved.exit_code == 0, saved.stderr  # reading needs no write, even with a full disk
    collection = json.loads(exported.read_text())
    collection["first"]["items"][0]["id"] = "urn:uuid:00000000-0000-4000-8000-0000000000ff"
    exported.write_text(json.dumps(collection))
    result = run("import", str(exported), "--db", str(annotated_db))
    assert result.exit_code == 1 and "No space left on device" in _one_line(result)
    assert annotated_db.read_bytes() == before


def test_a_file_size_limit_is_one_line(annotated_db: Path, tmp_path: Path) -> None:
    """`ulimit -f` (EFBIG) on an export: one line and exit 1, not a killed process."""
    out = tmp_path / "big.json"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader",
            "export",
            "--format",
            "json",
            "-o",
            str(out),
            "--db",
            str(annotated_db),
        ],
        capture_output=True,
        text=True,
        preexec_fn=limit,
    )
    assert result.returncode == 1, result.stderr
    assert "File too large" in _one_line(result)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder on a read-only file system (EROFS) holding a database and an article."""
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a file system needs root")
    try:
        shutil.copy(AP_ARTICLE, folder / "ap.txt")
        store = AnnotationStore.open(folder / "db.json")
        from reader.core.library import Library

        Library(store).open(folder / "ap.txt")
        shutil.copy(AP_ARTICLE, folder / "new.txt")  # never opened: opening it needs a write
        (folder / "new.txt").write_text("A new article\n\nIts body.\n")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_a_read_only_file_system_reads_and_refuses_writes_in_one_line(
    read_only_folder: Path, opened: list[Any]
) -> None:
    """On EROFS the library still lists and opens (reading needs no lock); writing is one line."""
    db = str(read_only_folder / "db.json")
    assert run("list", "--db", db).exit_code == 0
    imports = read_only_folder.parent / "empty.json"
    one = [{"target": {"selector": {"type": "TextQuoteSelector", "exact": "a quote"}}}]
    imports.write_text(json.dumps(one))
    result = run("import", str(imports), "--db", db)  # an import needs the write lock
    assert result.exit_code == 1 and "read-only" in _one_line(result)
    assert run("list", "--json", "--db", db).exit_code == 0
    store = AnnotationStore.open(read_only_folder / "db.json")
    with pytest.raises(StoreError, match="cannot be written"), store.writing() as tx:
        tx.put_article_doc("x", {"id": "x"})
    known = run(str(read_only_folder / "ap.txt"), "--db", db)  # opening needs no write
    assert known.exit_code == 0 and opened
    new = run(str(read_only_folder / "new.txt"), "--db", db)  # the app opens (and says why)
    assert new.exit_code == 0, new.stderr
    from reader.core.library import Library

    assert Library(store).load(read_only_folder / "new.txt").needs_registration


def test_a_held_lock_is_one_line(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another copy holding the lock past the timeout: a line saying so, nothing written."""
    from filelock import FileLock

    import reader.core.store.database as database

    monkeypatch.setattr(database, "LOCK_TIMEOUT_SECONDS", 0.2)
    store = AnnotationStore.open(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    held = FileLock(str(db_path) + ".lock")
    with held, pytest.raises(StoreError, match="locked by another"), store.writing() as tx:
        tx.put_article_doc("x", {"id": "x"})
    assert not db_path.exists()


def test_a_fifo_in_an_exported_folder_is_skipped_and_the_rest_exported(tmp_path: Path) -> None:
    """One FIFO among the articles: named on one line, the other article exported, exit 1."""
    import os

    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(AP_ARTICLE, folder / "ap.txt")
    os.mkfifo(folder / "pipe.txt")
    result = run("export", str(folder), "--db", str(tmp_path / "db.json"))
    assert result.exit_code == 1 and "Denver officials" in result.stdout
    assert "pipe.txt" in _one_line(result) and "FIFO" in result.stderr


def test_a_full_standard_output_is_one_line(annotated_db: Path, tmp_path: Path) -> None:
    """`reader export --format json > file` on a full disk says so (it was a truncated file
    and exit 0). A copy of /dev/full made here stands for the disk."""
    import os
    import stat

    full = tmp_path / "full"
    try:
        os.mknod(full, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("making a device node needs root")
    with full.open("wb") as sink:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "reader",
                "export",
                "--format",
                "json",
                "--db",
                str(annotated_db),
            ],
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert result.returncode == 1, result.stderr
    assert "No space left on device" in _one_line(result)


def test_front_matter_nested_too_deeply_is_one_line(tmp_path: Path) -> None:
    """`k: [[[…]]]` 600 deep in front matter is refused in one line (it was a RecursionError)."""
    path = tmp_path / "deep.md"
    path.write_text("---\nk: " + "[" * 600 + "]" * 600 + "\n---\n\nBody.\n")
    result = run("export", str(path), "--db", str(tmp_path / "db.json"))
    assert result.exit_code == 2 and "nested too deeply" in _one_line(result)
