"""Searching every annotation of the library as fast as a person types.

The index is read once (one article at a time) and then answers each query with a handful of
regular-expression scans in C, whatever the size of the library: every annotation's quote and
note are laid end to end in one text folded to one case, each followed by its number, so that one
`findall` yields the numbers of the annotations that match, in the order they are listed.

A query is answered a slice of the library at a time (`SearchScan`), so that the first
screenful shows before the rest is counted; a query that extends the last one looks only
among the last one's matches when they are few.
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
from reader.core.annotations.search import query_terms, tag_query
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
    query: str = ""
    """The query, folded (what a longer query typed after it may narrow)."""
    complete: bool = True
    """False while the scan is going on: `numbers` are those found so far."""

    @property
    def total(self) -> int:
        """How many annotations match (found so far, while the scan goes on)."""
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
        self._text = _Haystack(found, lambda item: (item.quote, item.note))
        self._tags = _Haystack(found, lambda item: item.tags)
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
        scan = self.scan(query)
        while not scan.done:
            scan.step()
        return scan.result()

    def scan(self, query: str, after: SearchResult | None = None) -> SearchScan:
        """A scan for `query`, to be taken a slice at a time; `after` is the last query's
        complete result, whose matches are the only candidates when this one extends it."""
        return SearchScan(self, query.translate(_QUERY_SEPARATORS), after)

    def articles_among(self, numbers: list[int]) -> int:
        """How many articles the (sorted) numbers belong to: by the numbers when they are
        fewer than the articles, else by looking for each article's first number among them."""
        if len(numbers) < len(self._article_starts):
            return len(set(map(self._article_of.__getitem__, numbers)))
        bounds = [bisect_left(numbers, start) for start in self._article_starts]
        bounds.append(len(numbers))
        return sum(1 for here, after in itertools.pairwise(bounds) if after > here)


SLICE = 4_000
"""Annotations scanned in one step of a scan (a few milliseconds)."""
NARROW_BELOW = 8
"""A longer query looks only among the last one's matches when they are fewer than one in
this many annotations (gathering their text costs more than a scan of the whole otherwise)."""


class SearchScan:
    """A query's matches, found a slice of the index at a time (in the order listed)."""

    def __init__(self, index: SearchIndex, query: str, after: SearchResult | None) -> None:
        self._index = index
        self.numbers: list[int] = []
        self._next = 0  # the first annotation number not scanned yet
        self._folded = fold(query)
        self._tag: str | None = tag_query(query)
        self._terms = [_term_patterns(term) for term in query_terms(self._folded)]
        """Each word's (or quoted phrase's) scans: of the quotes and notes, of the tags."""
        self.done = self._tag is not None or not self._terms
        if self._tag is not None:
            self.numbers = list(index._by_tag.get(self._tag, []))
        elif not self.done and after is not None and self._narrows(after):
            self.numbers = self._among(after.numbers)
            self.done = True

    def _narrows(self, after: SearchResult) -> bool:
        """True when every match of this query is a match of `after` (this one extends it),
        and those are few enough to look among."""
        return (
            after.complete
            and bool(query_terms(after.query))  # (a query of no words, `"`, matched nothing)
            and tag_query(after.query) is None
            and self._folded.startswith(after.query)
            and len(after.numbers) * NARROW_BELOW < len(self._index)
        )

    def _among(self, candidates: list[int]) -> list[int]:
        text = self._index._text.gathered(candidates)
        tags = self._index._tags.gathered(candidates)
        return self._every_term(
            lambda pattern: self._matches(pattern, text),
            lambda pattern: self._matches(pattern, tags),
        )

    def _every_term(
        self,
        in_text: Callable[[re.Pattern[str]], list[int]],
        in_tags: Callable[[re.Pattern[str] | None], list[int]],
    ) -> list[int]:
        """The annotations holding every term (each in its quote, note or tags), in order."""
        found: list[int] | None = None
        for text_pattern, tags_pattern in self._terms:
            numbers = _merged(in_text(text_pattern), in_tags(tags_pattern))
            if found is None:
                found = numbers
            else:
                holding = set(numbers)
                found = [number for number in found if number in holding]
            if not found:
                return []
        return found or []

    def step(self) -> None:
        """Scan the next slice of the index."""
        if self.done:
            return
        start, stop = self._next, min(self._next + SLICE, len(self._index))
        text = self._index._text.bounds(start, stop)
        tags = self._index._tags.bounds(start, stop)
        self.numbers.extend(
            self._every_term(
                lambda pattern: self._matches(pattern, *text),
                lambda pattern: self._matches(pattern, *tags),
            )
        )
        self._next = stop
        self.done = stop >= len(self._index)

    def run_until(self, count: int) -> None:
        """Scan until `count` matches are found, or the whole index is scanned."""
        while not self.done and len(self.numbers) < count:
            self.step()

    @staticmethod
    def _matches(
        pattern: re.Pattern[str] | None, haystack: str, start: int = 0, stop: int | None = None
    ) -> list[int]:
        if pattern is None:
            return []
        found = pattern.findall(haystack, start, len(haystack) if stop is None else stop)
        return list(map(int, found))

    def result(self) -> SearchResult:
        """What is found so far (complete once the scan is done; articles are counted then)."""
        index = self._index
        articles = index.articles_among(self.numbers) if self.done else 0
        return SearchResult(self.numbers, articles, index.found, self._folded, self.done)


