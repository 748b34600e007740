"""Coming back where the reader was: the place, the view and how far they got."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.core.articles import Article
from reader.core.library import Library
from reader.core.store import AnnotationStore
from reader.ui.app import ReaderApp
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.widgets.reader_header import ReaderHeader
from tests.ui.conftest import SIZE, settle


def _long_article(tmp_path: Path, library: Library) -> Article:
    paragraphs = [
        f"Paragraph {number} tells of the harbour, the ferry and the keeper of the lamp."
        f" It goes on a while so that it wraps onto a second row at this width, number {number}."
        for number in range(1, 121)
    ]
    path = tmp_path / "long.md"
    path.write_text("# A long article\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return library.open(path)


def _screen(pilot: Pilot[None]) -> ReaderScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def test_the_view_comes_back_three_screens_down(
    tmp_path: Path, library: Library, store: AnnotationStore
) -> None:
    """ctrl+d six times, quit, open again: the cursor is where it was and on screen, the view
    is not at the top, and quitting at once keeps how far the reader got."""
    article = _long_article(tmp_path, library)
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(6):
            await pilot.press("ctrl+d")
        view = _screen(pilot).view
        place, top = view.cursor, round(view.scroll_y)
        assert top > 2 * view.size.height
    record = store.article(article.id)
    assert record is not None and record.position == place and record.progress > 0
    reached = record.progress
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        assert view.cursor == place
        assert round(view.scroll_y) > 0
        row = view.layout_model.row_of(place)
        assert round(view.scroll_y) <= row < round(view.scroll_y) + view.size.height
        header = pilot.app.screen.query_one(ReaderHeader).status
        assert f"{reached}%" in header
    record = store.article(article.id)
    assert record is not None and record.progress == reached and record.position == place


async def test_a_short_article_is_not_read_by_opening_it(
    tmp_path: Path, library: Library, store: AnnotationStore
) -> None:
    """An article that fits on one screen is not "100%" read because it was opened: how far
    the reader got is where the cursor went."""
    path = tmp_path / "short.md"
    path.write_text("# Short\n\nOne paragraph.\n\nAnother paragraph, the last.\n", encoding="utf-8")
    article = library.open(path)
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
    record = store.article(article.id)
    assert record is not None and record.progress < 100
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G")
    record = store.article(article.id)
    assert record is not None and record.progress == 100


async def test_the_header_shows_the_highlight_count_not_the_app_name(
    tmp_path: Path, library: Library
) -> None:
    """The header names the article, how far the reader got and how many highlights it has."""
    article = _long_article(tmp_path, library)
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        header = pilot.app.screen.query_one(ReaderHeader).status
        assert "reader ·" not in header
        assert "1 highlight" in header


async def test_the_minimap_shows_highlights_far_down_and_a_click_there_jumps(
    tmp_path: Path, library: Library
) -> None:
    """A highlight near the end of a long article is marked, in its colour, on the minimap
    column beside the scrollbar while the view is at the top; clicking the mark goes there."""
    from reader.core.annotations import Color
    from reader.ui.widgets.palette import MARKS

    article = _long_article(tmp_path, library)
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        view.move_cursor(article.text.index("Paragraph 110 "))
        await pilot.press("h", "4")
        await pilot.press("g")
        await settle(pilot)
        assert round(view.scroll_y) == 0
        column = view.scrollable_content_region.width - 1
        marked = [
            y
            for y in range(view.size.height)
            if view.render_line(y).text[column:].strip() == MARKS[Color.PINK]
        ]
        assert marked and marked[0] > view.size.height * 3 // 4
        await pilot.click("#article", offset=(column + 1, marked[0] + 1))
        await pilot.pause()
        assert (
            article.text.index("Paragraph 105")
            <= view.cursor
            <= article.text.index("Paragraph 115")
        )
        assert round(view.scroll_y) > 0


async def test_a_long_article_resized_keeps_the_cursor_row_and_ends_wholly_wrapped(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A resize of a long article wraps the rows around the cursor for its first frame, the
    rest after it: the cursor stays on the same screen row, and the rows end up those of a
    whole wrap at the new width."""
    from reader.ui.reading.layout import ArticleLayout
    from reader.ui.widgets import article_view

    monkeypatch.setattr(article_view, "LAZY_LAYOUT_CHARACTERS", 1_000)  # "long" from 1 kB on
    article = _long_article(tmp_path, library)
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(6):
            await pilot.press("ctrl+d")
        view = _screen(pilot).view
        place = view.cursor
        screen_row = view.layout_model.row_of(place) - round(view.scroll_y)
        assert screen_row > 0
        finish = view._finish_layout
        drawn_partly: list[int] = []

        def finishing() -> None:  # after the first frame: it showed only some rows
            drawn_partly.append(len(view.layout_model.rows))
            finish()

        monkeypatch.setattr(view, "_finish_layout", finishing)
        for width in (80, 100, 64):
            await pilot.resize_terminal(width, SIZE[1])
            await settle(pilot)
            layout = view.layout_model
            assert drawn_partly and drawn_partly.pop() < len(layout.rows)
            assert not layout.partial and view.cursor == place
            whole = ArticleLayout(article).wrap(layout.width)
            assert list(layout.rows) == list(whole)
            assert layout.row_of(place) - round(view.scroll_y) == screen_row


async def test_a_long_article_reopened_at_its_end_shows_its_end(
    tmp_path: Path, library: Library, store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened where the reader left off, near the end of a long article (wrapped a screenful
    first, the rest after the first frame): the view shows the cursor, not the start."""
    from reader.ui.widgets import article_view

    monkeypatch.setattr(article_view, "LAZY_LAYOUT_CHARACTERS", 1_000)  # "long" from 1 kB on
    article = _long_article(tmp_path, library)
    place = article.text.index("Paragraph 118 ")
    store.set_reading_position(article.id, place, 98)
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        view = _screen(pilot).view
        assert not view.layout_model.partial and view.cursor == place
        row = view.layout_model.row_of(place)
        assert round(view.scroll_y) <= row < round(view.scroll_y) + view.size.height
