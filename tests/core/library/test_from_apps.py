"""Importing other apps' highlights into the library: ledger, tombstones, linking."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from pathlib import Path

from reader.core.anchoring import AnchorStatus
from reader.core.annotations import Change
from reader.core.export import parse_import_file
from reader.core.imports.kindle import parse_clippings
from reader.core.library import Library, import_annotations
from reader.core.library.from_apps import STANDALONE, import_foreign
from reader.core.store import AnnotationStore

SEP = "=========="
BOOK = "Tide Pools at Dawn (Mara Quill)"
PASSAGE = "Anemones close when the water leaves them, and open again when it returns."


def clip(location: str, minute: int, text: str, kind: str = "Highlight", book: str = BOOK) -> str:
    header = (
        f"- Your {kind} at location {location} | Added on Monday, 1 June 2020 10:{minute:02}:00"
    )
    return f"{book}\n{header}\n\n{text}\n{SEP}\n"


def items(text: str):  # type: ignore[no-untyped-def]
    return parse_clippings(text, UTC).items


def _edit_note(store: AnnotationStore, note: str) -> None:
    """Write `note` on the store's one annotation, as the reader would (after any import)."""
    [annotation] = store.annotations()
    mine = replace(annotation, note=note, updated="2030-01-01T00:00:00.000Z")
    with store.writing() as tx:
        tx.apply(Change(annotation, mine, "note"))


FILE = clip("10-12", 0, "The tide went out at six.") + clip("12", 1, "a note", "Note")


def test_a_reimport_is_a_no_op_down_to_the_bytes(
    file_store: AnnotationStore, db_path: Path
) -> None:
    first = import_foreign(file_store, items(FILE))
    assert (first.imported, first.updated, first.unchanged) == (1, 0, 0)
    before = db_path.read_bytes(), sorted(p.name for p in db_path.parent.iterdir())
    again = import_foreign(file_store, items(FILE))
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 1)
    assert (db_path.read_bytes(), sorted(p.name for p in db_path.parent.iterdir())) == before


def test_the_same_file_gives_the_same_ids_in_two_libraries(clock) -> None:  # type: ignore[no-untyped-def]
    one, two = AnnotationStore.in_memory(clock), AnnotationStore.in_memory(clock)
    import_foreign(one, items(FILE))
    import_foreign(two, items(FILE))
    assert [a.id for a in one.annotations()] == [a.id for a in two.annotations()]
    assert [a.article_id for a in one.annotations()] == [a.article_id for a in two.annotations()]


def test_a_deleted_import_stays_deleted_until_restored(store: AnnotationStore) -> None:
    import_foreign(store, items(FILE))
    [annotation] = store.annotations()
    with store.writing() as tx:
        tx.remove(annotation.id)
    summary = import_foreign(store, items(FILE))
    assert (summary.imported, summary.kept_deleted) == (0, 1) and store.annotations() == []
    with store.writing() as tx:
        assert [stone["id"] for stone in tx.tombstones()] == [annotation.id]
        restored = tx.restore(annotation.id)
    assert restored is not None and restored.note == "a note"
    with store.reading() as view:
        assert view.tombstones() == []


def test_a_resized_highlight_updates_instead_of_duplicating(store: AnnotationStore) -> None:
    import_foreign(store, items(FILE))
    grown = FILE + clip("10-14", 5, "The tide went out at six. The gulls came back.")
    summary = import_foreign(store, items(grown))
    assert (summary.imported, summary.updated) == (0, 1) and summary.fields == {"quote"}
    [annotation] = store.annotations()
    assert annotation.target.quote.exact == "The tide went out at six. The gulls came back."
    assert annotation.note == "a note"


def test_an_edit_at_the_source_never_overwrites_an_edit_made_here(store: AnnotationStore) -> None:
    import_foreign(store, items(FILE))
    _edit_note(store, "my own words")
    edited = clip("10-12", 0, "The tide went out at six.") + clip(
        "12", 1, "the device's new note", "Note"
    )
    kept = import_foreign(store, items(edited))
    [after] = store.annotations()
    assert after.note == "my own words"
    assert kept.kept_yours == 1  # said, not dropped silently
    recoloured = [replace(item, color=item.color.__class__("blue")) for item in items(edited)]
    summary = import_foreign(store, recoloured)
    assert summary.fields == {"color"} and store.annotations()[0].note == "my own words"


