"""The reading screen in every kind of terminal: six colour modes at 60, 80 and 120 columns.

One scene each time: highlights in all four colours, one found fuzzy, one orphan, a note in
Markdown, the entry under the cursor marked in the pane, and a selection being made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from reader.core.anchoring import Target, TextPositionSelector, TextQuoteSelector
from reader.core.annotations import Annotation, Color
from reader.core.articles import Article
from reader.core.library import Library
from reader.core.store import AnnotationStore
from reader.settings import Settings
from reader.ui.app import ReaderApp
from tests.ui.conftest import Annotate, settle

SEEN = {
    "textual-dark": "Dark: four highlight colours apart (yellow, green, blue, pink), text light"
    " on each; the selection in reverse video; the fuzzy entry says ~fuzzy with its score.",
    "textual-light": "Light: pastel highlights with dark text on them; muted text (list"
    " numbers, the pane's names) dark enough to read; tags and headings in a dark orange.",
    "solarized-light": "Solarized light: the same, on its cream background, nothing faint.",
    "ansi-dark": "ANSI: the terminal's own bright yellow, green, cyan and magenta behind black"
    " text; no blended colours.",
    "16-colours": "16 colours: as ANSI, four different colours, never four greys.",
    "no-color": "NO_COLOR: no colours at all; highlights underlined, each colour's margin mark"
    " a different shape, the selection in reverse video.",
}
"""What a reviewer should see in each mode (the snapshot's name says the mode and width)."""


@pytest.fixture
def scene(
    annotate: Annotate,
    add_orphan: Callable[[str], Annotation],
    store: AnnotationStore,
    article: Article,
) -> None:
    """Four colours, a note in Markdown, a fuzzy match and an orphan."""
    annotate("FILE – In this Feb. 26, 2018 file photo", Color.YELLOW, "A **caption**, *not* news.")
    annotate("U.S. Immigration and Customs Enforcement has subpoenaed", Color.GREEN)
    annotate("WASHINGTON (AP) — Denver officials on Thursday", Color.BLUE, "", ("ICE",))
    start = article.text.index("escalation")
    store.add(
        Annotation(
            id="eeeeeeee-0000-4000-8000-000000000001",
            article_id=article.id,
            target=Target(
                TextQuoteSelector("an escalaton of the conflict", "other cities, ", " between"),
                TextPositionSelector(start - 3, start + 25),
                "sha256:an-earlier-version",
            ),
            color=Color.PINK,
        )
    )
    add_orphan("A sentence that was cut from the article.")


MODES = ["textual-dark", "textual-light", "solarized-light", "ansi-dark", "16-colours", "no-color"]


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("mode", MODES)
def test_the_reading_screen(
    snap_compare: Any,
    scene: None,
    article: Article,
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
    width: int,
) -> None:
    """The cursor in the blue highlight (its entry marked in the pane), a selection of three
    words being made after it; below 90 columns the pane is hidden and the article has the
    width. What each mode should look like is in SEEN."""
    assert SEEN[mode]
    theme = {"16-colours": "textual-dark", "no-color": "textual-dark"}.get(mode, mode)
    if mode == "no-color":
        monkeypatch.setenv("NO_COLOR", "1")
    if mode == "16-colours":
        monkeypatch.setattr(ReaderApp, "_wants_ansi_palette", lambda self: True)
    app = ReaderApp([article], library, Settings(theme=theme))
    cursor = article.text.index("Denver officials on Thursday")

    async def arrange(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.screen.view.move_cursor(cursor)
        await pilot.press("v", "w", "w")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(width, 30), run_before=arrange)
