"""The reading screen: every key, the mouse, the pane, saving, and what other writers do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from reader.core.anchoring import AnchorStatus
from reader.core.annotations import Annotation, Change, Color
from reader.core.articles import Article
from reader.core.library import Library
from reader.core.store import AnnotationStore
from reader.ui import saver as saver_module
from reader.ui.app import ReaderApp
from reader.ui.screens.help_screen import HelpScreen
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.widgets.annotation_pane import AnnotationPane
from reader.ui.widgets.article_view import ArticleView
from tests.conftest import AP_ARTICLE
from tests.ui.conftest import SIZE, Annotate, settle

SENTENCE = "It was the first time subpoenas had been sent to a law enforcement agency — an escalation of the conflict between the Trump administration and so-called sanctuary cities."


def _screen(pilot: Pilot[None]) -> ReaderScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def _saved(pilot: Pilot[None], store: AnnotationStore, article: Article) -> list[Annotation]:
    """What the store holds once the background writer has caught up."""
    assert _screen(pilot).saver.flush(10)
    return store.for_article(article.id)


def _app(article: Article, library: Library) -> ReaderApp:
    return ReaderApp([article], library)


async def test_h_highlights_the_sentence_under_the_cursor(
    article: Article, library: Library, store: AnnotationStore
) -> None:
    """With no selection, h highlights the whole sentence around the cursor, in the default colour."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        view.move_cursor(article.text.index(SENTENCE) + 10)
        await pilot.press("h")
        [saved] = _saved(pilot, store, article)
        assert saved.quote == SENTENCE and saved.color is Color.YELLOW
        assert _screen(pilot).session.under(view.cursor) is not None
        assert _screen(pilot).pane.selected_id == saved.id


async def test_v_motions_h_highlights_the_selection(
    article: Article, library: Library, store: AnnotationStore
) -> None:
    """v starts a selection at the cursor, motions extend it ("(AP)" is one word stop), h
    highlights it grown to whole words."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        view.move_cursor(article.text.index("WASHINGTON"))
        await pilot.press("v", "w")
        assert view.selection is not None
        assert article.text[slice(*view.selection)] == "WASHINGTON ("
        await pilot.press("h")
        assert view.selection is None
        [saved] = _saved(pilot, store, article)
        assert saved.quote == "WASHINGTON (AP)"


async def test_a_selection_ending_inside_a_word_highlights_whole_words(
    article: Article, library: Library, store: AnnotationStore
) -> None:
    """v, w w w w, then back into a word with l: the highlight ends on the whole word, with
    the punctuation that belongs to it, never mid-word; e ends on a word's last letter."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        view.move_cursor(article.text.index("Denver officials on Thursday"))
        await pilot.press("v", "w", "w", "w", "right")
        assert article.text[slice(*view.selection)] == "Denver officials on Th"  # type: ignore[misc]
        await pilot.press("2")
        [saved] = _saved(pilot, store, article)
        assert saved.quote == "Denver officials on Thursday" and saved.color is Color.GREEN
        view.move_cursor(article.text.index("requested"))
        await pilot.press("e")
        assert view.cursor == article.text.index("requested") + len("requested") - 1


async def test_a_second_v_ends_the_selection_and_keeps_it(
    article: Article, library: Library, store: AnnotationStore
) -> None:
    """v w w v: the selection stays as it was while the cursor moves on, and h highlights it
    (a second v used to throw it away, and h then took the whole sentence)."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        view.move_cursor(article.text.index("Denver officials on Thursday"))
        await pilot.press("v", "w", "w", "v")
        kept = view.selection
        await pilot.press("w", "w", "l")
        assert view.selection == kept
        await pilot.press("h")
        [saved] = _saved(pilot, store, article)
        assert saved.quote == "Denver officials on"


async def test_double_click_selects_a_word_and_triple_click_a_paragraph(
    article: Article, library: Library
) -> None:
    """Two clicks on a word select it; three select its paragraph."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        await pilot.press("g")
        target = article.text.index("officials")
        row = view.layout_model.row_of(target)
        column = view.navigator.cells_before(view.layout_model.rows[row], target)
        x = view.left_padding() + 2 + column + 1 + 2  # border, margin, into the word
        y = row - round(view.scroll_y) + 1
        await pilot.click("#article", offset=(x, y), times=2)
        assert view.selection is not None
        assert article.text[slice(*view.selection)] == "officials"
        await pilot.click("#article", offset=(x, y), times=3)
        index = article.block_index_at(target)
        assert index is not None
        block = article.blocks[index]
        assert view.selection == (block.start, block.end)


