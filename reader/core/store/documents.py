"""Mapping stored documents to dataclasses and back, and migrating older layouts."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from reader.core.anchoring import (
    Anchor,
    AnchorStatus,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
)
from reader.core.annotations import (
    Agent,
    Annotation,
    AnnotationSummary,
    Color,
    FormerQuote,
    ImportFacts,
    Resolution,
    normalize_tags,
)
from reader.core.store.encoding import Data
from reader.core.store.records import ArticleRecord, PathRecord

SCHEMA_VERSION = 3
"""The layout of the database this program writes; older layouts are migrated."""

META, ARTICLES, ANNOTATIONS = "meta", "articles", "annotations"
"""The tables of the database."""
LIBRARY = "library"
"""The meta document naming this library (its owner is the creator of what is made in it)."""


def annotation_to_doc(annotation: Annotation) -> dict[str, Any]:
    target = annotation.target
    doc: dict[str, Any] = {
        "id": annotation.id,
        "article_id": annotation.article_id,
        "quote": {
            "exact": target.quote.exact,
            "prefix": target.quote.prefix,
            "suffix": target.quote.suffix,
        },
        "position": {"start": target.position.start, "end": target.position.end},
        "text_hash": target.text_hash,
        "color": annotation.color.value,
        "note": annotation.note,
        "tags": list(annotation.tags),
        "created": annotation.created,
        "updated": annotation.updated,
        "resolution": None,
    }
    if annotation.source_id:
        doc["source_id"] = annotation.source_id
    if annotation.creator is not None:
        creator = annotation.creator
        doc["creator"] = {
            key: value
            for key, value in (
                ("id", creator.id),
                ("kind", creator.kind),
                ("name", creator.name),
                ("nickname", creator.nickname),
            )
            if value
        }
    if annotation.former:
        doc["former"] = [
            {
                "exact": former.exact,
                "prefix": former.prefix,
                "suffix": former.suffix,
                "text_hash": former.text_hash,
                "until": former.until,
                "why": former.why,
            }
            for former in annotation.former
        ]
    if annotation.imported is not None:
        imported = annotation.imported
        doc["imported"] = {
            "format": imported.format,
            "key": imported.key,
            "facts": [list(pair) for pair in imported.facts],
        }
    if annotation.resolution is not None:
        resolution = annotation.resolution
        doc["resolution"] = {
            "text_hash": resolution.text_hash,
            "status": resolution.anchor.status.value,
            "start": resolution.anchor.start,
            "end": resolution.anchor.end,
            "score": resolution.anchor.score,
            "quote": resolution.quote,
            "prefix": resolution.prefix,
            "suffix": resolution.suffix,
        }
    return doc


# Enum(value) goes through EnumMeta.__call__, which is slow when done 20,000 times a listing.
_COLORS = {color.value: color for color in Color}
_STATUSES = {status.value: status for status in AnchorStatus}


def doc_to_annotation(doc: dict[str, Any]) -> Annotation:
    """A stored annotation as its dataclass (the document has been checked).

    Values that annotations repeat are one object, not one each: an article's id and text
    hash (by the article, interned), the place found where it was made (its quote and
    context), an update time that is the creation's. 10,000 highlights hold 6 MB less.
    """
    quote, position = doc["quote"], doc["position"]
    exact, prefix, suffix = quote["exact"], quote.get("prefix", ""), quote.get("suffix", "")
    text_hash = sys.intern(doc.get("text_hash", ""))
    resolution = None
    if doc.get("resolution"):
        raw = doc["resolution"]
        resolution = Resolution(
            sys.intern(raw["text_hash"]),
            Anchor(_STATUSES[raw["status"]], raw["start"], raw["end"], raw["score"]),
            _same(raw.get("quote", ""), exact),
            _same(raw.get("prefix", ""), prefix),
            _same(raw.get("suffix", ""), suffix),
        )
    created = doc.get("created", "")
    return Annotation(
        id=doc["id"],
        article_id=sys.intern(doc["article_id"]),
        target=Target(
            TextQuoteSelector(exact, prefix, suffix),
            TextPositionSelector(position["start"], position["end"]),
            text_hash,
        ),
        color=_COLORS[doc.get("color", "yellow")],
        note=doc.get("note", ""),
        tags=tuple(doc.get("tags", ())),
        created=created,
        updated=_same(doc.get("updated", ""), created),
        source_id=doc.get("source_id", ""),
        creator=Agent(**doc["creator"]) if doc.get("creator") else None,
        resolution=resolution,
        former=tuple(FormerQuote(**item) for item in doc["former"]) if "former" in doc else (),
        imported=_imported(doc["imported"]) if "imported" in doc else None,
    )


def _same(value: str, other: str) -> str:
    """`other` when `value` equals it (one object kept instead of two), else `value`."""
    return other if value == other else value


def _imported(raw: dict[str, Any]) -> ImportFacts:
    return ImportFacts(raw["format"], raw["key"], _pairs(raw.get("facts")))


def doc_to_summary(doc: dict[str, Any]) -> AnnotationSummary:
    """A stored annotation as search results show it (the document has been checked)."""
    resolution = doc.get("resolution")
    start, orphan = doc["position"]["start"], False
    if resolution:
        orphan = resolution["status"] == "orphan"
        if not orphan:
            start = resolution["start"]
    quote, note, tags = searched_fields(doc)
    return AnnotationSummary(
        doc["id"],
        doc["article_id"],
        quote,
        note,
        tuple(tags),
        _COLORS[doc.get("color", "yellow")],
        start,
        doc.get("created", ""),
        orphan,
    )


def searched_fields(doc: dict[str, Any]) -> tuple[str, str, list[str]]:
    """A stored annotation's quote (as last found, else as made), note and tags, without
    building it (the document has been checked)."""
    resolution = doc.get("resolution")
    quote = resolution.get("quote") if resolution else None
    return quote or doc["quote"]["exact"], doc.get("note", ""), doc.get("tags", [])


MAX_OFFSET = 2**53
"""Offsets at or above this are not offsets into any article (and JSON cannot keep them)."""


_AGENT_KEYS = frozenset({"id", "kind", "name", "nickname"})
_FORMER_KEYS = frozenset({"exact", "prefix", "suffix", "text_hash", "until", "why"})


def _offset(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < MAX_OFFSET


def document_problem(doc: Any) -> str | None:
    """What makes a stored annotation unreadable, in words; None when it reads."""
    if not isinstance(doc, dict):
        return "is not an object"
    if not isinstance(doc.get("id"), str) or not isinstance(doc.get("article_id"), str):
        return "has no id or no article id"
    # (Spelt out, without generators: every annotation of a library read passes here.)
    quote, position = doc.get("quote"), doc.get("position")
    if not isinstance(quote, dict) or not isinstance(quote.get("exact"), str):
        return "has no quote"
    if not isinstance(quote.get("prefix", ""), str) or not isinstance(quote.get("suffix", ""), str):
        return "has a quote context that is not text"
    if not (
        isinstance(position, dict)
        and _offset(position.get("start"))
        and _offset(position.get("end"))
    ):
        return "has no valid position"
    color = doc.get("color", "yellow")
    if not isinstance(color, str) or color not in _COLORS:
        return f"has an unknown colour {color!r}"
    tags = doc.get("tags", [])
    if not isinstance(doc.get("note", ""), str) or not isinstance(tags, list):
        return "has a note or tags that are not text"
    for tag in tags:
        if not isinstance(tag, str):
            return "has a tag that is not text"
    if not isinstance(doc.get("source_id", ""), str):
        return "has a source id that is not text"
    creator = doc.get("creator")
    if creator is not None and not (
        isinstance(creator, dict)
        and set(creator) <= _AGENT_KEYS
        and all(isinstance(value, str) for value in creator.values())
    ):
        return "has a damaged creator"
    resolution = doc.get("resolution")
    if resolution is not None and (
        not isinstance(resolution, dict)
        or not isinstance(resolution.get("status"), str)
        or resolution["status"] not in _STATUSES
        or not isinstance(resolution.get("start"), int)
        or not isinstance(resolution.get("end"), int)
    ):
        return "has a damaged anchor"
    former = doc.get("former")
    if former is not None and not (
        isinstance(former, list)
        and all(
            isinstance(item, dict)
            and set(item) == _FORMER_KEYS
            and all(isinstance(value, str) for value in item.values())
            for item in former
        )
    ):
        return "has a damaged history of former passages"
    imported = doc.get("imported")
    if imported is not None and not (
        isinstance(imported, dict)
        and isinstance(imported.get("format"), str)
        and isinstance(imported.get("key"), str)
        and isinstance(imported.get("facts", []), list)
    ):
        return "has a damaged record of where it was imported from"
    return None


def first_bad_document(data: Data) -> tuple[str, str] | None:
    """The first annotation that does not read: (its id, what is wrong), or None."""
    table = data.get(ANNOTATIONS, {})
    for key, doc in table.items():
        problem = document_problem(doc)
        if problem is not None:
            return str(key), problem
    return None


def _percent(value: Any) -> int:
    """A stored progress as a percentage (a hand-edited 2**70 is 100, not "1.180")."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return int(max(0, min(100, value)))


