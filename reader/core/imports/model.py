"""What every importer reads out of another app's export: sources, items and what was skipped."""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from reader.core.annotations import Color, ImportFacts

_NAMESPACE = uuid.UUID("6f1c0e52-6a8e-4e4b-9a55-0d1f5a2a7c31")
"""Fixed for ever: the ids of imported annotations are derived from it."""


def foreign_annotation_id(format_name: str, source_key: str, item_key: str) -> str:
    """The id an imported item always gets: the same file gives the same ids on any machine."""
    return str(uuid.uuid5(_NAMESPACE, f"{format_name}\x1f{source_key}\x1f{item_key}"))


def source_article_id(source_key: str) -> str:
    """The article id of a source known only from imports (a book, a web page)."""
    return "src-" + hashlib.sha256(source_key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ForeignSource:
    """A book or page highlights were made in, as the export names it."""

    key: str
    """What identifies it across imports: `book:` title and author, or `url:` the page."""
    title: str
    author: str = ""
    url: str = ""
    identifiers: tuple[tuple[str, str], ...] = ()
    """Its ids where it came from: ("asin", …), ("koreader-md5", …), ("url", …)."""
    kind: str = "book"
    """"book" or "page"."""


@dataclass(frozen=True)
class Foreign:
    """One highlight or note read from another app's export, not yet in the store."""

    format: str
    key: str
    """What identifies the item within its source, stable as the export file grows."""
    source: ForeignSource
    quote: str
    """The highlighted text exactly as given; "" for a note on the whole source."""
    note: str = ""
    tags: tuple[str, ...] = ()
    color: Color = Color.YELLOW
    created: str = ""
    updated: str = ""
    prefix: str = ""
    suffix: str = ""
    facts: ImportFacts | None = None
    position_hint: int | None = None
    """Where the source app says the quote was (its own offsets): only to break ties."""

    @cached_property
    def annotation_id(self) -> str:
        """This item's id in the store."""
        return foreign_annotation_id(self.format, self.source.key, self.key)


UNKNOWN_ENTRIES = "unknown entries"
"""The reason entries a parser could not make sense of are skipped for."""


@dataclass
class ParseReport:
    """What a parser read: the items, and a count of what it skipped, by reason."""

    items: list[Foreign] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    merged: int = 0
    """Clippings folded into another (a resized or repeated highlight)."""
    notes_joined: int = 0
    replies_joined: int = 0
    """Replies added to the note of the annotation they answer."""
    problems: list[str] = field(default_factory=list)
    """One line per entry that could not be read."""

    def extend(self, other: ParseReport) -> None:
        """Add another file's report to this one."""
        self.items.extend(other.items)
        self.skipped.update(other.skipped)
        self.merged += other.merged
        self.notes_joined += other.notes_joined
        self.replies_joined += other.replies_joined
        self.problems.extend(other.problems)
