"""The Obsidian block ids of a note's highlights: short, kept from export to export, and
never shared within a note."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable

from reader.core.annotations import Annotation

_UUID_HEAD = re.compile(r"[0-9a-fA-F]{8}-")
_HEX = re.compile(r"[0-9a-f]+")
LONGER = (12, 16, 20, 24, 28, 32)
"""The lengths tried, in hex digits, for highlights whose eight digits another shares."""
BLOCK_ID = r"hl-[0-9a-f]{8,64}"
"""What a block id looks like (for finding them in an earlier export)."""


def block_id(annotation: Annotation) -> str:
    """The Obsidian block id of a highlight: `hl-` and 8 hex digits of its id.

    A random UUID gives its first eight hex digits (as every earlier export did, so links to
    them keep working); any other id is hashed: one with spaces or a URL gave `^hl-   `, and
    time-ordered UUIDs (versions 6 and 7, as other tools make them) share their first digits
    for a minute at a time, so two highlights got one block id.
    """
    return "hl-" + _digits(annotation)[:8]


def unique_block_ids(annotations: Iterable[Annotation]) -> dict[str, str]:
    """Each annotation's block id (by annotation id), none shared: highlights whose eight
    digits are shared get as many more as tell them apart (the others keep their links)."""
    by_short: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    for annotation in annotations:
        digits = _digits(annotation)
        by_short[digits[:8]].append((annotation.id, digits))
    found: dict[str, str] = {}
    for short, sharing in by_short.items():
        if len(sharing) == 1:
            found[sharing[0][0]] = "hl-" + short
            continue
        for length in LONGER:
            if len({digits[:length] for _, digits in sharing}) == len(sharing):
                found.update((ident, "hl-" + digits[:length]) for ident, digits in sharing)
                break
        else:  # the same hex digits (ids apart only in case or punctuation): their hashes
            found.update((ident, "hl-" + _hashed(ident)) for ident, _ in sharing)
    return found


def _digits(annotation: Annotation) -> str:
    """The hex digits a block id is cut from: a random UUID's own, else its id's hash."""
    ident = annotation.id
    time_ordered = len(ident) > 14 and ident[14] in "67"
    if _UUID_HEAD.fullmatch(ident[:9]) and not time_ordered:
        digits = ident.lower().replace("-", "")
        if _HEX.fullmatch(digits):
            return digits
        return ident[:8].lower() + _hashed(ident)
    return _hashed(ident)


def _hashed(ident: str) -> str:
    return hashlib.sha256(ident.encode("utf-8")).hexdigest()
