"""A note's Markdown in the pane: styles, not asterisks; and never markup."""

from __future__ import annotations

from reader.core.annotations import Color
from reader.core.articles import Article
from reader.core.library import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.widgets.note_markup import Run, fit_runs, note_runs, wrap_runs
from tests.ui.conftest import SIZE, Annotate, settle


def test_inline_styles_lists_and_links_are_drawn_not_shown_raw() -> None:
    """**bold**, *italic*, `code`, a link (by its text), a bullet and a heading."""
    assert note_runs("Warm pools get **saltier**") == [
        Run("Warm pools get "),
        Run("saltier", bold=True),
    ]
    assert note_runs("- see [the paper](https://example.org) and `x`") == [
        Run("• "),
        Run("see "),
        Run("the paper", link=True),
        Run(" and "),
        Run("x", code=True),
    ]
    assert note_runs("## A *heading*") == [
        Run("A ", bold=True),
        Run("heading", bold=True, italic=True),
    ]


def test_html_and_markup_in_a_note_stay_text() -> None:
    """Raw HTML, a javascript: link and Rich markup are shown as the characters they are."""
    line = "<b>x</b> [y](javascript:alert(1)) [red]z[/red]"
    assert "".join(run.text for run in note_runs(line)) == line
    assert not any(run.bold or run.link for run in note_runs(line))


def test_a_long_line_is_cut_with_an_ellipsis() -> None:
    """Runs are cut to the width, styles kept, with an ellipsis."""
    cut = fit_runs(note_runs("Warm pools get **saltier** and hotter"), 20)
    assert "".join(run.text for run in cut) == "Warm pools get salt…" and cut[1].bold


async def test_the_pane_draws_a_notes_markdown(
    article: Article, library: Library, annotate: Annotate
) -> None:
    """The pane shows "Warm pools get saltier" with saltier in bold, not the asterisks."""
    annotate("Henry Lucero", Color.GREEN, note="Warm pools get **saltier**")
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        rows = [screen.pane.entry_list.render_line(y) for y in range(5)]
        text = "\n".join(strip.text for strip in rows)
        assert "Warm pools get saltier" in text and "**" not in text
        bold = [seg.text for strip in rows for seg in strip if seg.style and seg.style.bold]
        assert "saltier" in bold


def test_a_long_note_line_wraps_with_its_styles() -> None:
    """A note line wider than the pane wraps at spaces, each piece keeping its style."""
    rows = wrap_runs(note_runs("Warm pools get **saltier** and hotter as the day goes on."), 20)
    assert ["".join(run.text for run in row).rstrip() for row in rows] == [
        "Warm pools get",
        "saltier and hotter",
        "as the day goes on.",
    ]
    assert rows[1][0] == Run("saltier", bold=True)


async def test_the_marked_entry_shows_its_whole_note_wrapped(
    article: Article, library: Library, annotate: Annotate
) -> None:
    """The marked entry's note is read whole in the pane: long lines wrap (each was cut to
    one row with an ellipsis)."""
    ending = "and the last words of this long note are here"
    note = "Warm pools get **saltier** and hotter; " + "the water evaporates all day, " * 3 + ending
    marked = annotate("Henry Lucero", Color.GREEN, note=note)
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("tab")
        screen.pane.mark(marked.id)
        await pilot.pause()
        entries = screen.pane.entry_list
        text = " ".join(entries.render_line(y).text.strip() for y in range(entries.size.height))
        assert " ".join(ending.split()[-4:]) in " ".join(text.split())
