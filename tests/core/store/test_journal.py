"""The journal: a save appends one line; compaction folds it into the TinyDB file safely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.store import SCHEMA_VERSION, AnnotationStore, StoreError, backup_paths
from tests.conftest import AP_ARTICLE
from tests.core.store.test_store import _annotation


def _lines(store: AnnotationStore) -> list[bytes]:
    assert store.journal is not None
    return store.journal.read_bytes().splitlines(keepends=True)


def _file_state(path: Path) -> tuple[int, bytes]:
    return path.stat().st_ino, path.read_bytes()


def _two_saves(db_path: Path) -> AnnotationStore:
    store = AnnotationStore.open(db_path)
    store.add(_annotation(0))  # a new database: written whole
    store.add(_annotation(1))  # the first backup is due: the file is copied; a journal line
    store.compact()  # both in the file, an empty journal
    return store


def test_a_save_appends_one_line_and_leaves_the_file_alone(db_path: Path) -> None:
    """Once the backup of the session is made, each save is one journal line; the TinyDB file
    is not rewritten, and a fresh copy reads the file and its journal together."""
    store = _two_saves(db_path)
    before = _file_state(db_path)
    header = _lines(store)
    for number in range(2, 6):
        store.add(_annotation(number))
    assert _file_state(db_path) == before
    assert len(_lines(store)) == len(header) + 4
    assert len(AnnotationStore.open(db_path).annotations()) == 6


def test_reading_positions_never_rewrite_the_file(tmp_path: Path, db_path: Path) -> None:
    """Leaving an article (saving its place) is a journal line: no rewrite, no backup."""
    library = Library(AnnotationStore.open(db_path))
    article = library.open(AP_ARTICLE)
    library.store.compact()
    before = _file_state(db_path)
    for position in range(0, 500, 50):
        library.store.set_reading_position(article.id, position, position // 10)
    assert _file_state(db_path) == before
    assert not any(path.exists() for path in backup_paths(db_path))
    record = AnnotationStore.open(db_path).article(article.id)
    assert record is not None and record.position == 450


def test_another_copy_sees_appended_lines_and_compactions(db_path: Path) -> None:
    """A second copy reads only what the first appended since, and a compaction's new file."""
    first = _two_saves(db_path)
    second = AnnotationStore.open(db_path)
    assert len(second.annotations()) == 2
    first.add(_annotation(2))
    assert len(second.annotations()) == 3
    first.remove(_annotation(0).id)
    first.compact()
    assert {item.id for item in second.annotations()} == {
        _annotation(1).id,
        _annotation(2).id,
    }
    second.add(_annotation(3))
    assert len(first.annotations()) == 3


def test_a_line_cut_short_by_a_crash_is_not_a_save(db_path: Path) -> None:
    """The last line torn by a crash is ignored, and the next save cuts it off."""
    store = _two_saves(db_path)
    store.add(_annotation(2))
    assert store.journal is not None
    whole = store.journal.read_bytes()
    line = json.dumps({"ops": [["annotations", "x", {"id": "x"}]], "worth": "content"})
    store.journal.write_bytes(whole + line[:30].encode())
    fresh = AnnotationStore.open(db_path)
    assert len(fresh.annotations()) == 3
    fresh.add(_annotation(3))
    assert store.journal.read_bytes().startswith(whole)
    assert store.journal.read_bytes().endswith(b"\n")
    assert len(AnnotationStore.open(db_path).annotations()) == 4


def test_a_damaged_line_within_the_journal_is_refused(db_path: Path) -> None:
    """A line altered in the middle of the journal refuses the database, untouched."""
    store = _two_saves(db_path)
    store.add(_annotation(2))
    store.add(_annotation(3))
    assert store.journal is not None
    lines = _lines(store)
    lines[1] = lines[1].replace(b"yellow", b"yellov")
    store.journal.write_bytes(b"".join(lines))
    damaged = store.journal.read_bytes()
    fresh = AnnotationStore.open(db_path)
    with pytest.raises(StoreError, match=r"damaged journal .*reader db restore"):
        fresh.annotations()
    with pytest.raises(StoreError, match="damaged journal"):
        fresh.add(_annotation(4))
    assert store.journal.read_bytes() == damaged


