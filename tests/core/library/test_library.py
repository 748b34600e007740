"""The library: stable article ids through renames and edits, and remembered resolutions."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reader.core.anchoring import AnchorStatus, make_target
from reader.core.annotations import Annotation
from reader.core.articles import ArticleError, load_article
from reader.core.library import Library, expand_paths
from reader.core.store import AnnotationStore
from tests.conftest import AP_ARTICLE, MD_ARTICLE

SENTENCE = "Three were released from custody and one was still in custody."


def _annotate(library: Library, path: Path, quote: str = SENTENCE) -> Annotation:
    article = library.open(path)
    start = article.text.index(quote)
    return library.store.add(
        Annotation(
            id=f"id-{start}",
            article_id=article.id,
            target=make_target(article.text, start, start + len(quote), article.hash),
        )
    )


@pytest.fixture
def article_copy(tmp_path: Path) -> Path:
    """A copy of the AP seed that tests may rename and edit."""
    path = tmp_path / "articles" / "ap.txt"
    path.parent.mkdir()
    shutil.copy(AP_ARTICLE, path)
    return path


def test_renamed_file_keeps_its_id_and_annotations(
    file_store: AnnotationStore, article_copy: Path
) -> None:
    """Same text under a new name: same article, same annotations."""
    library = Library(file_store)
    saved = _annotate(library, article_copy)
    renamed = article_copy.with_name("renamed.txt")
    article_copy.rename(renamed)
    article = library.open(renamed)
    assert article.id == saved.article_id
    [anchored] = library.anchored(article).annotations
    assert (
        anchored.resolution is not None and anchored.resolution.anchor.status is AnchorStatus.EXACT
    )


def test_edited_file_keeps_its_id_and_reanchors(
    file_store: AnnotationStore, article_copy: Path
) -> None:
    """New text at the same path: same article, annotations re-anchored to the new text."""
    library = Library(file_store)
    saved = _annotate(library, article_copy)
    article_copy.write_text("A new first paragraph.\n\n" + article_copy.read_text())
    article = library.open(article_copy)
    assert article.id == saved.article_id
    [anchored] = library.anchored(article).annotations
    assert anchored.resolution is not None
    assert anchored.resolution.anchor.status is AnchorStatus.MOVED
    assert anchored.quote == SENTENCE
    record = file_store.article(article.id)
    assert record is not None and record.hash == article.hash


def test_resolutions_are_remembered_for_unchanged_text(
    file_store: AnnotationStore, article_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once resolved against a text, an annotation is not re-anchored until the text changes."""
    library = Library(file_store)
    _annotate(library, article_copy)
    article_copy.write_text("Prefix paragraph.\n\n" + article_copy.read_text())
    article = library.open(article_copy)
    found = library.anchored(article)  # resolves (reading only) ...
    library.save_resolutions(found.changed)  # ... and the saver stores what it found
    calls: list[object] = []
    import reader.core.annotations.placing as placing_module

    monkeypatch.setattr(placing_module, "resolve", lambda *args: calls.append(args))
    [again] = library.anchored(article).annotations
    assert calls == [] and again.resolution is not None