def test_a_book_is_linked_only_by_a_strong_key_and_most_of_its_quotes(
    store: AnnotationStore, tmp_path: Path
) -> None:
    article = tmp_path / "tide.md"
    article.write_text(f"---\ntitle: Tide Pools at Dawn\nauthor: Mara Quill\n---\n\n{PASSAGE}\n")
    second = tmp_path / "gulls.md"
    second.write_text("---\ntitle: Gulls\nauthor: Mara Quill\n---\n\nGulls wait on the rocks.\n")
    Library(store).open(article)
    Library(store).open(second)
    elsewhere = clip("5-6", 0, PASSAGE, book="Tide Pools at Dawn (Someone Else)")
    missing = clip("5-6", 0, "Words that are in no article here.", book="Gulls (Mara Quill)")
    linked = import_foreign(store, items(clip("5-6", 0, PASSAGE)))
    [outcome] = linked.sources
    assert outcome.linked == str(article) and "the same title and author" in outcome.reason
    [placed] = store.annotations(outcome.article_id)
    assert placed.status is AnchorStatus.EXACT and placed.quote == PASSAGE
    other = import_foreign(store, items(elsewhere)).sources[0]
    assert other.linked == "" and other.reason == STANDALONE  # the same title is not enough
    unheld = import_foreign(store, items(missing)).sources[0]
    assert unheld.linked == "" and "holds only 0 of its 1 quotes" in unheld.reason
    again = import_foreign(store, items(clip("5-6", 0, PASSAGE))).sources[0]
    assert (again.linked, again.reason) == (str(article), "linked before")


def test_a_dry_run_writes_nothing(file_store: AnnotationStore, db_path: Path) -> None:
    summary = import_foreign(file_store, items(FILE), dry_run=True)
    assert summary.imported == 1
    assert not db_path.exists() or file_store.annotations() == []


def test_notes_without_a_quote_survive_export_and_reimport(store: AnnotationStore, clock) -> None:  # type: ignore[no-untyped-def]
    import json

    from reader.core.export import to_collection

    loose = clip("900", 3, "a thought on the whole book", "Note")
    import_foreign(store, items(loose))
    text = json.dumps(to_collection(Library(store).collect()))
    parsed = parse_import_file(text)
    fresh = AnnotationStore.in_memory(clock)
    import_annotations(fresh, parsed.items, Path("."))
    [note] = fresh.annotations()
    assert not note.has_passage and note.note == "a thought on the whole book"
    assert note.imported is not None and note.imported.get("location") == "900"
    [record] = [r for r in fresh.articles() if r.id == note.article_id]
    assert (record.kind, record.author) == ("book", "Mara Quill")


def test_a_repeated_quote_is_placed_by_its_neighbours_or_left_for_review(
    store: AnnotationStore, tmp_path: Path
) -> None:
    """Kindle keeps no context: "the sea" occurs three times, and the highlights either side
    of it in the book (by location) say which copy it is; where they cannot, it is an orphan
    to review, never put on the first copy."""
    body = (
        "Morning came slowly over the sea and the boats.\n\n"
        "By noon the gulls were loud above the harbour wall.\n\n"
        "In the evening the sea turned the colour of slate.\n\n"
        "At night we heard the sea but could not see it.\n"
    )
    article = tmp_path / "tide.md"
    article.write_text(f"---\ntitle: Tide Pools at Dawn\nauthor: Mara Quill\n---\n\n{body}")
    Library(store).open(article)
    clippings = (
        clip("10", 0, "Morning came slowly")
        + clip("20", 1, "the gulls were loud above the harbour wall")
        + clip("30", 2, "the sea")
        + clip("40", 3, "turned the colour of slate")
        + clip("50", 4, "the sea", book=BOOK)
    )
    summary = import_foreign(store, items(clippings))
    [outcome] = summary.sources
    text = Library(store).open(article).text
    placed = {a.imported.get("location"): a for a in store.annotations(outcome.article_id)}  # type: ignore[union-attr]
    between = placed["30"]
    assert between.status is AnchorStatus.EXACT
    assert between.resolution.anchor.start == text.index("the sea turned")  # type: ignore[union-attr]
    # After location 40 only the last copy is left, but nothing bounds it above: it is the
    # only copy after its neighbour, so it is placed there.
    last = placed["50"]
    assert last.status is AnchorStatus.EXACT
    assert last.resolution.anchor.start == text.index("the sea but")  # type: ignore[union-attr]


