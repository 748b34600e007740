"""Reading order: placed annotations by where they start, orphans after them by creation."""

from __future__ import annotations

from collections.abc import Iterable

from reader.core.annotations.model import Annotation


def start_of(annotation: Annotation) -> int:
    """Where an annotation starts now (its last place, else where it was made)."""
    resolution = annotation.resolution
    if resolution is not None and not resolution.anchor.is_orphan:
        return resolution.anchor.start
    return annotation.target.position.start


def reading_key(annotation: Annotation) -> tuple[int, str, str]:
    """The sort key of reading order within one article."""
    return start_of(annotation), annotation.created, annotation.id


def is_orphan(annotation: Annotation) -> bool:
    """True when the annotation was last resolved as an orphan."""
    return annotation.resolution is not None and annotation.resolution.anchor.is_orphan


def in_reading_order(
    annotations: Iterable[Annotation],
) -> tuple[list[Annotation], list[Annotation]]:
    """Placed annotations in reading order, and orphans in the order they were made."""
    placed: list[Annotation] = []
    orphans: list[Annotation] = []
    for item in annotations:
        (orphans if is_orphan(item) else placed).append(item)
    placed.sort(key=reading_key)
    orphans.sort(key=lambda item: (item.created, item.id))
    return placed, orphans