def test_collect_skips_unchanged_files(
    file_store: AnnotationStore, article_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Collecting every annotation does not re-read a file whose size and mtime are unchanged."""
    library = Library(file_store)
    _annotate(library, article_copy)
    found = library.anchored(library.open(article_copy))
    library.save_resolutions(found.changed)
    import reader.core.library.library as library_module

    def fail(path: Path) -> None:
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(library_module, "load_article", fail)
    [group] = library.collect()
    assert group.path == article_copy.absolute() and len(group.annotations) == 1


def test_collect_reads_changed_files(file_store: AnnotationStore, article_copy: Path) -> None:
    """A file changed since it was last read is read and its annotations re-anchored."""
    library = Library(file_store)
    _annotate(library, article_copy)
    article_copy.write_text(article_copy.read_text().replace(SENTENCE, ""))
    stat = article_copy.stat()
    os.utime(article_copy, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    [group] = library.collect()
    [annotation] = group.annotations
    assert annotation.resolution is not None and annotation.resolution.anchor.is_orphan
    assert annotation.quote == SENTENCE  # an orphan keeps its last known quote


def test_missing_file_keeps_its_annotations(
    file_store: AnnotationStore, article_copy: Path
) -> None:
    """An article whose file is gone is still collected, marked missing, with its quotes."""
    library = Library(file_store)
    _annotate(library, article_copy)
    article_copy.unlink()
    [group] = library.collect()
    assert group.missing and group.annotations[0].quote == SENTENCE


def test_read_only_library_writes_nothing(db_path: Path) -> None:
    """With persist=False an article gets an id but the database is not created."""
    library = Library(AnnotationStore.open(db_path), persist=False)
    article = library.open(AP_ARTICLE)
    assert article.id == load_article(AP_ARTICLE).id
    assert library.anchored(article).annotations == []
    assert not db_path.exists()


def test_expand_paths(tmp_path: Path) -> None:
    """Folders give their article files (recursively, hidden ones skipped); files pass through."""
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b.md", "a.txt", "sub/c.html", ".hidden/d.txt", "image.png", ".e.txt"):
        (tmp_path / name).write_text("x")
    found = expand_paths([tmp_path, MD_ARTICLE, tmp_path / "a.txt"])
    assert [path.name for path in found] == ["a.txt", "b.md", "c.html", "tide-pools.md"]


def test_expand_paths_errors(tmp_path: Path) -> None:
    """A missing path and a folder without articles are errors naming the path."""
    with pytest.raises(ArticleError, match="no such file or folder"):
        expand_paths([tmp_path / "nope"])
    with pytest.raises(ArticleError, match="has no articles"):
        expand_paths([tmp_path])


def test_an_article_saved_in_another_format_keeps_its_annotations(
    file_store: AnnotationStore, tmp_path: Path
) -> None:
    """`notes.html` saved again as `notes.md` (its text changed, its old file gone): the same
    article, its annotations re-anchored, not left behind with a missing article."""
    html = tmp_path / "notes.html"
    html.write_text(
        "<html><body><h1>Tide notes</h1><p>The pools warm in the sun and grow saltier as the"
        " water evaporates.</p><p>Anemones close when the tide goes out.</p></body></html>"
    )
    library = Library(file_store)
    article = library.open(html)
    quote = "Anemones close when the tide goes out."
    start = article.text.index(quote)
    file_store.add(
        Annotation(
            "00000000-0000-4000-8000-0000000000f1",
            article.id,
            make_target(article.text, start, start + len(quote), article.hash),
            note="kept across formats",
        )
    )
    markdown = tmp_path / "notes.md"
    markdown.write_text(
        "# Tide notes\n\nThe pools warm in the sun and grow *saltier* as the water evaporates."
        "\n\nAnemones close when the tide goes out.\n"
    )
    html.unlink()
    again = library.open(markdown)
    assert again.id == article.id
    [annotation] = library.anchored(again).annotations
    assert annotation.resolution is not None and not annotation.resolution.anchor.is_orphan
    assert annotation.note == "kept across formats"


def _both_copies_cut_second(
    file_store: AnnotationStore, tmp_path: Path, text: str, passage: str, after: str
) -> tuple[Library, Path]:
    """`text` in a file with both copies of `passage` highlighted, then the second copy (the
    one followed by `after`) cut; the library and the file."""
    path = tmp_path / "song.txt"
    path.write_text(text)
    library = Library(file_store)
    article = library.open(path)
    for number, start in enumerate((article.text.index(passage), article.text.rindex(passage))):
        file_store.add(
            Annotation(
                f"00000000-0000-4000-8000-00000000000{number}",
                article.id,
                make_target(article.text, start, start + len(passage), article.hash),
            )
        )
    path.write_text(text.replace(f"{passage}\n\n{after}", after))
    return library, path


def test_a_cut_copy_never_lands_on_the_copy_another_highlight_holds(
    file_store: AnnotationStore, tmp_path: Path
) -> None:
    """A refrain highlighted in both of its places; the author cuts the second: its highlight
    becomes an orphan instead of piling onto the first copy's highlight."""
    refrain = "We shall not be moved, not today, not ever."
    text = (
        f"The crowd sang in the square.\n\n{refrain}\n\nHours later, by the river, they sang"
        f" it again.\n\n{refrain}\n\nAnd then it was quiet.\n"
    )
    library, path = _both_copies_cut_second(file_store, tmp_path, text, refrain, "And then")
    edited = library.open(path)
    first, second = sorted(library.anchored(edited).annotations, key=lambda item: item.id)
    assert first.resolution is not None and not first.resolution.anchor.is_orphan
    assert second.resolution is not None and second.resolution.anchor.is_orphan
    assert second.quote == refrain


def test_a_cut_chorus_among_alike_verses_never_moves_onto_the_other(
    file_store: AnnotationStore, tmp_path: Path
) -> None:
    """Two choruses after two nearly alike verses, both highlighted; the second is cut: its
    highlight's context still agrees well enough to be "moved" onto the first chorus, which
    another highlight holds exactly. It becomes an orphan (it was moved 0.87, two highlights
    on one chorus, neither marked)."""
    chorus = "Chorus. We shall overcome the tide tonight, my friends."
    text = (
        f"Verse one: the boats come in at dawn, the nets are full.\n\n{chorus}\n\n"
        f"Verse two: the boats come in at dusk, the nets are full.\n\n{chorus}\n\nThe end.\n"
    )
    library, path = _both_copies_cut_second(file_store, tmp_path, text, chorus, "The end.")
    first, second = sorted(library.anchored(library.open(path)).annotations, key=lambda a: a.id)
    assert first.status is not None and first.status.value == "exact"
    assert second.status is not None and second.status.value == "orphan"
