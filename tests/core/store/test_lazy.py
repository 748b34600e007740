"""Opening a large library reads one article's annotations, found by the index beside the file."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.annotations import Annotation
from reader.core.store import AnnotationStore, StoreError
from reader.core.store.layout import index_path
from reader.core.store.lazy import TAKEN_ALONE, DamagedAnnotation, LazyAnnotations
from reader.core.store.members import each_member
from tests.core.store.test_store import _annotation


def _library(db_path: Path, articles: int = 4, each: int = 5) -> AnnotationStore:
    store = AnnotationStore.open(db_path)
    with store.writing() as tx:
        for article in range(articles):
            for number in range(each):
                annotation = _annotation(article * 100 + number, tags=(f"tag-{article}", "all"))
                tx.put(replace(annotation, article_id=f"article-{article}"))
    return store


def _table(store: AnnotationStore) -> LazyAnnotations:
    store.library_id()  # opens the database
    table = store._disk.state.data["annotations"]  # type: ignore[union-attr]
    assert isinstance(table, LazyAnnotations)
    return table


def _spoil(db_path: Path, annotation_id: str) -> None:
    """Alter one annotation's bytes in place, keeping the file's size and time."""
    raw = db_path.read_bytes()
    seen = db_path.stat()
    start = raw.index(f'"{annotation_id}":'.encode())
    spoiled = raw[:start] + raw[start:].replace(b'"yellow"', b'"purple"', 1)
    db_path.write_bytes(spoiled)
    import os

    os.utime(db_path, ns=(seen.st_atime_ns, seen.st_mtime_ns))


def test_one_article_is_read_without_the_others(db_path: Path) -> None:
    """A fresh copy reads the asked article's annotations; another article's bytes are not
    even parsed (spoiled, they would be refused)."""
    _library(db_path)
    _spoil(db_path, _annotation(301).id)
    fresh = AnnotationStore.open(db_path)
    assert len(fresh.for_article("article-1")) == 5
    assert fresh.annotation_counts() == {f"article-{n}": 5 for n in range(4)}
    assert fresh.tag_counts()["all"] == 20
    with pytest.raises(StoreError, match=r"holds an annotation that does not read .*colour"):
        fresh.for_article("article-3")


def test_counts_and_tags_come_from_the_index(db_path: Path) -> None:
    """How many annotations each article has, and the tags, are known before any is read."""
    _library(db_path)
    fresh = AnnotationStore.open(db_path)
    assert fresh.tag_counts() == {"all": 20, "tag-0": 5, "tag-1": 5, "tag-2": 5, "tag-3": 5}
    assert sum(fresh.annotation_counts().values()) == 20
    assert len(_table(fresh).read_documents()) == 0


def test_a_stale_or_missing_index_reads_the_whole_file(db_path: Path) -> None:
    """An index that is not the file's (edited by hand) or none at all: the file is read."""
    _library(db_path)
    data = json.loads(db_path.read_text())
    del data["annotations"][_annotation(0).id]
    data["meta"]["written"] = {"annotations": 19}
    db_path.write_text(json.dumps(data, indent=1))
    assert len(AnnotationStore.open(db_path).annotations()) == 19
    index_path(db_path).unlink()
    assert len(AnnotationStore.open(db_path).for_article("article-0")) == 4


def _one_note_changed_and_compacted(db_path: Path) -> tuple[AnnotationStore, Annotation]:
    """A fresh copy that changed one note of article-0, then compacted (and the note)."""
    _library(db_path)
    fresh = AnnotationStore.open(db_path)
    [first, *_] = fresh.for_article("article-0")
    fresh.update(replace(first, note="changed"))
    fresh.compact()
    return fresh, first


def test_a_compaction_keeps_unread_articles_byte_for_byte(db_path: Path) -> None:
    """Changing one article and compacting copies the others as they were, unparsed."""
    _, first = _one_note_changed_and_compacted(db_path)
    assert len(_table(AnnotationStore.open(db_path)).read_documents()) == 0
    data = json.loads(db_path.read_text())
    assert data["annotations"][first.id]["note"] == "changed"
    assert len(data["annotations"]) == 20
    again = AnnotationStore.open(db_path)
    assert {item.note for item in again.annotations()} == {"", "changed"}


def test_a_moved_annotation_takes_its_article_along(db_path: Path) -> None:
    """An annotation moved to an unread article: after a compaction each article holds what
    it should (the one it joined is written anew, not copied as its old bytes)."""
    _library(db_path)
    fresh = AnnotationStore.open(db_path)
    moved = replace(fresh.for_article("article-0")[0], article_id="article-2")
    fresh.put(moved)
    fresh.compact()
    again = AnnotationStore.open(db_path)
    assert len(again.for_article("article-2")) == 6
    assert len(again.for_article("article-0")) == 4


def test_the_database_file_is_never_held_open(db_path: Path) -> None:
    """Articles are read by opening the file each time: a store left open never keeps the
    file (or its file system) busy."""
    import os

    _library(db_path)
    fresh = AnnotationStore.open(db_path)
    fresh.for_article("article-1")
    held = {os.path.realpath(f"/proc/self/fd/{fd}") for fd in os.listdir("/proc/self/fd")}
    assert str(db_path.resolve()) not in held


