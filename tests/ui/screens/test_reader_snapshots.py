"""Snapshots of the reading screen: what a reviewer should see is in each docstring."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from reader.core.annotations import Annotation, Color
from reader.core.articles import Article
from reader.core.library import Library
from reader.settings import Settings
from reader.ui.app import ReaderApp
from tests.ui.conftest import SIZE, Annotate, settle


@pytest.fixture
def colourful(annotate: Annotate, add_orphan: Callable[[str], Annotation]) -> None:
    """Highlights in all four colours (one with a note and tags, one inside another) and an orphan."""
    annotate(
        "FILE – In this Feb. 26, 2018 file photo",
        Color.YELLOW,
        "Photo caption, not the story.",
        ("boilerplate",),
    )
    annotate(
        "U.S. Immigration and Customs Enforcement has subpoenaed Denver law enforcement",
        Color.GREEN,
    )
    annotate(
        "WASHINGTON (AP) — Denver officials on Thursday said they would not hand over information",
        Color.BLUE,
        "The news itself.",
        ("ICE", "Denver"),
    )
    annotate("escalation", Color.PINK)
    add_orphan("A sentence that was cut from the article.")


def test_highlights_in_all_colours(
    snap_compare: Any, colourful: None, article: Article, library: Library
) -> None:
    """Four coloured highlights with their margin marks (a different shape each), the pane listing
    them in reading order with colour names, note lines and tags, then the orphan in its own section."""
    assert snap_compare(ReaderApp([article], library), terminal_size=SIZE, run_before=settle)


def test_cursor_sentence_and_selection(
    snap_compare: Any, colourful: None, article: Article, library: Library
) -> None:
    """The cursor two sentences on, and a selection of three words made with v w w."""
    assert snap_compare(
        ReaderApp([article], library),
        terminal_size=SIZE,
        press=["}", ")", "v", "w", "w"],
        run_before=settle,
    )


def test_pane_hidden(
    snap_compare: Any, colourful: None, article: Article, library: Library
) -> None:
    """p hides the pane: the text column is centred, at most 88 cells wide."""
    assert snap_compare(
        ReaderApp([article], library), terminal_size=SIZE, press=["p"], run_before=settle
    )


def test_small_terminal(
    snap_compare: Any, colourful: None, article: Article, library: Library
) -> None:
    """At 80×24 everything still fits: header, text, pane and footer."""
    assert snap_compare(ReaderApp([article], library), terminal_size=(80, 24), run_before=settle)


def test_empty_pane(snap_compare: Any, article: Article, library: Library) -> None:
    """An article without highlights: the pane explains how to make the first one."""
    assert snap_compare(ReaderApp([article], library), terminal_size=SIZE, run_before=settle)


def test_markdown_blocks(snap_compare: Any, samples: list[Article], library: Library) -> None:
    """The Markdown sample: headings stand out, list items have numbers and bullets, the quote a bar."""
    tide_pools = next(article for article in samples if article.format == "markdown")
    assert snap_compare(
        ReaderApp([tide_pools], library),
        terminal_size=(100, 40),
        press=["}", "}", "}"],
        run_before=settle,
    )


def test_light_theme(
    snap_compare: Any, colourful: None, article: Article, library: Library
) -> None:
    """The same highlights in a light theme: every colour stays readable."""
    app = ReaderApp([article], library, Settings(theme="textual-light"))
    assert snap_compare(app, terminal_size=SIZE, run_before=settle)


def test_help(snap_compare: Any, article: Article, library: Library) -> None:
    """? shows every key of the reading screen, from its live bindings."""
    assert snap_compare(
        ReaderApp([article], library),
        terminal_size=(100, 40),
        press=["question_mark"],
        run_before=settle,
    )


def _open_editor_at(article: Article, quote: str) -> Any:
    """A run_before that opens the note editor on the highlight at `quote`."""

    async def open_editor(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.screen.view.move_cursor(article.text.index(quote))
        await pilot.press("a")
        await pilot.pause()

    return open_editor


def test_note_editor(
    snap_compare: Any, colourful: None, article: Article, library: Library
) -> None:
    """The note editor over the screen: the quote above, the note, Save and Cancel buttons."""

    assert snap_compare(
        ReaderApp([article], library),
        terminal_size=SIZE,
        run_before=_open_editor_at(article, "WASHINGTON"),
    )


def test_help_light(snap_compare: Any, article: Article, library: Library) -> None:
    """Help in a light theme."""
    app = ReaderApp([article], library, Settings(theme="textual-light"))
    assert snap_compare(app, terminal_size=(100, 40), press=["question_mark"], run_before=settle)


def test_note_editor_light(
    snap_compare: Any, colourful: None, article: Article, library: Library
) -> None:
    """The note editor in a light theme."""

    app = ReaderApp([article], library, Settings(theme="textual-light"))
    assert snap_compare(app, terminal_size=SIZE, run_before=_open_editor_at(article, "WASHINGTON"))
