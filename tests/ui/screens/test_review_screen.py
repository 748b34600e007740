"""The review screen: its list, each key, re-attaching in the article, and its snapshots."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Label, OptionList, Static

from reader.core.anchoring import AnchorStatus, make_target
from reader.core.annotations import Annotation, Color
from reader.core.library import Library
from reader.core.store import AnnotationStore
from reader.settings import Settings
from reader.ui.app import ReaderApp
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.screens.review_screen import ReviewScreen
from tests.core.library.test_review import (
    AFTER_MOVING,
    BEFORE_MOVING,
    EDITED,
    FILLER,
    KEPT,
    LOST,
    MOVING,
    _text,
)
from tests.ui.conftest import SIZE, settle

NEAR_LOST = "Nobody expected the lighthouse keeper to retire after twenty years at sea."
ORIGINAL = _text(KEPT, EDITED, LOST, BEFORE_MOVING, MOVING, AFTER_MOVING, FILLER)
CHANGED = _text(
    KEPT,
    EDITED.replace("on Tuesday", "on Wednesday evening"),
    FILLER,
    BEFORE_MOVING,
    MOVING,
    AFTER_MOVING,
    "In other news. " + NEAR_LOST + " The town will miss him.",
)


@pytest.fixture
def changed_article(tmp_path: Path, library: Library, store: AnnotationStore) -> Path:
    """An article annotated, then edited: one passage changed, one cut, three moved far."""
    path = tmp_path / "harbour.txt"
    path.write_text(ORIGINAL, encoding="utf-8")
    article = library.open(path)
    for name, passage, color in (
        ("kept", KEPT, Color.YELLOW),
        ("edited", EDITED, Color.GREEN),
        ("lost", LOST, Color.PINK),
        ("moving", MOVING, Color.BLUE),
    ):
        start = article.text.index(passage)
        store.add(
            Annotation(
                id=f"id-{name}",
                article_id=article.id,
                target=make_target(article.text, start, start + len(passage), article.hash),
                color=color,
                note=f"Why the {name} passage matters",
                tags=("harbour",),
            )
        )
    path.write_text(CHANGED, encoding="utf-8")
    os.utime(path, (1_764_590_400, 1_764_590_400))  # "changed 2025-12-01 12:00" in every run
    return path


def _review_app(library: Library, theme: str = "") -> ReaderApp:
    return ReaderApp([], library, Settings(theme=theme), review=True)


def _screen(app: ReaderApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


def _detail(app: ReaderApp) -> str:
    return str(app.screen.query_one("#review-detail", Static).render())


async def _mark(pilot: Any, annotation_id: str) -> None:
    listing = pilot.app.screen.query_one("#review-list", OptionList)
    listing.highlighted = listing.get_option_index(annotation_id)
    await pilot.pause()


async def test_the_list_is_grouped_worst_first_with_counts(
    changed_article: Path, library: Library
) -> None:
    app = _review_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        title = str(screen.query_one("#review-title", Label).render())
        assert "3 to review · 1 orphan" in title
        listing = screen.query_one("#review-list", OptionList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        assert ids[1:] == ["id-lost", "id-edited", "id-moving"]
        assert "Harbour news" in str(listing.get_option_at_index(0).prompt)
        assert "these words are no longer in the article" in _detail(app)
        await _mark(pilot, "id-edited")
        detail = _detail(app)
        assert "[-Tuesday-]" in detail and "{+Wednesday evening+}" in detail


async def test_accept_confirms_and_moves_on(
    changed_article: Path, library: Library, store: AnnotationStore
) -> None:
    app = _review_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _mark(pilot, "id-edited")
        await pilot.press("a")
        await settle(pilot)
        app.saver.flush(10)
        stored = store.annotation("id-edited")
        assert stored is not None and stored.former[-1].exact == EDITED
        assert stored.resolution is not None
        assert stored.resolution.anchor.status is AnchorStatus.EXACT
        screen = _screen(app)
        assert screen._marked_id() == "id-moving"  # the next entry is marked
        assert "2 to review" in str(screen.query_one("#review-title", Label).render())


async def test_accept_refuses_an_orphan(changed_article: Path, library: Library) -> None:
    app = _review_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert any("Nothing to accept" in n.message for n in app._notifications)


async def test_detach_then_undo(
    changed_article: Path, library: Library, store: AnnotationStore
) -> None:
    app = _review_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        app.saver.flush(10)
        detached = store.annotation("id-lost")
        assert detached is not None and not detached.has_passage
        assert detached.note == "Why the lost passage matters"
        await pilot.press("u")
        await settle(pilot)
        app.saver.flush(10)
        back = store.annotation("id-lost")
        assert back is not None and back.target.quote.exact == LOST
        await settle(pilot)
        assert "id-lost" in _screen(app)._entries


async def test_delete_then_undo(
    changed_article: Path, library: Library, store: AnnotationStore
) -> None:
    app = _review_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _mark(pilot, "id-moving")
        await pilot.press("x")
        await settle(pilot)
        app.saver.flush(10)
        assert store.annotation("id-moving") is None
        await pilot.press("u")
        await settle(pilot)
        app.saver.flush(10)
        assert store.annotation("id-moving") is not None


async def test_next_place_then_reattach_there(
    changed_article: Path, library: Library, store: AnnotationStore
) -> None:
    app = _review_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert "Place 1 of" in _detail(app) and "retire after twenty years" in _detail(app)
        await pilot.press("r")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.reattaching == "id-lost"
        selected = reader.view.selection
        assert selected is not None and reader.article.text[slice(*selected)] == NEAR_LOST
        await pilot.press("r")
        await settle(pilot)
        app.saver.flush(10)
        assert isinstance(app.screen, ReviewScreen)
        moved = store.annotation("id-lost")
        assert moved is not None and moved.target.quote.exact == NEAR_LOST
        assert moved.note == "Why the lost passage matters" and moved.color is Color.PINK
        assert moved.former[-1].why == "re-attached"
        await settle(pilot)
        assert "id-lost" not in _screen(app)._entries


async def test_escape_while_reattaching_goes_back_unchanged(
    changed_article: Path, library: Library, store: AnnotationStore
) -> None:
    app = _review_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")  # the selection (none here), then the re-attach
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        lost = store.annotation("id-lost")
        assert lost is not None and lost.target.quote.exact == LOST


async def test_r_opens_the_review_from_the_library_and_the_article(
    changed_article: Path, library: Library
) -> None:
    app = ReaderApp([], library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("R")
        await settle(pilot)
        assert _screen(app).only is None
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    article = library.open(changed_article)
    app = ReaderApp([article], library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert _screen(app).only == frozenset({article.id})
        assert "Harbour news" in str(_screen(app).query_one("#review-title", Label).render())


async def test_an_empty_review_says_so(library: Library) -> None:
    app = _review_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "nothing to review" in str(_screen(app).query_one("#review-title", Label).render())
        assert "Nothing to review" in _detail(app)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_review_snapshot(
    snap_compare: Any, changed_article: Path, library: Library, theme: str
) -> None:
    """A fuzzy entry marked (its words removed and added), a moved one and an orphan listed."""

    async def mark_fuzzy(pilot: Any) -> None:
        await settle(pilot)
        await _mark(pilot, "id-edited")

    app = _review_app(library, theme)
    assert snap_compare(app, terminal_size=(120, 30), run_before=mark_fuzzy)


async def test_the_library_offers_to_relink_a_moved_article_and_waits_for_yes(
    changed_article: Path, library: Library, store: AnnotationStore, tmp_path: Path
) -> None:
    from reader.ui.screens.dialogs import ConfirmDialog

    moved = tmp_path / "elsewhere.txt"
    changed_article.rename(moved)
    library.open(moved)
    app = ReaderApp([], library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "has the same title" in str(app.screen.query_one("#confirm-question").render())
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert str(moved) not in _paths_of_lost(store)
    app = ReaderApp([], library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        app.saver.flush(10)
        assert str(moved) in _paths_of_lost(store)


def _paths_of_lost(store: AnnotationStore) -> list[str]:
    """The paths the article of the `lost` highlight is known at."""
    lost = store.annotation("id-lost")
    assert lost is not None
    record = store.article(lost.article_id)
    assert record is not None
    return [seen.path for seen in record.paths]


async def test_the_palette_opens_the_review(changed_article: Path, library: Library) -> None:
    app = ReaderApp([], library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Review every highlight")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await settle(pilot)
        assert _screen(app).only is None
        assert "3 to review" in str(_screen(app).query_one("#review-title", Label).render())


async def test_l_relinks_a_missing_article_and_its_highlights_are_reviewed_there(
    changed_article: Path, library: Library, store: AnnotationStore, tmp_path: Path
) -> None:
    from textual.widgets import Input

    from reader.ui.screens.dialogs import PathDialog

    moved = tmp_path / "moved.txt"
    changed_article.rename(moved)
    app = _review_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(app)
        assert {entry.status for group in screen.groups for entry in group.entries} == {"missing"}
        assert "file gone" in _detail(app)
        await pilot.press("l")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        dialog.query_one(Input).value = str(moved)
        await pilot.press("enter")
        await settle(pilot)
        app.saver.flush(10)
        await settle(pilot)
        assert str(moved) in _paths_of_lost(store)
        statuses = [entry.status for group in _screen(app).groups for entry in group.entries]
        assert statuses == ["orphan", "fuzzy", "moved"]


async def test_u_in_the_review_undoes_a_reattach(
    changed_article: Path, library: Library, store: AnnotationStore
) -> None:
    app = _review_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "r")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        app.saver.flush(10)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("u")
        await settle(pilot)
        app.saver.flush(10)
        lost = store.annotation("id-lost")
        assert lost is not None and lost.target.quote.exact == LOST and lost.former == ()
        await settle(pilot)
        assert "id-lost" in _screen(app)._entries


async def test_v_while_reattaching_starts_a_new_selection_at_the_cursor(
    changed_article: Path, library: Library
) -> None:
    app = _review_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "r")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        shown = reader.view.selection
        await pilot.press("v")
        await pilot.pause()
        assert reader.view.selection == (reader.view.cursor, reader.view.cursor + 1) != shown


async def test_relinking_to_a_file_without_its_quotes_asks_first(
    changed_article: Path, library: Library, store: AnnotationStore, tmp_path: Path
) -> None:
    from textual.widgets import Input

    from reader.ui.screens.dialogs import ConfirmDialog

    changed_article.unlink()
    unrelated = tmp_path / "weather.txt"
    unrelated.write_text("Weather\n\nRain all week, and more to come.\n", encoding="utf-8")
    app = _review_app(library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        app.screen.query_one(Input).value = str(unrelated)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "holds only 0 of the 4 quotes" in str(
            app.screen.query_one("#confirm-question").render()
        )
        await pilot.press("enter")  # the safe answer has the focus: enter keeps it
        await settle(pilot)
        app.saver.flush(10)
        assert str(unrelated) not in _paths_of_lost(store)
        assert isinstance(app.screen, ReviewScreen)


async def test_a_detached_note_has_its_own_section_in_the_pane(
    changed_article: Path, library: Library, store: AnnotationStore
) -> None:
    from reader.core.annotations.repair import detached
    from reader.ui.widgets.annotation_pane import AnnotationPane

    lost = store.annotation("id-lost")
    assert lost is not None
    with store.writing() as tx:
        tx.put(detached(lost, "2026-01-03T00:00:00.000Z"))
    article = library.open(changed_article)
    app = ReaderApp([article], library, Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(AnnotationPane)
        title = str(pane.border_title)
        assert "notes 1" in title and "orphaned" not in title
        rendered = "\n".join(
            "".join(segment.text for segment in pane.entry_list.render_line(y))
            for y in range(pane.entry_list.size.height)
        )
        assert "── Notes on the article ──" in rendered and "── Orphaned ──" not in rendered
        assert "(a note on the whole article)" in rendered