def test_unread_articles_are_found_after_this_copy_compacts(db_path: Path) -> None:
    """After its own compaction rewrote the file, a copy still reads the articles it had not."""
    fresh, _ = _one_note_changed_and_compacted(db_path)
    assert len(fresh.for_article("article-3")) == 5
    assert {item.note for item in fresh.for_article("article-0")} == {"", "changed"}


def test_a_walk_over_the_library_keeps_no_article_read(db_path: Path) -> None:
    """Reading each article for a walk (an export, a search) parses it for that read only:
    afterwards nothing is held, and the walk saw every annotation, in reading order."""
    _library(db_path)
    fresh = AnnotationStore.open(db_path)
    seen: list[Annotation] = []
    for article in sorted(fresh.annotation_counts()):
        with fresh.reading() as view:
            read = view.read_annotations(article)
        assert [item.target.position.start for item in read] == sorted(
            item.target.position.start for item in read
        )
        seen.extend(read)
        assert len(_table(fresh).read_documents()) == 0
    assert sorted(item.id for item in seen) == sorted(item.id for item in _library_ids(db_path))
    assert len(fresh.for_article("article-2")) == 5  # the reading screen's read keeps none
    assert len(_table(fresh).read_documents()) == 0


def test_a_change_reads_only_the_annotation_it_changes(db_path: Path) -> None:
    """Changing, adding or deleting one annotation of an article not read keeps that one
    document alone: a highlight added to an article of 10,000 parsed all 10,000 (and held
    25 MiB of them) before."""
    _library(db_path)
    fresh = AnnotationStore.open(db_path)
    first, second, *_ = fresh.for_article("article-0")
    fresh.update(replace(first, note="changed", tags=("new-tag",)))
    added = replace(_annotation(50), article_id="article-1", tags=("all",))
    fresh.put(added)
    fresh.remove(second.id)
    assert set(_table(fresh).read_documents()) == {first.id, added.id}
    assert fresh.annotation_counts() == {
        "article-0": 4,
        "article-1": 6,
        "article-2": 5,
        "article-3": 5,
    }
    assert fresh.tag_counts() == {
        "all": 19,
        "new-tag": 1,
        "tag-0": 3,
        "tag-1": 5,
        "tag-2": 5,
        "tag-3": 5,
    }
    notes = {item.id: item.note for item in fresh.for_article("article-0")}
    assert notes[first.id] == "changed" and second.id not in notes and len(notes) == 4
    again = AnnotationStore.open(db_path)  # the journal read back into a fresh copy
    assert again.annotation_counts() == fresh.annotation_counts()
    assert again.tag_counts() == fresh.tag_counts()
    assert {item.id: item.note for item in again.for_article("article-0")} == notes
    again.compact()
    data = json.loads(db_path.read_text())["annotations"]
    assert len(data) == 20 and second.id not in data and data[first.id]["note"] == "changed"
    assert data[added.id]["article_id"] == "article-1"
    compacted = AnnotationStore.open(db_path)
    assert compacted.tag_counts() == fresh.tag_counts()
    assert len(compacted.for_article("article-1")) == 6


def test_a_compaction_copies_a_changed_articles_other_annotations_as_bytes(
    db_path: Path,
) -> None:
    """A compaction after one annotation of an article changed (a backup is one) writes the
    article's other annotations as their old bytes, unparsed (a spoiled one stays spoiled,
    not refused), and the copy reads everything right afterwards, holding nothing."""
    _library(db_path)
    spoiled = _annotation(3)
    _spoil(db_path, spoiled.id)
    fresh = AnnotationStore.open(db_path)
    changed = replace(_annotation(1), article_id="article-0", note="changed")
    fresh.update(changed)
    fresh.remove(_annotation(2).id)
    fresh.put(replace(_annotation(60), article_id="article-0", tags=("joined",)))
    fresh.compact()
    assert len(_table(fresh).read_documents()) == 0
    assert fresh.annotation_counts()["article-0"] == 5
    assert fresh.tag_counts()["joined"] == 1 and fresh.tag_counts()["tag-0"] == 3
    assert fresh.annotation(changed.id).note == "changed"  # type: ignore[union-attr]
    with pytest.raises(StoreError, match=r"holds an annotation that does not read .*colour"):
        fresh.for_article("article-0")
    raw = db_path.read_bytes()
    assert raw.count(f'"{spoiled.id}":'.encode()) == 1 and b'"purple"' in raw
    again = AnnotationStore.open(db_path)
    assert again.annotation_counts() == fresh.annotation_counts()
    assert again.annotation(_annotation(60).id) is not None
    assert again.annotation(_annotation(2).id) is None


