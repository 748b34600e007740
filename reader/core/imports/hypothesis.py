"""Hypothesis annotations (a client export, an API search response, a bare array or one
annotation): quotes with their context, notes, tags and replies."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reader.core.annotations import ImportFacts
from reader.core.articles.text import strip_unsafe, strip_unsafe_keep_newlines, valid_text
from reader.core.imports.model import UNKNOWN_ENTRIES, Foreign, ParseReport
from reader.core.imports.sources import page_source
from reader.core.imports.times import iso_utc_of


def hypothesis_rows(data: Any) -> list[Any] | None:
    """The annotations of a Hypothesis file, or None when it is not one."""
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        return list(data["rows"])
    if isinstance(data, dict) and isinstance(data.get("annotations"), list):
        return list(data["annotations"])  # the client's own export
    if isinstance(data, list) and data and all(_is_row(row) for row in data[:20]):
        return data
    if _is_row(data):
        return [data]
    return None


def _is_row(row: Any) -> bool:
    """An annotation as Hypothesis writes them: an id and a list of targets, no JSON-LD."""
    return (
        isinstance(row, dict)
        and "@context" not in row
        and row.get("type") != "Annotation"
        and isinstance(row.get("id"), str)
        and isinstance(row.get("target"), list)
    )


def _text(value: Any, keep_newlines: bool = False) -> str:
    if not isinstance(value, str):
        return ""
    value = valid_text(value)
    return strip_unsafe_keep_newlines(value) if keep_newlines else strip_unsafe(value)


def _quote(target: dict[str, Any]) -> tuple[dict[str, Any] | None, int | None, str]:
    """A target's TextQuoteSelector, its TextPosition start, and a page number if given."""
    quote, start, page = None, None, ""
    selectors = target.get("selector")
    for selector in selectors if isinstance(selectors, list) else []:
        if not isinstance(selector, dict):
            continue
        kind = selector.get("type")
        if kind == "TextQuoteSelector" and isinstance(selector.get("exact"), str):
            quote = selector
        elif kind == "TextPositionSelector" and isinstance(selector.get("start"), int):
            start = selector["start"]
        elif kind == "PageSelector" and selector.get("label"):
            page = _text(str(selector.get("label")))
    return quote, start, page


def _user(row: dict[str, Any]) -> str:
    info = row.get("user_info")
    name = info.get("display_name") if isinstance(info, dict) else None
    return _text(name) or _text(row.get("user")).removeprefix("acct:")


def parse_hypothesis(data: Any) -> ParseReport:
    """Every annotation of a Hypothesis file; replies are added to the note they answer."""
    report = ParseReport()
    given = hypothesis_rows(data) or []
    rows = [row for row in given if isinstance(row, dict)]
    if len(rows) < len(given):  # a row that is not an annotation at all: counted, not lost
        report.skipped[UNKNOWN_ENTRIES] += len(given) - len(rows)
        report.problems.append(f"{len(given) - len(rows)} rows are not annotations (objects)")
    by_id: dict[str, Foreign] = {}
    replies: list[dict[str, Any]] = []
    places: dict[str, int] = {}
    for row in rows:
        if not isinstance(row.get("id"), str) or not isinstance(row.get("target"), list):
            report.skipped[UNKNOWN_ENTRIES] += 1
            continue
        if row.get("references"):
            replies.append(row)
            continue
        target = next((t for t in row["target"] if isinstance(t, dict)), {})
        url = _text(target.get("source")) or _text(row.get("uri"))
        document: dict[str, Any] = row["document"] if isinstance(row.get("document"), dict) else {}
        titles = document.get("title")
        title = _text(titles[0] if isinstance(titles, list) and titles else titles)
        quote, start, page = _quote(target)
        exact = _text(quote.get("exact"), True) if quote else ""
        facts = [("source id", _text(row["id"]))]
        if start is not None:
            facts.append(("position", str(start)))
        if page:
            facts.append(("page", page))
        if user := _user(row):
            facts.append(("user", user))
        if group := _text(row.get("group")):
            facts.append(("group", group))
        tags: list[Any] = row["tags"] if isinstance(row.get("tags"), list) else []
        item = Foreign(
            "hypothesis",
            _text(row["id"]),
            page_source(url, title or url),
            exact,
            note=_text(row.get("text"), True),
            tags=tuple(_text(tag) for tag in tags if isinstance(tag, str)),
            created=iso_utc_of(_text(row.get("created"))),
            updated=iso_utc_of(_text(row.get("updated"))),
            prefix=_text(quote.get("prefix"), True) if quote else "",
            suffix=_text(quote.get("suffix"), True) if quote else "",
            facts=ImportFacts("hypothesis", _text(row["id"]), tuple(facts)),
            position_hint=start,
        )
        by_id[item.key] = item
        places[item.key] = len(report.items)
        report.items.append(item)
    for reply in sorted(replies, key=lambda row: _text(row.get("created"))):
        references = reply.get("references")
        root = by_id.get(references[0]) if isinstance(references, list) and references else None
        text = _text(reply.get("text"), True).strip()
        if root is None or not text:
            report.skipped["replies to annotations not in the file"] += 1
            continue
        who = _user(reply) or "someone"
        joined = f"{root.note}\n\n" if root.note else ""
        root = replace(root, note=f"{joined}— {who} replied: {text}")
        by_id[root.key] = report.items[places[root.key]] = root
        report.replies_joined += 1
    return report
