"""Stepping through search matches: which one `n` and `N` go to from where the cursor is."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.annotations import MAX_MATCHES, Match


def first_from(matches: Sequence[Match], cursor: int) -> int:
    """The match at or after the cursor (the first one when none follows)."""
    return next((index for index, match in enumerate(matches) if match.start >= cursor), 0)


def step_from(matches: Sequence[Match], current: Match | None, cursor: int, step: int) -> int:
    """The index of the match `step` (1 or -1) away, wrapping around.

    From the current match (when the cursor is still on it) the next or previous one;
    otherwise the first one after (or before) the cursor.
    """
    if current is not None and current.start == cursor and current in matches:
        return (matches.index(current) + step) % len(matches)
    if step > 0:
        return next((index for index, match in enumerate(matches) if match.start > cursor), 0)
    earlier = [index for index, match in enumerate(matches) if match.start < cursor]
    return earlier[-1] if earlier else len(matches) - 1


def status(matches: Sequence[Match], current: Match | None, query: str) -> str:
    """The header's words for a search: "3/12 matches", "no match", or nothing."""
    if not matches:
        return "no match" if query.strip() else ""
    position = f"{matches.index(current) + 1}/" if current in matches else ""
    more = "+" if len(matches) >= MAX_MATCHES else ""
    return f"{position}{len(matches)}{more} matches"
