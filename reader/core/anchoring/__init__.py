"""Anchoring: W3C selectors, and finding them again in a text that may have changed."""

from reader.core.anchoring.anchors import ORPHAN, Anchor, AnchorStatus
from reader.core.anchoring.candidates import candidate_places
from reader.core.anchoring.ordering import places_in_order
from reader.core.anchoring.resolving import resolve
from reader.core.anchoring.selectors import (
    CONTEXT_LENGTH,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
    make_target,
)

__all__ = [
    "CONTEXT_LENGTH",
    "ORPHAN",
    "Anchor",
    "AnchorStatus",
    "Target",
    "TextPositionSelector",
    "TextQuoteSelector",
    "candidate_places",
    "make_target",
    "places_in_order",
    "resolve",
]