def _merged(text: list[int], tags: list[int]) -> list[int]:
    """Matches in the text and in the tags, in order, each once (two sorted runs)."""
    if not tags:
        return text
    known = set(text)
    extra = [number for number in tags if number not in known]
    return sorted(text + extra) if extra else text


class _Haystack:
    """Some fields of every annotation end to end, folded to one case, each annotation's
    followed by its number (annotations without any are left out), and where each is."""

    def __init__(
        self, found: list[AnnotationSummary], fields: Callable[[AnnotationSummary], Sequence[str]]
    ) -> None:
        rows = [(number, fields(item)) for number, item in enumerate(found)]
        rows = [(number, parts) for number, parts in rows if parts]
        pieces = [f"{_NEXT.join(parts)}{_END}{number}{_AFTER}" for number, parts in rows]
        text = "".join(pieces)
        separators = sum(len(parts) - 1 for _, parts in rows)
        if (
            text.count(_END) != len(rows)
            or text.count(_NEXT) != separators
            or text.count(_AFTER) != len(rows)
        ):
            # Some stored text holds a separator (a control character an import let in): the
            # slow way, cleaning each field, so that no match reaches into another annotation.
            pieces = [
                f"{_NEXT.join(part.translate(_STORED_SEPARATORS) for part in parts)}"
                f"{_END}{number}{_AFTER}"
                for number, parts in rows
            ]
        # Folding keeps every length (İ is made i first), so each piece starts where it did.
        self.text = "".join(map(fold, pieces))
        self._numbers = [number for number, _ in rows]
        self._starts = list(itertools.accumulate(map(len, pieces), initial=0))
        if self._starts[-1] != len(self.text):  # (never, unless folding changed a length)
            self.text = "".join(pieces := [fold(piece) for piece in pieces])
            self._starts = list(itertools.accumulate(map(len, pieces), initial=0))
        self._row_of = dict(zip(self._numbers, range(len(rows)), strict=True))

    def bounds(self, start: int, stop: int) -> tuple[str, int, int]:
        """The text and the span of it holding annotations `start` up to `stop`."""
        first = bisect_left(self._numbers, start)
        after = bisect_left(self._numbers, stop)
        return self.text, self._starts[first], self._starts[after]

    def gathered(self, numbers: list[int]) -> str:
        """The pieces of these annotations only, end to end."""
        text, starts, rows = self.text, self._starts, self._row_of
        pieces = []
        for number in numbers:
            row = rows.get(number)
            if row is not None:
                pieces.append(text[starts[row] : starts[row + 1]])
        return "".join(pieces)


def _term_patterns(term: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """A term's scans: of the quotes and notes (its words in order), and of the tags (with
    spaces or hyphens between them: `salinity levels` finds `Salinity-Levels`)."""
    tag_words = term.replace("-", " ").split()
    tags = _pattern(r"[\s\-]+".join(map(re.escape, tag_words))) if tag_words else None
    return _pattern(r"\s+".join(map(re.escape, term.split()))), tags


def _pattern(words: str) -> re.Pattern[str]:
    """A scan for `words`: the match, then the rest of its annotation's text, then its number."""
    # Only a query of digits can match inside a number itself, and then run on into the next
    # annotation's text: it alone needs the dearer scan that stops at the number's end.
    rest = f"[^{_END}{_AFTER}]*" if words.isdigit() and words.isascii() else f"[^{_END}]*"
    return re.compile(f"(?:{words}){rest}{_END}(\\d+)")


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