def test_a_damaged_journal_is_repaired_keeping_the_saves_before_the_damage(
    db_path: Path,
) -> None:
    """The refusal says what restore keeps: the file and the journal's saves before the
    damaged line (restoring the newest backup dropped them); the journal goes aside whole."""
    store = _two_saves(db_path)
    for number in (2, 3, 4):
        store.add(_annotation(number))
    lines = _lines(store)
    lines[2] = lines[2].replace(b"yellow", b"yellov")  # the save of annotation 3
    assert store.journal is not None
    store.journal.write_bytes(b"".join(lines))
    damaged = store.journal.read_bytes()
    fresh = AnnotationStore.open(db_path)
    with pytest.raises(StoreError, match=r"keep the file and the saves before the damaged"):
        fresh.annotations()
    repaired = fresh.repair_journal()
    assert repaired is not None
    kept, aside = repaired
    assert kept == 1 and aside.read_bytes() == damaged
    after = AnnotationStore.open(db_path)
    assert {item.id for item in after.annotations()} == {_annotation(n).id for n in (0, 1, 2)}
    assert after.repair_journal() is None  # a sound journal: nothing to repair


def test_an_annotation_in_the_journal_that_does_not_read_is_refused(db_path: Path) -> None:
    """A journal line with a well-formed checksum but a hostile document is refused too."""
    from reader.core.store.journal import encode_line

    store = _two_saves(db_path)
    assert store.journal is not None
    bad = {"id": "x", "article_id": "a", "quote": {"exact": 3}, "position": {}}
    with store.journal.open("ab") as handle:
        handle.write(encode_line([("annotations", "x", bad)], "content"))
    with pytest.raises(StoreError, match="journal line with an annotation that does not read"):
        AnnotationStore.open(db_path).annotations()


def test_a_journal_left_from_before_a_compaction_is_not_applied_again(db_path: Path) -> None:
    """A crash after the new file took its place but before the new journal was started
    leaves the old journal: what it holds is in the file already, and is not replayed."""
    store = _two_saves(db_path)
    store.add(_annotation(2))
    assert store.journal is not None
    old_journal = store.journal.read_bytes()
    store.remove(_annotation(2).id)
    store.compact()
    store.journal.write_bytes(old_journal)  # as a crash between the two steps leaves it
    fresh = AnnotationStore.open(db_path)
    assert {item.id for item in fresh.annotations()} == {_annotation(0).id, _annotation(1).id}
    fresh.add(_annotation(3))  # the stale journal is replaced, not appended to
    assert len(AnnotationStore.open(db_path).annotations()) == 3
    [kept] = db_path.parent.glob(f"{db_path.name}.journal.stale-*")  # kept aside, never lost
    assert kept.read_bytes() == old_journal


def test_compaction_folds_the_journal_into_the_file(db_path: Path) -> None:
    """After a compaction the TinyDB file alone holds everything; the journal is empty."""
    store = _two_saves(db_path)
    for number in range(2, 5):
        store.add(_annotation(number))
    store.compact()
    assert len(_lines(store)) == 1
    data = json.loads(db_path.read_text())
    assert len(data["annotations"]) == 5
    assert data["meta"]["written"] == {"annotations": 5}


def test_a_large_journal_is_compacted_by_the_save_that_grows_it(db_path: Path) -> None:
    """Past its size limit, the journal is folded by the save that crosses it."""
    store = _two_saves(db_path)
    store.compact_at_bytes = 2_000
    for number in range(2, 12):
        store.add(_annotation(number))
    assert store.journal is not None and store.journal.stat().st_size < 2_000
    assert len(json.loads(db_path.read_text())["annotations"]) >= 8


def test_a_failed_write_is_taken_back_in_memory_too(file_store: AnnotationStore) -> None:
    """An exception inside a write leaves neither the disk nor this copy's view changed."""
    file_store.add(_annotation(1))
    with pytest.raises(RuntimeError), file_store.writing() as tx:
        tx.put(_annotation(2))
        tx.remove(_annotation(1).id)
        raise RuntimeError("boom")
    assert [item.id for item in file_store.annotations()] == [_annotation(1).id]
    assert file_store.tag_counts() == AnnotationStore.open(file_store.path).tag_counts()  # type: ignore[arg-type]


def test_a_failed_write_in_memory_is_taken_back(store: AnnotationStore) -> None:
    """The in-memory store takes back a failed write as the file store does."""
    store.add(_annotation(1, tags=("kept",)))
    with pytest.raises(RuntimeError), store.writing() as tx:
        tx.put(_annotation(2, tags=("dropped",)))
        raise RuntimeError("boom")
    assert [item.id for item in store.annotations()] == [_annotation(1).id]
    assert set(store.tag_counts()) == {"kept"}


