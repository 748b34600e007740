"""Choosing annotations to export: by tag, colour and time of last change."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from reader.core.annotations.groups import ArticleAnnotations
from reader.core.annotations.model import Annotation, Color
from reader.core.annotations.tags import clean_tag


def parse_since(text: str) -> datetime:
    """`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, in local time; ValueError says what is expected."""
    for pattern in ("%Y-%m-%d", "%Y-%m-%dT%H:%M"):
        try:
            return datetime.strptime(text.strip(), pattern).astimezone()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM (local time)")


@dataclass(frozen=True)
class AnnotationFilter:
    """Repeats of one option are ORed; different options are ANDed; tags ignore case."""

    tags: tuple[str, ...] = ()
    colors: tuple[Color, ...] = ()
    since: datetime | None = None

    @property
    def active(self) -> bool:
        """True when anything is filtered out at all."""
        return bool(self.tags or self.colors or self.since)

    def matches(self, annotation: Annotation) -> bool:
        """True when the annotation passes every option given."""
        if self.tags:
            wanted = {clean_tag(tag).casefold() for tag in self.tags}
            if not wanted & {clean_tag(tag).casefold() for tag in annotation.tags}:
                return False
        if self.colors and annotation.color not in self.colors:
            return False
        if self.since is not None:
            changed = datetime.fromisoformat(
                (annotation.updated or annotation.created).replace("Z", "+00:00")
            )
            if changed < self.since:
                return False
        return True

    def apply(
        self, groups: Iterable[ArticleAnnotations], keep_empty: bool
    ) -> list[ArticleAnnotations]:
        """The groups with only matching annotations (articles left empty dropped unless kept)."""
        return list(self.each(groups, keep_empty))

    def each(
        self, groups: Iterable[ArticleAnnotations], keep_empty: bool
    ) -> Iterator[ArticleAnnotations]:
        """`apply`, one group at a time as they come."""
        for group in groups:
            if not self.active:
                if keep_empty or group.annotations:
                    yield group
                continue
            matching = tuple(item for item in group.annotations if self.matches(item))
            if matching or keep_empty:
                yield replace(group, annotations=matching)
