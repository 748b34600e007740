"""Readwise's CSV export (9, 10 or 11 columns by year, mapped by name)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import datetime, tzinfo

from reader.core.annotations import ImportFacts
from reader.core.articles.text import strip_unsafe, strip_unsafe_keep_newlines, valid_text
from reader.core.imports.colors import color_named, mapped_color
from reader.core.imports.model import UNKNOWN_ENTRIES, Foreign, ParseReport
from reader.core.imports.sources import book_source, page_source
from reader.core.imports.times import iso_utc_of, local_to_utc

COLUMNS = {
    "highlight": ("highlight", "text"),
    "title": ("book title", "title"),
    "author": ("book author", "author", "authors", "book authors"),
    "asin": ("amazon book id", "asin"),
    "note": ("note", "notes"),
    "color": ("color", "colour"),
    "tags": ("tags",),
    "location type": ("location type",),
    "location": ("location",),
    "time": ("highlighted at", "date"),
    "document tags": ("document tags",),
    "url": ("url", "source url", "book url"),
}
"""Each field and the column names it has had in Readwise's exports."""
_HEADING = re.compile(r"h[1-6]")
_PLACE_FACTS = {"location": "location", "page": "page"}
"""The Location Type values that are places a reader can look up."""


def readwise_columns(header: list[str]) -> dict[str, int] | None:
    """Where each field is in a Readwise CSV's header; None when it is not one."""
    names = [name.strip().lstrip("\ufeff").casefold() for name in header]
    found = {
        field: names.index(alias)
        for field, aliases in COLUMNS.items()
        for alias in aliases
        if alias in names
    }
    return found if "highlight" in found and "title" in found else None


def _time(value: str, zone: tzinfo | None) -> str:
    if iso := iso_utc_of(value):
        return iso
    for layout in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return local_to_utc(datetime.strptime(value.strip(), layout), zone)
        except ValueError:
            continue
    return ""


def parse_readwise(
    text: str, zone: tzinfo | None = None, keep_discarded: bool = False
) -> ParseReport:
    """Every highlight of a Readwise CSV export. Tags that are actions act: `discard` skips
    the highlight (unless kept), `favorite` and `h1`–`h6` become facts, colour names colour."""
    report = ParseReport()
    rows = csv.reader(io.StringIO(valid_text(text).lstrip("\ufeff")))
    try:
        header = next(rows)
    except (StopIteration, csv.Error):
        return report
    columns = readwise_columns(header)
    if columns is None:
        report.problems.append("is not a Readwise CSV export (no Highlight and Book Title columns)")
        return report
    try:
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            item = _item(row, columns, zone, keep_discarded, report, rows.line_num)
            if item is not None:
                report.items.append(item)
    except csv.Error as error:
        report.problems.append(f"stops being CSV at line {rows.line_num} ({error})")
    return report


def _item(
    row: list[str],
    columns: dict[str, int],
    zone: tzinfo | None,
    keep_discarded: bool,
    report: ParseReport,
    line: int,
) -> Foreign | None:
    def cell(name: str, keep_newlines: bool = False) -> str:
        index = columns.get(name)
        value = row[index] if index is not None and index < len(row) else ""
        return strip_unsafe_keep_newlines(value) if keep_newlines else strip_unsafe(value).strip()

    quote, note = cell("highlight", True).strip(), cell("note", True).strip()
    if not quote and not note:
        report.skipped[UNKNOWN_ENTRIES] += 1
        report.problems.append(f"line {line}: has neither a highlight nor a note")
        return None
    tags, facts = [], []
    color = cell("color")
    for tag in (part.strip() for part in re.split(r"[,;]", cell("tags"))):
        folded = tag.casefold()
        if not tag:
            continue
        if folded == "discard":
            if not keep_discarded:
                report.skipped["discarded in Readwise"] += 1
                return None
            facts.append(("discarded", "yes"))
        elif folded in ("favorite", "favourite"):
            facts.append(("favorite", "yes"))
        elif _HEADING.fullmatch(folded):
            facts.append(("heading", folded))
        elif color_named(folded) is not None and not color:
            color = folded
        else:
            tags.append(tag)
    title, author, url = cell("title"), cell("author"), cell("url")
    identifiers = (("asin", cell("asin")),) if cell("asin") else ()
    source = page_source(url, title, author) if url else book_source(title, author, identifiers)
    location, kind, time = cell("location"), cell("location type").casefold(), cell("time")
    if location:
        # "location" is Kindle's, "page" a page; "offset" and "order" only order a web
        # page's or a document's highlights, and are not shown as a place.
        facts.append((_PLACE_FACTS.get(kind or "location", "position"), location))
    if color:
        facts.append(("color", color))
    facts.append(("time", time))
    if document_tags := cell("document tags"):
        # The document's own tags are topics of every highlight in it, as Readwise shows them.
        facts.append(("document tags", document_tags))
        for tag in (part.strip() for part in re.split(r"[,;]", document_tags)):
            if tag and tag.casefold() not in (known.casefold() for known in tags):
                tags.append(tag)
    # Where and when it was made name it (an edit of its text at Readwise updates it); a row
    # with neither is named by its text.
    digest = hashlib.sha256(f"{title}\x1f{quote or note}".encode()).hexdigest()[:16]
    key = f"{kind or 'location'} {location}|{time}" if time else f"text {digest}"
    created = _time(time, zone)
    return Foreign(
        "readwise",
        key,
        source,
        quote,
        note=note,
        tags=tuple(tags),
        color=mapped_color(color),
        created=created,
        updated=created,
        facts=ImportFacts("readwise", key, tuple(facts)),
    )
