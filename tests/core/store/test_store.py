"""The store: annotations in and out, tags, safety of the database file."""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.anchoring import make_target
from reader.core.annotations import Annotation, Color, normalize_tags
from reader.core.articles import Article, load_article
from reader.core.store import SCHEMA_VERSION, AnnotationStore, StoreError, backup_paths
from tests.conftest import AP_ARTICLE

ARTICLE = load_article(AP_ARTICLE)


def _annotation(number: int = 0, article: Article = ARTICLE, **changes: object) -> Annotation:
    start = 100 + number
    annotation = Annotation(
        id=f"00000000-0000-4000-8000-{number:012d}",
        article_id=article.id,
        target=make_target(article.text, start, start + 20, article.hash),
    )
    return replace(annotation, **changes)  # type: ignore[arg-type]


def test_add_stamps_times_and_reads_back(store: AnnotationStore) -> None:
    """An added annotation comes back equal, with created and updated set by the clock."""
    saved = store.add(_annotation(note="a *note*", tags=("x",), color=Color.BLUE))
    assert saved.created == saved.updated == "2026-01-02T03:04:06.000Z"
    assert store.annotation(saved.id) == saved
    assert store.for_article(ARTICLE.id) == [saved]


def test_update_changes_updated_only(store: AnnotationStore) -> None:
    """Updating keeps the created time and moves the updated time."""
    saved = store.add(_annotation())
    changed = store.update(replace(saved, note="later"))
    assert changed.created == saved.created and changed.updated > saved.updated
    assert store.annotation(saved.id) == changed


def test_remove_returns_what_was_removed(store: AnnotationStore) -> None:
    """Removing gives back the annotation (for undo); removing again gives None."""
    saved = store.add(_annotation())
    assert store.remove(saved.id) == saved
    assert store.remove(saved.id) is None
    assert store.annotations() == []


def test_annotations_are_in_reading_order(store: AnnotationStore) -> None:
    """Annotations of an article come back sorted by position."""
    for number in (5, 1, 3):
        store.add(_annotation(number))
    starts = [item.target.position.start for item in store.for_article(ARTICLE.id)]
    assert starts == sorted(starts) and len(starts) == 3


def test_tags_fold_case_across_the_library(store: AnnotationStore) -> None:
    """A tag equal to an existing one ignoring case takes the existing spelling."""
    store.add(_annotation(1, tags=("Denver", " ICE ")))
    second = store.add(_annotation(2, tags=("denver", "ice", "#New tag", "", "NEW TAG")))
    assert second.tags == ("Denver", "ICE", "New-tag")  # one form: spaces are hyphens
    assert store.tag_counts() == {"Denver": 2, "ICE": 2, "New-tag": 1}


def test_normalize_tags_first_spelling_wins() -> None:
    """Within one list, the first spelling wins and blanks are dropped."""
    assert normalize_tags(["  Alpha ", "alpha", " ", "beta  gamma"]) == ("Alpha", "beta-gamma")


def _count(path: Path) -> int:
    return len(json.loads(path.read_text()).get("annotations", {}))


def _minutes_ago(path: Path, minutes: float) -> None:
    moment = time.time() - minutes * 60
    os.utime(path, (moment, moment))


def test_file_store_round_trip_and_backups(file_store: AnnotationStore, db_path: Path) -> None:
    """Writes land in the file; backups are states minutes apart, not the last few writes."""
    for number in range(5):
        file_store.add(_annotation(number))
    assert len(AnnotationStore.open(db_path).annotations()) == 5
    recent = backup_paths(db_path)
    assert recent[0].exists() and not recent[1].exists()  # five quick edits: one backup
    assert _count(recent[0]) == 1  # the state when the editing began
    [daily] = db_path.parent.glob("annotations.json.daily-*")
    assert _count(daily) == 1
    _minutes_ago(recent[0], 6)
    file_store.add(_annotation(5))  # minutes later: the state before this edit is kept
    assert [_count(path) for path in recent[:2]] == [5, 1]
    assert json.loads(db_path.read_text())["meta"]["schema"]["version"] == SCHEMA_VERSION


def test_reading_positions_and_caches_never_make_backups(
    file_store: AnnotationStore, db_path: Path
) -> None:
    """Three cursor moves used to push out every backup: positions never rotate them now."""
    from reader.core.library import Library

    file_store.add(_annotation(1))
    file_store.add(_annotation(2))  # the first backup: one annotation
    _minutes_ago(backup_paths(db_path)[0], 60)
    record = Library(file_store).open(AP_ARTICLE)
    for position in range(5):
        file_store.set_reading_position(record.id, position, position)
    assert _count(backup_paths(db_path)[0]) == 1 and not backup_paths(db_path)[1].exists()


def test_an_import_always_makes_a_backup(file_store: AnnotationStore, db_path: Path) -> None:
    """However recent the last backup, an import keeps the state before it."""
    from reader.core.export import parse_import
    from reader.core.library import import_annotations

    for number in range(3):
        file_store.add(_annotation(number))
    items = [{"target": {"selector": {"type": "TextQuoteSelector", "exact": "new one"}}}]
    import_annotations(file_store, parse_import(json.dumps(items)), db_path.parent)
    assert _count(backup_paths(db_path)[0]) == 3  # just before the import


