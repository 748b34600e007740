"""The annotation session: every change to an open article's annotations, with no App."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reader.core.annotations import (
    AnnotationSession,
    Change,
    Color,
    Refused,
)
from reader.core.articles import Article, load_article
from tests.conftest import AP_ARTICLE, FixedClock

ARTICLE = load_article(AP_ARTICLE)
QUOTE = "Denver officials on Thursday said"


@pytest.fixture
def session() -> AnnotationSession:
    """An empty session on the AP article, with a fixed clock."""
    opened = AnnotationSession(ARTICLE, clock=FixedClock())
    opened.load([])
    return opened


def _range(article: Article, quote: str) -> tuple[int, int]:
    start = article.text.index(quote)
    return start, start + len(quote)


def _highlight(session: AnnotationSession, quote: str = QUOTE, **kwargs: object) -> Change:
    outcome = session.highlight(*_range(ARTICLE, quote), **kwargs)  # type: ignore[arg-type]
    assert isinstance(outcome, Change), outcome
    return outcome


def test_highlight_makes_an_exact_annotation_on_the_range(session: AnnotationSession) -> None:
    """A highlight is stored with its quote, colour, times and an exact place."""
    change = _highlight(session, color=Color.GREEN)
    assert change.before is None and change.after is not None
    made = change.after
    assert made.quote == QUOTE and made.color is Color.GREEN
    assert made.created == made.updated != ""
    assert session.under(_range(ARTICLE, QUOTE)[0]) == made


def test_highlight_trims_spaces_and_refuses_blank(session: AnnotationSession) -> None:
    """Spaces at the edges are not highlighted; a range of spaces is refused with a reason."""
    start, end = _range(ARTICLE, QUOTE)
    change = session.highlight(start - 1, end + 1)
    assert isinstance(change, Change) and change.after is not None
    assert change.after.quote.strip() == change.after.quote
    blank = ARTICLE.text.index("\n\n")
    refused = session.highlight(blank, blank + 2)
    assert isinstance(refused, Refused) and "Nothing to highlight" in refused.reason


def test_the_same_range_again_is_recoloured_or_refused(session: AnnotationSession) -> None:
    """Highlighting a highlighted range in another colour recolours it; the same colour is refused."""
    made = _highlight(session).after
    assert made is not None
    again = session.highlight(*_range(ARTICLE, QUOTE))
    assert isinstance(again, Refused) and again.annotation_id == made.id
    recoloured = session.highlight(*_range(ARTICLE, QUOTE), color=Color.PINK)
    assert isinstance(recoloured, Change) and recoloured.fields == ("color",)
    assert len(session) == 1


def test_note_tags_and_colour_change_only_their_field(session: AnnotationSession) -> None:
    """Each edit is a change of exactly the field it is about, with a new modified time."""
    made = _highlight(session).after
    assert made is not None
    note = session.set_note(made.id, "First use against police")
    tags = session.set_tags(made.id, [" ICE ", "#subpoena", "ice"])
    colour = session.recolor(made.id, Color.BLUE)
    assert isinstance(note, Change) and note.fields == ("note",)
    assert isinstance(tags, Change) and tags.fields == ("tags",)
    assert tags.after is not None and tags.after.tags == ("ICE", "subpoena")
    assert isinstance(colour, Change) and colour.fields == ("color",)
    current = session.get(made.id)
    assert current is not None and current.updated > made.updated
    assert (current.note, current.tags, current.color) == (
        "First use against police",
        ("ICE", "subpoena"),
        Color.BLUE,
    )


def test_unchanged_edits_are_refused(session: AnnotationSession) -> None:
    """Saving the same note again changes nothing (no write, no history entry)."""
    made = _highlight(session).after
    assert made is not None
    assert isinstance(session.set_note(made.id, ""), Refused)
    assert isinstance(session.recolor(made.id, made.color), Refused)
    assert isinstance(session.set_note("no-such-id", "x"), Refused)


def test_delete_undo_redo(session: AnnotationSession) -> None:
    """Delete takes it away, undo brings it back whole, redo deletes it again."""
    made = _highlight(session).after
    assert made is not None
    session.set_note(made.id, "kept")
    noted = session.get(made.id)
    deleted = session.delete(made.id)
    assert isinstance(deleted, Change) and deleted.after is None and session.get(made.id) is None
    undone = session.undo()
    assert isinstance(undone, Change) and undone.after == noted and session.get(made.id) == noted
    redone = session.redo()
    assert isinstance(redone, Change) and redone.after is None and session.get(made.id) is None
    assert isinstance(session.redo(), Refused)


def test_undo_changes_only_the_field_it_undoes(session: AnnotationSession) -> None:
    """Undoing a recolour keeps a note that arrived meanwhile from another copy."""
    made = _highlight(session).after
    assert made is not None
    session.recolor(made.id, Color.PINK)
    recoloured = session.get(made.id)
    assert recoloured is not None
    session.reconcile([replace(recoloured, note="written in another window", updated="z")])
    undone = session.undo()
    assert isinstance(undone, Change) and undone.fields == ("color",)
    current = session.get(made.id)
    assert current is not None
    assert current.color is Color.YELLOW and current.note == "written in another window"


def test_undo_of_an_edit_to_a_highlight_deleted_elsewhere_is_refused(
    session: AnnotationSession,
) -> None:
    """When another copy deleted the highlight, undo says so instead of inventing it again."""
    made = _highlight(session).after
    assert made is not None
    session.set_note(made.id, "note")
    session.reconcile([])
    refused = session.undo()
    assert isinstance(refused, Refused) and "deleted elsewhere" in refused.reason


def test_next_and_previous_highlight(session: AnnotationSession) -> None:
    """Next and previous go by where highlights start."""
    first = _highlight(session, "Denver officials on").after
    second = _highlight(session, "four men wanted").after
    assert first is not None and second is not None
    assert session.next_after(0) == first
    assert session.next_after(first.resolution.anchor.start) == second  # type: ignore[union-attr]
    assert session.previous_before(len(ARTICLE.text)) == second
    assert session.previous_before(0) is None


def test_under_prefers_the_shortest_highlight(session: AnnotationSession) -> None:
    """With a highlight inside another, the inner one is "under" the cursor."""
    outer = _highlight(session, "Denver officials on Thursday said they").after
    inner = _highlight(session, "Thursday").after
    assert outer is not None and inner is not None
    assert session.under(_range(ARTICLE, "Thursday")[0]) == inner
    assert session.under(_range(ARTICLE, "officials on Thursday")[0]) == outer


def test_reconcile_reports_whether_anything_changed(session: AnnotationSession) -> None:
    """Fresh data equal to what the session holds is no change; a new note is."""
    made = _highlight(session).after
    assert made is not None
    assert not session.reconcile([made])
    assert session.reconcile([replace(made, note="new", updated="later")])
    current = session.get(made.id)
    assert current is not None and current.note == "new"


def test_a_note_on_a_highlight_deleted_elsewhere_brings_it_back(
    session: AnnotationSession,
) -> None:
    """The reader writes a note while another copy deletes the highlight: nothing is lost."""
    made = _highlight(session).after
    assert made is not None
    session.reconcile([])  # the other copy deleted it while the note dialog was open
    outcome = session.set_note(made.id, "my words", as_opened=made)
    assert isinstance(outcome, Change) and outcome.before is None and outcome.after is not None
    assert outcome.after.note == "my words" and session.get(made.id) is not None
