"""Finding words: in an article's text, and in the quotes, notes and tags of annotations.

In an article's text (`/`), the query's words in order, any whitespace between them, case
ignored. Among annotations (the app's search screen and `reader search`, one rule for both):
every word, or "quoted phrase", somewhere in the quote, the note or the tags, in any order;
a single `#tag` finds that tag only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from reader.core.annotations.model import Annotation
from reader.core.annotations.tags import clean_tag

MAX_MATCHES = 10_000
"""More matches than this are not marked (the count says so)."""

T = TypeVar("T")


def pattern_for(query: str) -> re.Pattern[str] | None:
    """A pattern matching the query's words in order, any whitespace between; None if empty."""
    words = query.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def query_terms(query: str) -> list[str]:
    """What an annotation must hold to match: each word, and each "quoted phrase" (its words
    in order; a quote left open runs to the end)."""
    terms: list[str] = []
    for number, part in enumerate(query.split('"')):
        if number % 2:  # inside quotes
            if part.split():
                terms.append(" ".join(part.split()))
        else:
            terms.extend(part.split())
    return terms


def find_all(text: str, query: str, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """`[start, end)` of each match of `query` in `text`, in order, at most `limit`."""
    pattern = pattern_for(query)
    if pattern is None:
        return []
    found: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        found.append(match.span())
        if len(found) >= limit:
            break
    return found


def tag_query(query: str) -> str | None:
    """The tag a `#tag` query asks for, in its one form and case-folded (`#Salinity Levels`
    asks for `salinity-levels`), or None for a query of words."""
    query = query.strip()
    if query.startswith("#"):
        return clean_tag(query).casefold() or None
    return None


def _tag_pattern(query: str) -> re.Pattern[str]:
    """The query's words in order with spaces or hyphens between: a tag shown as
    `Salinity-Levels` is found by the words `salinity levels` a user typed for it."""
    words = query.replace("-", " ").split()
    if not words:  # a query of hyphens finds no tag (an empty pattern would find every one)
        return re.compile(r"(?!)")
    return re.compile(r"[\s\-]+".join(re.escape(word) for word in words), re.IGNORECASE)


FieldsTest = Callable[[str, str, Sequence[str]], bool]
"""A test of an annotation's quote, note and tags."""


def fields_matcher(query: str) -> FieldsTest | None:
    """A test of (quote, note, tags) for matching `query`; None when the query is empty."""
    wanted = tag_query(query)
    if wanted is not None:
        return lambda quote, note, tags: any(clean_tag(tag).casefold() == wanted for tag in tags)
    terms = [
        (pattern.search, _tag_pattern(term).search)
        for term in query_terms(query)
        if (pattern := pattern_for(term)) is not None
    ]
    if not terms:
        return None
    return lambda quote, note, tags: all(
        search(quote) or search(note) or any(search_tag(tag) for tag in tags)
        for search, search_tag in terms
    )


def annotation_matcher(query: str) -> Callable[[Annotation], bool] | None:
    """A test for annotations matching `query`; None when the query is empty."""
    matches = fields_matcher(query)
    if matches is None:
        return None
    return lambda annotation: matches(annotation.quote, annotation.note, annotation.tags)
