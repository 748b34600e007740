"""`reader import` of other apps' exports, and `reader db deleted`, from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.cli import cli
from reader.core.store import AnnotationStore

SEP = "=========="
CLIPPINGS = (
    "\ufeffThe Salt Road (Ines Faro)\r\n- Your Highlight at location 40-41 | Added on Monday, 1 June 2020 10:00:00\r\n\r\n"
    f"Caravans left before dawn.\r\n{SEP}\r\n"
    "The Salt Road (Ines Faro)\r\n- Your Bookmark at location 50 | Added on Monday, 1 June 2020 10:01:00\r\n\r\n"
    f"\r\n{SEP}\r\n"
    "The Salt Road (Ines Faro)\r\n- Your Note at location 77 | Added on Monday, 1 June 2020 10:02:00\r\n\r\n"
    f"on the book as a whole\r\n{SEP}\r\n"
)
SIDECAR = """-- we can read Lua syntax here!
return {
    ["doc_props"] = { ["title"] = "Night Ferry", ["authors"] = "Ola Berg" },
    ["annotations"] = {
        [1] = { ["datetime"] = "2024-09-01 20:00:00", ["drawer"] = "lighten", ["color"] = "red",
                ["pos0"] = "/p[1].0", ["pos1"] = "/p[1].9", ["text"] = "The ferry sailed late." },
    },
}
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_a_kindle_file_imports_with_a_line_per_reason(tmp_path: Path) -> None:
    clippings, db = tmp_path / "My Clippings.txt", tmp_path / "db.json"
    clippings.write_text(CLIPPINGS, encoding="utf-8", newline="")
    first = run("import", str(clippings), "--db", str(db))
    assert first.exit_code == 0, first.stderr
    lines = first.stderr.splitlines()
    assert lines[0] == "imported 2, updated 0, unchanged 0"
    assert "skipped 1: bookmarks" in lines
    assert (
        "1 source kept on its own: no library article has its URL, or its title and author" in lines
    )
    again = run("import", str(clippings), "--db", str(db))
    assert (
        again.exit_code == 0
        and again.stderr.splitlines()[0] == "imported 0, updated 0, unchanged 2"
    )
    listed = run("list", "--db", str(db)).stdout
    assert "(a book by Ines Faro, no file)" in listed


def test_a_device_folder_is_walked_for_sidecars_and_their_backups_left(tmp_path: Path) -> None:
    sdr = tmp_path / "device" / "books" / "Night Ferry.sdr"
    sdr.mkdir(parents=True)
    (sdr / "metadata.epub.lua").write_text(SIDECAR)
    (sdr / "metadata.epub.lua.old").write_text(SIDECAR.replace("late", "early"))
    (tmp_path / "device" / "notes.txt").write_text("not an export")
    db = tmp_path / "db.json"
    result = run("import", str(tmp_path / "device"), "--db", str(db), "--json")
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["formats"] == {"koreader": 1}
    assert report["imported"] == 1 and report["sources"][0]["title"] == "Night Ferry"
    [annotation] = AnnotationStore.open(db).annotations()
    assert annotation.target.quote.exact == "The ferry sailed late."
    assert annotation.color.value == "pink" and annotation.imported is not None
    assert annotation.imported.get("color") == "red"


def test_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    clippings, db = tmp_path / "clips.txt", tmp_path / "data" / "db.json"
    clippings.write_text(CLIPPINGS, encoding="utf-8")
    result = run("import", str(clippings), "--dry-run", "--db", str(db))
    assert result.exit_code == 0
    assert result.stderr.startswith("would import 2, updated 0, unchanged 0 (a dry run")
    assert not db.parent.exists()  # not even the folder, or the lock beside the database


def test_unknown_files_exit_2_and_are_named_beside_good_ones(tmp_path: Path) -> None:
    notes, clippings, db = tmp_path / "notes.txt", tmp_path / "clips.txt", tmp_path / "db.json"
    notes.write_text("a shopping list\n")
    clippings.write_text(CLIPPINGS, encoding="utf-8")
    alone = run("import", str(notes), "--db", str(db))
    assert alone.exit_code == 2 and alone.stderr.count("\n") == 1
    assert "is not an export reader knows" in alone.stderr and "--format" in alone.stderr
    both = run("import", str(notes), str(clippings), "--db", str(db))
    assert both.exit_code == 0 and f"skipped {notes}: is not an export" in both.stderr
    bad_zone = run("import", str(clippings), "--timezone", "Mars/Olympus", "--db", str(db))
    assert bad_zone.exit_code == 2 and "unknown time zone 'Mars/Olympus'" in bad_zone.stderr


