"""What another app kept about an imported highlight, said as people say it: "Location
1234–1236 · p. 42 · Chapter 3", and the order that app had its highlights in."""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.annotations import Annotation, ImportFacts

APP_NAMES = {
    "kindle": "Kindle",
    "koreader": "KOReader",
    "hypothesis": "Hypothesis",
    "readwise": "Readwise",
}


def _range(value: str) -> str:
    return value.replace("-", "–")


def source_place(annotation: Annotation) -> str:
    """Where the app it came from had it ("" for an annotation made here)."""
    facts = annotation.imported
    if facts is None:
        return ""
    parts = []
    if location := facts.get("location"):
        parts.append(f"Location {_range(location)}")
    if page := facts.get("page"):
        parts.append(f"p. {_range(page)}")
    if chapter := " ".join(facts.get("chapter").split()):
        parts.append(chapter)
    return " · ".join(parts)


_STYLES = {"strikeout": "struck out", "underscore": "underlined", "invert": "inverted"}
"""KOReader's highlight styles that mean something ("lighten", a plain highlight, does not)."""


def source_marks(annotation: Annotation) -> list[str]:
    """What its app said of an imported highlight beyond its place: its own colour where it
    was mapped onto another ("olive in KOReader"), a style, an edited text, a favourite, a
    heading. Empty for an annotation made here."""
    facts = annotation.imported
    if facts is None:
        return []
    app = APP_NAMES.get(facts.format, facts.format)
    marks = []
    original = facts.get("color").strip()
    if original and original.casefold() != annotation.color.value:
        marks.append(f"({original} in {app})")
    if style := _STYLES.get(facts.get("style").casefold()):
        marks.append(style)
    if facts.get("text edited") == "yes":
        marks.append(f"text edited in {app}")
    if facts.get("favorite") == "yes":
        marks.append("favourite")
    if heading := re.fullmatch(r"h([1-6])", facts.get("heading")):
        marks.append(f"heading {heading.group(1)}")
    return marks


def _first_number(value: str) -> int:
    found = re.match(r"\d+", value)
    return int(found.group()) if found else -1


def facts_order(facts: ImportFacts | None, created: str) -> tuple[int, int, tuple[int, ...], str]:
    """Where its app had an imported highlight in its book (location, else page, then the
    numbers of its position, as KOReader's `/body/DocFragment[12]/…/text().45`), then when
    it was made."""
    if facts is None:
        return (-1, -1, (), created)
    numbers = tuple(int(number) for number in re.findall(r"\d+", facts.get("position")))
    return (
        _first_number(facts.get("location")),
        _first_number(facts.get("page")),
        numbers,
        created,
    )


def source_order(annotation: Annotation) -> tuple[int, int, tuple[int, ...], str]:
    """A highlight's place in its book as its app counts it: how a book with no file here is
    read, start to end."""
    return facts_order(annotation.imported, annotation.created)


def imported_from(annotations: Iterable[Annotation]) -> str:
    """The apps these annotations were imported from ("Kindle", "Kindle and KOReader"); "" if
    none was."""
    names = sorted(
        {
            APP_NAMES.get(item.imported.format, item.imported.format)
            for item in annotations
            if item.imported is not None
        }
    )
    return " and ".join(names)
