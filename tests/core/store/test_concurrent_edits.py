"""Two running copies editing the same highlights: each edit changes only its own field."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.anchoring import make_target
from reader.core.annotations import Annotation, AnnotationSession, Change, Color
from reader.core.articles import load_article
from reader.core.store import AnnotationStore
from tests.conftest import AP_ARTICLE

ARTICLE = load_article(AP_ARTICLE)
COUNT = 60

EDITOR = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from reader.core.annotations import AnnotationSession, Color
from reader.core.articles import load_article
from reader.core.store import AnnotationStore
from tests.conftest import AP_ARTICLE
store = AnnotationStore.open(Path(sys.argv[1]))
session = AnnotationSession(load_article(AP_ARTICLE))
session.load(store.annotations())  # both copies read the same, soon outdated, view
go = Path(sys.argv[3])
while not go.exists():
    time.sleep(0.005)
for annotation in sorted(session.annotations, key=lambda item: item.id):
    if sys.argv[2] == "note":
        change = session.set_note(annotation.id, "note from " + annotation.id)
    elif sys.argv[2].startswith("tag-"):
        change = session.set_tags(annotation.id, [*annotation.tags, sys.argv[2]])
    else:
        change = session.recolor(annotation.id, Color.PINK)
    store.apply(change)
"""


def _annotation(number: int) -> Annotation:
    start = 10 * number
    return Annotation(
        id=f"{number:04d}",
        article_id=ARTICLE.id,
        target=make_target(ARTICLE.text, start, start + 8, ARTICLE.hash),
        created="2026-01-01T00:00:00.000Z",
        updated="2026-01-01T00:00:00.000Z",
    )


@pytest.mark.parametrize("roles", [("note", "colour"), ("tag-a", "tag-b")])
def test_two_copies_editing_from_older_views_lose_nothing(
    db_path: Path, tmp_path: Path, roles: tuple[str, str]
) -> None:
    """One copy notes (or tags) every highlight while the other, holding an older view,
    recolours (or tags) them: every highlight ends with both edits (no lost update)."""
    store = AnnotationStore.open(db_path)
    with store.writing() as tx:
        for number in range(COUNT):
            tx.put(_annotation(number))
    root = str(Path(__file__).resolve().parents[3])
    go = tmp_path / "go"
    editors = [
        subprocess.Popen([sys.executable, "-c", EDITOR, str(db_path), role, str(go), root])
        for role in roles
    ]
    time.sleep(1.0)  # both have read their view
    go.touch()
    for editor in editors:
        assert editor.wait(timeout=120) == 0
    final = {item.id: item for item in AnnotationStore.open(db_path).annotations()}
    assert len(final) == COUNT
    if roles == ("note", "colour"):
        lost = [key for key, item in final.items() if item.note != f"note from {key}"]
        lost += [key for key, item in final.items() if item.color is not Color.PINK]
    else:
        lost = [key for key, item in final.items() if set(item.tags) != {"tag-a", "tag-b"}]
    assert lost == []


def test_apply_writes_only_the_changed_fields(store: AnnotationStore) -> None:
    """An update made from an old copy of the record leaves its other fields as stored now."""
    saved = store.add(_annotation(1))
    store.update(replace(saved, note="newer note", tags=("newer",)))
    old_view = AnnotationSession(ARTICLE)
    old_view.load([saved])
    change = old_view.recolor(saved.id, Color.GREEN)
    assert isinstance(change, Change)
    stored = store.apply(change)
    assert stored is not None
    assert (stored.color, stored.note, stored.tags) == (Color.GREEN, "newer note", ("newer",))


def test_apply_brings_back_a_record_deleted_elsewhere(store: AnnotationStore) -> None:
    """A note written on a highlight another copy deleted is kept: the highlight comes back."""
    saved = store.add(_annotation(2))
    session = AnnotationSession(ARTICLE)
    session.load([saved])
    store.remove(saved.id)
    change = session.set_note(saved.id, "do not lose me")
    assert isinstance(change, Change)
    store.apply(change)
    again = store.annotation(saved.id)
    assert again is not None and again.note == "do not lose me"


def test_apply_of_an_addition_and_a_deletion(store: AnnotationStore) -> None:
    """A new highlight is stored whole; a deletion removes it."""
    session = AnnotationSession(ARTICLE)
    session.load([])
    added = session.highlight(0, 20)
    assert isinstance(added, Change) and added.after is not None
    store.apply(added)
    assert store.annotation(added.after.id) is not None
    deleted = session.delete(added.after.id)
    assert isinstance(deleted, Change)
    store.apply(deleted)
    assert store.annotation(added.after.id) is None


def test_tags_added_in_two_copies_are_both_kept(store: AnnotationStore) -> None:
    """Copy B adds one tag; copy A, from an older view, adds another: both stay, and a tag A
    removed is removed."""
    saved = store.add(replace(_annotation(3), tags=("ICE", "old")))
    copy_a = AnnotationSession(ARTICLE)
    copy_a.load([saved])
    copy_b = AnnotationSession(ARTICLE)
    copy_b.load([saved])
    change_b = copy_b.set_tags(saved.id, ["ICE", "old", "B4"])
    assert isinstance(change_b, Change)
    store.apply(change_b)
    change_a = copy_a.set_tags(saved.id, ["ICE", "A4"])  # adds A4, removes "old"
    assert isinstance(change_a, Change)
    stored = store.apply(change_a)
    assert stored is not None and stored.tags == ("ICE", "B4", "A4")
