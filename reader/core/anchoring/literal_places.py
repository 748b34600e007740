"""Where a quote occurs word for word in a text, remembered for the lookups that follow:
resolving one annotation looks for its quote up to five times (its copies, then its best
place, then again with the place found as its hint), each a pass over the whole text, and an
import of 2,500 quotes into a 5 MB article spent 3.4 s of its 4.2 in those passes."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass

RECENT = 8
"""Lookups remembered: one annotation's come one after another."""


@dataclass(frozen=True)
class _Found:
    text: str
    literal: str
    places: list[tuple[int, int]]
    complete: bool
    """True when every place is in `places` (fewer than were asked for, or just as many)."""


_recent: deque[_Found] = deque(maxlen=RECENT)
_lock = threading.Lock()  # (anchoring runs in the app's worker threads too)


def literal_places(text: str, literal: str, limit: int) -> list[tuple[int, int]]:
    """`[start, end)` of the first `limit` places where `literal` is in `text`, in order."""
    with _lock:
        for found in _recent:
            same = found.text is text and found.literal == literal
            if same and (found.complete or len(found.places) >= limit):
                return found.places[:limit]
    places: list[tuple[int, int]] = []
    position = text.find(literal)
    while position != -1 and len(places) < limit:
        places.append((position, position + len(literal)))
        position = text.find(literal, position + 1)
    with _lock:
        _recent.append(_Found(text, literal, places, complete=position == -1))
    return list(places)
