"""Anchors: where an annotation sits in the current text, and how it was found."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class AnchorStatus(StrEnum):
    """How an annotation was found in the current text."""

    EXACT = "exact"
    MOVED = "moved"
    FUZZY = "fuzzy"
    ORPHAN = "orphan"


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an annotation sits in the current text, and how it was found."""

    status: AnchorStatus
    start: int = -1
    end: int = -1
    score: float = 0.0

    @property
    def is_orphan(self) -> bool:
        """True when the annotation could not be placed in the current text."""
        return self.status is AnchorStatus.ORPHAN


ORPHAN = Anchor(AnchorStatus.ORPHAN)
"""The anchor of an annotation that could not be found."""
