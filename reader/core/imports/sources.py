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


def page_source(url: str, title: str, author: str = "") -> ForeignSource:
    """A web page, named by its URL (its author kept when the export gives one)."""
    normal = normalized_url(url)
    return ForeignSource(
        f"url:{normal}", title or url or "Untitled", author, url, (("url", url),), kind="page"
    )


def same_source(
    url: str, title: str, author: str, other_url: str, other_title: str, other_author: str
) -> str:
    """What strongly names two sources as one ("the same URL", "the same title and
    author"); "" when nothing does (a title alone never does: editions differ)."""
    if url and other_url and normalized_url(url) == normalized_url(other_url):
        return "the same URL"
    if (
        plain(author)
        and plain(author) == plain(other_author)
        and plain(title) == plain(other_title)
    ):
        return "the same title and author"
    return ""