async def test_escape_cancels_the_selection(article: Article, library: Library) -> None:
    """escape drops the selection and keeps the cursor where it was."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        await pilot.press("v", "l", "w", "w")
        cursor = view.cursor
        await pilot.press("escape")
        assert view.selection is None and view.cursor == cursor


async def test_h_on_an_existing_highlight_selects_it(
    article: Article, library: Library, store: AnnotationStore, annotate: Annotate
) -> None:
    """h on exactly the text of a highlight marks that one in the pane instead of duplicating it."""
    existing = annotate(SENTENCE)
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        screen.view.move_cursor(article.text.index(SENTENCE) + 3)
        await pilot.press("h")
        assert [item.id for item in _saved(pilot, store, article)] == [existing.id]
        assert screen.pane.selected_id == existing.id


@pytest.mark.parametrize(
    ("key", "color"),
    [("1", Color.YELLOW), ("2", Color.GREEN), ("3", Color.BLUE), ("4", Color.PINK)],
)
async def test_colour_keys_on_selection_and_on_highlight(
    article: Article,
    library: Library,
    store: AnnotationStore,
    annotate: Annotate,
    key: str,
    color: Color,
) -> None:
    """A colour key highlights a selection in that colour, or recolours the highlight under the cursor."""
    existing = annotate("Henry Lucero", Color.PINK if color is not Color.PINK else Color.YELLOW)
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        view.select(*_span(article, "WASHINGTON"))
        await pilot.press(key)
        view.move_cursor(article.text.index("Henry Lucero") + 2)
        await pilot.press(key)
        saved = {item.quote: item for item in _saved(pilot, store, article)}
        assert saved["WASHINGTON"].color is color
        assert saved["Henry Lucero"].color is color and saved["Henry Lucero"].id == existing.id


async def test_the_shortest_overlapping_highlight_is_under_the_cursor(
    article: Article, library: Library, store: AnnotationStore, annotate: Annotate
) -> None:
    """Highlights may overlap; x deletes the shortest one containing the cursor."""
    annotate(SENTENCE)
    inner = annotate("first time")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        view.move_cursor(article.text.index("first time") + 2)
        highlight = _screen(pilot).session.under(view.cursor)
        assert highlight is not None and highlight.id == inner.id
        await pilot.press("x")
        assert [item.quote for item in _saved(pilot, store, article)] == [SENTENCE]


async def test_undo_and_redo_restore_everything(
    article: Article, library: Library, store: AnnotationStore, annotate: Annotate
) -> None:
    """u brings back a deleted highlight with its note, tags and times; ctrl+r deletes it again."""
    original = annotate("Henry Lucero", Color.GREEN, "A *note*", ("people",))
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        view.move_cursor(article.text.index("Henry Lucero"))
        await pilot.press("x")
        assert _saved(pilot, store, article) == []
        await pilot.press("u")
        [restored] = _saved(pilot, store, article)
        assert (
            restored.id,
            restored.note,
            restored.tags,
            restored.color,
            restored.created,
            restored.updated,
        ) == (
            original.id,
            original.note,
            original.tags,
            original.color,
            original.created,
            original.updated,
        )
        await pilot.press("ctrl+r")
        assert _saved(pilot, store, article) == []
        await pilot.press("u", "u")  # undo the redo, then nothing older: a notice, no crash
        assert len(_saved(pilot, store, article)) == 1


async def test_undo_a_colour_change(
    article: Article, library: Library, store: AnnotationStore, annotate: Annotate
) -> None:
    """Undoing a colour change puts the old colour and modified time back."""
    original = annotate("Henry Lucero", Color.GREEN)
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        _screen(pilot).view.move_cursor(article.text.index("Henry Lucero"))
        await pilot.press("4")
        assert _saved(pilot, store, article)[0].color is Color.PINK
        await pilot.press("u")
        [back] = _saved(pilot, store, article)
        assert back.color is Color.GREEN and back.updated == original.updated


async def test_brackets_jump_between_highlights(
    article: Article, library: Library, annotate: Annotate
) -> None:
    """] and [ move the cursor to the next and previous highlight."""
    annotate("WASHINGTON")
    annotate("Henry Lucero")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        await pilot.press("g", "]")
        assert view.cursor == article.text.index("WASHINGTON")
        await pilot.press("]")
        assert view.cursor == article.text.index("Henry Lucero")
        await pilot.press("]")  # none further: stays
        assert view.cursor == article.text.index("Henry Lucero")
        await pilot.press("[")
        assert view.cursor == article.text.index("WASHINGTON")


@pytest.mark.parametrize("key", ["y", "ctrl+c"])
async def test_copy_selection_or_highlight(
    article: Article, library: Library, annotate: Annotate, key: str
) -> None:
    """y and ctrl+c copy the selection, or else the highlight under the cursor."""
    annotate("Henry Lucero")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        view.select(*_span(article, "WASHINGTON (AP)"))
        await pilot.press(key)
        assert pilot.app.clipboard == "WASHINGTON (AP)"
        view.clear_selection()
        view.move_cursor(article.text.index("Lucero"))
        await pilot.press(key)
        assert pilot.app.clipboard == "Henry Lucero"


async def test_pane_toggle_focus_and_jump(
    article: Article, library: Library, annotate: Annotate
) -> None:
    """p hides and shows the pane; tab moves focus to it; arrows and enter jump to a highlight."""
    annotate("WASHINGTON")
    annotate("Henry Lucero")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        await pilot.press("p")
        assert not screen.pane.display and screen.view.has_focus
        await pilot.press("p", "tab")
        assert screen.pane.display and screen.pane.has_focus_within
        await pilot.press("down", "down", "enter")
        assert screen.view.has_focus
        assert screen.view.cursor == article.text.index("Henry Lucero")
        await pilot.press("tab")
        assert screen.pane.has_focus_within
        await pilot.press("tab")
        assert screen.view.has_focus


async def test_x_in_the_pane_deletes_the_marked_entry_even_an_orphan(
    article: Article,
    library: Library,
    store: AnnotationStore,
    add_orphan: Callable[[str], Annotation],
) -> None:
    """Orphans are listed in their own section and can be deleted from the pane."""
    orphan = add_orphan("A sentence that was cut from the article.")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        await pilot.pause()
        assert screen.pane.border_title is not None and "orphaned 1" in screen.pane.border_title
        await pilot.press("tab")
        screen.pane.mark(orphan.id)
        await pilot.press("x")
        assert _saved(pilot, store, article) == []


async def test_every_annotation_key_in_the_pane_acts_on_the_marked_entry(
    article: Article, library: Library, store: AnnotationStore, annotate: Annotate
) -> None:
    """With the pane focused and the cursor elsewhere, 1-4 recolour the marked entry and y
    copies its quote (they said "No highlight under the cursor"), as a, t and x act on it."""
    annotate("WASHINGTON")
    marked = annotate("Henry Lucero", Color.GREEN)
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        screen.view.move_cursor(article.text.index("WASHINGTON"))
        await pilot.press("tab")
        screen.pane.mark(marked.id)
        await pilot.press("4")
        colours = {item.id: item.color for item in _saved(pilot, store, article)}
        assert colours[marked.id] is Color.PINK and Color.YELLOW in colours.values()
        copied: list[str] = []
        pilot.app.copy_to_clipboard = copied.append  # type: ignore[method-assign, assignment]
        await pilot.press("y")
        assert copied == ["Henry Lucero"]


async def test_the_marked_entry_is_drawn_on_one_background(
    article: Article, library: Library, annotate: Annotate
) -> None:
    """Every cell of the marked entry, its quote and note included, is on the marked
    background (the quote and note kept the plain one: a patchy block)."""
    marked = annotate("Henry Lucero", note="Who is he?\n\nA second line.", tags=("people",))
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        await pilot.press("tab")
        screen.pane.mark(marked.id)
        await pilot.pause()
        entries = screen.pane.entry_list
        rows = [entries.render_line(y) for y in range(6)]
        backgrounds = {
            segment.style.bgcolor
            for strip in rows[:5]
            for segment in strip
            if segment.text.strip() and segment.style is not None
        }
        assert len(backgrounds) == 1, backgrounds


async def test_every_cell_of_the_pane_has_a_background(
    article: Article,
    library: Library,
    annotate: Annotate,
    add_orphan: Callable[[str], Annotation],
) -> None:
    """No part of the pane is drawn on the terminal's own background (the orphans' header
    was a black patch in light themes)."""
    annotate("Henry Lucero", note="A **note**.")
    add_orphan("A sentence that was cut from the article.")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        entries = _screen(pilot).pane.entry_list
        for y in range(entries.size.height):
            for segment in entries.render_line(y):
                assert segment.style is None or segment.style.bgcolor is not None, (y, segment)


async def test_motions(article: Article, library: Library) -> None:
    """Word, sentence, paragraph, top and bottom motions land where they should."""
    text = article.text
    blocks = article.blocks
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        await pilot.press("g")
        assert view.cursor == 0
        await pilot.press("w")
        assert view.cursor == text.index("officials")
        await pilot.press("b")
        assert view.cursor == 0
        await pilot.press("}")
        assert view.cursor == blocks[1].start
        await pilot.press(")")
        assert view.cursor == text.index("U.S. Immigration and Customs Enforcement has")
        await pilot.press(")")
        assert view.cursor == text.index("And if the city")
        await pilot.press("(")
        assert view.cursor == text.index("U.S. Immigration and Customs Enforcement has")
        await pilot.press("(")
        assert view.cursor == blocks[1].start
        await pilot.press("}", "}")
        assert view.cursor == blocks[3].start
        await pilot.press("l")  # not bound: nothing moves
        await pilot.press("right", "right", "left")
        assert view.cursor == blocks[3].start + 1
        await pilot.press("{")
        assert view.cursor == blocks[3].start
        await pilot.press("{")
        assert view.cursor == blocks[2].start
        await pilot.press("left")  # crosses into the previous block's last character
        assert view.cursor == blocks[1].end - 1
        await pilot.press("G")
        assert view.cursor == len(text) - 1
        await pilot.press("home")
        assert view.cursor == 0


async def test_vertical_and_page_motions_keep_the_cursor_on_screen(
    article: Article, library: Library
) -> None:
    """j/k/arrows move by rows, pages and half pages scroll, and the cursor stays visible."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        layout = view.layout_model
        await pilot.press("g", "j")
        assert layout.row_of(view.cursor) == 2  # row 1 is the blank row after the title
        await pilot.press("down", "down", "k")
        assert layout.row_of(view.cursor) == 3
        for keys in (["space"], ["pagedown"], ["ctrl+d"], ["pageup"], ["ctrl+u"], ["G"], ["up"]):
            before = layout.row_of(view.cursor)
            await pilot.press(*keys)
            row = layout.row_of(view.cursor)
            assert round(view.scroll_y) <= row < round(view.scroll_y) + view.size.height
            if keys[0] in ("space", "pagedown", "ctrl+d"):
                assert row > before
            if keys[0] in ("pageup", "ctrl+u"):
                assert row < before


