"""Reading W3C Web Annotation JSON-LD: pages walked, every item checked, good ones kept."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from reader.core.anchoring import (
    ORPHAN,
    Anchor,
    AnchorStatus,
    Target,
    TextPositionSelector,
    TextQuoteSelector,
)
from reader.core.annotations import (
    Agent,
    Annotation,
    Color,
    FormerQuote,
    ImportFacts,
    new_annotation_id,
    normalize_tags,
)
from reader.core.articles.text import strip_unsafe, strip_unsafe_keep_newlines, valid_text
from reader.core.export.w3c_pages import ImportFileError, items_of
from reader.core.export.w3c_rules import (
    COMPOSITES,
    MAX_DEPTH,
    W3C_CONTEXT,
    as_list,
    contexts,
    is_iri,
    is_time,
    must_problem,
)

MAX_OFFSET = 2**53
"""Positions at or above this are not offsets into any article."""
W3C_TYPES = frozenset({"Annotation", "AnnotationCollection", "AnnotationPage"})


class NothingToAnchor(ImportFileError):
    """A valid annotation with no quote to anchor (a note on a whole page): skipped, not wrong."""


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
    claimed: Anchor | None = None
    """How the file says the annotation was last found (reader's own exports say), at its
    position: kept, unchecked, for an article whose text the import cannot read."""
    latest: TextQuoteSelector | None = None
    """The selectors the file gives (where it was last found), when its target as made
    (`reader:made`) is another; else the target is those selectors."""
    article_author: str = ""
    article_kind: str = ""
    article_identifiers: tuple[tuple[str, str], ...] = ()
    """"book" or "page" for a source known only from another app (reader's own exports say)."""


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_ARTICLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def _safe_article_id(given: str) -> str:
    """An article id as reader makes them (it names recovery files): kept when it looks like
    one, else derived from what was given, never a path."""
    if not given or _ARTICLE_ID.fullmatch(given):
        return given
    return hashlib.sha256(given.encode("utf-8")).hexdigest()[:16]


def _stored_id(raw_id: str) -> str:
    """The id an annotation is stored by: its UUID (in lower case: one id whatever the case
    of its letters, RFC 9562); anything else (ids end up in file names and Obsidian block
    ids) replaced by a UUID derived from it, the same on every import."""
    annotation_id = raw_id.removeprefix("urn:uuid:").lower()
    if _UUID.fullmatch(annotation_id):
        return annotation_id
    return str(uuid.uuid5(uuid.NAMESPACE_URL, raw_id))


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
    if value and not is_time(value):
        raise ImportFileError(f"{where}: '{key}' is not an ISO 8601 time: {value!r}")
    return value


def _imported(raw: Any) -> ImportFacts | None:
    """Where an annotation was imported from (`reader:imported`, in reader's own exports);
    None when the file gives none, or one that is not what reader writes (the annotation is
    imported all the same: this is only what another app kept about it)."""
    if raw is None:
        return None
    facts = raw.get("facts") if isinstance(raw, dict) else None
    if not (
        isinstance(raw, dict)
        and isinstance(raw.get("app"), str)
        and isinstance(raw.get("key"), str)
        and isinstance(facts, dict)
        and all(isinstance(value, str) for value in facts.values())
    ):
        return None
    return ImportFacts(
        strip_unsafe(raw["app"]),
        strip_unsafe(valid_text(raw["key"])),
        tuple(
            (strip_unsafe(valid_text(str(name))), strip_unsafe(valid_text(value)))
            for name, value in facts.items()
        ),
    )


def _says_something(bodies: Any) -> bool:
    """True when an annotation's bodies hold a note or a tag (any non-empty value)."""
    if isinstance(bodies, str):
        return bool(bodies.strip())
    return any(
        isinstance(body, dict)
        and isinstance(body.get("value"), str)
        and body["value"].strip()
        or isinstance(body, str)
        and body.strip()
        for body in as_list(bodies)
    )


def _selectors(
    selectors: list[Any], where: str, refined: bool = False, depth: int = 0
) -> Iterator[tuple[dict[str, Any], bool]]:
    """Every selector of a target with those that refine it (`refinedBy`), and whether each
    is a refinement of another."""
    for selector in selectors:
        if not isinstance(selector, dict):
            raise ImportFileError(f"{where}: every selector must be an object")
        yield selector, refined
        if depth < MAX_DEPTH:
            yield from _selectors(as_list(selector.get("refinedBy")), where, True, depth + 1)


def _bodies(bodies: list[Any], where: str, depth: int = 0) -> Iterator[dict[str, Any]]:
    """The bodies of an annotation as objects: a link as its IRI, a choice as its first
    option, a list or composite as each of its items."""
    for body in bodies:
        if isinstance(body, str):
            yield {"id": body}
            continue
        if not isinstance(body, dict):
            raise ImportFileError(f"{where}: every body must be an object")
        kinds = set(as_list(body.get("type")))
        items = body.get("items")
        if kinds & COMPOSITES and isinstance(items, list) and depth < MAX_DEPTH:
            chosen = items[:1] if "Choice" in kinds else items
            yield from _bodies(chosen, where, depth + 1)
        else:
            yield body


def _agent(value: Any, where: str) -> Agent | None:
    """The first creator an annotation names, as an agent (an IRI alone is its id)."""
    first = as_list(value)[:1]
    if not first:
        return None
    if isinstance(first[0], str):
        return Agent(id=strip_unsafe(first[0]))
    agent = first[0]
    if not isinstance(agent, dict):
        return None
    kinds = [kind for kind in as_list(agent.get("type")) if isinstance(kind, str)]
    names = [name for name in as_list(agent.get("name")) if isinstance(name, str)]
    nick = agent.get("nickname")
    found = Agent(
        id=_string(agent, "id", where + " creator"),
        kind=strip_unsafe(kinds[0]) if kinds else "",
        name=strip_unsafe(names[0]) if names else "",
        nickname=strip_unsafe(nick) if isinstance(nick, str) else "",
    )
    return found if found != Agent() else None


def _parse_item(raw: Any, index: int) -> ImportItem:
    where = f"item {index + 1}"
    if not isinstance(raw, dict):
        raise ImportFileError(f"{where}: an annotation must be a JSON object")
    target = raw.get("target")
    if isinstance(target, list) and target:
        target = target[0]
    if isinstance(target, str):  # the whole resource: a note on it, if it says anything
        target = {"source": target}
    if not isinstance(target, dict):
        raise ImportFileError(f"{where}: 'target' must be an object with a 'selector'")
    selectors = target.get("selector", [])
    # No selector: a note on the whole article (reader's own say so; others' are too, when
    # they carry a note or tags: a page note in Hypothesis, say).
    article_note = "selector" not in target
    if isinstance(selectors, dict):
        selectors = [selectors]
    if isinstance(selectors, str):  # a selector given by reference: nothing here to anchor
        raise NothingToAnchor(f"{where}: its selector is a reference, not a quote")
    if not isinstance(selectors, list):
        raise ImportFileError(f"{where}: 'target.selector' must be a list or an object")
    quote: TextQuoteSelector | None = None
    position: TextPositionSelector | None = None
    for selector, refined in _selectors(selectors, where):
        if selector.get("type") == "TextQuoteSelector":
            exact = _string(selector, "exact", where + " TextQuoteSelector", multiline=True)
            if not exact.strip():
                raise ImportFileError(f"{where}: the TextQuoteSelector's 'exact' quote is empty")
            quote = TextQuoteSelector(
                exact,
                _string(selector, "prefix", where + " TextQuoteSelector", multiline=True),
                _string(selector, "suffix", where + " TextQuoteSelector", multiline=True),
            )
        elif selector.get("type") == "TextPositionSelector" and not refined:
            # A position that refines another selector counts from inside that one's part of
            # the page, not from the start of the article: only the quote of it is used.
            start, end = selector.get("start"), selector.get("end")
            valid = isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool)
            if not valid or not 0 <= start < end < MAX_OFFSET:  # type: ignore[operator]
                raise ImportFileError(
                    f"{where}: TextPositionSelector needs whole numbers 0 <= start < end"
                )
            position = TextPositionSelector(start, end)  # type: ignore[arg-type]
    if quote is None and article_note:  # a note on a whole article
        quote, position = TextQuoteSelector(""), TextPositionSelector(0, 0)
    if quote is None:
        raise NothingToAnchor(f"{where}: the target has no TextQuoteSelector with an 'exact' quote")
    if not quote.exact and not _says_something(raw.get("body", raw.get("bodyValue"))):
        raise NothingToAnchor(f"{where}: it annotates a whole resource and says nothing")
    source = _string(target, "source", where + " target")
    note_parts: list[str] = []
    tags: list[str] = []
    bodies = raw.get("body", [])
    if "bodyValue" in raw:  # the short form of one plain-text note
        bodies = [{"type": "TextualBody", "value": raw["bodyValue"]}]
    for body in _bodies(as_list(bodies), where):
        value = _string(body, "value", where + " body", multiline=True)
        if "value" not in body:  # a body elsewhere (a page, an image): kept as its link
            value = _string(body, "id", where + " body") or _string(body, "source", where + " body")
        if body.get("purpose") == "tagging" or "tagging" in as_list(body.get("purpose")):
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
    annotation_id = _stored_id(raw_id) if raw_id else new_annotation_id()
    # An IRI replaced by a derived UUID is kept beside it: the id it is exported with.
    derived = bool(raw_id) and annotation_id != raw_id.removeprefix("urn:uuid:").lower()
    source_id = raw_id if derived and is_iri(raw_id) else ""
    created = _timestamp(raw, "created", where)
    modified = _timestamp(raw, "modified", where) or created
    created = created or modified  # only a modified time: it was made then at the latest
    hash_ = _string(raw, "reader:textHash", where)
    made = _made_target(raw.get("reader:made"), where)
    annotation = Annotation(
        id=annotation_id,
        article_id=_safe_article_id(_string(raw, "reader:articleId", where)),
        target=made or Target(quote, position or TextPositionSelector(0, len(quote.exact)), hash_),
        color=color,
        note="\n\n".join(note_parts),
        tags=normalize_tags(tags),
        created=created,
        updated=modified,
        source_id=source_id,
        creator=_agent(raw.get("creator"), where),
        former=_former(raw.get("reader:former"), where),
        imported=_imported(raw.get("reader:imported")),
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
        _claimed_anchor(raw.get("reader:anchor"), position),
        quote if made is not None else None,
        article_author=_string(raw, "reader:articleAuthor", where),
        article_kind=_string(raw, "reader:articleKind", where)
        if raw.get("reader:articleKind") in ("book", "page")
        else "",
        article_identifiers=_identifiers(raw.get("reader:articleIdentifiers")),
    )


def _identifiers(value: Any) -> tuple[tuple[str, str], ...]:
    """A book's ids as exported (`[["asin", "B00X"], …]`); what is not a pair is left out."""
    if not isinstance(value, list):
        return ()
    return tuple(
        (strip_unsafe(valid_text(pair[0])), strip_unsafe(valid_text(pair[1])))
        for pair in value
        if isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) for v in pair)
    )


