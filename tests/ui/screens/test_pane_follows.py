"""The pane keeps the highlights nearest the cursor in view, even when the cursor is on none
(an article reopened at its end listed its first highlights)."""

from __future__ import annotations

from reader.core.anchoring import make_target
from reader.core.annotations import Annotation
from reader.core.articles import Article
from reader.core.library import Library
from reader.core.store import AnnotationStore
from reader.ui.app import ReaderApp
from reader.ui.screens.reader_screen import ReaderScreen
from tests.ui.conftest import SIZE, settle


def _highlight_every_sentence(article: Article, store: AnnotationStore) -> list[Annotation]:
    """Every sentence but the last few highlighted, in one write."""
    made: list[Annotation] = []
    offset = 0
    with store.writing() as tx:
        while offset < len(article.text) - 400:  # (the last sentences are left plain)
            sentence = article.sentence_at(offset)
            if sentence is not None:
                start, end = sentence
                item = Annotation(
                    f"{len(made):08x}-0000-4000-8000-000000000000",
                    article.id,
                    make_target(article.text, start, end, article.hash),
                )
                tx.put(item)
                made.append(item)
                offset = end + 1
            else:
                offset += 1
    return made


async def test_reopened_at_the_end_the_pane_shows_the_last_highlights(
    article: Article, library: Library, store: AnnotationStore
) -> None:
    """Reopened past its last highlight, the pane is scrolled to the last ones, not the
    first; none is marked (the cursor is on none)."""
    made = _highlight_every_sentence(article, store)
    assert len(made) > 30  # more than the pane shows at once
    end = len(article.text) - 1  # on no highlight
    store.set_reading_position(article.id, end, 100)
    async with ReaderApp([article], library).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen) and abs(screen.view.cursor - end) <= 2
        assert screen.session.under(screen.view.cursor) is None
        entries = screen.pane.entry_list
        assert entries.scroll_y > 0
        shown = "\n".join(entries.render_line(y).text for y in range(entries.size.height))
        last_words = " ".join(made[-1].quote.split()[:3])
        assert last_words[:20] in shown and screen.pane.selected_id is None