async def test_wheel_scrolling_keeps_the_cursor_visible(article: Article, library: Library) -> None:
    """Scrolling away with the wheel brings the cursor along."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        await pilot.press("g")
        view.scroll_to(y=12, animate=False)  # what the mouse wheel does
        await pilot.pause()
        assert view.scroll_y > 0
        assert view.layout_model.row_of(view.cursor) >= round(view.scroll_y)


async def test_mouse_drag_selects_and_h_highlights(
    article: Article, library: Library, store: AnnotationStore
) -> None:
    """Dragging selects in canonical-text offsets, exactly as the keyboard would; the
    highlight takes whole words (the drag ended inside "Feb.")."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        view = screen.view
        await pilot.press("g")
        layout = view.layout_model
        row = layout.row_of(article.text.index("FILE"))
        y = row - round(view.scroll_y)
        x0 = view.left_padding() + 2  # the margin: mark and space
        await pilot.mouse_down("#article", offset=(x0 + 1, y + 1))  # +1: the border
        await pilot.hover("#article", offset=(x0 + 1 + 15, y + 1))
        await pilot.mouse_up("#article", offset=(x0 + 1 + 15, y + 1))
        assert view.selection is not None
        assert article.text[slice(*view.selection)] == "FILE – In this F"
        await pilot.press("h")
        [saved] = _saved(pilot, store, article)
        assert saved.quote == "FILE – In this Feb."


