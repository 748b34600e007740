"""Fixtures for the app: sample articles, a library over an in-memory store, annotation helpers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from reader.core.anchoring import Target, TextPositionSelector, TextQuoteSelector, make_target
from reader.core.annotations import Annotation, Color
from reader.core.articles import Article
from reader.core.library import Library, expand_paths
from reader.core.store import AnnotationStore
from reader.paths import sample_articles_dir
from tests.conftest import AP_ARTICLE

SIZE = (100, 30)
"""The terminal size of every UI test unless one says otherwise."""


async def settle(pilot: Pilot[None]) -> None:
    """Wait until background loading is done and the screen has caught up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


Annotate = Callable[..., Annotation]


@pytest.fixture
def library(store: AnnotationStore) -> Library:
    """A library over an in-memory store."""
    return Library(store)


@pytest.fixture
def samples(library: Library) -> list[Article]:
    """The bundled sample articles, opened through the library."""
    return [library.open(path) for path in expand_paths([sample_articles_dir()])]


@pytest.fixture
def article(library: Library) -> Article:
    """The AP seed article, registered."""
    return library.open(AP_ARTICLE)


@pytest.fixture
def annotate(store: AnnotationStore, article: Article) -> Annotate:
    """Add an annotation on `quote` (its first occurrence) straight into the store."""
    counter = iter(range(1, 10_000))

    def add(
        quote: str, color: Color = Color.YELLOW, note: str = "", tags: tuple[str, ...] = ()
    ) -> Annotation:
        start = article.text.index(quote)
        return store.add(
            Annotation(
                id=f"00000000-0000-4000-8000-{next(counter):012d}",
                article_id=article.id,
                target=make_target(article.text, start, start + len(quote), article.hash),
                color=color,
                note=note,
                tags=tags,
            )
        )

    return add


@pytest.fixture
def add_orphan(store: AnnotationStore, article: Article) -> Callable[[str], Annotation]:
    """Add an annotation whose quote is not in the article (an orphan once resolved)."""

    def add(quote: str) -> Annotation:
        return store.add(
            Annotation(
                id="ffffffff-0000-4000-8000-000000000001",
                article_id=article.id,
                target=Target(
                    TextQuoteSelector(quote, "no such", "context"),
                    TextPositionSelector(5, 5 + len(quote)),
                    "sha256:old",
                ),
                note="Kept although its text is gone.",
                tags=("orphaned",),
            )
        )

    return add