def test_the_timezone_option_reads_device_times_there(tmp_path: Path) -> None:
    clippings, db = tmp_path / "clips.txt", tmp_path / "db.json"
    clippings.write_text(CLIPPINGS, encoding="utf-8")
    run("import", str(clippings), "--timezone", "Asia/Tokyo", "--db", str(db))
    created = sorted(a.created for a in AnnotationStore.open(db).annotations())
    assert created[0] == "2020-06-01T01:00:00.000Z"


def test_deleted_annotations_are_listed_and_brought_back(tmp_path: Path) -> None:
    clippings, db = tmp_path / "clips.txt", tmp_path / "db.json"
    clippings.write_text(CLIPPINGS, encoding="utf-8")
    run("import", str(clippings), "--db", str(db))
    store = AnnotationStore.open(db)
    doomed = next(a for a in store.annotations() if a.has_passage)
    with store.writing() as tx:
        tx.remove(doomed.id)
    listed = run("db", "deleted", "--db", str(db))
    assert doomed.id[:8] in listed.stdout and "Caravans left before dawn." in listed.stdout
    kept = run("import", str(clippings), "--db", str(db))
    assert "kept deleted 1" in kept.stderr
    assert run("db", "deleted", "--restore", "hl-" + doomed.id[:8], "--db", str(db)).exit_code == 0
    assert doomed.id in {a.id for a in AnnotationStore.open(db).annotations()}
    with store.writing() as tx:  # a longer block id (ids sharing a head get one) works too
        tx.remove(doomed.id)
    longer = "^hl-" + doomed.id.replace("-", "")[:12]
    assert run("db", "deleted", "--restore", longer, "--db", str(db)).exit_code == 0
    assert doomed.id in {a.id for a in AnnotationStore.open(db).annotations()}
    unknown = run("db", "deleted", "--restore", "abcdef12", "--db", str(db))
    assert unknown.exit_code == 2 and "no deleted annotation has this id" in unknown.stderr


def test_a_binary_file_among_good_ones_gets_one_line_and_the_rest_is_imported(
    tmp_path: Path,
) -> None:
    photo, clippings, db = tmp_path / "cover.png", tmp_path / "clips.txt", tmp_path / "db.json"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    clippings.write_text(CLIPPINGS, encoding="utf-8")
    both = run("import", str(photo), str(tmp_path / "gone.txt"), str(clippings), "--db", str(db))
    assert both.exit_code == 0, both.stderr
    assert both.stderr.splitlines()[0] == "imported 2, updated 0, unchanged 0"
    assert f"could not read {photo}: it is a PNG image, not text" in both.stderr
    assert f"could not read {tmp_path / 'gone.txt'}: no such file or folder" in both.stderr
    assert "Traceback" not in both.stderr
    alone = run("import", str(photo), "--db", str(db))
    assert alone.exit_code == 2 and alone.stderr.count("\n") == 1
    assert f"{photo}: it is a PNG image, not text; nothing was imported" in alone.stderr


def test_json_reports_files_of_no_known_format_too(tmp_path: Path) -> None:
    notes, db = tmp_path / "notes.txt", tmp_path / "db.json"
    notes.write_text("a shopping list\n")
    result = run("import", str(notes), "--json", "--db", str(db))
    assert result.exit_code == 2
    rows = json.loads(result.stdout)
    assert rows["imported"] == 0 and rows["unknown_files"][0].startswith(
        f"{notes}: is not an export"
    )


def test_a_file_read_as_the_wrong_format_is_named_not_imported_as_nothing(
    tmp_path: Path,
) -> None:
    sidecar, db = tmp_path / "metadata.epub.lua", tmp_path / "db.json"
    sidecar.write_text(SIDECAR)
    result = run("import", str(sidecar), "--format", "kindle", "--db", str(db))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"{sidecar}: holds nothing that reads as kindle" in result.stderr


def test_a_file_of_one_clipping_without_its_closing_line_is_kindle(tmp_path: Path) -> None:
    clippings, db = tmp_path / "clips.txt", tmp_path / "db.json"
    clippings.write_text(
        "The Salt Road (Ines Faro)\n- Your Highlight at location 40-41 | Added on Monday, "
        "1 June 2020 10:00:00\n\nCaravans left before dawn.\n"
    )
    result = run("import", str(clippings), "--db", str(db))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("imported 1,")


def test_the_timezone_may_be_an_offset(tmp_path: Path) -> None:
    clippings, db = tmp_path / "clips.txt", tmp_path / "db.json"
    clippings.write_text(CLIPPINGS, encoding="utf-8")
    result = run("import", str(clippings), "--timezone", "+05:30", "--db", str(db))
    assert result.exit_code == 0, result.stderr
    created = sorted(a.created for a in AnnotationStore.open(db).annotations())
    assert created[0] == "2020-06-01T04:30:00.000Z"


