"""KOReader's sidecars (`*.sdr/metadata.*.lua`): the `annotations` table (2024 and later) or the
older `highlight` and `bookmarks` tables, read as data, never run."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import Any

from reader.core.annotations import ImportFacts
from reader.core.articles.text import strip_unsafe, strip_unsafe_keep_newlines
from reader.core.imports.colors import mapped_color
from reader.core.imports.lua_table import LuaError, parse_lua_table
from reader.core.imports.model import UNKNOWN_ENTRIES, Foreign, ForeignSource, ParseReport
from reader.core.imports.sources import book_source
from reader.core.imports.times import local_to_utc

_AUTO_TEXT = re.compile(r"^Page \S+ .* @ \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", re.DOTALL)
"""The line KOReader writes as a bookmark's text when the user wrote none: not a note."""


def looks_like_sidecar(text: str) -> bool:
    """True for the start of a KOReader sidecar (a Lua `return {` with its keys)."""
    head = text[:4096].lstrip("\ufeff")
    return bool(re.match(r"\s*(?:--[^\n]*\n\s*)*return\s*\{", head))


def _text(value: Any, keep_newlines: bool = True) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    text = str(value) if isinstance(value, int | float) else value
    if not isinstance(text, str):
        return ""
    return strip_unsafe_keep_newlines(text) if keep_newlines else strip_unsafe(text)


