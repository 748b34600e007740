"""Tags: one form and one spelling per tag across the library, the form Obsidian accepts.

A tag is stored as it is shown and exported: spaces become hyphens and marks that Obsidian
does not take in a tag are dropped, so `#Salinity-Levels` in a note, in the front matter, in
the pane and in a search are the same tag.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from reader.core.articles.text import strip_unsafe


@functools.lru_cache(maxsize=4096)
def clean_tag(tag: str) -> str:
    """A tag as stored: a leading `#` dropped, whitespace runs as one hyphen, letters, digits,
    `_`, `-` and nested `a/b` kept, other marks dropped, hyphens at the edges trimmed."""
    words = strip_unsafe(tag).strip().lstrip("#").split()
    return re.sub(r"[^\w/\-]", "", "-".join(words)).strip("-")


def normalize_tags(tags: Iterable[str], known: Iterable[str] = ()) -> tuple[str, ...]:
    """Trim tags, drop empty ones, and fold case: an existing spelling (in `known`) wins."""
    spellings = {tag.casefold(): tag for tag in known}
    result: list[str] = []
    seen: set[str] = set()
    for raw in tags:
        tag = clean_tag(raw)
        key = tag.casefold()
        if not tag or key in seen:
            continue
        seen.add(key)
        result.append(spellings.setdefault(key, tag))
    return tuple(result)


def tag_text(tag: str) -> str:
    """A tag as `#tag` (empty for a tag with nothing left to show)."""
    cleaned = clean_tag(tag)
    return "#" + cleaned if cleaned else ""