def test_entries_that_cannot_be_read_are_named_ten_at_most(tmp_path: Path) -> None:
    clippings, db = tmp_path / "clips.txt", tmp_path / "db.json"
    garbage = "".join(f"Book {n}\nnot a header {n}\n\ntext\n{SEP}\n" for n in range(12))
    clippings.write_text(CLIPPINGS + garbage, encoding="utf-8")
    result = run("import", str(clippings), "--db", str(db))
    lines = result.stderr.splitlines()
    assert (
        f"could not read {clippings}: line 16: an entry that has a header reader does not know: \u201cnot a header 0\u201d; skipped"
        in lines
    )
    assert "… and 2 more entries (--json lists them all)" in lines
    assert sum(line.startswith("could not read") for line in lines) == 10
    rows = json.loads(run("import", str(clippings), "--json", "--db", str(db)).stdout)
    assert len(rows["unreadable_entries"]) == 12


def test_an_older_copy_is_said_to_be_older(tmp_path: Path) -> None:
    old, new, db = tmp_path / "old.txt", tmp_path / "new.txt", tmp_path / "db.json"
    old.write_text(CLIPPINGS, encoding="utf-8")
    resized = (
        "The Salt Road (Ines Faro)\n- Your Highlight at location 40-42 | Added on Monday, "
        f"1 June 2020 10:05:00\n\nCaravans left before dawn. Salt went with them.\n{SEP}\n"
    )
    new.write_text(CLIPPINGS + resized, encoding="utf-8")
    run("import", str(new), "--db", str(db))
    result = run("import", str(old), "--db", str(db))
    assert result.stderr.splitlines()[:2] == [
        "imported 0, updated 0, unchanged 1",
        "kept newer 1: this file has older versions of them than the last import (an older"
        " copy of the export?)",
    ]


def test_a_json_backup_carries_deletions_to_another_copy(tmp_path: Path) -> None:
    clippings, here, there = tmp_path / "clips.txt", tmp_path / "a.json", tmp_path / "b.json"
    backup = tmp_path / "backup.json"
    clippings.write_text(CLIPPINGS, encoding="utf-8")
    for db in (here, there):
        run("import", str(clippings), "--db", str(db))
    store = AnnotationStore.open(here)
    gone = next(a for a in store.annotations() if a.has_passage)
    with store.writing() as tx:
        tx.remove(gone.id)
    assert run("export", "--format", "json", "-o", str(backup), "--db", str(here)).exit_code == 0
    assert json.loads(backup.read_text())["reader:deleted"][0]["id"] == f"urn:uuid:{gone.id}"
    result = run("import", str(backup), "--db", str(there))
    assert result.exit_code == 0, result.stderr
    assert "deleted 1: deleted in the copy of the library the file came from" in result.stderr
    assert [a.id for a in AnnotationStore.open(there).annotations()] == [
        a.id for a in AnnotationStore.open(here).annotations()
    ]
    fresh = tmp_path / "c.json"
    assert run("import", str(backup), "--db", str(fresh)).exit_code == 0
    listed = run("db", "deleted", "--db", str(fresh))
    assert "1 annotation deleted in another copy of the library and never here" in listed.stderr


def test_search_shows_every_line_of_a_joined_note(tmp_path: Path) -> None:
    clippings, db = tmp_path / "clips.txt", tmp_path / "db.json"
    two_notes = (
        "The Salt Road (Ines Faro)\n- Your Highlight at location 40-41 | Added on Monday, 1 June"
        f" 2020 10:00:00\n\nCaravans left before dawn.\n{SEP}\n"
        "The Salt Road (Ines Faro)\n- Your Note at location 41 | Added on Monday, 1 June 2020"
        f" 10:01:00\n\nfirst thought\n{SEP}\n"
        "The Salt Road (Ines Faro)\n- Your Note at location 41 | Added on Monday, 1 June 2020"
        f" 10:02:00\n\nsecond thought about camels\n{SEP}\n"
    )
    clippings.write_text(two_notes, encoding="utf-8")
    run("import", str(clippings), "--db", str(db))
    found = run("search", "camels", "--db", str(db)).stdout
    assert "    first thought\n" in found and "    second thought about camels\n" in found


