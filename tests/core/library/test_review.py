"""The review list, and accepting, re-attaching and detaching annotations (no App)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader.core.anchoring import AnchorStatus, candidate_places, make_target
from reader.core.anchoring.word_diff import word_diff
from reader.core.annotations import Annotation, AnnotationSession, Change, Color
from reader.core.library import Library
from reader.core.library.review import review_counts, review_groups, review_rows
from reader.core.store import AnnotationStore
from reader.core.store.documents import annotation_to_doc, doc_to_annotation, document_problem

FILLER = " ".join(f"Filler sentence number {n} keeps the paragraphs apart." for n in range(40))
KEPT = "The harbour master counted forty-one boats before the storm arrived."
EDITED = "The council voted on Tuesday to close the old bridge for repairs next spring."
LOST = "Nobody expected the lighthouse keeper to resign after thirty years of service."
MOVING = "A choir of fishermen sang the old songs on the quay every Sunday evening."


def _text(*paragraphs: str) -> str:
    return "Harbour news\n\n" + "\n\n".join(paragraphs) + "\n"


BEFORE_MOVING = "The ferry timetable changes with the seasons and the tides."
AFTER_MOVING = "Visitors are welcome to join in, whether or not they can sing."
ORIGINAL = _text(KEPT, EDITED, LOST, BEFORE_MOVING, MOVING, AFTER_MOVING, FILLER)
CHANGED = _text(  # one passage edited, one cut, three paragraphs moved below the filler
    KEPT,
    EDITED.replace("on Tuesday", "on Wednesday evening"),
    FILLER,
    BEFORE_MOVING,
    MOVING,
    AFTER_MOVING,
)


Reviewed = tuple[Library, Path, dict[str, str]]


@pytest.fixture
def reviewed(tmp_path: Path) -> Reviewed:
    """A library whose article lost one passage, had one edited and one moved far."""
    path = tmp_path / "harbour.txt"
    path.write_text(ORIGINAL, encoding="utf-8")
    library = Library(AnnotationStore.open(tmp_path / "db.json"))
    article = library.open(path)
    ids = {}
    for name, passage in (("kept", KEPT), ("edited", EDITED), ("lost", LOST), ("moving", MOVING)):
        start = article.text.index(passage)
        annotation = Annotation(
            id=f"id-{name}",
            article_id=article.id,
            target=make_target(article.text, start, start + len(passage), article.hash),
            color=Color.GREEN,
            note=f"note on {name}",
            tags=("harbour",),
            created="2026-01-01T00:00:00.000Z",
            updated="2026-01-02T00:00:00.000Z",
        )
        library.store.add(annotation)
        ids[name] = annotation.id
    path.write_text(CHANGED, encoding="utf-8")
    return library, path, ids


def _session(library: Library, path: Path) -> AnnotationSession:
    article = library.open(path)
    session = AnnotationSession(article)
    session.load(library.anchored(article).annotations)
    return session


def test_the_list_holds_orphans_then_fuzzy_then_moved_far(reviewed: Reviewed) -> None:
    library, _, ids = reviewed
    [group] = review_groups(library)
    assert [entry.annotation.id for entry in group.entries] == [
        ids["lost"],
        ids["edited"],
        ids["moving"],
    ]
    assert [entry.status for entry in group.entries] == ["orphan", "fuzzy", "moved"]
    assert group.entries[1].current == EDITED.replace("on Tuesday", "on Wednesday evening")
    assert group.entries[2].distance >= 1500
    assert review_counts([group]) == (3, 1)
    assert group.title == "Harbour news" and group.changed.endswith("Z")


def test_json_rows_name_the_original_quote_and_the_current_text(reviewed: Reviewed) -> None:
    library, _, _ = reviewed
    rows = review_rows(review_groups(library))
    fuzzy = next(row for row in rows if row["status"] == "fuzzy")
    assert fuzzy["quote"] == EDITED
    assert "Wednesday evening" in fuzzy["current"]
    assert next(row for row in rows if row["status"] == "orphan")["current"] is None


def test_accept_confirms_the_place_and_keeps_the_old_quote(reviewed: Reviewed) -> None:
    library, path, ids = reviewed
    session = _session(library, path)
    before = session.get(ids["edited"])
    change = session.accept(ids["edited"])
    assert isinstance(change, Change)
    after = change.after
    assert after is not None and before is not None
    assert after.target.quote.exact == EDITED.replace("on Tuesday", "on Wednesday evening")
    assert after.status is AnchorStatus.EXACT
    assert [former.exact for former in after.former] == [EDITED]
    assert after.former[0].why == "accepted"
    assert (after.note, after.tags, after.color) == ("note on edited", ("harbour",), Color.GREEN)
    assert (after.created, after.updated) == (before.created, before.updated)
    library.store.apply(change)
    stored = library.store.annotation(ids["edited"])
    assert stored is not None and stored.former == after.former
    assert [entry.annotation.id for entry in review_groups(library)[0].entries] == [
        ids["lost"],
        ids["moving"],
    ]


def test_reattach_moves_an_orphan_and_keeps_its_note_tags_and_colour(reviewed: Reviewed) -> None:
    library, path, ids = reviewed
    session = _session(library, path)
    start = session.article.text.index("forty-one boats")
    change = session.reattach(ids["lost"], start + 2, start + 12)  # grown to whole words
    assert isinstance(change, Change) and change.after is not None
    assert change.after.quote == "forty-one boats"
    assert change.after.note == "note on lost" and change.after.color is Color.GREEN
    assert change.after.former[-1].exact == LOST and change.after.former[-1].why == "re-attached"
    library.store.apply(change)
    statuses = [entry.status for group in review_groups(library) for entry in group.entries]
    assert statuses == ["fuzzy", "moved"]


def test_reattach_onto_another_highlights_exact_passage_is_refused(reviewed: Reviewed) -> None:
    library, path, ids = reviewed
    session = _session(library, path)
    start = session.article.text.index(KEPT)
    outcome = session.reattach(ids["lost"], start, start + len(KEPT))
    assert not isinstance(outcome, Change)
    assert "Another highlight" in outcome.reason


def test_detach_keeps_a_note_on_the_article_and_undo_brings_the_passage_back(
    reviewed: Reviewed,
) -> None:
    library, path, ids = reviewed
    session = _session(library, path)
    change = session.detach(ids["lost"])
    assert isinstance(change, Change) and change.after is not None
    assert not change.after.has_passage and change.after.note == "note on lost"
    library.store.apply(change)
    stored = library.store.annotation(ids["lost"])
    assert stored is not None and stored.former[-1].exact == LOST
    assert review_counts(review_groups(library)) == (2, 0)
    undone = session.undo()
    assert isinstance(undone, Change) and undone.after is not None
    library.store.apply(undone)
    back = library.store.annotation(ids["lost"])
    assert back is not None and back.target.quote.exact == LOST and back.former == ()
    assert review_counts(review_groups(library)) == (3, 1)


def test_undo_of_an_accept_restores_the_selectors_as_they_were_made(reviewed: Reviewed) -> None:
    library, path, ids = reviewed
    session = _session(library, path)
    before = session.get(ids["edited"])
    accepted = session.accept(ids["edited"])
    assert isinstance(accepted, Change)
    library.store.apply(accepted)
    undone = session.undo()
    assert isinstance(undone, Change)
    library.store.apply(undone)
    stored = library.store.annotation(ids["edited"])
    assert stored is not None and before is not None
    assert stored.target == before.target and stored.former == ()


def test_a_note_without_a_passage_cannot_be_accepted_or_detached_again(reviewed: Reviewed) -> None:
    library, path, ids = reviewed
    session = _session(library, path)
    session.detach(ids["lost"])
    assert not isinstance(session.detach(ids["lost"]), Change)
    assert not isinstance(session.accept(ids["lost"]), Change)


def test_an_article_whose_file_is_gone_is_one_group_of_missing_entries(reviewed: Reviewed) -> None:
    library, path, _ = reviewed
    path.unlink()
    [group] = review_groups(library)
    assert group.missing and {entry.status for entry in group.entries} == {"missing"}
    assert len(group.entries) == 4


def test_only_the_articles_asked_for_are_listed(reviewed: Reviewed) -> None:
    library, path, _ = reviewed
    assert review_groups(library, only={"another-article"}) == []
    assert len(review_groups(library, only={library.open(path).id})) == 1


def test_candidates_offer_the_next_best_place() -> None:
    text = "The quick brown fox jumps over the lazy dog. Then the quick brown cat jumps over a lazy dog!"
    target = make_target("The quick brown fox jumps over the lazy dog. Then", 0, 43)
    places = candidate_places(target, text.replace("fox", "wolf", 1))
    assert len(places) == 2 and places[0].score > places[1].score
    assert places[1].start > 40
    assert candidate_places(replace(target, quote=replace(target.quote, exact="")), text) == []


def test_word_diff_marks_words_removed_and_added() -> None:
    assert word_diff("voted on Tuesday to close", "voted on Wednesday to close") == [
        ("same", "voted on "),
        ("removed", "Tuesday"),
        ("added", "Wednesday"),
        ("same", " to close"),
    ]
    assert word_diff("a  b", "a b") == [("same", "a b")]


def test_former_passages_are_stored_and_checked() -> None:
    annotation = Annotation(
        "id", "article", make_target("one two three", 4, 7), note="n", updated="2026-01-01"
    )
    from reader.core.annotations.repair import detached

    gone = detached(annotation, "2026-02-01T00:00:00.000Z")
    doc = annotation_to_doc(gone)
    assert document_problem(doc) is None
    assert doc_to_annotation(doc).former == gone.former
    doc["former"] = [{"exact": 3}]
    assert document_problem(doc) == "has a damaged history of former passages"


def test_a_detached_note_and_former_passages_survive_a_w3c_round_trip(
    reviewed: Reviewed, tmp_path: Path
) -> None:
    from reader.core.export import parse_import
    from reader.core.export.w3c import dumps, to_collection
    from reader.core.library import import_annotations

    library, path, ids = reviewed
    session = _session(library, path)
    for change in (session.detach(ids["lost"]), session.accept(ids["edited"])):
        assert isinstance(change, Change)
        library.store.apply(change)
    groups = library.collect()
    fresh = Library(AnnotationStore.open(tmp_path / "fresh.json"))
    fresh.open(path)
    import_annotations(fresh.store, parse_import(dumps(to_collection(groups))), tmp_path)
    by_note = {item.note: item for item in fresh.store.annotations()}  # (ids: not UUIDs here)
    note = by_note["note on lost"]
    assert not note.has_passage
    assert note.former[-1].exact == LOST and note.former[-1].why == "detached"
    assert by_note["note on edited"].former[-1].exact == EDITED


def test_a_note_on_the_article_has_its_own_section_in_the_markdown_note(reviewed: Reviewed) -> None:
    from reader.core.export.markdown import NoteStyle, render_note

    library, path, ids = reviewed
    session = _session(library, path)
    change = session.detach(ids["lost"])
    assert isinstance(change, Change)
    library.store.apply(change)
    [group] = library.collect([path])
    text = render_note(group, "2026-12-01T00:00:00Z", NoteStyle()).text
    section = text.split("## Notes on the article", 1)[1].split("## My notes", 1)[0]
    assert "note on lost" in section and ">" not in section.replace("-->", "")
    assert f"was on “{LOST}”" in section


def test_a_moved_file_of_the_same_title_is_offered_never_linked(
    reviewed: Reviewed, tmp_path: Path
) -> None:
    from reader.core.library.review import relink_offers

    library, path, _ = reviewed
    moved = tmp_path / "moved" / "harbour copy.txt"
    moved.parent.mkdir()
    path.rename(moved)
    library.open(moved)  # the library sees the new file (a listing registers it)
    [offer] = relink_offers(library)
    assert offer.path == moved and offer.reason == "has the same title"
    assert offer.highlights == 4
    [group] = review_groups(library)
    assert group.missing  # offered only: nothing was relinked


def test_a_retitled_file_holding_most_quotes_is_offered(reviewed: Reviewed, tmp_path: Path) -> None:
    from reader.core.library.review import relink_offers

    library, path, _ = reviewed
    retitled = tmp_path / "renamed.txt"
    retitled.write_text(ORIGINAL.replace("Harbour news", "The port gazette"), encoding="utf-8")
    path.unlink()
    library.open(retitled)
    [offer] = relink_offers(library)
    assert offer.path == retitled and offer.reason == "holds 4 of its 4 quotes"


def test_nothing_is_offered_for_an_unrelated_file(reviewed: Reviewed, tmp_path: Path) -> None:
    from reader.core.library.review import relink_offers

    library, path, _ = reviewed
    other = tmp_path / "other.txt"
    other.write_text("Weather\n\nRain all week, and more to come.\n", encoding="utf-8")
    path.unlink()
    library.open(other)
    assert relink_offers(library) == []


def test_a_paragraph_moved_with_its_words_intact_is_moved_not_fuzzy(tmp_path: Path) -> None:
    path = tmp_path / "moved.txt"
    path.write_text(_text(KEPT, LOST, EDITED, FILLER), encoding="utf-8")
    library = Library(AnnotationStore.open(tmp_path / "db.json"))
    article = library.open(path)
    start = article.text.index(LOST)
    library.store.add(
        Annotation(
            "moved-id",
            article.id,
            make_target(article.text, start, start + len(LOST), article.hash),
        )
    )
    path.write_text(_text(KEPT, EDITED, FILLER[:800], LOST, FILLER[800:]), encoding="utf-8")
    [group] = review_groups(library)
    [entry] = group.entries
    assert entry.status == "moved" and entry.distance > 0


def test_a_highlight_followed_far_from_where_it_was_made_stays_to_review() -> None:
    from reader.core.anchoring import Anchor
    from reader.core.annotations import Resolution
    from reader.core.library.review import review_entry

    text = FILLER + " " + KEPT
    made = Annotation("far", "article", make_target(KEPT + " " + FILLER, 0, len(KEPT)))
    start = text.index(KEPT)
    followed = replace(
        made,
        resolution=Resolution(
            "hash", Anchor(AnchorStatus.EXACT, start, start + len(KEPT), 1.0), KEPT
        ),
    )
    entry = review_entry(followed)
    assert entry is not None and entry.status == "moved" and entry.distance == start