def test_a_repeated_quote_nothing_bounds_is_an_orphan(
    store: AnnotationStore, tmp_path: Path
) -> None:
    article = tmp_path / "tide.md"
    article.write_text(
        "---\ntitle: Tide Pools at Dawn\nauthor: Mara Quill\n---\n\n"
        "Anemones close when the water leaves them.\n\nUnder the sea. Then the sea again.\n"
    )
    Library(store).open(article)
    clippings = clip("10", 0, "Anemones close when the water leaves them") + clip(
        "20", 1, "the sea"
    )
    [outcome] = import_foreign(store, items(clippings)).sources
    found = {a.quote: a for a in store.annotations(outcome.article_id)}
    assert found["the sea"].status is AnchorStatus.ORPHAN


def test_an_older_copy_of_the_file_never_undoes_a_newer_import(store: AnnotationStore) -> None:
    grown = FILE + clip("10-14", 5, "The tide went out at six. The gulls came back.")
    import_foreign(store, items(grown))
    older = import_foreign(store, items(FILE))
    assert (older.updated, older.older) == (0, 1)
    [annotation] = store.annotations()
    assert annotation.target.quote.exact == "The tide went out at six. The gulls came back."


def test_a_reimport_in_the_right_time_zone_corrects_the_times(store: AnnotationStore) -> None:
    from datetime import timedelta, timezone

    import_foreign(store, items(FILE))
    assert store.annotations()[0].created == "2020-06-01T10:00:00.000Z"
    lisbon = parse_clippings(FILE, timezone(timedelta(hours=1))).items
    summary = import_foreign(store, lisbon)
    assert (summary.updated, summary.older, summary.fields) == (1, 0, {"time"})
    [annotation] = store.annotations()
    assert (annotation.created, annotation.updated) == (
        "2020-06-01T09:00:00.000Z",
        "2020-06-01T09:01:00.000Z",
    )
    assert import_foreign(store, lisbon).unchanged == 1


def _backup(store: AnnotationStore) -> str:
    from reader.core.export import dumps, to_collection

    with store.reading() as view:
        deleted = view.deletions()
    return dumps(to_collection(Library(store).collect(), deleted=deleted))


def test_a_deletion_travels_in_a_backup_to_another_copy(clock) -> None:  # type: ignore[no-untyped-def]
    """Deleted on one machine, the backup imported on another deletes it there too, and
    the other machine's own Kindle import leaves it deleted."""
    here, there = AnnotationStore.in_memory(clock), AnnotationStore.in_memory(clock)
    grown = FILE + clip("20", 2, "The gulls came back.")
    import_foreign(here, items(grown))
    import_foreign(there, items(grown))
    gone = next(a for a in here.annotations() if a.quote == "The gulls came back.")
    with here.writing() as tx:
        tx.remove(gone.id)
    parsed = parse_import_file(_backup(here))
    summary = import_annotations(there, parsed.items, Path("."), deleted=parsed.deleted)
    assert summary.deleted == 1
    assert [a.quote for a in there.annotations()] == ["The tide went out at six."]
    assert import_foreign(there, items(grown)).kept_deleted == 1
    # A third copy that never had it: the deletion is remembered, so a later import of the
    # Kindle file does not bring it in.
    third = AnnotationStore.in_memory(clock)
    import_annotations(third, parsed.items, Path("."), deleted=parsed.deleted)
    later = import_foreign(third, items(grown))
    assert later.kept_deleted == 1 and len(third.annotations()) == 1


