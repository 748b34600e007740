"""What a list of results shows of an annotation: its words and where it starts, no anchors."""

from __future__ import annotations

from typing import NamedTuple

from reader.core.annotations.model import Color


class AnnotationSummary(NamedTuple):
    """An annotation as search results show it, and enough to open its article at it.

    A tuple, not a dataclass: a search of the whole library makes one per annotation, and a
    tuple is made at a fraction of the cost.
    """

    id: str
    article_id: str
    quote: str
    """The best known quote: where it was last found, else as made."""
    note: str
    tags: tuple[str, ...]
    color: Color
    start: int
    """Where it starts now (its last place, else where it was made)."""
    created: str
    orphan: bool = False
    """True when its text was last looked for and not found in the article."""
