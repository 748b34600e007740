"""Kindle's `My Clippings.txt`: entries read, resized highlights collapsed, notes linked."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import lru_cache

from reader.core.annotations import ImportFacts
from reader.core.articles.text import collapse_whitespace, strip_unsafe, strip_unsafe_keep_newlines
from reader.core.imports.kindle_header import Header, parse_header, parse_time, split_title
from reader.core.imports.kindle_words import LIMIT_STUB
from reader.core.imports.model import UNKNOWN_ENTRIES, Foreign, ForeignSource, ParseReport
from reader.core.imports.sources import book_source
from reader.core.imports.times import local_to_utc

SEPARATOR = "=========="
MAX_SPAN = 64
"""Locations a highlight is indexed under for finding overlaps (longer ones: their ends)."""


@dataclass
class Clipping:
    """One entry of the file."""

    title: str
    author: str
    header: Header
    raw_header: str
    text: str
    order: int
    moment: datetime | None

    @property
    def book(self) -> tuple[str, str]:
        """The book it belongs to."""
        return self.title, self.author


@dataclass
class Highlight:
    """A highlight after collapsing: its first clipping names it, its latest gives the text."""

    first: Clipping
    latest: Clipping
    notes: list[Clipping] = field(default_factory=list)


def _entries(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """Each entry's lines (separators dropped), numbered from 1 in file order, with the
    number of the file's line it starts at."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[str] = []
    number, first = 0, 1
    for line_number, line in enumerate(text.split("\n"), start=1):
        if line.replace("\ufeff", "").strip() == SEPARATOR:
            number += 1
            yield number, first, lines
            lines, first = [], line_number + 1
        else:
            lines.append(line)
    if any(line.strip() for line in lines):
        yield number + 1, first, lines


def _unknown(lines: list[str]) -> str:
    """Why an entry could not be read, naming its header line."""
    filled = [line.replace("\ufeff", "").strip() for line in lines if line.strip()]
    if len(filled) < 2:
        return "has no header line (\u201c- Your Highlight at location …\u201d)"
    return f"has a header reader does not know: \u201c{strip_unsafe(filled[1])[:80]}\u201d"


def _clipping(number: int, lines: list[str]) -> Clipping | None:
    while lines and not lines[0].replace("\ufeff", "").strip():
        lines = lines[1:]
    if len(lines) < 2:
        return None
    header = parse_header(lines[1])
    if header is None:
        return None
    body = lines[2:]
    if body and not body[0].strip():
        body = body[1:]
    text = "\n".join(body).replace("\ufeff", "").strip()
    title, author = _book_of(lines[0])
    return Clipping(
        title,
        author,
        header,
        strip_unsafe(lines[1].replace("\ufeff", "").strip()),
        strip_unsafe_keep_newlines(text),
        number,
        parse_time(header.time),
    )


@lru_cache(maxsize=4096)
def _book_of(line: str) -> tuple[str, str]:
    """A title line's book and author, safe to show (cached: a book has many clippings)."""
    title, author = split_title(line)
    return strip_unsafe(title), strip_unsafe(author)


def _folded(text: str) -> str:
    return collapse_whitespace(text).casefold()


def _overlap(one: Header, other: Header) -> bool:
    if one.location is not None and other.location is not None:
        return one.location[0] <= other.location[1] and other.location[0] <= one.location[1]
    return bool(one.page) and one.page == other.page


def _units(header: Header) -> list[str]:
    """What a clipping is indexed under to find the clippings it may overlap."""
    if header.location is None:
        return [f"p{header.page}"] if header.page else []
    start, end = header.location
    if end - start > MAX_SPAN:
        return [f"l{start}", f"l{end}"]
    return [f"l{unit}" for unit in range(start, end + 1)]


class _Book:
    """One book's highlights as they are collapsed, indexed by the locations they cover."""

    def __init__(self) -> None:
        self.highlights: list[Highlight] = []
        self._by_unit: dict[str, list[int]] = defaultdict(list)

    def add(self, clipping: Clipping) -> bool:
        """Add a highlight clipping; True when it was folded into an earlier one."""
        folded = _folded(clipping.text)
        for index in sorted({i for unit in _units(clipping.header) for i in self._by_unit[unit]}):
            kept = self.highlights[index]
            if not _overlap(kept.latest.header, clipping.header):
                continue
            other = _folded(kept.latest.text)
            if folded in other or other in folded:  # resized (or made again): the latest wins
                kept.latest = clipping
                self._index(index, clipping.header)
                return True
        self.highlights.append(Highlight(clipping, clipping))
        self._index(len(self.highlights) - 1, clipping.header)
        return False

    def _index(self, index: int, header: Header) -> None:
        for unit in _units(header):
            if index not in self._by_unit[unit]:
                self._by_unit[unit].append(index)

    def link(self, note: Clipping) -> bool:
        """Join a note to the highlight it was written on (by location: usually its end; by
        page when there is none); False when no highlight is there."""
        header = note.header

        def rank(highlight: Highlight) -> tuple[int, float] | None:
            place = highlight.latest.header
            if header.location is not None and place.location is not None:
                at = header.location[0]
                if place.location[1] == at:
                    closeness = 0
                elif place.location[0] <= at <= place.location[1]:
                    closeness = 1
                else:
                    return None
            elif header.location is None and header.page and place.page == header.page:
                closeness = 2
            else:
                return None
            gap = (
                abs((note.moment - highlight.latest.moment).total_seconds())
                if note.moment is not None and highlight.latest.moment is not None
                else float("inf")
            )
            return closeness, gap

        ranked = [(found, item) for item in self.highlights if (found := rank(item)) is not None]
        if not ranked:
            return False
        best = min(ranked, key=lambda pair: pair[0])[1]
        if all(_folded(known.text) != _folded(note.text) for known in best.notes):
            best.notes.append(note)
        return True


