"""Messages that cross screens: asking for an article, and saying the store changed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message


@dataclass
class OpenArticle(Message):
    """Show an article: its file if it is known, else the library finds it by id.

    The library, search and the palette only post this; the app handles it, once.
    """

    article_id: str = ""
    path: Path | None = None
    start_at: int | None = None
    """Where to put the cursor (a search hit); None: where the reader left off."""
    title: str = ""
    """Shown if the article's file is gone."""
    reattach: str = ""
    """The id of a highlight to re-attach in it (from the review): the reader selects the
    passage and presses the attach key."""
    select: tuple[int, int] | None = None
    """A passage to select at once (the place the review showed)."""


@dataclass
class StoreChanged(Message):
    """The database was written (by us or another copy): lists shown may be out of date."""

    article_id: str
    """The article the write was about ("" when several or unknown)."""
    before: tuple[int, ...] = ()
    """The database's change token before the write (to tell whether another copy wrote)."""
    after: tuple[int, ...] = ()
    """Its change token after the write."""