def _time(value: Any, zone: tzinfo | None) -> str:
    raw = _text(value, False).strip()
    try:
        moment = datetime.strptime(raw, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return ""
    return local_to_utc(moment, zone)


def _place(item: dict[Any, Any]) -> str:
    where = item.get("pos0", item.get("page", ""))
    if isinstance(where, dict):  # a PDF: page and coordinates
        return ",".join(f"{key}={where[key]}" for key in sorted(where, key=str))
    return _text(where, False)


def sidecar_source(data: dict[Any, Any]) -> ForeignSource:
    """The book a sidecar is about: title and authors from its properties (or statistics),
    and its ids (KOReader's partial MD5, ISBNs and the like)."""
    props: dict[Any, Any] = data["doc_props"] if isinstance(data.get("doc_props"), dict) else {}
    stats: dict[Any, Any] = data["stats"] if isinstance(data.get("stats"), dict) else {}
    title = _text(props.get("title") or stats.get("title"), False).strip()
    if not title:
        path = _text(data.get("doc_path"), False)
        title = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", path.rsplit("/", 1)[-1])
    authors = _text(props.get("authors") or stats.get("authors"))
    # One author a line (KOReader's own way), each without the separators some write too.
    names = (line.strip().strip(";,").strip() for line in authors.splitlines())
    author = "; ".join(name for name in names if name)
    identifiers: list[tuple[str, str]] = []
    if md5 := _text(data.get("partial_md5_checksum") or stats.get("md5"), False).strip():
        identifiers.append(("koreader-md5", md5))
    for line in _text(props.get("identifiers")).splitlines():
        if line.strip():
            identifiers.append(("id", strip_unsafe(line.strip())))
    return book_source(title, author, tuple(identifiers))


_NOT_AN_ENTRY = object()
"""Stands for an entry of the annotations table that is not a table."""


def _entries(data: dict[Any, Any]) -> list[dict[Any, Any]]:
    """The annotations of a sidecar: the new table when there is one, else the old ones
    merged (a highlight takes its note from the bookmark made with it)."""
    annotations = data.get("annotations")
    if isinstance(annotations, list | dict) and (annotations or "highlight" not in data):
        values = annotations if isinstance(annotations, list) else list(annotations.values())
        return [item if isinstance(item, dict) else {_NOT_AN_ENTRY: True} for item in values]
    found: list[dict[Any, Any]] = []
    bookmarks = data.get("bookmarks")
    marks = bookmarks if isinstance(bookmarks, list) else list((bookmarks or {}).values())
    marks = [mark for mark in marks if isinstance(mark, dict)]
    by_time = {(_text(mark.get("datetime")), _place(mark)): mark for mark in marks}
    highlight = data.get("highlight")
    pages = highlight if isinstance(highlight, dict) else dict(enumerate(highlight or [], 1))
    used: set[tuple[str, str]] = set()
    for page, items in pages.items():
        for item in items if isinstance(items, list) else list((items or {}).values()):
            if not isinstance(item, dict):
                continue
            entry = dict(item)
            key = (_text(item.get("datetime")), _place(item))
            mark = by_time.get(key)
            if mark is not None:
                used.add(key)
                text = _text(mark.get("text"))
                if text and not _AUTO_TEXT.match(text.strip()):
                    entry["note"] = text
            entry.setdefault("pageno", page)
            found.append(entry)
    for mark in marks:  # bookmarks of a page, with no highlight: a note when the user wrote one
        key = (_text(mark.get("datetime")), _place(mark))
        if key in used or mark.get("highlighted"):
            continue
        text = _text(mark.get("text"))
        entry = {k: v for k, v in mark.items() if k not in ("text", "notes", "drawer")}
        if text and not _AUTO_TEXT.match(text.strip()):
            entry["note"] = text
        found.append(entry)
    return found


def _facts(item: dict[Any, Any], key: str, pdf: bool) -> ImportFacts:
    facts: list[tuple[str, str]] = [("document", "pdf")] if pdf else []
    page = item.get("pageno", item.get("page"))
    if isinstance(page, int) and not isinstance(page, bool):
        facts.append(("page", str(page)))
    for name, fact in (("chapter", "chapter"), ("color", "color"), ("drawer", "style")):
        if value := _text(item.get(name), False).strip():
            facts.append((fact, value))
    if position := _place(item):
        facts.append(("position", position))
    if end := _place({"pos0": item.get("pos1")}) if "pos1" in item else "":
        facts.append(("position end", end))
    if item.get("text_edited"):
        facts.append(("text edited", "yes"))
    facts.append(("time", _text(item.get("datetime"), False)))
    if updated := _text(item.get("datetime_updated"), False):
        facts.append(("updated time", updated))
    return ImportFacts("koreader", key, tuple(facts))


def parse_sidecar(text: str, zone: tzinfo | None = None) -> ParseReport:
    """Every highlight and note of one KOReader sidecar; a file that does not parse is one
    problem in the report, never an exception."""
    report = ParseReport()
    try:
        data = parse_lua_table(text)
    except (LuaError, RecursionError, ValueError, OverflowError) as error:
        report.problems.append(f"is not a KOReader sidecar that can be read ({error})")
        return report
    if not isinstance(data, dict):
        report.problems.append("is not a KOReader sidecar (it returns no table of settings)")
        return report
    source = sidecar_source(data)
    # Pages of a PDF are the document's own (a standard `page=N` fragment names them); an
    # EPUB's are KOReader's layout of it on one screen.
    pdf = _text(data.get("doc_path"), False).casefold().endswith(".pdf")
    seen: set[str] = set()
    for item in _entries(data):
        if item.get(_NOT_AN_ENTRY):
            report.skipped[UNKNOWN_ENTRIES] += 1  # `[3] = 5`: not an annotation, counted
            continue
        quote = _text(item.get("text")) if item.get("drawer") else ""
        note = _text(item.get("note"))
        if not item.get("drawer") and not note:
            report.skipped["bookmarks"] += 1
            continue
        if item.get("drawer") and not quote.strip():
            report.skipped["image highlights"] += 1
            continue
        key = f"{_text(item.get('datetime'), False)}|{_place(item)}"
        if key in seen:
            report.merged += 1
            continue
        seen.add(key)
        created = _time(item.get("datetime"), zone)
        report.items.append(
            Foreign(
                "koreader",
                key,
                source,
                quote,
                note=note,
                color=mapped_color(_text(item.get("color"), False) or "yellow"),
                created=created,
                updated=_time(item.get("datetime_updated"), zone) or created,
                facts=_facts(item, key, pdf or isinstance(item.get("pos0"), dict)),
            )
        )
    return report