def test_daily_backups_are_kept_for_a_week(file_store: AnnotationStore, db_path: Path) -> None:
    """One backup per day; the oldest beyond seven days go."""
    from reader.core.store.backups import keep_backup

    file_store.add(_annotation(1))
    day = 24 * 3600
    for days_ago in range(10, 0, -1):
        keep_backup(db_path, now=time.time() - days_ago * day)
    dailies = sorted(db_path.parent.glob("annotations.json.daily-*"))
    assert len(dailies) == 7


def test_documents_are_keyed_by_annotation_id(file_store: AnnotationStore, db_path: Path) -> None:
    """TinyDB's counter is not used: the annotation's UUID is the document key."""
    saved = file_store.add(_annotation(7))
    assert list(json.loads(db_path.read_text())["annotations"]) == [saved.id]


def test_missing_database_reads_empty_and_creates_nothing(db_path: Path) -> None:
    """Reading a database that does not exist gives empty results and writes no file."""
    store = AnnotationStore.open(db_path)
    assert store.annotations() == [] and store.articles() == [] and not store.tag_counts()
    assert not db_path.parent.exists()


def test_zero_byte_file_without_backups_is_new(db_path: Path) -> None:
    """A 0-byte file (as mktemp makes) with no backups is an empty database."""
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    store = AnnotationStore.open(db_path)
    assert store.annotations() == []
    store.add(_annotation())
    assert len(store.annotations()) == 1


def _corrupt(db_path: Path, content: bytes) -> bytes:
    store = AnnotationStore.open(db_path)
    for number in range(3):
        store.add(_annotation(number))
    db_path.write_bytes(content)
    return content


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"annotations": {', "not valid JSON"),
        (b"", "empty (0 bytes)"),
        (b"[1, 2, 3]", "not a reader database"),
        (
            json.dumps({"meta": {"schema": {"version": SCHEMA_VERSION + 1}}}).encode(),
            "newer version",
        ),
    ],
)
def test_bad_database_is_refused_and_untouched(db_path: Path, content: bytes, reason: str) -> None:
    """A bad file is refused naming itself, the newest backup and `reader db restore`."""
    _corrupt(db_path, content)
    store = AnnotationStore.open(db_path)
    for attempt in (store.annotations, lambda: store.add(_annotation(9))):
        with pytest.raises(StoreError) as caught:
            attempt()
        message = str(caught.value)
        assert str(db_path) in message and reason in message
        assert "reader db restore" in message and str(backup_paths(db_path)[0]) in message
        assert "\n" not in message
    assert db_path.read_bytes() == content


def test_restore_puts_the_backup_back_and_keeps_the_bad_file(db_path: Path) -> None:
    """`restore` brings back the newest readable backup; the replaced file is kept aside."""
    _corrupt(db_path, b"garbage")
    store = AnnotationStore.open(db_path)
    used, kept = store.restore_backup()
    assert used == backup_paths(db_path)[0]
    assert kept is not None and kept.read_bytes() == b"garbage"
    assert len(store.annotations()) == 1  # the state when the editing began


def test_restore_skips_unreadable_backups(db_path: Path) -> None:
    """A damaged newest backup is passed over for an older good one."""
    _corrupt(db_path, b"garbage")
    backup_paths(db_path)[0].unlink()
    backup_paths(db_path)[0].write_text("{broken")
    used, _ = AnnotationStore.open(db_path).restore_backup()
    assert used.name.startswith("annotations.json.daily-")


def test_restore_with_no_backup_says_so(db_path: Path) -> None:
    """Without any readable backup the restore explains what it looked for."""
    with pytest.raises(StoreError, match="no readable backup"):
        AnnotationStore.open(db_path).restore_backup()


def test_old_schema_is_migrated_after_a_backup(db_path: Path) -> None:
    """A database from before schema versions is read, and a copy kept before it is rewritten."""
    doc = {
        "id": "a1",
        "article_id": "x",
        "quote": {"exact": "Three were"},
        "position": {"start": 0, "end": 10},
        "created": "2025-01-01T00:00:00.000Z",
        "updated": "2025-01-01T00:00:00.000Z",
    }
    db_path.parent.mkdir(parents=True)
    original = json.dumps({"annotations": {"a1": doc}}).encode()
    db_path.write_bytes(original)
    store = AnnotationStore.open(db_path)
    [migrated] = store.annotations()
    assert migrated.note == "" and migrated.tags == () and migrated.color is Color.YELLOW
    store.add(_annotation(1))
    assert db_path.with_name(db_path.name + ".schema0.bak").read_bytes() == original
    assert json.loads(db_path.read_text())["meta"]["schema"]["version"] == SCHEMA_VERSION


def test_a_failed_write_changes_nothing(file_store: AnnotationStore, db_path: Path) -> None:
    """An exception inside a write transaction leaves the file as it was."""
    file_store.add(_annotation(1))
    before = db_path.read_bytes()
    with pytest.raises(RuntimeError), file_store.writing() as tx:
        tx.put(_annotation(2))
        raise RuntimeError("boom")
    assert db_path.read_bytes() == before


def test_database_path_that_is_a_folder(tmp_path: Path) -> None:
    """--db pointing at a folder is refused clearly."""
    with pytest.raises(StoreError, match="is a folder"):
        AnnotationStore.open(tmp_path).annotations()
