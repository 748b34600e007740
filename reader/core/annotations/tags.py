"""Tags: one spelling per tag across the library, and the `#tag` form notes and search use."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from reader.core.articles.text import strip_unsafe


def clean_tag(tag: str) -> str:
    """A tag as stored: trimmed, inner whitespace collapsed, a leading `#` dropped."""
    return " ".join(strip_unsafe(tag).split()).lstrip("#").strip()


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


@functools.lru_cache(maxsize=4096)
def tag_text(tag: str) -> str:
    """A tag as `#tag`: spaces become hyphens, nested `a/b` is kept, other marks dropped."""
    cleaned = re.sub(r"\s+", "-", tag.strip())
    cleaned = re.sub(r"[^\w/\-]", "", cleaned)
    return "#" + cleaned if cleaned else ""
