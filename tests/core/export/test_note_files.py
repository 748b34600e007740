"""Note files: safe names, in-place updates, kept edits, and files that are not ours."""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import replace
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.anchoring import (
    Anchor,
    AnchorStatus,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
)
from reader.core.annotations import Annotation, ArticleAnnotations, Resolution
from reader.core.export import Outcome, describe, write_notes
from reader.core.export.keep import KEEP_END, KEEP_START
from reader.core.export.note_files import MAX_NAME_BYTES, safe_file_name

EXPORTED = "2026-01-02T03:04:05.000Z"
LATER = "2026-02-02T00:00:00.000Z"


def _group(article_id: str, title: str, note: str = "") -> ArticleAnnotations:
    annotation = Annotation(
        id=f"{abs(hash(article_id)) % 16**8:08x}-0000-4000-8000-000000000000",
        article_id=article_id,
        target=Target(TextQuoteSelector("A quote."), TextPositionSelector(0, 8)),
        note=note,
        created=EXPORTED,
        updated=EXPORTED,
        resolution=Resolution("h", Anchor(AnchorStatus.EXACT, 0, 8, 1.0), "A quote."),
    )
    return ArticleAnnotations(article_id, title, None, "h", (annotation,))


def test_safe_file_names() -> None:
    """Separators, controls, leading dots and reserved names are made harmless; length is capped."""
    assert safe_file_name("Denver: ICE / subpoenas?") == "Denver - ICE - subpoenas.md"
    # Read as the title, and valid in Obsidian's [[links]]: no # ^ [ ] |.
    assert safe_file_name("Tide Pools: What Lives There? #1 [draft] | a^b") == (
        "Tide Pools - What Lives There 1 (draft) a b.md"
    )
    assert safe_file_name("../../etc/passwd") == "etc-passwd.md"
    assert safe_file_name("\x1b[31mred\x00") == "(31mred.md"
    assert safe_file_name("   ") == "Untitled.md"
    assert safe_file_name("CON") == "CON_.md"
    long = safe_file_name("é" * 300, "abcd1234")
    assert len(long.encode()) <= MAX_NAME_BYTES and long.endswith(" (abcd1234).md")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_title_gives_a_plain_file_name(title: str) -> None:
    """Whatever the title, the name is one path component, not hidden, and at most 120 bytes."""
    name = safe_file_name(title)
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not set(name) & set("#^[]|:"), name  # Obsidian links and file systems refuse these
    assert not name.startswith(".") and name.endswith(".md")
    assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert Path(name).name == name


@settings(max_examples=40, deadline=None)
@given(titles=st.lists(st.text(max_size=80), min_size=1, max_size=5))
def test_nothing_is_written_outside_the_folder(titles: list[str]) -> None:
    """Notes for arbitrary titles all land directly inside the folder, one file each."""
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = root / "notes"
        groups = [_group(f"id{number}", title) for number, title in enumerate(titles)]
        results = write_notes(groups, folder, EXPORTED)
        assert all(result.outcome is Outcome.WRITTEN for result in results)
        written = sorted(path for path in root.rglob("*") if path.is_file())
        assert all(path.parent == folder for path in written)
        assert len(written) == len(titles)


def test_clashing_titles_get_a_short_id(tmp_path: Path) -> None:
    """Two articles with the same title get two files; the second name carries a short id."""
    results = write_notes(
        [_group("aaaa1111xx", "Same"), _group("bbbb2222yy", "Same")], tmp_path, EXPORTED
    )
    assert sorted(result.path.name for result in results) == ["Same (bbbb2222).md", "Same.md"]


def test_reexport_updates_in_place_and_keeps_edits(tmp_path: Path) -> None:
    """A re-export finds the note by article id (even after a title change) and keeps edits."""
    [first] = write_notes([_group("article1", "Old title")], tmp_path, EXPORTED)
    path = first.path
    path.write_text(
        path.read_text().replace(f"{KEEP_START}\n{KEEP_END}", f"{KEEP_START}\nMine.\n{KEEP_END}")
    )
    [again] = write_notes(
        [_group("article1", "New title", note="changed")], tmp_path, "2026-02-02T00:00:00.000Z"
    )
    assert again.path == path and again.outcome is Outcome.UPDATED
    text = path.read_text()
    assert "Mine." in text and "changed" in text and "# New title" in text
    [same] = write_notes(
        [_group("article1", "New title", note="changed")], tmp_path, "2026-03-03T00:00:00.000Z"
    )
    assert same.outcome is Outcome.UNCHANGED  # only the export time would differ: no churn
    assert path.read_text() == text


def test_files_not_written_by_reader_are_never_overwritten(tmp_path: Path) -> None:
    """A same-named file of the user's is skipped with a reason; its content is untouched."""
    mine = tmp_path / "Title.md"
    mine.write_text("# My own notes\n")
    [result] = write_notes([_group("article1", "Title")], tmp_path, EXPORTED)
    assert result.outcome is Outcome.SKIPPED and "not written by reader" in result.reason
    assert mine.read_text() == "# My own notes\n"


