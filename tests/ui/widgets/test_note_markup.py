"""A note's Markdown in the pane: styles, not asterisks; and never markup."""

from __future__ import annotations

from reader.core.annotations import Color
from reader.core.articles import Article
from reader.core.library import Library
from reader.ui.app import ReaderApp
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.widgets.note_markup import Run, fit_runs, note_runs
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