async def test_clicking_a_highlight_marks_it_in_the_pane(
    article: Article, library: Library, annotate: Annotate
) -> None:
    """A click (no drag) on a highlight selects its entry in the pane."""
    first = annotate("FILE – In this")
    annotate("Henry Lucero")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        await pilot.press("G")
        await pilot.press("g")
        await pilot.pause()
        y = screen.view.layout_model.row_of(article.text.index("FILE")) - round(
            screen.view.scroll_y
        )
        x = screen.view.left_padding() + 2 + 3
        await pilot.click("#article", offset=(x + 1, y + 1))
        assert screen.pane.selected_id == first.id


async def test_help_lists_live_bindings(article: Article, library: Library) -> None:
    """? opens help built from the screen's bindings; escape closes it."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        text = str(pilot.app.screen.query_one("#help-text").render())
        for description in (
            "Highlight the selection or sentence",
            "Next sentence",
            "Undo the last annotation change",
        ):
            assert description in text
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ReaderScreen)


async def test_q_quits(article: Article, library: Library) -> None:
    """q leaves the app."""
    app = _app(article, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
    assert app.return_code == 0


async def test_reading_position_is_restored(
    article: Article, library: Library, store: AnnotationStore
) -> None:
    """The cursor comes back where it was when the article is opened again."""
    app = _app(article, library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("}", "}", "}", ")")
        place = _screen(pilot).view.cursor
    record = store.article(article.id)
    assert record is not None and record.position == place and record.last_opened
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        assert view.cursor == place
        assert (
            round(view.scroll_y)
            <= view.layout_model.row_of(place)
            < round(view.scroll_y) + view.size.height
        )


async def test_changes_by_another_writer_appear(
    article: Article, db_path: Path, annotate: Annotate
) -> None:
    """An annotation added by another copy of reader shows up without reopening."""
    store = AnnotationStore.open(db_path)
    library = Library(store)
    opened = library.open(article.path)  # type: ignore[arg-type]
    async with _app(opened, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        other = Library(AnnotationStore.open(db_path))
        from reader.core.anchoring import make_target
        from reader.core.annotations import new_annotation_id

        start = article.text.index("Henry Lucero")
        other.store.add(
            Annotation(
                new_annotation_id(),
                opened.id,
                make_target(article.text, start, start + 12, article.hash),
            )
        )
        screen._check_external_changes()  # what the once-a-second timer does
        await pilot.pause()
        assert [item.start for item in screen.view.highlights] == [start]


async def test_failed_write_is_shown_and_kept(
    article: Article, library: Library, store: AnnotationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails is reported, the highlight stays on screen, and it is saved on retry."""
    monkeypatch.setattr(saver_module, "RETRY_SECONDS", 0.05)
    real_apply = store.apply
    failures = iter([True, True])

    def flaky_apply(change: Change) -> Annotation | None:
        if next(failures, False):
            raise OSError(28, "No space left on device")
        return real_apply(change)

    monkeypatch.setattr(store, "apply", flaky_apply)
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        screen.view.move_cursor(article.text.index(SENTENCE))
        await pilot.press("h")
        assert len(screen.view.highlights) == 1
        [saved] = _saved(pilot, store, article)
        await pilot.pause()
        messages = [notification.message for notification in pilot.app._notifications]
        assert any(
            "Could not save" in message and "No space left" in message for message in messages
        )
        assert any("writable again" in message for message in messages)
        assert saved.quote == SENTENCE


async def test_fuzzy_and_orphan_entries(
    article: Article,
    library: Library,
    store: AnnotationStore,
    annotate: Annotate,
    add_orphan: Callable[[str], Annotation],
) -> None:
    """The pane marks fuzzy anchors and lists orphans last with their quote."""
    add_orphan("A sentence that was cut from the article.")
    annotate("WASHINGTON")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        pane = _screen(pilot).pane
        shown = [pane.entry_list.render_line(y).text for y in range(pane.entry_list.size.height)]
        text = "\n".join(shown)
        assert text.index("WASHINGTON") < text.index("Orphaned") < text.index("cut from")
        [orphan] = [
            item
            for item in _screen(pilot).session.annotations
            if item.status is AnchorStatus.ORPHAN
        ]
        assert orphan.note == "Kept although its text is gone."


