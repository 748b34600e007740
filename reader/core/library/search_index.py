"""Searching every annotation of the library as fast as a person types.

The index is read once (one article at a time) and then answers each query with a handful of
regular-expression scans in C, whatever the size of the library: every annotation's quote and
note are laid end to end in one text folded to one case, each followed by its number, so that one
`findall` yields the numbers of the annotations that match, in the order they are listed.
"""

from __future__ import annotations

import itertools
import re
import threading
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from reader.core.annotations import AnnotationSummary, clean_tag
from reader.core.annotations.search import tag_query
from reader.core.library.library import annotated_articles, locate_file
from reader.core.store import AnnotationStore, ArticleRecord, StoreError

_END, _NEXT, _AFTER = "\x00", "\x01", "\x02"
"""Before an annotation's number; between its quote and note (or two tags); after its number."""
_STORED_SEPARATORS = str.maketrans("\x00\x01\x02", "\x03\x03\x03")
"""In stored text, a separator becomes a character no query holds, so that nothing matches
across it (as in the stored text itself, where it is no word either)."""
_QUERY_SEPARATORS = str.maketrans("", "", "\x00\x01\x02\x03")

_FOLD_FIXES = str.maketrans(
    {
        "ı": "i", "ſ": "s", "µ": "μ", "\u0345": "ι", "\u1fbe": "ι", "\u1fd3": "\u0390",
        "\u1fe3": "\u03b0", "ϐ": "β", "ϵ": "ε", "ϑ": "θ", "ϰ": "κ", "ϖ": "π", "ϱ": "ρ",
        "ς": "σ", "ϕ": "φ", "\u1c80": "в", "\u1c81": "д", "\u1c82": "о", "\u1c83": "с",
        "\u1c84": "т", "\u1c85": "т", "\u1c86": "ъ", "\u1c87": "ѣ", "\u1c88": "\ua64b",
        "\u1e9b": "\u1e61", "\ufb06": "\ufb05",
    }
)  # fmt: skip
"""After lower-casing, the letters a case-blind regular expression also takes as one: the
dotless i and i, final and other sigma, the long s and s, and the rest of Python's list."""
_FOLD_FIXED = re.compile("[" + "".join(map(chr, _FOLD_FIXES)) + "]")


def fold(text: str) -> str:
    """`text` in one case, so that an exact match of folded texts is what `re.IGNORECASE`
    finds (as `reader search` does): lower case, with İ as i (not i and a dot) and the
    letters a case-blind match takes as one made the same."""
    if text.isascii():
        return text.lower()
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    text = text.lower()
    return text.translate(_FOLD_FIXES) if _FOLD_FIXED.search(text) else text


@dataclass(frozen=True)
class SearchResult:
    """The matches of a query (taken a page at a time), how many, and in how many articles."""

    numbers: list[int]
    """The matching annotations' places in the index, in the order they are listed."""
    articles: int
    found: list[AnnotationSummary]
    """Every annotation of the index (the numbers' meaning)."""

    @property
    def total(self) -> int:
        """How many annotations match."""
        return len(self.numbers)

    def hits(self, start: int = 0, stop: int | None = None) -> list[AnnotationSummary]:
        """The matches from `start` up to `stop` (all by default)."""
        return [self.found[number] for number in self.numbers[start:stop]]


@dataclass(frozen=True)
class SearchedArticle:
    """An article as results show it: its title and its file (None when it is gone)."""

    title: str
    record: ArticleRecord | None

    @cached_property
    def path(self) -> Path | None:
        """Where the article's file is, looked for when first asked (for results shown)."""
        return locate_file(self.record)

    @property
    def kind(self) -> str:
        """ "book" or "page" for a source from another app (it has no file here), else ""."""
        return self.record.kind if self.record is not None else ""


