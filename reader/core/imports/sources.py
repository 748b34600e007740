"""How imported sources are named and matched: book keys, normalised URLs and titles."""

from __future__ import annotations

import re

from reader.core.articles.text import collapse_whitespace
from reader.core.articles.urls import normalized_url
from reader.core.imports.model import ForeignSource


def plain(text: str) -> str:
    """Text as compared across apps: whitespace collapsed, case folded, punctuation dropped."""
    return re.sub(r"[^\w ]+", "", collapse_whitespace(text).casefold()).strip()


def book_key(title: str, author: str) -> str:
    """A book's key: its title and author as compared (`book:` …)."""
    return f"book:{plain(title)}\x1f{plain(author)}"


def book_source(
    title: str, author: str, identifiers: tuple[tuple[str, str], ...] = ()
) -> ForeignSource:
    """A book named by title and author."""
    return ForeignSource(book_key(title, author), title or "Untitled", author, "", identifiers)


def page_source(url: str, title: str) -> ForeignSource:
    """A web page, named by its URL."""
    normal = normalized_url(url)
    return ForeignSource(
        f"url:{normal}", title or url or "Untitled", "", url, (("url", url),), kind="page"
    )