async def test_empty_pane_explains_how_to_start(article: Article, library: Library) -> None:
    """With no highlights the pane says how to make the first one."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause()
        pane = pilot.app.screen.query_one(AnnotationPane)
        assert pane.has_class("-empty")
        assert "press h" in str(pane.query_one("#annotation-empty").render())


async def test_markup_in_the_article_is_shown_literally(tmp_path: Path, library: Library) -> None:
    """Markup-like text in titles and bodies is drawn as written, and clicking it runs nothing."""
    hostile = "[@click=app.quit]quit[/] [bold]x[/bold] [link=file:///etc/passwd]y[/] [/"
    path = tmp_path / "hostile.txt"
    path.write_text(f"{hostile}\n\nBody {hostile} end.\n")
    opened = library.open(path)
    async with ReaderApp([opened], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        title = screen.query_one("#header-title")
        assert str(title.render()) == hostile
        shown = " ".join(screen.view.render_line(y).text.strip() for y in range(6))
        for payload in (
            "[@click=app.quit]quit[/]",
            "[bold]x[/bold]",
            "[link=file:///etc/passwd]y[/]",
            "[/ end.",
        ):
            assert payload in shown
        await pilot.click("#article", offset=(6, 3))
        await pilot.click("#header-title")
        assert pilot.app.is_running


def _span(article: Article, quote: str) -> tuple[int, int]:
    start = article.text.index(quote)
    return start, start + len(quote)


def test_view_is_an_article_view(article: Article) -> None:
    """The article pane is built on the line API (a ScrollView), as the issue requires."""
    from textual.scroll_view import ScrollView

    assert issubclass(ArticleView, ScrollView) and not ArticleView.ALLOW_SELECT


async def test_e_exports_this_article(
    article: Article, library: Library, annotate: Annotate, tmp_path: Path
) -> None:
    """E writes the article's note to the export folder and says where it went."""
    from reader.settings import Settings

    annotate("Henry Lucero", Color.GREEN, "Who is he?", ("people",))
    app = ReaderApp([article], library, Settings(export_folder=tmp_path / "notes"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        [note] = list((tmp_path / "notes").glob("*.md"))
        assert "> Henry Lucero" in note.read_text() and "Who is he?" in note.read_text()
        assert any(str(note) in notification.message for notification in pilot.app._notifications)


async def test_palette_exports_the_whole_library(
    samples: list[Article], library: Library, store: AnnotationStore, tmp_path: Path
) -> None:
    """The command palette offers exporting every annotated article."""
    from reader.core.anchoring import make_target
    from reader.core.annotations import new_annotation_id
    from reader.settings import Settings

    for article in samples[:2]:
        store.add(
            Annotation(
                new_annotation_id(), article.id, make_target(article.text, 0, 10, article.hash)
            )
        )
    app = ReaderApp(samples, library, Settings(export_folder=tmp_path / "all"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Export all notes")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert len(list((tmp_path / "all").glob("*.md"))) == 2


async def test_a_writes_a_note_and_ctrl_s_saves(
    article: Article, library: Library, store: AnnotationStore, annotate: Annotate
) -> None:
    """a opens the editor on the highlight; a long Markdown note with brackets saves as typed."""
    from reader.ui.screens.dialogs import NoteDialog

    annotate("Henry Lucero")
    note = "Line one with [bold]markup[/] and `code`\n\n" + "a long note " * 200
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        _screen(pilot).view.move_cursor(article.text.index("Henry Lucero"))
        await pilot.press("a")
        dialog = pilot.app.screen
        assert isinstance(dialog, NoteDialog)
        dialog.editor.text = note
        await pilot.press("ctrl+s")
        await settle(pilot)
        [saved] = _saved(pilot, store, article)
        assert saved.note == note
        entry = _screen(pilot).pane.entry_list
        shown = "\n".join(entry.render_line(y).text for y in range(entry.size.height))
        assert "[bold]markup[/" in shown  # literally, in the pane
        await pilot.press("u")
        assert _saved(pilot, store, article)[0].note == ""  # note edits undo too


async def test_a_on_a_selection_highlights_it_first(
    article: Article, library: Library, store: AnnotationStore
) -> None:
    """With a selection, a makes it a highlight and opens the editor on it."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        _screen(pilot).view.select(*_span(article, "WASHINGTON (AP)"))
        await pilot.press("a")
        await pilot.press(*"Datelines")
        await pilot.press("ctrl+s")
        [saved] = _saved(pilot, store, article)
        assert (saved.quote, saved.note) == ("WASHINGTON (AP)", "Datelines")


async def test_escape_asks_before_discarding(
    article: Article, library: Library, store: AnnotationStore, annotate: Annotate
) -> None:
    """escape with changes asks; n keeps editing, y throws the changes away."""
    from reader.ui.screens.dialogs import ConfirmDialog, NoteDialog

    annotate("Henry Lucero", note="kept")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        _screen(pilot).view.move_cursor(article.text.index("Henry Lucero"))
        await pilot.press("a", "x", "escape")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(pilot.app.screen, NoteDialog)
        await pilot.press("escape", "y")
        assert isinstance(pilot.app.screen, ReaderScreen)
        assert _saved(pilot, store, article)[0].note == "kept"
        await pilot.press("a", "escape")  # no changes: closes at once
        assert isinstance(pilot.app.screen, ReaderScreen)


async def test_ctrl_o_uses_the_users_editor(
    article: Article,
    library: Library,
    store: AnnotationStore,
    annotate: Annotate,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ctrl+o runs $VISUAL on the note and saves what it wrote on return (no ctrl+s, no
    "discard?" on escape); with no editor it says so."""
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "written elsewhere" > "$1"\n')
    editor.chmod(0o755)
    annotate("Henry Lucero")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        _screen(pilot).view.move_cursor(article.text.index("Henry Lucero"))
        monkeypatch.delenv("VISUAL", raising=False)
        monkeypatch.delenv("EDITOR", raising=False)
        await pilot.press("a", "ctrl+o")
        assert any("No editor set" in n.message for n in pilot.app._notifications)
        monkeypatch.setenv("VISUAL", str(editor))
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ReaderScreen)  # the dialog closed, saved
        assert _saved(pilot, store, article)[0].note == "written elsewhere"


async def test_t_edits_tags_with_completion_and_case_folding(
    article: Article, library: Library, store: AnnotationStore, annotate: Annotate
) -> None:
    """t takes comma-separated tags; right accepts a suggestion; spellings fold to the first one."""
    annotate("WASHINGTON", tags=("Immigration",))
    annotate("Henry Lucero")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        _screen(pilot).view.move_cursor(article.text.index("Henry Lucero"))
        await pilot.press("t", *"imm")
        await pilot.pause()
        await pilot.press("right")
        await pilot.press(*", people ,  , PEOPLE", "enter")
        saved = {item.quote: item for item in _saved(pilot, store, article)}
        assert saved["Henry Lucero"].tags == ("Immigration", "people")
        await pilot.press("t", "escape")  # cancel changes nothing
        assert {item.quote: item for item in _saved(pilot, store, article)}[
            "Henry Lucero"
        ].tags == ("Immigration", "people")


async def test_a_space_typed_in_a_tag_becomes_a_hyphen(
    article: Article, library: Library, store: AnnotationStore, annotate: Annotate
) -> None:
    """Tags have one form: "Salinity Levels" is typed as `Salinity-Levels`, shown and saved so;
    the space after a comma still separates tags."""
    annotate("Henry Lucero")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        _screen(pilot).view.move_cursor(article.text.index("Henry Lucero"))
        await pilot.press("t", *"Salinity Levels, tide pool")
        field = pilot.app.screen.query_one("#tags-input", Input)
        assert field.value == "Salinity-Levels, tide-pool"
        await pilot.press("enter")
        [saved] = _saved(pilot, store, article)
        assert saved.tags == ("Salinity-Levels", "tide-pool")


async def test_tags_typed_faster_than_the_screen_or_pasted_keep_every_letter_in_order(
    article: Article, library: Library, store: AnnotationStore, annotate: Annotate
) -> None:
    """A paste, then a letter typed before the screen has caught up: the space becomes a
    hyphen and nothing typed is lost or moved (the hyphen was put in later, from the text as
    it was, dropping what came after and moving the cursor back)."""
    from textual import events

    annotate("Henry Lucero")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        _screen(pilot).view.move_cursor(article.text.index("Henry Lucero"))
        await pilot.press("t")
        field = pilot.app.screen.query_one("#tags-input", Input)
        field._on_paste(events.Paste("alpha beta, gamma"))
        field.insert_text_at_cursor("X")  # (in the same turn: no message handled between)
        field.insert_text_at_cursor(" y")
        await pilot.pause()
        assert field.value == "alpha-beta, gammaX-y"
        assert field.cursor_position == len(field.value)
        await pilot.press("enter")
        [saved] = _saved(pilot, store, article)
        assert saved.tags == ("alpha-beta", "gammaX-y")


async def test_the_marked_entry_shows_the_whole_note(
    article: Article, library: Library, annotate: Annotate
) -> None:
    """Other entries show a note's first line; the one under the cursor shows all of it."""
    annotate("Henry Lucero", note="first line\nsecond line\nthird line")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        entries = _screen(pilot).pane.entry_list

        def shown() -> str:
            return "\n".join(entries.render_line(y).text for y in range(entries.size.height))

        await pilot.press("g")
        assert "first line" in shown() and "third line" not in shown()
        _screen(pilot).view.move_cursor(article.text.index("Lucero"))
        await pilot.pause()
        assert "second line" in shown() and "third line" in shown()


async def test_theme_is_remembered_between_runs(
    article: Article, library: Library, tmp_path: Path
) -> None:
    """A theme chosen while running is written to the state file and used on the next start."""
    from reader.settings import Settings

    state = tmp_path / "state.json"
    async with ReaderApp([article], library, state_file=state).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.theme = "nord"
        await pilot.pause()
    assert '"theme": "nord"' in state.read_text()
    async with ReaderApp([article], library, state_file=state).run_test(size=SIZE) as pilot:
        assert pilot.app.theme == "nord"
    import time

    edited_later = Settings(theme="gruvbox", modified=time.time() + 60)
    async with ReaderApp([article], library, edited_later, state_file=state).run_test(
        size=SIZE
    ) as pilot:
        assert pilot.app.theme == "gruvbox"  # a settings file changed since: the latest choice


async def test_keys_are_remapped_by_binding_id(
    article: Article, library: Library, store: AnnotationStore
) -> None:
    """[keys] highlight = "H" moves highlighting from h to H."""
    from reader.settings import Settings

    app = ReaderApp([article], library, Settings(keys={"highlight": "H"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _screen(pilot).view.move_cursor(article.text.index(SENTENCE))
        await pilot.press("h")
        assert _saved(pilot, store, article) == []
        await pilot.press("H")
        assert [item.quote for item in _saved(pilot, store, article)] == [SENTENCE]


async def test_slash_searches_and_n_moves_between_matches(
    article: Article, library: Library
) -> None:
    """/ marks matches as you type; enter goes to the first after the cursor; n and N cycle."""
    from reader.core.annotations import find_all

    expected = find_all(article.text, "law enforcement")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        await pilot.press("g", "slash", *"LAW   enforcement")
        assert list(screen.view.matches) == expected and len(expected) > 3
        await pilot.press("enter")
        assert screen.view.has_focus and screen.view.cursor == expected[0][0]
        header = str(screen.query_one("#header-search").render())
        assert header == f"1/{len(expected)} matches"
        await pilot.press("n", "n")
        assert screen.view.cursor == expected[2][0]
        await pilot.press("N")
        assert screen.view.cursor == expected[1][0]
        await pilot.press("G", "n")  # wraps around to the first, and says so
        assert screen.view.cursor == expected[0][0]
        messages = [notification.message for notification in pilot.app._notifications]
        assert "Search went round to the top." in messages
        await pilot.press("slash", "escape")
        assert not screen.view.matches and str(screen.query_one("#header-search").render()) == ""


async def test_search_without_matches_says_so(article: Article, library: Library) -> None:
    """A search that finds nothing says so; n without a search explains what to do."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await pilot.press("slash", *"zebra crossing", "enter")
        messages = [notification.message for notification in pilot.app._notifications]
        assert any("press / to find" in message for message in messages)
        assert any("Not found: zebra crossing" in message for message in messages)


async def test_f_filters_the_pane_by_tag_and_colour(
    article: Article, library: Library, annotate: Annotate
) -> None:
    """f lists only highlights with any of the tags and any of the colours; the title says so."""
    from textual.widgets import Checkbox

    annotate("WASHINGTON", Color.GREEN, tags=("ICE",))
    annotate("Henry Lucero", Color.PINK, tags=("people",))
    annotate("Chad Sublet", Color.GREEN, tags=("people",))
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)

        def listed() -> list[str]:
            return [
                entry.annotation.quote
                for entry in screen.pane.entry_list._entries
                if entry.annotation
            ]

        await pilot.press("f", *"PEOPLE", "enter")
        await pilot.pause()
        assert listed() == ["Henry Lucero", "Chad Sublet"]
        assert "#PEOPLE" in str(screen.pane.border_title)
        await pilot.press("f")
        pilot.app.screen.query_one("#filter-green", Checkbox).value = True
        await pilot.press("enter")
        await pilot.pause()
        assert listed() == ["Chad Sublet"] and "green" in str(screen.pane.border_title)
        assert len(screen.view.highlights) == 3  # the article still shows every highlight
        await pilot.press("f", "ctrl+u")
        pilot.app.screen.query_one("#filter-green", Checkbox).value = False
        pilot.app.screen.query_one("#filter-pink", Checkbox).value = True
        await pilot.press("enter")
        await pilot.pause()
        assert listed() == ["Henry Lucero"]
        await pilot.press("f")
        await pilot.click("#filter-clear")
        await pilot.pause()
        assert len(listed()) == 3 and str(screen.pane.border_title) == "Highlights 3"


async def test_a_file_opened_for_the_first_time_is_recorded_once_the_app_is_up(
    tmp_path: Path, db_path: Path
) -> None:
    """The store learns of a new file from the app's saver, after the text shows."""
    article_path = tmp_path / "ap.txt"
    article_path.write_text(AP_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    library = Library(AnnotationStore.open(db_path))
    opened = library.load(article_path)
    assert opened.needs_registration and library.store.article(opened.article.id) is None
    app = ReaderApp([opened.article], library, registering=[opened])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _screen(pilot).saver.flush(10)
        record = library.store.article(opened.article.id)
        assert record is not None and record.paths[0].path == str(article_path.absolute())


async def test_a_file_that_cannot_be_recorded_still_opens_and_says_why(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database that cannot be written: the article reads, and the reader is told that
    changes go to a recovery file meanwhile."""
    from reader.core.store import StoreError

    article_path = tmp_path / "ap.txt"
    article_path.write_text(AP_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    library = Library(AnnotationStore.open(db_path))
    opened = library.load(article_path)

    def refuse(*args: object) -> None:
        raise StoreError(f"{db_path}: cannot be written (read-only file system)")

    monkeypatch.setattr(library, "register", refuse)
    app = ReaderApp([opened.article], library, registering=[opened])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _screen(pilot).saver.flush(10)
        await pilot.pause()
        notices = [(item.message, item.severity) for item in pilot.app._notifications]
        assert any(
            "cannot be written" in text and "Reading works" in text and level == "warning"
            for text, level in notices
        ), notices
        assert "subpoenaed Denver" in _screen(pilot).view.article.text


async def test_a_failed_save_of_anchor_places_only_warns(
    article: Article, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loading only reads: when remembering where highlights were found fails, the highlights
    still show, the annotation keys work, and the reader gets a warning, not an error."""
    store = AnnotationStore.open(db_path)
    library = Library(store)
    opened = library.open(article.path)  # type: ignore[arg-type]
    start = opened.text.index(SENTENCE)
    from reader.core.anchoring import Target, TextPositionSelector, TextQuoteSelector

    store.add(  # made on an older text: loading re-anchors it and wants to remember where
        Annotation(
            "00000000-0000-4000-8000-000000000009",
            opened.id,
            Target(
                TextQuoteSelector(SENTENCE, "", ""),
                TextPositionSelector(start + 3, start + 3 + len(SENTENCE)),
                "sha256:older",
            ),
        )
    )

    def refuse(*args: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(store, "save_resolutions", refuse)
    async with _app(opened, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        assert screen.loaded and len(screen.view.highlights) == 1
        assert screen.pane.border_title is not None and "Highlights 1" in str(
            screen.pane.border_title
        )
        assert screen.saver.flush(10)
        await pilot.pause()
        notices = [(item.message, item.severity) for item in pilot.app._notifications]
        assert any("Read-only" in text and level == "warning" for text, level in notices)
        assert not any("Could not read annotations" in text for text, _ in notices)
        screen.view.move_cursor(start)
        await pilot.press("x")  # the annotation keys are enabled
        assert screen.session.get("00000000-0000-4000-8000-000000000009") is None


async def test_heading_levels_and_emphasis_are_drawn(tmp_path: Path, library: Library) -> None:
    """H1, H2 and H3 look apart; bold and italics of the article are drawn as such."""
    path = tmp_path / "styled.md"
    path.write_text("# One\n\n## Two\n\n### Three\n\nA **bold** and *slanted* word.\n")
    article = library.open(path)
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = _screen(pilot).view
        await pilot.press("G")  # the cursor off the words looked at
        strips = [view.render_line(y) for y in range(12)]

        def style_of(word: str) -> tuple[bool, bool, bool, object]:
            for strip in strips:
                for segment in strip:
                    if word in segment.text and segment.style is not None:
                        style = segment.style
                        return (
                            bool(style.bold),
                            bool(style.italic),
                            bool(style.underline),
                            style.color,
                        )
            raise AssertionError(f"{word!r} not drawn")

        assert len({style_of("One"), style_of("Two"), style_of("Three")}) == 3
        assert style_of("bold")[0] and style_of("slanted")[1]
        assert not style_of("word")[0] and not style_of("word")[1]


async def test_a_narrow_terminal_gives_the_article_the_width(
    article: Article, library: Library
) -> None:
    """At 60 columns the pane is hidden (the article had 26 cells); p shows it below the
    article, across the whole width."""
    async with _app(article, library).run_test(size=(60, 30)) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        assert not screen.pane.display
        assert screen.view.size.width >= 50
        await pilot.press("p")
        await pilot.pause()
        assert screen.pane.display
        assert screen.pane.region.y > screen.view.region.y
        assert screen.pane.region.width >= 50
    async with _app(article, library).run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert _screen(pilot).pane.display


async def test_dialogs_keep_the_article_in_view_behind_them(
    article: Article, library: Library, annotate: Annotate
) -> None:
    """The note dialog's backdrop is translucent (it was opaque: the passage being annotated
    was hidden)."""
    annotate("Henry Lucero")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        _screen(pilot).view.move_cursor(article.text.index("Henry Lucero"))
        await pilot.press("a")
        await pilot.pause()
        from textual.screen import ModalScreen

        assert isinstance(pilot.app.screen, ModalScreen)
        assert pilot.app.screen.styles.background.a < 1


async def test_a_note_with_nothing_under_the_cursor_highlights_the_sentence_first(
    article: Article, library: Library, store: AnnotationStore
) -> None:
    """a on plain text highlights the sentence under the cursor and opens the note for it
    (it said "No highlight here", and the words typed next were taken as keys)."""
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        _screen(pilot).view.move_cursor(article.text.index("Henry Lucero"))
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"hello")
        await pilot.press("ctrl+s")
        await settle(pilot)
        [saved] = _saved(pilot, store, article)
        assert saved.note == "hello" and "Henry Lucero" in saved.quote


async def test_x_says_what_it_deleted_and_how_to_undo(
    article: Article, library: Library, annotate: Annotate
) -> None:
    """x deletes with a word and the key that undoes it (it deleted silently)."""
    annotate("Henry Lucero")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        _screen(pilot).view.move_cursor(article.text.index("Henry Lucero"))
        await pilot.press("x")
        await pilot.pause()
        messages = [notification.message for notification in pilot.app._notifications]
        assert "Deleted the highlight · u undoes it." in messages


async def test_a_change_moves_its_one_entry_into_reading_order(
    article: Article, library: Library, annotate: Annotate
) -> None:
    """A highlight made between two others is listed between them, a recolour keeps its
    place, undo takes its entry away: the pane always lists what a full refresh would."""
    annotate("WASHINGTON")
    annotate("Henry Lucero")
    async with _app(article, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)

        def listed() -> list[str]:
            entries = screen.pane.entry_list._entries
            return [entry.quote for entry in entries if entry.annotation is not None]

        screen.view.move_cursor(article.text.index(SENTENCE) + 10)
        await pilot.press("h")
        await pilot.pause()
        assert listed() == ["“WASHINGTON”", f"“{SENTENCE}”", "“Henry Lucero”"]
        assert str(screen.pane.border_title) == "Highlights 3"
        await pilot.press("2")  # green, in place
        await pilot.pause()
        assert listed()[1] == f"“{SENTENCE}”"
        assert screen.pane.selected_id == screen.session.under(screen.view.cursor).id  # type: ignore[union-attr]
        await pilot.press("u", "u")
        await pilot.pause()
        assert listed() == ["“WASHINGTON”", "“Henry Lucero”"]
        assert str(screen.pane.border_title) == "Highlights 2"
        full = list(listed())
        screen._refresh_pane()
        assert listed() == full


async def test_the_apps_own_saves_never_read_the_article_again(
    article: Article, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After highlights are made and saved, the once-a-second check finds only this app's own
    writes: nothing is read or anchored again (it re-anchored every highlight after saves,
    stalling the keys and holding twice their memory); another copy's write still is."""
    store = AnnotationStore.open(db_path)
    library = Library(store)
    opened = library.open(article.path)  # type: ignore[arg-type]
    reads: list[str] = []
    anchored = library.anchored

    def counting(read: Article) -> Any:
        reads.append(read.id)
        return anchored(read)

    monkeypatch.setattr(library, "anchored", counting)
    app = _app(opened, library)
    on_their_way: list[Any] = []  # the saver's reports, held back: the timer may come first
    forward = app.saver._post
    monkeypatch.setattr(app.saver, "_post", on_their_way.append)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = _screen(pilot)
        assert reads == [opened.id]
        for _ in range(3):  # highlights made, one undone, each saved as it is made
            for key in ("}", "h", "}", "h", "u"):
                await pilot.press(key)
                assert screen.saver.flush(5)
                # The once-a-second check, with the save on disk and its report not yet heard:
                screen._check_external_changes()
                await settle(pilot)
            for message in on_their_way:
                forward(message)
            on_their_way.clear()
            await settle(pilot)
        assert reads == [opened.id] and len(screen.view.highlights) == 3
        other = AnnotationStore.open(db_path)
        [mine, *_] = other.for_article(opened.id)
        other.remove(mine.id)
        screen._check_external_changes()
        await settle(pilot)
        assert reads == [opened.id, opened.id] and len(screen.view.highlights) == 2


async def test_the_text_is_drawn_before_the_highlights_are_read(
    article: Article, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame shows the text; the annotations are read after it (a worker reading
    10,000 of them while the text was first drawn held it back by a third)."""
    from reader.ui.widgets.article_view import ArticleView

    store = AnnotationStore.open(db_path)
    library = Library(store)
    opened = library.open(article.path)  # type: ignore[arg-type]
    happened: list[str] = []
    anchored, render_line = library.anchored, ArticleView.render_line

    def reading(read: Article) -> Any:
        happened.append("read")
        return anchored(read)

    def drawing(self: ArticleView, y: int) -> Any:
        happened.append("drawn")
        return render_line(self, y)

    monkeypatch.setattr(library, "anchored", reading)
    monkeypatch.setattr(ArticleView, "render_line", drawing)
    async with _app(opened, library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "read" in happened and happened.index("drawn") < happened.index("read")
