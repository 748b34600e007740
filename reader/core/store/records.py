"""What the store knows of articles: their ids, titles, hashes and the paths they were seen at."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PathRecord:
    """What was last seen at one path of an article, so unchanged files need not be re-read."""

    path: str
    size: int
    mtime_ns: int
    hash: str
    title: str


@dataclass(frozen=True)
class ArticleRecord:
    """An article as the store knows it: id, latest title and hash, and the paths it was seen at."""

    id: str
    title: str
    hash: str
    paths: tuple[PathRecord, ...] = ()
    format: str = ""
    author: str = ""
    source: str = ""
    date: str = ""
    """The article's own date (from its metadata), as it gave it."""
    added: str = ""
    position: int = 0
    """The reader's cursor offset when the article was last left."""
    progress: int = 0
    """How far through the article the reader got, in percent."""
    last_opened: str = ""
    kind: str = ""
    """"book" or "page" for a source known only from another app's export; "" for a file."""
    identifiers: tuple[tuple[str, str], ...] = ()
    """Its ids in other apps: ("asin", …), ("koreader-md5", …), ("url", …)."""

    def path_record(self, path: str) -> PathRecord | None:
        """What is known about one of this article's paths."""
        return next((record for record in self.paths if record.path == path), None)