def doc_to_article(doc: dict[str, Any]) -> ArticleRecord:
    return ArticleRecord(
        id=doc["id"],
        title=doc.get("title", ""),
        hash=doc.get("hash", ""),
        paths=tuple(
            PathRecord(path, seen["size"], seen["mtime_ns"], seen["hash"], seen.get("title", ""))
            for path, seen in doc.get("paths", {}).items()
        ),
        format=doc.get("format", ""),
        author=doc.get("author", ""),
        source=doc.get("source", ""),
        date=doc.get("date", "") if isinstance(doc.get("date", ""), str) else "",
        added=doc.get("added", ""),
        position=doc.get("position", 0),
        progress=_percent(doc.get("progress", 0)),
        last_opened=doc.get("last_opened", ""),
        kind=doc.get("kind", "") if isinstance(doc.get("kind", ""), str) else "",
        identifiers=_pairs(doc.get("identifiers")),
    )


def _pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """Stored name-value pairs (a hand-edited odd one is dropped)."""
    if not isinstance(value, list):
        return ()
    return tuple(
        (pair[0], pair[1])
        for pair in value
        if isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)
    )


def _migrate_0_to_1(data: Data) -> Data:
    """Databases from before the schema was recorded: fill in the fields they could lack."""
    for doc in data.get(ANNOTATIONS, {}).values():
        doc.setdefault("note", "")
        doc.setdefault("tags", [])
        doc.setdefault("color", "yellow")
        doc.setdefault("resolution", None)
    return data


def _migrate_1_to_2(data: Data) -> Data:
    """Tags in their one form (`Salinity-Levels` for "Salinity Levels"), each tag spelt one
    way across the library (the first spelling met wins), duplicates merged."""
    spellings: dict[str, str] = {}
    for doc in data.get(ANNOTATIONS, {}).values():
        tags = doc.get("tags") if isinstance(doc, dict) else None
        if isinstance(tags, list) and all(isinstance(tag, str) for tag in tags):
            doc["tags"] = [spellings.setdefault(t.casefold(), t) for t in normalize_tags(tags)]
    return data


def _migrate_2_to_3(data: Data) -> Data:
    """The journal: documents are unchanged; the file is rewritten, naming its state, with its
    first save (older versions refuse it from then on, so none writes past the journal)."""
    return data


MIGRATIONS: dict[int, Callable[[Data], Data]] = {
    0: _migrate_0_to_1,
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
}


def schema_version(data: Data) -> int:
    """The schema version recorded in a database (0 when it predates versioning)."""
    version = data.get(META, {}).get("schema", {}).get("version", 0)
    return version if isinstance(version, int) else -1
