"""The W3C Web Annotation codec: annotations to JSON-LD (the import side is w3c_import)."""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlparse

from reader import __version__
from reader.core.anchoring import AnchorStatus
from reader.core.annotations import (
    Agent,
    Annotation,
    ArticleAnnotations,
    FormerQuote,
    ImportFacts,
    in_reading_order,
)
from reader.core.articles.loading import is_saved_page
from reader.core.files import pretty_json, pretty_json_bytes

CONTEXT: list[Any] = ["http://www.w3.org/ns/anno.jsonld", {"reader": "https://reader.invalid/ns#"}]
"""The JSON-LD context of every collection `reader` writes."""
GENERATOR = {
    "id": "urn:reader:software",
    "type": "Software",
    "name": f"reader {__version__}",
}
"""The program that wrote the document (W3C `generator`)."""


PDF_FRAGMENTS = "http://tools.ietf.org/rfc/rfc3778"
"""The standard for `page=N` fragments of PDF documents (RFC 3778)."""


def _source_uri(group: ArticleAnnotations) -> str:
    """The article's file (a web page saved into the library: the page's address, so that
    other tools find it); for an article known only from an import, the source it gave (a
    web page's URL stays that URL); else reader's own name for it."""
    if group.path is not None:
        web = group.source.startswith(("http://", "https://"))
        if web and is_saved_page(group.path):
            return group.source
        return group.path.as_uri()
    if group.source and urlparse(group.source).scheme:
        return group.source  # a web page or a file's URI: an IRI already (a bare name is not)
    return f"urn:reader:article:{group.article_id}"


def _motivation(annotation: Annotation) -> str:
    """Why it was made: to comment (a note), to tag (tags alone), else to highlight."""
    if annotation.note:
        return "commenting"
    return "tagging" if annotation.tags else "highlighting"


def agent_to_json(agent: Agent) -> dict[str, Any]:
    """An agent as W3C JSON: only the parts it has."""
    parts = (("id", agent.id), ("type", agent.kind), ("name", agent.name))
    found: dict[str, Any] = {key: value for key, value in parts if value}
    if agent.nickname:
        found["nickname"] = agent.nickname
    return found


def owner(library_id: str) -> Agent | None:
    """The person who owns a library: the creator of what is made in it."""
    return Agent(id=f"urn:uuid:{library_id}", kind="Person") if library_id else None