def test_a_deletion_older_than_an_edit_elsewhere_does_not_delete_it(clock) -> None:  # type: ignore[no-untyped-def]
    here, there = AnnotationStore.in_memory(clock), AnnotationStore.in_memory(clock)
    import_foreign(here, items(FILE))
    import_foreign(there, items(FILE))
    [annotation] = here.annotations()
    with here.writing() as tx:
        tx.remove(annotation.id)
    parsed = parse_import_file(_backup(here))
    [mine] = there.annotations()
    with there.writing() as tx:
        tx.apply(
            Change(mine, replace(mine, note="kept", updated="2099-01-01T00:00:00.000Z"), "note")
        )
    summary = import_annotations(there, parsed.items, Path("."), deleted=parsed.deleted)
    assert summary.deleted == 0 and [a.note for a in there.annotations()] == ["kept"]


def test_a_books_identifiers_survive_a_backup(store: AnnotationStore, clock) -> None:  # type: ignore[no-untyped-def]
    from reader.core.imports import Foreign
    from reader.core.imports.sources import book_source

    source = book_source("Night Ferry", "Ola Berg", (("asin", "B00X"), ("koreader-md5", "abc")))
    import_foreign(store, [Foreign("koreader", "k1", source, "The ferry sailed late.")])
    parsed = parse_import_file(_backup(store))
    fresh = AnnotationStore.in_memory(clock)
    import_annotations(fresh, parsed.items, Path("."))
    [record] = fresh.articles()
    assert record.identifiers == (("asin", "B00X"), ("koreader-md5", "abc"))


def test_a_restored_backup_keeps_its_edits_when_the_device_file_comes_again(clock) -> None:  # type: ignore[no-untyped-def]
    """Machine A imports and edits; B restores A's backup, then imports the same Kindle
    file: nothing of the edit is lost (B has no ledger of what the device said)."""
    from reader.core.annotations import Color

    here, there = AnnotationStore.in_memory(clock), AnnotationStore.in_memory(clock)
    import_foreign(here, items(FILE))
    [annotation] = here.annotations()
    mine = replace(annotation, note="MY PRECIOUS NOTE", color=Color.GREEN)
    with here.writing() as tx:
        tx.apply(Change(annotation, mine, "note"))
    parsed = parse_import_file(_backup(here))
    import_annotations(there, parsed.items, Path("."))
    summary = import_foreign(there, items(FILE))
    assert (summary.updated, summary.unchanged) == (0, 1)
    [kept] = there.annotations()
    assert (kept.note, kept.color) == ("MY PRECIOUS NOTE", Color.GREEN)
    # The device adding to the highlight later still comes in (the ledger starts now).
    again = import_foreign(there, items(FILE + clip("20", 4, "The gulls came back.")))
    assert again.imported == 1


def test_a_second_device_note_joins_a_note_edited_here(store: AnnotationStore) -> None:
    import_foreign(store, items(FILE))
    _edit_note(store, "a note, and mine")
    grown = FILE + clip("12", 2, "a second thought", "Note")
    summary = import_foreign(store, items(grown))
    assert (summary.updated, summary.fields) == (1, {"note"})
    [after] = store.annotations()
    assert after.note == "a note, and mine\n\na second thought"
    assert import_foreign(store, items(grown)).unchanged == 1  # joined once


def test_a_hypothesis_offset_breaks_a_tie_only_when_it_clearly_points_at_one_copy(
    store: AnnotationStore, tmp_path: Path
) -> None:
    from reader.core.imports import Foreign
    from reader.core.imports.sources import page_source

    body = "Early on, the tide comes in. Much later, at dusk, the tide comes in.\n"
    page = tmp_path / "tide.md"
    page.write_text(f"---\ntitle: Tides\nsource: https://example.org/tides\n---\n\n{body}")
    article = Library(store).open(page)
    late = article.text.rindex("the tide comes in")
    source = page_source("https://example.org/tides", "Tides")
    near = Foreign("hypothesis", "h1", source, "the tide comes in", position_hint=late + 3)
    middle = (article.text.index("the tide") + late) // 2
    vague = Foreign("hypothesis", "h2", source, "the tide comes in", position_hint=middle)
    import_foreign(store, [near, vague])
    found = {a.id: a for a in store.annotations(article.id)}
    assert found[near.annotation_id].resolution.anchor.start == late  # type: ignore[union-attr]
    assert found[vague.annotation_id].status is AnchorStatus.ORPHAN
