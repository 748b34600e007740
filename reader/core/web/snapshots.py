"""Snapshots of web pages in the library folder: the page as fetched, and what is known of
the fetch, in a folder named from the page's address (never from its title or path).

    LIBRARY/web-<16 hex>/page.html            the page, as fetched, read as the article
    LIBRARY/web-<16 hex>/meta.json            address asked, where it ended, redirects, when
    LIBRARY/web-<16 hex>/earlier/page-*.html  the pages a refresh replaced, kept

A refresh writes the new page over `page.html` (the old one copied aside first), so the
article keeps its file and its annotations are found again in the new text, as after any
edit of a file.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from reader.core.articles.loading import SAVED_PAGE as PAGE
from reader.core.articles.loading import SAVED_PAGE_META as META
from reader.core.articles.loading import saved_page_meta
from reader.core.articles.urls import normalized_url
from reader.core.files import write_atomically
from reader.core.web.fetching import FetchedPage

EARLIER = "earlier"


@dataclass(frozen=True)
class Snapshot:
    """A saved page: its folder, the address it was saved from, and when."""

    folder: Path
    url: str
    final_url: str
    fetched: str

    @property
    def page(self) -> Path:
        """The page's file: what is opened and anchored in."""
        return self.folder / PAGE


def snapshot_key(url: str) -> str:
    """The folder name of a page's snapshot: from its normalised address, so the same page
    (fragment, `utm_*`, trailing slash, `www.` aside) is saved once."""
    digest = hashlib.sha256(normalized_url(url).encode("utf-8")).hexdigest()
    return f"web-{digest[:16]}"


_KEY = re.compile(r"web-[0-9a-f]{16}")


def find_snapshot(library_dir: Path, url: str) -> Snapshot | None:
    """The snapshot of `url` in the library folder, if it was saved before (under this
    address, or under the one it redirected to)."""
    folder = library_dir / snapshot_key(url)
    meta = saved_page_meta(folder)
    alias = meta.get("alias_of") if meta is not None else None
    if isinstance(alias, str) and _KEY.fullmatch(alias):
        folder = library_dir / alias
        meta = saved_page_meta(folder)
    if meta is None or not (folder / PAGE).is_file():
        return None
    return Snapshot(folder, meta["url"], str(meta.get("final_url", "")), str(meta.get("fetched")))


def save_alias(library_dir: Path, url: str, snapshot: Snapshot) -> None:
    """Remember that `url` is a page saved under another address (it redirects there), so
    that asking for it again fetches nothing."""
    folder = library_dir / snapshot_key(url)
    if folder == snapshot.folder or (folder / PAGE).exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"url": url, "alias_of": snapshot.folder.name}, indent=2) + "\n"
    write_atomically(folder / META, text.encode("utf-8"))


def _stamp(moment: str) -> str:
    return "".join(character for character in moment if character.isalnum())[:15] or "before"


def save_snapshot(
    library_dir: Path, page: FetchedPage, now: str, facts: dict[str, str] | None = None
) -> Snapshot:
    """Keep a fetched page in the library folder (an earlier page of the same address is
    kept aside, never lost), its file written whole or not at all; `facts` are what was
    extracted from it (title, author, date, site, canonical address), kept beside."""
    folder = library_dir / snapshot_key(page.url)
    folder.mkdir(parents=True, exist_ok=True)
    old = saved_page_meta(folder) or {}
    earlier = [item for item in old.get("earlier", []) if isinstance(item, dict)]
    current = folder / PAGE
    if current.is_file() and current.read_bytes() == page.body:
        pass  # the same page again: nothing to keep aside
    elif current.is_file():
        kept = Path(EARLIER, f"page-{_stamp(str(old.get('fetched', '')))}.html")
        (folder / EARLIER).mkdir(exist_ok=True)
        write_atomically(folder / kept, current.read_bytes())
        earlier.append(
            {
                "file": kept.as_posix(),
                "fetched": old.get("fetched", ""),
                "final_url": old.get("final_url", ""),
            }
        )
    write_atomically(current, page.body)
    meta = {
        "url": page.url,
        "final_url": page.final_url,
        "redirects": list(page.redirects),
        "status": page.status,
        "content_type": page.content_type,
        "fetched": now,
        **{name: value for name, value in (facts or {}).items() if value},
        "earlier": earlier,
    }
    text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    write_atomically(folder / META, text.encode("utf-8"))
    return Snapshot(folder, page.url, page.final_url, now)
