"""The W3C Web Annotation codec: annotations to JSON-LD, and JSON-LD validated into items."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from reader.core.anchoring import AnchorStatus, Target, TextPositionSelector, TextQuoteSelector
from reader.core.annotations import (
    Annotation,
    ArticleAnnotations,
    Color,
    new_annotation_id,
    normalize_tags,
)
from reader.core.articles.text import strip_unsafe, strip_unsafe_keep_newlines, valid_text

MAX_OFFSET = 2**53
"""Positions at or above this are not offsets into any article."""
CONTEXT: list[Any] = ["http://www.w3.org/ns/anno.jsonld", {"reader": "https://reader.invalid/ns#"}]
"""The JSON-LD context of every collection `reader` writes."""


class ImportFileError(ValueError):
    """An import file that cannot be used; the message says which item is wrong and how."""


class NothingToAnchor(ImportFileError):
    """A valid annotation with no quote to anchor (a note on a whole page): skipped, not wrong."""


def _source_uri(group: ArticleAnnotations) -> str:
    """The article's file; for an article known only from an import, the source it gave (a web
    page's URL stays that URL); else reader's own name for it."""
    if group.path is not None:
        return group.path.as_uri()
    if group.source and urlparse(group.source).scheme not in ("", "file"):
        return group.source  # a web page, an IRI already (a bare file name is not one)
    return f"urn:reader:article:{group.article_id}"


def annotation_to_json(annotation: Annotation, group: ArticleAnnotations) -> dict[str, Any]:
    """One annotation as a W3C Web Annotation, with its current place in the article."""
    body: list[dict[str, Any]] = []
    if annotation.note:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "value": annotation.note,
                "format": "text/markdown",
            }
        )
    body.extend(
        {"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in annotation.tags
    )
    resolution = annotation.resolution
    quote = resolution.quote if resolution is not None else annotation.target.quote.exact
    prefix = resolution.prefix if resolution is not None else annotation.target.quote.prefix
    suffix = resolution.suffix if resolution is not None else annotation.target.quote.suffix
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": quote, "prefix": prefix, "suffix": suffix}
    ]
    anchor = resolution.anchor if resolution is not None else None
    if anchor is not None and not anchor.is_orphan:
        selectors.append({"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end})
    elif anchor is None:
        position = annotation.target.position
        selectors.append(
            {"type": "TextPositionSelector", "start": position.start, "end": position.end}
        )
    status = anchor.status.value if anchor is not None else AnchorStatus.EXACT.value
    score = anchor.score if anchor is not None else 1.0
    return {
        "id": f"urn:uuid:{annotation.id}",
        "type": "Annotation",
        **({"created": annotation.created} if annotation.created else {}),
        **({"modified": annotation.updated} if annotation.updated else {}),
        "body": body,
        "target": {"source": _source_uri(group), "selector": selectors},
        "reader:color": annotation.color.value,
        "reader:articleId": group.article_id,
        "reader:articleTitle": group.title,
        "reader:textHash": (resolution.text_hash if resolution is not None else "")
        or group.text_hash,
        "reader:anchor": {"status": status, "score": score},
    }


def to_collection(groups: Sequence[ArticleAnnotations]) -> dict[str, Any]:
    """Every annotation of the groups as one AnnotationCollection."""
    items = [
        annotation_to_json(annotation, group)
        for group in groups
        for annotation in group.annotations
    ]
    # Ids from the content: exporting the same annotations twice gives the same document.
    digest = hashlib.sha256("\n".join(item["id"] for item in items).encode("utf-8")).hexdigest()
    collection_id = f"urn:reader:collection:{digest[:32]}"
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "total": len(items),
        "first": {"id": f"{collection_id}:page:1", "type": "AnnotationPage", "items": items},
    }


def dumps(collection: dict[str, Any]) -> str:
    """The collection as pretty, stable JSON text."""
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


# Import ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportItem:
    """One validated annotation from an import file, not yet linked to an article."""

    annotation: Annotation
    source: str
    text_hash: str
    article_id: str
    article_title: str
    has_position: bool
    fields: frozenset[str] = frozenset({"color", "note", "tags"})
    """The editable fields the file gives (an absent note must not wipe the stored one)."""


MAX_PAGES = 100_000
"""More pages than this in one file is a loop, not a collection."""


def _pages_in(data: Any) -> dict[str, dict[str, Any]]:
    """Every AnnotationPage with an id anywhere in the file (where `next` may point)."""
    found: dict[str, dict[str, Any]] = {}
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if value.get("type") == "AnnotationPage" and isinstance(value.get("id"), str):
                found.setdefault(value["id"], value)
            stack.extend(item for key, item in value.items() if key != "items")
        elif isinstance(value, list):
            stack.extend(item for item in value if isinstance(item, dict | list))
    return found


def _page_items(page: dict[str, Any], pages: dict[str, dict[str, Any]]) -> list[Any]:
    """The items of a page and of every page after it (`next`, followed within the file)."""
    items: list[Any] = []
    seen: set[int] = set()
    current: Any = page
    while current is not None:
        if id(current) in seen or len(seen) > MAX_PAGES:
            raise ImportFileError("the collection's pages go round in a loop")
        seen.add(id(current))
        if not isinstance(current.get("items"), list):
            raise ImportFileError("a page of the collection has no 'items' list")
        items.extend(current["items"])
        following = current.get("next")
        if isinstance(following, str):
            if following not in pages:
                raise ImportFileError(
                    f"the collection goes on in page {following!r}, which is not in this file;"
                    " import a file holding every page (reader imports none of a partial one)"
                )
            following = pages[following]
        if following is not None and not isinstance(following, dict):
            raise ImportFileError("a page's 'next' must be a page or the id of one")
        current = following
    return items


def _items_of(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if data.get("type") == "Annotation":
            return [data]
        pages = _pages_in(data)
        if isinstance(data.get("items"), list):
            return _page_items(data, pages)
        first = data.get("first")
        if isinstance(first, str):
            if first not in pages:
                raise ImportFileError(
                    f"the collection's first page {first!r} is not in this file; nothing was"
                    " imported"
                )
            first = pages[first]
        if isinstance(first, dict) and isinstance(first.get("items"), list):
            items = _page_items(first, pages)
            total = data.get("total")
            if isinstance(total, int) and not isinstance(total, bool) and total > len(items):
                raise ImportFileError(
                    f"the collection says it holds {total} annotations but this file has"
                    f" {len(items)}: some pages are missing; nothing was imported"
                )
            last = data.get("last")
            if isinstance(last, str) and last not in pages:
                raise ImportFileError(
                    f"the collection's last page {last!r} is not in this file; nothing was imported"
                )
            return items
        if isinstance(first, dict | list) or "first" in data:
            raise ImportFileError("the collection's 'first' page has no 'items' list")
    raise ImportFileError(
        "expected an AnnotationCollection, an AnnotationPage or a JSON array of annotations"
    )


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_ARTICLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def _safe_article_id(given: str) -> str:
    """An article id as reader makes them (it names recovery files): kept when it looks like
    one, else derived from what was given, never a path."""
    if not given or _ARTICLE_ID.fullmatch(given):
        return given
    return hashlib.sha256(given.encode("utf-8")).hexdigest()[:16]


def _string(
    item: dict[str, Any], key: str, where: str, default: str = "", multiline: bool = False
) -> str:
    """A string field, made safe where it enters: no lone surrogates, nothing that could act
    on a terminal (a note or a quote keeps its newlines; any other field is one line)."""
    value = item.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise ImportFileError(f"{where}: '{key}' must be a string, not {type(value).__name__}")
    # JSON may spell lone surrogates ("\\ud800"), which are not text and cannot be stored.
    value = valid_text(value)
    return strip_unsafe_keep_newlines(value) if multiline else strip_unsafe(value)


def _timestamp(item: dict[str, Any], key: str, where: str) -> str:
    value = _string(item, key, where)
    if value:
        try:
            datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ImportFileError(f"{where}: '{key}' is not an ISO 8601 time: {value!r}") from None
    return value


def _parse_item(raw: Any, index: int) -> ImportItem:
    where = f"item {index + 1}"
    if not isinstance(raw, dict):
        raise ImportFileError(f"{where}: an annotation must be a JSON object")
    target = raw.get("target")
    if isinstance(target, list) and target:
        target = target[0]
    if isinstance(target, str):
        raise NothingToAnchor(f"{where}: it annotates a whole resource, not a passage")
    if not isinstance(target, dict):
        raise ImportFileError(f"{where}: 'target' must be an object with a 'selector'")
    selectors = target.get("selector", [])
    if isinstance(selectors, dict):
        selectors = [selectors]
    if isinstance(selectors, str):  # a selector given by reference: nothing here to anchor
        raise NothingToAnchor(f"{where}: its selector is a reference, not a quote")
    if not isinstance(selectors, list):
        raise ImportFileError(f"{where}: 'target.selector' must be a list or an object")
    quote: TextQuoteSelector | None = None
    position: TextPositionSelector | None = None
    for selector in selectors:
        if not isinstance(selector, dict):
            raise ImportFileError(f"{where}: every selector must be an object")
        if selector.get("type") == "TextQuoteSelector":
            exact = _string(selector, "exact", where + " TextQuoteSelector", multiline=True)
            if not exact.strip():
                raise ImportFileError(f"{where}: the TextQuoteSelector's 'exact' quote is empty")
            quote = TextQuoteSelector(
                exact,
                _string(selector, "prefix", where + " TextQuoteSelector", multiline=True),
                _string(selector, "suffix", where + " TextQuoteSelector", multiline=True),
            )
        elif selector.get("type") == "TextPositionSelector":
            start, end = selector.get("start"), selector.get("end")
            valid = isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool)
            if not valid or not 0 <= start < end < MAX_OFFSET:  # type: ignore[operator]
                raise ImportFileError(
                    f"{where}: TextPositionSelector needs whole numbers 0 <= start < end"
                )
            position = TextPositionSelector(start, end)  # type: ignore[arg-type]
    if quote is None:
        raise NothingToAnchor(f"{where}: the target has no TextQuoteSelector with an 'exact' quote")
    source = _string(target, "source", where + " target")
    note_parts: list[str] = []
    tags: list[str] = []
    bodies = raw.get("body", [])
    if "bodyValue" in raw:  # the short form of one plain-text note
        bodies = [{"type": "TextualBody", "value": raw["bodyValue"]}]
    if isinstance(bodies, dict | str):
        bodies = [bodies]
    if not isinstance(bodies, list):
        raise ImportFileError(f"{where}: 'body' must be a list or an object")
    for body in bodies:
        if isinstance(body, str):
            note_parts.append(_string({"value": body}, "value", where + " body", multiline=True))
            continue
        if not isinstance(body, dict):
            raise ImportFileError(f"{where}: every body must be an object")
        value = _string(body, "value", where + " body", multiline=True)
        if body.get("purpose") == "tagging":
            tags.append(value)
        elif value:
            note_parts.append(value)
    color_name = _string(raw, "reader:color", where, "yellow").lower()
    try:
        color = Color(color_name)
    except ValueError:
        names = ", ".join(color.value for color in Color)
        raise ImportFileError(
            f"{where}: unknown colour {color_name!r} (use one of {names})"
        ) from None
    raw_id = _string(raw, "id", where)
    annotation_id = raw_id.removeprefix("urn:uuid:") if raw_id else new_annotation_id()
    if not _UUID.fullmatch(annotation_id):
        # Ids end up in file names and Obsidian block ids: anything but a UUID is replaced by
        # a UUID derived from it (the same file gives the same ids on every import).
        annotation_id = str(uuid.uuid5(uuid.NAMESPACE_URL, raw_id))
    created = _timestamp(raw, "created", where)
    modified = _timestamp(raw, "modified", where) or created
    hash_ = _string(raw, "reader:textHash", where)
    annotation = Annotation(
        id=annotation_id,
        article_id=_safe_article_id(_string(raw, "reader:articleId", where)),
        target=Target(quote, position or TextPositionSelector(0, len(quote.exact)), hash_),
        color=color,
        note="\n\n".join(note_parts),
        tags=normalize_tags(tags),
        created=created,
        updated=modified,
    )
    given = {"color"} if "reader:color" in raw else set()
    given |= {"note"} if note_parts else set()
    given |= {"tags"} if tags else set()
    return ImportItem(
        annotation,
        source,
        hash_,
        annotation.article_id,
        _string(raw, "reader:articleTitle", where),
        position is not None,
        frozenset(given),
    )


_DIRECTIONS = frozenset({"ltr", "rtl", "auto"})
W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def _is_iri(value: Any) -> bool:
    return isinstance(value, str) and bool(urlparse(value).scheme) and " " not in value


def _contexts(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _must_problem(raw: dict[str, Any], claims_w3c: bool) -> str | None:
    """What in an annotation breaks a MUST of the Web Annotation model, if anything.

    The identity rules apply when the file says it is W3C (an `@context`); a bare array from
    another tool is read leniently.
    """
    if "@context" in raw and W3C_CONTEXT not in _contexts(raw["@context"]):
        return f"its @context does not name {W3C_CONTEXT}"
    if claims_w3c and "id" in raw and not _is_iri(raw["id"]):
        return f"its id {raw['id']!r} is not an IRI"
    if "body" in raw and "bodyValue" in raw:
        return "it has both 'body' and 'bodyValue'"
    if "bodyValue" in raw and not isinstance(raw["bodyValue"], str):
        return "its 'bodyValue' is not a string"
    bodies = raw.get("body", [])
    for body in bodies if isinstance(bodies, list) else [bodies]:
        if isinstance(body, dict) and body.get("type") == "TextualBody" and "value" not in body:
            return "a TextualBody has no 'value'"
    targets = raw.get("target")
    parts = [raw, *(bodies if isinstance(bodies, list) else [bodies])]
    parts += targets if isinstance(targets, list) else [targets]
    for part in parts:
        if not isinstance(part, dict):
            continue
        if "textDirection" in part and part["textDirection"] not in _DIRECTIONS:
            return f"textDirection {part['textDirection']!r} is not ltr, rtl or auto"
        for key in ("rights", "via", "canonical"):
            values = part.get(key)
            if values is not None and not all(
                _is_iri(value) for value in (values if isinstance(values, list) else [values])
            ):
                return f"'{key}' must be an IRI"
    return None


@dataclass(frozen=True)
class ParsedImport:
    """What an import file holds: the good annotations, the refused ones and the skipped."""

    items: list[ImportItem]
    refused: list[str]
    """One line per annotation that breaks the model: its number and why."""
    skipped: list[str]
    """One line per valid annotation with nothing to anchor (a note on a whole page)."""


def parse_import_file(text: str) -> ParsedImport:
    """Every annotation of an import file, sorted into good, refused and skipped."""
    skipped: list[str] = []
    items, refused = parse_import_items(text, skipped)
    return ParsedImport(items, refused, skipped)


def parse_import_items(
    text: str, skipped: list[str] | None = None
) -> tuple[list[ImportItem], list[str]]:
    """The good annotations of an import file, and one line per refused one (its number and
    why); valid annotations with nothing to anchor (a note on a whole page) are left out.
    Raises ImportFileError only when the file as a whole is not annotations."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"not valid JSON (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise ImportFileError("its JSON is nested too deeply to be annotations") from None
    except ValueError as error:  # a number of thousands of digits, for one
        raise ImportFileError(f"not valid annotation JSON ({error})") from None
    claims_w3c = isinstance(data, dict) and "@context" in data
    if claims_w3c and W3C_CONTEXT not in _contexts(data["@context"]):
        raise ImportFileError(f"its @context does not name {W3C_CONTEXT}")
    items: list[ImportItem] = []
    refused: list[str] = []
    seen: set[str] = set()
    for index, raw in enumerate(_items_of(data)):
        where = f"item {index + 1}"
        problem = (
            _must_problem(raw, claims_w3c or "@context" in raw) if isinstance(raw, dict) else None
        )
        if problem is not None:
            refused.append(f"{where}: {problem}")
            continue
        try:
            item = _parse_item(raw, index)
        except NothingToAnchor as error:
            if skipped is not None:  # notes on whole pages: the importers issue brings them in
                skipped.append(str(error))
            continue
        except ImportFileError as error:
            refused.append(str(error))
            continue
        if item.annotation.id in seen:
            refused.append(f"{where}: id {item.annotation.id} appears twice in the file")
            continue
        seen.add(item.annotation.id)
        items.append(item)
    return items, refused


def parse_import(text: str) -> list[ImportItem]:
    """Validate a whole import file; raises ImportFileError naming the first wrong item."""
    parsed = parse_import_file(text)
    problems = parsed.refused or parsed.skipped
    if problems:
        raise ImportFileError(problems[0])
    return parsed.items


def source_path(source: str, relative_to: Path) -> Path | None:
    """The local file a `target.source` names (a file URI or a plain path), if it is one."""
    if not source or source.startswith("urn:"):
        return None
    parsed = urlparse(source)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.scheme and len(parsed.scheme) > 1:
        return None  # http(s) and other schemes are not files here
    path = Path(source)
    return path if path.is_absolute() else relative_to / path