@dataclass(frozen=True)
class Deleted:
    """An annotation a file says was deleted (in another copy of the library), and when."""

    annotation_id: str
    article_id: str
    deleted: str


def _deleted(data: Any) -> list[Deleted]:
    """The deletions a reader export carries (`reader:deleted`); malformed ones left out."""
    entries = data.get("reader:deleted") if isinstance(data, dict) else None
    found = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        raw_id, when = entry.get("id"), entry.get("deleted")
        if isinstance(raw_id, str) and raw_id and isinstance(when, str) and is_time(when):
            article_id = entry.get("reader:articleId")
            article = (
                _safe_article_id(valid_text(article_id)) if isinstance(article_id, str) else ""
            )
            found.append(Deleted(_stored_id(valid_text(raw_id)), article, when))
    return found


def _former(value: Any, where: str) -> tuple[FormerQuote, ...]:
    """The passages an annotation had before (`reader:former`, in reader's own exports)."""
    if value is None:
        return ()
    keys = ("exact", "prefix", "suffix", "textHash", "until", "why")
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and all(isinstance(item.get(key, ""), str) for key in keys)
        for item in value
    ):
        raise ImportFileError(f"{where}: 'reader:former' must be a list of former passages")
    return tuple(
        FormerQuote(
            _string(item, "exact", where, multiline=True),
            _string(item, "prefix", where, multiline=True),
            _string(item, "suffix", where, multiline=True),
            _string(item, "textHash", where),
            _string(item, "until", where),
            _string(item, "why", where) or "accepted",
        )
        for item in value
    )


