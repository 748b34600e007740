"""Fixtures for the app: the sample articles and a library over an in-memory store."""

from __future__ import annotations

import pytest

from reader.core.article import Article
from reader.core.library import Library, expand_paths
from reader.core.store import AnnotationStore
from reader.paths import sample_articles_dir


@pytest.fixture
def library(store: AnnotationStore) -> Library:
    """A library over an in-memory store."""
    return Library(store)


@pytest.fixture
def samples(library: Library) -> list[Article]:
    """The bundled sample articles, opened through the library."""
    return [library.open(path) for path in expand_paths([sample_articles_dir()])]