def test_a_database_from_before_the_journal_is_upgraded_keeping_a_copy(db_path: Path) -> None:
    """A schema-2 single-file database reads as it is; its first save keeps a copy of it and
    rewrites it naming its state (older versions then refuse it rather than miss the journal)."""
    store = _two_saves(db_path)
    data = json.loads(db_path.read_text())
    data["meta"]["schema"] = {"version": 2}
    del data["meta"]["journal"]
    assert store.journal is not None
    store.journal.unlink()
    original = json.dumps(data).encode()
    db_path.write_bytes(original)
    old = AnnotationStore.open(db_path)
    assert len(old.annotations()) == 2
    old.add(_annotation(2))
    assert db_path.with_name(db_path.name + ".schema2.bak").read_bytes() == original
    upgraded = json.loads(db_path.read_text())
    assert upgraded["meta"]["schema"]["version"] == SCHEMA_VERSION == 3
    assert len(upgraded["annotations"]) == 3
    old.add(_annotation(3))
    assert len(_lines(old)) == 2  # from then on, saves are journal lines


def test_restore_keeps_aside_what_the_journal_held(db_path: Path) -> None:
    """`db restore` keeps the current state aside, journal included, then puts the backup
    back with no journal of its own."""
    store = _two_saves(db_path)
    store.add(_annotation(2))
    backup = json.loads(backup_paths(db_path)[0].read_text())
    _, kept = store.restore_backup()
    assert kept is not None
    assert len(json.loads(kept.read_text())["annotations"]) == 3
    assert store.journal is not None and not store.journal.exists()
    assert len(store.annotations()) == len(backup["annotations"]) == 1
    store.add(_annotation(5))
    assert len(AnnotationStore.open(db_path).annotations()) == 2


def test_a_backup_with_nothing_in_the_journal_is_a_copy_and_the_file_stays(
    db_path: Path,
) -> None:
    """When a save is worth a backup and the journal is empty, the file already is the state
    before the save: it is copied as the backup (not rewritten, not folded twice), the save
    goes to the journal, and the backup is a file of its own (editing the live file in place
    leaves it alone)."""
    import os

    store = _two_saves(db_path)
    for backup in backup_paths(db_path):
        backup.unlink(missing_ok=True)
    for daily in db_path.parent.glob(db_path.name + ".daily-*"):
        daily.unlink()
    before = _file_state(db_path)
    store.add(_annotation(2))
    assert _file_state(db_path) == before  # the file was not rewritten
    assert len(_lines(store)) == 2  # the journal's header and this save
    backup = backup_paths(db_path)[0]
    assert backup.read_bytes() == before[1] and backup.stat().st_ino != before[0]
    assert len(AnnotationStore.open(backup).annotations()) == 2
    with db_path.open("r+b") as live:  # an edit in place, as some editors make
        live.write(b"{}")
        os.fsync(live.fileno())
    assert backup.read_bytes() == before[1]


def test_changes_made_elsewhere_are_counted_and_the_copys_own_are_not(db_path: Path) -> None:
    """The count of changes read from other writers grows for another copy's save and for
    its compaction, never for this copy's own saves or compactions."""
    store = _two_saves(db_path)
    seen = store.external_changes()
    store.add(_annotation(2))
    store.compact()
    store.add(_annotation(3))
    assert store.external_changes() == seen
    other = AnnotationStore.open(db_path)
    other.add(_annotation(4))
    assert store.external_changes() == seen + 1
    other.compact()
    assert store.external_changes() == seen + 2
    assert len(store.annotations()) == 5


def test_a_backup_the_same_as_the_last_is_not_made_twice(db_path: Path) -> None:
    """A compaction after the file was copied as a backup (and not changed since) keeps no
    second copy of it: three slots keep three different states."""
    import os
    import time

    store = _two_saves(db_path)
    for stale in [*backup_paths(db_path), *db_path.parent.glob(db_path.name + ".daily-*")]:
        stale.unlink(missing_ok=True)
    store.add(_annotation(2))  # the file copied as the backup; this save in the journal
    [newest, *older] = backup_paths(db_path)
    assert newest.read_bytes() == db_path.read_bytes()
    an_hour_ago = time.time() - 3600
    os.utime(newest, (an_hour_ago, an_hour_ago))  # a later backup is due
    store.compact()  # replaces the file, which the newest backup already holds
    assert not any(path.exists() for path in older)
    assert len(AnnotationStore.open(newest).annotations()) == 2
    assert len(AnnotationStore.open(db_path).annotations()) == 3