def _made_target(value: Any, where: str) -> Target | None:
    """The target as it was made (`reader:made`, in reader's own exports), when the file has
    one that reads; its selectors then say where it was last found."""
    if not isinstance(value, dict):
        return None
    start, end = value.get("start"), value.get("end")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
        return None
    if not 0 <= start < end < MAX_OFFSET:  # type: ignore[operator]
        return None
    place = where + " reader:made"
    exact = _string(value, "exact", place, multiline=True)
    if not exact.strip():
        return None
    quote = TextQuoteSelector(
        exact,
        _string(value, "prefix", place, multiline=True),
        _string(value, "suffix", place, multiline=True),
    )
    return Target(quote, TextPositionSelector(start, end), _string(value, "textHash", place))  # type: ignore[arg-type]


def _claimed_anchor(value: Any, position: TextPositionSelector | None) -> Anchor | None:
    """The `reader:anchor` a file gives, when it is one reader could have written."""
    if not isinstance(value, dict):
        return None
    if not isinstance(value.get("status"), str) or value["status"] not in _STATUSES:
        return None
    status = _STATUSES[value["status"]]
    score = value.get("score")
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
        return None
    if status is AnchorStatus.ORPHAN:
        return ORPHAN
    if position is None:
        return None
    return Anchor(status, position.start, position.end, float(score))