def test_a_saved_export_of_several_notes_is_never_taken_for_one(tmp_path: Path) -> None:
    """`reader export > all.md` saved in the folder holds several notes one after another:
    exporting into the folder writes each article's own note and leaves that file as it was
    (it was once taken over as the first article's note, and the others' rewritten in it)."""
    from reader.core.export import to_markdown

    groups = [_group("article1", "First"), _group("article2", "Second")]
    dump = tmp_path / "all.md"
    dump.write_text("\n".join(to_markdown(group, EXPORTED) for group in groups))
    saved = dump.read_bytes()
    results = write_notes(groups, tmp_path, LATER)
    assert [result.outcome for result in results] == [Outcome.WRITTEN, Outcome.WRITTEN]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["First.md", "Second.md", "all.md"]
    assert dump.read_bytes() == saved


def test_symlinks_are_refused(tmp_path: Path) -> None:
    """A symbolic link at the target is not followed, so nothing outside the folder changes."""
    outside = tmp_path / "outside.md"
    outside.write_text("precious\n")
    folder = tmp_path / "notes"
    folder.mkdir()
    os.symlink(outside, folder / "Title.md")
    [result] = write_notes([_group("article1", "Title")], folder, EXPORTED)
    assert result.outcome is Outcome.SKIPPED and "symbolic link" in result.reason
    assert outside.read_text() == "precious\n"


def test_missing_folder_is_created(tmp_path: Path) -> None:
    """A folder that does not exist yet is created."""
    folder = tmp_path / "a" / "b"
    [result] = write_notes([replace(_group("x", "T"), missing=True)], folder, EXPORTED)
    assert result.outcome is Outcome.WRITTEN and result.path.parent == folder
    assert "file was not found" in result.path.read_text()


def test_text_written_outside_the_keep_markers_is_kept(tmp_path: Path) -> None:
    """What a user types anywhere in a note, and properties added in Obsidian, survive a
    re-export: the properties in the front matter, the lines in a marked keep block; the
    summary says so. After that the note is stable again."""
    [first] = write_notes([_group("article1", "Title")], tmp_path, EXPORTED)
    path = first.path
    text = path.read_text()
    text = text.replace("---\n\n", "status: reading\nrating: 4\n---\n\n", 1)
    text = text.replace("> A quote.", "> A quote.\n\nMy thought, typed under the quote.")
    path.write_text(text)
    [again] = write_notes([_group("article1", "Title", note="new")], tmp_path, LATER)
    assert again.outcome is Outcome.UPDATED and again.kept_edits == 3
    assert "outside the keep markers kept" in describe([again])
    note = path.read_text()
    front = yaml.safe_load(note.split("---\n")[1])
    assert front["status"] == "reading" and front["rating"] == 4
    kept = note[note.index("## My notes") :]
    assert "My thought, typed under the quote." in kept and KEEP_START in kept
    [third] = write_notes([_group("article1", "Title", note="new")], tmp_path, LATER)
    assert third.outcome is Outcome.UNCHANGED and third.kept_edits == 0
    [fourth] = write_notes([_group("article1", "Title", note="newer")], tmp_path, LATER)
    assert fourth.outcome is Outcome.UPDATED and fourth.kept_edits == 0  # kept once, not twice
    assert path.read_text().count("My thought, typed under the quote.") == 1


def test_text_kept_from_outside_the_markers_keeps_its_paragraphs(tmp_path: Path) -> None:
    """Two paragraphs and a list written above "My notes" come back as two paragraphs and a
    list (they were once run together into one paragraph)."""
    [first] = write_notes([_group("article1", "Title")], tmp_path, EXPORTED)
    path = first.path
    mine = "My own paragraph one.\n\nMy own paragraph two.\n\n---\n\n- list a\n- list b\n\n"
    path.write_text(path.read_text().replace("## My notes", mine + "## My notes"))
    [again] = write_notes([_group("article1", "Title", note="new")], tmp_path, LATER)
    assert again.kept_edits == 5
    kept = path.read_text()
    assert "My own paragraph one.\n\nMy own paragraph two.\n\n---\n\n- list a\n- list b\n" in kept


def test_notes_are_written_with_the_users_umask(tmp_path: Path) -> None:
    """A note is the user's document: 0644 under umask 022, 0640 under 027 (not 0600)."""
    for mask, mode in ((0o022, 0o644), (0o027, 0o640)):
        previous = os.umask(mask)
        try:
            [result] = write_notes([_group(f"id{mask}", f"T{mask}")], tmp_path, EXPORTED)
        finally:
            os.umask(previous)
        assert stat.S_IMODE(result.path.stat().st_mode) == mode