class SearchIndex:
    """Every annotation of the library, searchable by words (in order) or by `#tag`."""

    def __init__(self, found: list[AnnotationSummary], articles: dict[str, SearchedArticle]):
        self.found = found
        """Every annotation, by article title and in reading order."""
        self.articles = articles
        self._article_of = [item.article_id for item in found]
        self._article_starts = [
            number
            for number, item in enumerate(found)
            if number == 0 or found[number - 1].article_id != item.article_id
        ]
        """The number of each article's first annotation (an article's are listed together)."""
        self._text = _laid_out(found, lambda item: (item.quote, item.note))
        self._tags = _laid_out(found, lambda item: item.tags)
        self._by_tag: dict[str, list[int]] = {}
        for number, item in enumerate(found):
            for tag in {clean_tag(tag).casefold() for tag in item.tags}:
                self._by_tag.setdefault(tag, []).append(number)

    @classmethod
    def read(
        cls, store: AnnotationStore, progress: Callable[[int, int], None] | None = None
    ) -> SearchIndex:
        """Read the library's annotations, an article at a time (`progress(done, of)` after
        each article)."""
        records, order = annotated_articles(store)
        found: list[AnnotationSummary] = []
        articles: dict[str, SearchedArticle] = {}
        for done, article_id in enumerate(order, start=1):
            with store.reading() as view:
                found.extend(view.summaries(article_id))
            record = records.get(article_id)
            title = record.title if record is not None else article_id
            articles[article_id] = SearchedArticle(title, record)
            if progress is not None:
                progress(done, len(order))
        return cls(found, articles)

    def __len__(self) -> int:
        return len(self.found)

    def search(self, query: str) -> SearchResult:
        """The annotations matching `query` as `reader search` finds them (case ignored)."""
        numbers = self._matching(query.translate(_QUERY_SEPARATORS))
        return SearchResult(numbers, self._articles_among(numbers), self.found)

    def _articles_among(self, numbers: list[int]) -> int:
        """How many articles the (sorted) numbers belong to: by the numbers when they are
        fewer than the articles, else by looking for each article's first number among them."""
        if len(numbers) < len(self._article_starts):
            return len(set(map(self._article_of.__getitem__, numbers)))
        bounds = [bisect_left(numbers, start) for start in self._article_starts]
        bounds.append(len(numbers))
        return sum(1 for here, after in itertools.pairwise(bounds) if after > here)

    def _matching(self, query: str) -> list[int]:
        wanted = tag_query(query)
        if wanted is not None:
            return self._by_tag.get(wanted, [])
        words = fold(query).split()
        if not words:
            return []
        text = _numbers(r"\s+".join(map(re.escape, words)), self._text)
        tag_words = fold(query).replace("-", " ").split()
        if not tag_words:
            return text
        tags = _numbers(r"[\s\-]+".join(map(re.escape, tag_words)), self._tags)
        known = set(text)
        extra = [number for number in tags if number not in known]
        return sorted(text + extra) if extra else text  # (two sorted runs: a cheap sort)


def _laid_out(
    found: list[AnnotationSummary], fields: Callable[[AnnotationSummary], Sequence[str]]
) -> str:
    """The fields of every annotation end to end, lower-cased, each annotation's followed by
    its number (annotations without any are left out)."""
    rows = [(number, fields(item)) for number, item in enumerate(found)]
    rows = [(number, parts) for number, parts in rows if parts]
    text = "".join(f"{_NEXT.join(parts)}{_END}{number}{_AFTER}" for number, parts in rows)
    separators = sum(len(parts) - 1 for _, parts in rows)
    if (
        text.count(_END) != len(rows)
        or text.count(_NEXT) != separators
        or text.count(_AFTER) != len(rows)
    ):
        # Some stored text holds a separator (a control character an import let in): the
        # slow way, cleaning each field, so that no match reaches into another annotation.
        cleaned = [
            (number, [part.translate(_STORED_SEPARATORS) for part in parts])
            for number, parts in rows
        ]
        text = "".join(f"{_NEXT.join(parts)}{_END}{number}{_AFTER}" for number, parts in cleaned)
    return fold(text)


def _numbers(pattern: str, haystack: str) -> list[int]:
    """The numbers of the annotations in `haystack` with a match of `pattern`: the match,
    then the rest of its annotation's text, then its number, all in one scan."""
    # Only a query of digits can match inside a number itself, and then run on into the next
    # annotation's text: it alone needs the dearer scan that stops at the number's end.
    rest = f"[^{_END}{_AFTER}]*" if pattern.isdigit() and pattern.isascii() else f"[^{_END}]*"
    found = re.findall(f"(?:{pattern}){rest}{_END}(\\d+)", haystack)
    return list(map(int, found))


class LibrarySearch:
    """The library's search index, kept between searches and read again only once the store
    has changed (safe to use from a worker thread)."""

    def __init__(self, store: AnnotationStore) -> None:
        self._store = store
        self._index: SearchIndex | None = None
        self._token: tuple[int, int] | None = None
        self._lock = threading.Lock()

    def current(self) -> SearchIndex | None:
        """The index, when it is still the store's; None when it must be read."""
        try:
            token = self._store.content_token()
        except StoreError:
            return None
        return self._index if token == self._token else None

    def read(self, progress: Callable[[int, int], None] | None = None) -> SearchIndex:
        """The index as the store is now, read if it changed (StoreError if it cannot be)."""
        with self._lock:
            token = self._store.content_token()
            if self._index is None or token != self._token:
                self._index, self._token = None, None  # the old one is freed before reading
                self._index, self._token = SearchIndex.read(self._store, progress), token
            return self._index