def test_a_w3c_file_imports_its_good_items_and_names_the_bad(tmp_path: Path) -> None:
    data = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "first": {
            "items": [
                {"type": "Annotation", "target": 5},
                {
                    "type": "Annotation",
                    "id": "urn:uuid:0b9c0c4e-2a7e-4a57-9d0e-2f6f0f5c8e11",
                    "target": {
                        "source": "urn:reader:article:nope",
                        "selector": [{"type": "TextQuoteSelector", "exact": "hello"}],
                    },
                    "reader:imported": {"app": "kindle", "key": 5, "facts": "x"},
                },
            ]
        },
    }
    backup, db = tmp_path / "w3c.json", tmp_path / "db.json"
    backup.write_text(json.dumps(data))
    result = run("import", str(backup), "--db", str(db))
    assert result.exit_code == 1  # one refused: said, the other imported
    assert result.stderr.splitlines()[0] == "imported 1, updated 0, unchanged 0"
    assert f"refused {backup}: item 1: every target must be an IRI or an object" in result.stderr


def test_an_empty_sidecar_imports_nothing_and_a_folder_names_what_it_left(
    tmp_path: Path,
) -> None:
    device, db = tmp_path / "device", tmp_path / "db.json"
    sdr = device / "Seneca.sdr"
    sdr.mkdir(parents=True)
    (sdr / "metadata.epub.lua").write_text(
        'return {\n    ["doc_props"] = { ["title"] = "Seneca" },\n}\n'
    )
    (sdr / "metadata.epub.lua.old").write_text("return {}\n")
    (device / "notes.txt").write_text("shopping\n")
    (device / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    empty = run("import", str(sdr / "metadata.epub.lua"), "--db", str(db))
    assert empty.exit_code == 0 and empty.stderr.startswith("imported 0, updated 0, unchanged 0")
    walked = run("import", str(device), "--dry-run", "--db", str(db))
    assert walked.exit_code == 0
    assert (
        f"skipped {device}: 2 other files in it, not sidecars or My Clippings.txt" in walked.stderr
    )
    assert "skipped 1: KOReader's .old backups" in walked.stderr


def test_search_shows_a_note_with_no_passage_as_one(tmp_path: Path) -> None:
    clippings, db = tmp_path / "clips.txt", tmp_path / "db.json"
    clippings.write_text(CLIPPINGS, encoding="utf-8")
    run("import", str(clippings), "--db", str(db))
    found = run("search", "whole", "--db", str(db)).stdout
    assert "  (a note on the whole article)\n    on the book as a whole\n" in found
    assert '""' not in found


def test_deleted_ids_that_share_their_head_are_listed_long_enough_to_tell_apart(
    tmp_path: Path,
) -> None:
    """Ids sharing their first eight characters (time-ordered ones, made a moment apart) are
    listed with as many more as tell them apart, and each one listed brings back its own."""
    from dataclasses import replace

    clippings, db = tmp_path / "clips.txt", tmp_path / "db.json"
    clippings.write_text(CLIPPINGS, encoding="utf-8")
    run("import", str(clippings), "--db", str(db))
    store = AnnotationStore.open(db)
    original = next(a for a in store.annotations() if a.has_passage)
    twins = ["0190a1b2-c3d4-7e5f-8a6b-000000000001", "0190a1b2-c3d4-7e5f-8a6b-000000000002"]
    with store.writing() as tx:
        tx.remove(original.id)
        for twin in twins:
            tx.put(replace(original, id=twin))
            tx.remove(twin)
    listed = run("db", "deleted", "--db", str(db)).stdout.splitlines()
    shown = {line.split()[0] for line in listed if line.startswith("0190a1b2")}
    assert shown == set(twins)  # (they differ only in the last digit)
    unique = next(line.split()[0] for line in listed if not line.startswith("0190a1b2"))
    assert len(unique) == 8  # an id no other shares keeps its eight characters
    both = run("db", "deleted", "--restore", "0190a1b2", "--db", str(db))
    assert both.exit_code == 2 and "2 deleted annotations have ids beginning so" in both.stderr
    assert run("db", "deleted", "--restore", twins[1], "--db", str(db)).exit_code == 0
    assert {a.id for a in AnnotationStore.open(db).annotations()} >= {twins[1]}
    assert twins[0] not in {a.id for a in AnnotationStore.open(db).annotations()}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0ab-", min_size=1, max_size=14), min_size=1, max_size=8))
def test_each_shown_id_brings_back_its_own(ids: list[str]) -> None:
    """A listed head, read as `--restore` reads it, starts only its own id (or ids equal to it
    but for case and dashes, which are shown whole), and is eight characters or the whole id."""
    from reader.cli.deleted import shown_ids

    def key(ident: str) -> str:
        return ident.lower().replace("-", "")

    shown = shown_ids(ids)
    for ident in ids:
        head = shown[ident]
        assert ident.startswith(head) and (head == ident or len(key(head)) >= 8)
        starting = {key(other) for other in ids if key(other).startswith(key(head))}
        assert starting == {key(ident)} or head == ident