def annotation_to_json(
    annotation: Annotation, group: ArticleAnnotations, creator: Agent | None = None
) -> dict[str, Any]:
    """One annotation as a W3C Web Annotation, with its current place in the article;
    `creator` is who made it when the annotation does not say (the library's owner)."""
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
        {"type": "TextualBody", "purpose": "tagging", "value": tag, "format": "text/plain"}
        for tag in annotation.tags
    )
    resolution = annotation.resolution
    quote = resolution.quote if resolution is not None else annotation.target.quote.exact
    prefix = resolution.prefix if resolution is not None else annotation.target.quote.prefix
    suffix = resolution.suffix if resolution is not None else annotation.target.quote.suffix
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": quote, "prefix": prefix, "suffix": suffix}
    ]
    selectors.extend(source_selectors(annotation))
    anchor = resolution.anchor if resolution is not None else None
    if anchor is not None and not anchor.is_orphan:
        selectors.append({"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end})
    elif anchor is None:
        position = annotation.target.position
        selectors.append(
            {"type": "TextPositionSelector", "start": position.start, "end": position.end}
        )
    if not annotation.has_passage:  # a note on the whole article: its target is the article
        selectors = []
    status = anchor.status.value if anchor is not None else AnchorStatus.EXACT.value
    score = anchor.score if anchor is not None else 1.0
    made_by = annotation.creator or creator
    text_hash = (resolution.text_hash if resolution is not None else "") or group.text_hash
    return {
        "id": annotation.source_id or f"urn:uuid:{annotation.id}",
        "type": "Annotation",
        "motivation": _motivation(annotation),
        **({"creator": agent_to_json(made_by)} if made_by is not None else {}),
        "generator": GENERATOR,
        **({"created": annotation.created} if annotation.created else {}),
        **({"modified": annotation.updated} if annotation.updated else {}),
        "body": body,
        "target": {"source": _source_uri(group), **({"selector": selectors} if selectors else {})},
        "reader:color": annotation.color.value,
        "reader:articleId": group.article_id,
        "reader:articleTitle": group.title,
        "reader:textHash": text_hash,
        "reader:anchor": {"status": status, "score": score},
        **(_made(annotation, selectors, text_hash) if annotation.has_passage else {}),
        **({"reader:articleNote": True} if not annotation.has_passage else {}),
        **(
            {"reader:former": [_former_json(item) for item in annotation.former]}
            if annotation.former
            else {}
        ),
        **({"reader:imported": imported_json(annotation.imported)} if annotation.imported else {}),
        **({"reader:articleAuthor": group.author} if group.author else {}),
        **({"reader:articleKind": group.kind} if group.kind else {}),
        **(
            {"reader:articleIdentifiers": [list(pair) for pair in group.identifiers]}
            if group.identifiers
            else {}
        ),
    }


def source_selectors(annotation: Annotation) -> list[dict[str, Any]]:
    """Where the app it was imported from had it: a PDF's page as the standard fragment
    (`page=N`), the rest (Kindle locations, an EPUB's pages as the app laid them out,
    chapters) in reader's own selector."""
    facts = annotation.imported
    if facts is None:
        return []
    found: list[dict[str, Any]] = []
    page = facts.get("page")
    if page.isdigit() and facts.get("document") == "pdf":
        found.append(
            {"type": "FragmentSelector", "conformsTo": PDF_FRAGMENTS, "value": f"page={page}"}
        )
    place = {name: facts.get(name) for name in ("location", "page", "chapter") if facts.get(name)}
    if place:
        found.append({"type": "reader:SourceLocationSelector", "app": facts.format, **place})
    return found


def imported_json(facts: ImportFacts) -> dict[str, Any]:
    """Where an imported annotation came from, and what that app kept about it."""
    return {"app": facts.format, "key": facts.key, "facts": dict(facts.facts)}


def _former_json(former: FormerQuote) -> dict[str, str]:
    """A passage the annotation had before a person moved or confirmed it."""
    return {
        "exact": former.exact,
        "prefix": former.prefix,
        "suffix": former.suffix,
        "textHash": former.text_hash,
        "until": former.until,
        "why": former.why,
    }


def _made(
    annotation: Annotation, selectors: list[dict[str, Any]], text_hash: str
) -> dict[str, Any]:
    """The target as the annotation was made, when its selectors (where it is now) say
    otherwise: a backup keeps both, and restores a fuzzy match as fuzzy, not as a new exact
    one, and an orphan with the place it was made at."""
    made = annotation.target
    as_made = [
        {
            "type": "TextQuoteSelector",
            "exact": made.quote.exact,
            "prefix": made.quote.prefix,
            "suffix": made.quote.suffix,
        },
        {"type": "TextPositionSelector", "start": made.position.start, "end": made.position.end},
    ]
    if selectors == as_made and made.text_hash == text_hash:
        return {}
    return {
        "reader:made": {
            "exact": made.quote.exact,
            "prefix": made.quote.prefix,
            "suffix": made.quote.suffix,
            "start": made.position.start,
            "end": made.position.end,
            "textHash": made.text_hash,
        }
    }


def _collection_ids(digest: str) -> tuple[str, str]:
    """The collection's id (from the digest of its items' ids) and its one page's."""
    collection_id = f"urn:reader:collection:{digest[:32]}"
    return collection_id, f"{collection_id}:page:1"  # one page: every annotation, in one file


def deleted_json(tombstones: Iterable[dict[str, Any]]) -> list[dict[str, str]]:
    """The annotations deleted here, as another copy of the library needs them to delete
    them too: id, article and when (as the store's `deletions()` gives them)."""
    found = [
        {
            "id": f"urn:uuid:{stone['id']}",
            "reader:articleId": str(stone.get("article_id", "")),
            "deleted": str(stone["deleted"]),
        }
        for stone in tombstones
    ]
    return sorted(found, key=lambda item: item["id"])


def to_collection(
    groups: Sequence[ArticleAnnotations],
    creator: Agent | None = None,
    deleted: Iterable[dict[str, Any]] = (),
) -> dict[str, Any]:
    """Every annotation of the groups as one AnnotationCollection (`creator`: who made the
    annotations that do not say, the library's owner), with the tombstones of those deleted
    (`reader:deleted`), so that a deletion travels to another copy."""
    items = [
        annotation_to_json(annotation, group, creator)
        for group in groups
        for annotation in _reading_order(group)
    ]
    gone = deleted_json(deleted)
    # Ids from the content: exporting the same annotations twice gives the same document.
    ids = [item["id"] for item in items] + [f"-{item['id']}" for item in gone]
    digest = hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()
    collection_id, page_id = _collection_ids(digest)
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "Annotations exported by reader",
        "total": len(items),
        **({"reader:deleted": gone} if gone else {}),
        "first": {
            "id": page_id,
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        },
        "last": page_id,
    }


_ITEMS_MARK = "\x00items\x00"
_ITEM_INDENT = b" " * 6
"""How deep `dumps` indents an item: collection, its first page, the page's items."""
_SPOOL_CHUNK = 1 << 20


def collection_pieces(
    groups: Iterable[ArticleAnnotations],
    creator: Agent | None = None,
    deleted: Callable[[], Iterable[dict[str, Any]]] = tuple,
) -> Iterator[bytes]:
    """The UTF-8 bytes of `dumps(to_collection(groups, creator, deleted()))`, in pieces,
    holding one article's annotations at a time: the items wait in a temporary file until
    the collection's id (a digest of every item's id, which comes first) is known. `deleted`
    is asked for the tombstones once the groups have gone by."""
    digest, total = hashlib.sha256(), 0
    with tempfile.TemporaryFile("w+b") as spool:
        for group in groups:
            for annotation in _reading_order(group):
                item = annotation_to_json(annotation, group, creator)
                digest.update((("\n" if total else "") + item["id"]).encode("utf-8"))
                spool.write((b"," if total else b"") + b"\n" + _ITEM_INDENT)
                spool.write(pretty_json_bytes(item).replace(b"\n", b"\n" + _ITEM_INDENT))
                total += 1
        gone = list(deleted())
        if not total:
            yield dumps(to_collection([], creator, gone)).encode("utf-8", "backslashreplace")
            return
        stones = deleted_json(gone)
        for stone in stones:
            digest.update(("\n-" + stone["id"]).encode("utf-8"))
        shell = to_collection([], creator, gone)
        collection_id, page_id = _collection_ids(digest.hexdigest())
        shell.update(id=collection_id, total=total, last=page_id)
        shell["first"].update(id=page_id, partOf=collection_id, items=[_ITEMS_MARK])
        text = dumps(shell).encode("utf-8", "backslashreplace")
        head, tail = text.split(_ITEM_INDENT + json.dumps(_ITEMS_MARK).encode("ascii"))
        yield head.rstrip(b"\n")
        spool.seek(0)
        while piece := spool.read(_SPOOL_CHUNK):
            yield piece
        yield b"\n" + tail.lstrip(b"\n")


def _reading_order(group: ArticleAnnotations) -> list[Annotation]:
    """A group's annotations as they come in the article, orphans after them: an order that
    does not depend on when each was stored, so the same annotations export the same."""
    placed, orphans = in_reading_order(group.annotations)
    return placed + orphans


def dumps(collection: dict[str, Any]) -> str:
    """The collection as pretty, stable JSON text."""
    return pretty_json(collection) + "\n"