def _place(header: Header) -> str:
    if header.location is not None:
        start, end = header.location
        return f"loc {start}" if start == end else f"loc {start}-{end}"
    return f"page {header.page}" if header.page else "nowhere"


def _facts(first: Clipping, latest: Clipping, seen: dict[str, int]) -> ImportFacts:
    facts: list[tuple[str, str]] = []
    if latest.header.location is not None:
        start, end = latest.header.location
        facts.append(("location", str(start) if start == end else f"{start}-{end}"))
    if latest.header.page:
        facts.append(("page", latest.header.page))
    facts.append(("header", latest.raw_header))
    facts.append(("time", first.header.time))
    key = f"{_place(first.header)}|{first.header.time}"
    # Two highlights on one page in one minute (old firmware): numbered in file order, which
    # a growing file keeps (clippings are only ever appended).
    seen[key] = seen.get(key, 0) + 1
    if seen[key] > 1:
        key = f"{key}|{seen[key]}"
    return ImportFacts("kindle", key, tuple(facts))


def _time(clipping: Clipping, zone: tzinfo | None) -> str:
    return local_to_utc(clipping.moment, zone) if clipping.moment is not None else ""


def parse_clippings(text: str, zone: tzinfo | None = None) -> ParseReport:
    """Every highlight and note of a `My Clippings.txt`, with what was skipped and why.

    Never raises: an entry it cannot read is counted as unknown.
    """
    report = ParseReport()
    books: dict[tuple[str, str], _Book] = {}
    notes: list[Clipping] = []
    for number, line, lines in _entries(text):
        clipping = _clipping(number, lines)
        if clipping is None:
            if any(line.replace("\ufeff", "").strip() for line in lines):
                report.skipped[UNKNOWN_ENTRIES] += 1
                report.problems.append(f"line {line}: an entry that {_unknown(lines)}; skipped")
            continue
        if clipping.moment is None and clipping.header.kind != "bookmark":
            report.problems.append(
                f"line {line}: the date \u201c{strip_unsafe(clipping.header.time)[:60]}\u201d "
                "could not be read; the highlight is dated when it was imported"
            )
        kind = clipping.header.kind
        if kind == "bookmark":
            report.skipped["bookmarks"] += 1
        elif LIMIT_STUB.fullmatch(clipping.text):
            report.skipped["clipping-limit stubs"] += 1
        elif not clipping.text:
            report.skipped["image highlights" if kind == "highlight" else "empty notes"] += 1
        elif kind == "note":
            notes.append(clipping)
        elif books.setdefault(clipping.book, _Book()).add(clipping):
            report.merged += 1
    loose: list[Clipping] = []
    for note in notes:
        if books.setdefault(note.book, _Book()).link(note):
            report.notes_joined += 1
        else:
            loose.append(note)
    keys: dict[tuple[str, str], dict[str, int]] = {}
    for (title, author), book in books.items():
        source = book_source(title, author)
        for highlight in book.highlights:
            highlight.notes.sort(key=lambda note: note.order)
            item = _highlight_item(source, highlight, zone, keys.setdefault((title, author), {}))
            report.items.append(item)
    for note in loose:
        facts = _facts(note, note, keys.setdefault(note.book, {}))
        report.items.append(
            Foreign(
                "kindle",
                "note " + facts.key,
                book_source(note.title, note.author),
                "",
                note=note.text,
                created=_time(note, zone),
                updated=_time(note, zone),
                facts=facts,
            )
        )
    return report


def _highlight_item(
    source: ForeignSource, highlight: Highlight, zone: tzinfo | None, keys: dict[str, int]
) -> Foreign:
    first, latest = highlight.first, highlight.latest
    facts = _facts(first, latest, keys)
    times = [_time(clip, zone) for clip in (latest, *highlight.notes) if clip.moment is not None]
    return Foreign(
        "kindle",
        facts.key,
        source,
        latest.text,
        note="\n\n".join(note.text for note in highlight.notes),
        created=_time(first, zone),
        updated=max(times, default=""),
        facts=facts,
    )