def test_many_changes_to_one_article_read_it_once(db_path: Path) -> None:
    """Past a few annotations changed alone, the article is read whole (a re-anchoring
    changes thousands: each found by a search of 8 MB would take minutes)."""
    _library(db_path, articles=2, each=TAKEN_ALONE + 4)
    fresh = AnnotationStore.open(db_path)
    changed = fresh.for_article("article-0")[: TAKEN_ALONE + 1]
    with fresh.writing() as tx:
        for item in changed:
            tx.put(replace(item, note="re-placed"))
    assert len(_table(fresh).read_documents()) == TAKEN_ALONE + 4
    assert [item.note for item in fresh.for_article("article-0")].count("re-placed") == len(changed)


def test_an_annotation_read_alone_is_checked(db_path: Path) -> None:
    """One annotation read from an unread article is refused when it does not read, as a
    whole article is."""
    _library(db_path)
    spoiled = _annotation(301)
    _spoil(db_path, spoiled.id)
    fresh = AnnotationStore.open(db_path)
    with pytest.raises(StoreError, match=r"holds an annotation that does not read .*colour"):
        fresh.update(replace(spoiled, article_id="article-3", note="x"))
    assert len(fresh.for_article("article-2")) == 5


def test_an_id_inside_another_annotation_is_not_taken_for_it(db_path: Path) -> None:
    """An annotation is found in its article's bytes as a member of the table (its id as
    the file has it, not escaped), never as words inside another annotation that look like
    one."""
    store = AnnotationStore.open(db_path)
    target = replace(_annotation(7), id="kindle-café-7", article_id="article-9")  # as written
    decoy_note = f',"{target.id}":{{"id":"{target.id}","note":"decoy"}}'
    with store.writing() as tx:
        tx.put(replace(_annotation(6), article_id="article-9", note=decoy_note))
        tx.put(target)
    store.compact()
    fresh = AnnotationStore.open(db_path)
    assert fresh.annotation(target.id) == store.annotation(target.id)
    assert len(_table(fresh).read_documents()) == 1


def _library_ids(db_path: Path) -> list[Annotation]:
    return AnnotationStore.open(db_path).annotations()


def test_an_article_is_read_one_annotation_at_a_time(db_path: Path) -> None:
    """Reading an article parses its annotations as they are used, never all at once (10,000
    highlights held as documents took 25 MiB beside the annotations built from them); a
    damaged one further on is still refused, when it is reached."""
    _library(db_path)
    fresh = AnnotationStore.open(db_path)
    table = _table(fresh)
    ids = list(table._ids["article-0"])
    _spoil(db_path, ids[-1])
    documents = table.article_documents("article-0", ids)
    assert next(iter(documents))["id"] == ids[0]
    with pytest.raises(DamagedAnnotation):
        list(documents)
    with pytest.raises(StoreError, match=r"holds an annotation that does not read .*colour"):
        AnnotationStore.open(db_path).for_article("article-0")


_MEMBER_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text(), _MEMBER_VALUES, max_size=5),
    st.sampled_from([None, 1]),
    st.integers(min_value=1, max_value=40),
)
def test_members_read_one_at_a_time_are_what_the_whole_object_reads(
    members: dict[str, object], indent: int | None, piece: int
) -> None:
    """An object's members parsed one by one are the object json.loads reads, compact or
    indented (as a hand-edited file may be), parsed whole or however the bytes are cut into
    the pieces decoded at a time (inside a number, a key, a character of several bytes)."""
    text = json.dumps(members, indent=indent, ensure_ascii=False).strip()
    inner = text[1:-1].encode("utf-8")
    assert dict(each_member(inner, piece)) == json.loads(text)
    assert dict(each_member(inner)) == json.loads(text)  # (parsed whole: under a megabyte)


@pytest.mark.parametrize(
    "raw",
    [b'"a":1,', b'"a" 1', b'"a":NaN', b'"a":Infinity', b"a:1", b'"a":1 "b":2', b'"a":', b'"a":1}'],
)
def test_what_is_not_members_is_refused(raw: bytes) -> None:
    """A trailing comma, a missing colon or comma, NaN, an unquoted key, a stray brace, in
    one piece or cut into pieces of any size."""
    for piece in (None, 1, 2, 3, 1 << 18):
        with pytest.raises(ValueError):
            list(each_member(raw, piece))


def test_bytes_that_are_not_utf8_are_refused_in_any_piece() -> None:
    """A byte that begins no character, or a character cut off at the very end."""
    for raw in (b'"a":"\xff"', b'"a":"\xc3'):
        for piece in (None, 1, 2, 1 << 18):
            with pytest.raises(ValueError):
                list(each_member(raw, piece))


def test_an_article_of_a_megabyte_and_more_is_read_in_pieces_to_the_same_members() -> None:
    """Over the size parsed whole, the members read are the same, refusals too."""
    from reader.core.store.encoding import LARGE_JSON_BYTES

    members = {f"id-{number}": {"note": "é" * 100, "n": number / 3} for number in range(8000)}
    inner = json.dumps(members, ensure_ascii=False)[1:-1].encode("utf-8")
    assert len(inner) > LARGE_JSON_BYTES
    assert dict(each_member(inner)) == members
    with pytest.raises(ValueError):
        list(each_member(inner + b","))