_STATUSES = {status.value: status for status in AnchorStatus}


@dataclass(frozen=True)
class ParsedImport:
    """What an import file holds: the good annotations, the refused ones and the skipped."""

    items: list[ImportItem]
    refused: list[str]
    """One line per annotation that breaks the model: its number and why."""
    skipped: list[str]
    """One line per valid annotation with nothing to anchor (a note on a whole page)."""
    deleted: list[Deleted] = field(default_factory=list)
    """Annotations the file says were deleted, to delete here too."""


def parse_import_file(text: str) -> ParsedImport:
    """Every annotation of an import file, sorted into good, refused and skipped, and the
    deletions it carries."""
    skipped: list[str] = []
    deleted: list[Deleted] = []
    items, refused = parse_import_items(text, skipped, deleted)
    return ParsedImport(items, refused, skipped, deleted)


def parse_import_items(
    text: str, skipped: list[str] | None = None, deleted: list[Deleted] | None = None
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
    if claims_w3c and W3C_CONTEXT not in contexts(data["@context"]):
        raise ImportFileError(f"its @context does not name {W3C_CONTEXT}")
    if (
        isinstance(data, dict)
        and not claims_w3c
        and W3C_TYPES.intersection(
            kind for kind in as_list(data.get("type")) if isinstance(kind, str)
        )
    ):
        raise ImportFileError(
            f"it has no @context: a W3C annotation file must name {W3C_CONTEXT}"
            " (add it, or give a JSON array of annotations)"
        )
    items: list[ImportItem] = []
    refused: list[str] = []
    seen: set[str] = set()
    if deleted is not None:
        deleted.extend(_deleted(data))
    for index, raw in enumerate(items_of(data)):
        where = f"item {index + 1}"
        problem = (
            must_problem(raw, claims_w3c or "@context" in raw) if isinstance(raw, dict) else None
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
            given = item.annotation.source_id or item.annotation.id
            refused.append(f"{where}: id {given} appears twice in the file")
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
