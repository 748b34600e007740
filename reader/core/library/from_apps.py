"""Importing other apps' highlights: ids from their keys, a ledger of what came in, tombstones
respected, and each source linked to a library article only when it is surely that article."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from reader.core.annotations import (
    Agent,
    Annotation,
    normalize_tags,
    parse_iso,
)
from reader.core.annotations.source_facts import facts_order
from reader.core.articles import Article, ArticleError, load_article
from reader.core.articles.text import collapse_whitespace
from reader.core.imports import Foreign, ForeignSource, source_article_id
from reader.core.imports.sources import same_source
from reader.core.library.foreign_places import (
    Span,
    foreign_target,
    nearest_clearly,
    ordered_places,
    placed_import,
    unread_place,
)
from reader.core.library.importing import DryRun, separate_in_article
from reader.core.library.library import locate_file
from reader.core.library.review import MOST_QUOTES
from reader.core.store import AnnotationStore, ArticleRecord, Transaction
from reader.core.store.ledger import LEDGER_FIELDS, ledger_entry

STANDALONE = "no library article has its URL, or its title and author"
"""Why most sources stand alone."""


@dataclass(frozen=True)
class SourceOutcome:
    """Where one source's items went, and why."""

    title: str
    author: str
    items: int
    article_id: str
    linked: str
    """The library article it was linked to (its path), or "" when it stands alone."""
    reason: str


@dataclass
class ForeignSummary:
    """What an import of other apps' items did (or, in a dry run, would do)."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_deleted: int = 0
    merged: int = 0
    """Items given more than once (in two files): the newest kept."""
    older: int = 0
    """Items older at the source than when they were last imported (an older copy)."""
    kept_yours: int = 0
    """Items changed at the source in a field edited here since: the edit here kept."""
    fields: set[str] = field(default_factory=set)
    sources: list[SourceOutcome] = field(default_factory=list)


@dataclass(frozen=True)
class _Plan:
    source: ForeignSource
    items: list[Foreign]
    article_id: str
    article: Article | None
    outcome: SourceOutcome
    places: dict[str, Span] = field(default_factory=dict)
    """Where the order of the source's highlights places quotes it gives no context for."""


def _quotes(items: Sequence[Foreign]) -> list[str]:
    return [collapse_whitespace(item.quote) for item in items if item.quote.strip()]


def _plan(
    store: AnnotationStore,
    records: Sequence[ArticleRecord],
    source: ForeignSource,
    items: list[Foreign],
) -> _Plan:
    """Which article a source's items go to: the one it was linked to before; else a library
    article with a strong key that holds most of its quotes; else its own source record.
    `records` are the library's articles with a file (read once for the whole import)."""
    own = source_article_id(source.key)

    def alone(reason: str) -> _Plan:
        outcome = SourceOutcome(source.title, source.author, len(items), own, "", reason)
        return _Plan(source, items, own, None, outcome)

    with store.reading() as view:
        known = view.import_source(own)
        linked = view.article(known["article_id"]) if known and known.get("article_id") else None
    if linked is not None and linked.id != own:
        path = locate_file(linked)
        article = _load(path) if path is not None else None
        outcome = SourceOutcome(
            source.title, source.author, len(items), linked.id, str(path or ""), "linked before"
        )
        return _Plan(source, items, linked.id, article, outcome)
    quotes: list[str] | None = None  # looked for only in an article a strong key names
    near: list[str] = []
    for record in records:
        why = same_source(
            source.url, source.title, source.author, record.source, record.title, record.author
        )
        if not why:
            continue
        quotes = _quotes(items) if quotes is None else quotes
        path = locate_file(record)
        article = _load(path) if path is not None else None
        if article is None:
            near.append(f"{record.title} has {why} but its file cannot be read")
            continue
        text = collapse_whitespace(article.text)
        held = sum(quote in text for quote in quotes)
        if held >= MOST_QUOTES * len(quotes):
            reason = f"{why}, and holds {held} of its {len(quotes)} quotes"
            outcome = SourceOutcome(
                source.title, source.author, len(items), record.id, str(path), reason
            )
            return _Plan(source, items, record.id, article, outcome)
        near.append(f"{path} has {why} but holds only {held} of its {len(quotes)} quotes")
    if near:
        return alone(near[0])
    return alone(STANDALONE)


def _load(path: Any) -> Article | None:
    try:
        return load_article(path)
    except (ArticleError, OSError):
        return None


def _values(item: Foreign) -> dict[str, Any]:
    return {
        "quote": item.quote,
        "note": item.note,
        "tags": list(normalize_tags(item.tags)),
        "color": item.color.value,
    }


def _current(annotation: Annotation) -> dict[str, Any]:
    return {
        "quote": annotation.target.quote.exact,
        "note": annotation.note,
        "tags": list(annotation.tags),
        "color": annotation.color.value,
    }


def _with_places(plan: _Plan) -> _Plan:
    if plan.article is None:
        return plan  # a book with no file: its quotes are read as they are
    entries = [
        (facts_order(item.facts, item.created), item.annotation_id, foreign_target(item, {}).quote)
        for item in plan.items
        if item.quote.strip()
    ]
    places = ordered_places(entries, plan.article)
    for item in plan.items:
        if item.annotation_id in places or item.position_hint is None:
            continue
        if item.quote.strip() and not (item.prefix or item.suffix):
            place = nearest_clearly(item, plan.article.text)
            if place is not None:
                places[item.annotation_id] = place
    return replace(plan, places=places)


def _creator(item: Foreign) -> Agent | None:
    user = item.facts.get("user") if item.facts is not None else ""
    return Agent(id=f"acct:{user}", kind="Person", name=user) if user and "@" in user else None


def _new(item: Foreign, plan: _Plan, now: str) -> Annotation:
    target = foreign_target(item, plan.places)
    annotation = Annotation(
        id=item.annotation_id,
        article_id=plan.article_id,
        target=target,
        color=item.color,
        note=item.note,
        tags=item.tags,
        created=item.created or now,
        updated=item.updated or item.created or now,
        creator=_creator(item),
        imported=item.facts,
        # A book with no file: its quote is what is read (made at once, as placed_import would:
        # an import of a whole device is thousands of them).
        resolution=unread_place(target) if plan.article is None and item.quote.strip() else None,
    )
    return annotation if plan.article is None else placed_import(annotation, plan.article)


def _changed(
    item: Foreign, existing: Annotation, ledger: dict[str, Any] | None, tx: Transaction
) -> tuple[dict[str, Any], set[str]]:
    """The fields the source changed since it was last imported, less those the reader
    edited here since then (theirs stays: the second value names them) and those already
    as the source has them. With no ledger entry (the annotation came from a backup, or
    another copy), nothing is known of what the source had: every field that differs is
    taken as the reader's. A note added at the source to one edited here is joined to it."""
    new = _values(item)
    current = _current(existing)
    if ledger is None:
        return {}, {name for name in LEDGER_FIELDS if new[name] != current[name]}
    last = ledger.get("values", {})
    since = ledger.get("last", "")
    edited = tx.edited(existing.id)
    changes: dict[str, Any] = {}
    kept: set[str] = set()
    for name in LEDGER_FIELDS:
        if new[name] == last.get(name) or new[name] == current[name]:
            continue
        if name == "note" and _lost_replies(str(last.get(name, "")), new[name]):
            continue  # a file without the replies it had before: they stay
        if (name == "quote" and existing.former) or (name in edited and edited[name] > since):
            added = _added_note(str(last.get(name, "")), new[name]) if name == "note" else ""
            if added and added not in existing.note:
                changes[name] = f"{existing.note.rstrip()}\n\n{added}"
            else:
                kept.add(name)  # the reader moved it by hand, or edited it here since
            continue
        changes[name] = new[name]
    return changes, kept


def _added_note(last: str, new: str) -> str:
    """What the source added after the note it had (a second Kindle note on a highlight),
    "" when it changed it otherwise."""
    return new[len(last) :].strip() if last and new.startswith(last) else ""


def _lost_replies(last: str, new: str) -> bool:
    """True when the source's note is the one it had less the replies joined to it (an
    export of the annotation without its replies), which are not taken away."""
    return bool(new) and last.startswith(new) and "\n\n— " in last[len(new) :]


def _zone_shift(item: Foreign, ledger: dict[str, Any] | None) -> timedelta | None:
    """How far the same source moment moved since the last import: a re-import read in
    another time zone (None when the times cannot say)."""
    before, now = parse_iso(ledger.get("created")) if ledger else None, parse_iso(item.created)
    return now - before if before is not None and now is not None else None


def _is_older(item: Foreign, ledger: dict[str, Any] | None, shift: timedelta | None) -> bool:
    """True when the item was last changed at the source before the copy last imported was
    (an older copy of the export, whose shorter quote must not undo a resize)."""
    before, now = parse_iso(ledger.get("changed")) if ledger else None, parse_iso(item.updated)
    if before is None or now is None or shift is None:
        return False
    return now - shift < before


def _update(
    existing: Annotation, item: Foreign, changes: dict[str, Any], plan: _Plan
) -> Annotation:
    values: dict[str, Any] = {
        name: value for name, value in changes.items() if name in ("note", "tags")
    }
    if "tags" in values:
        values["tags"] = tuple(values["tags"])
    if "color" in changes:
        values["color"] = item.color
    updated = replace(existing, **values, updated=item.updated or existing.updated)
    updated = replace(updated, imported=item.facts or existing.imported)
    if "quote" in changes:  # resized at the source: looked for afresh
        updated = placed_import(
            replace(updated, target=foreign_target(item, plan.places)), plan.article
        )
    return updated


def _record_source(tx: Transaction, plan: _Plan) -> None:
    source = plan.source
    own = source_article_id(source.key)
    if plan.article_id == own:
        tx.add_missing_article(
            own, source.title, "", source.url, source.author, source.kind, source.identifiers
        )
    doc = {
        "key": source.key,
        "title": source.title,
        "author": source.author,
        "kind": source.kind,
        "identifiers": [list(pair) for pair in source.identifiers],
        "article_id": plan.article_id,
    }
    if tx.import_source(own) != doc:
        tx.put_import_source(own, doc)


def import_foreign(
    store: AnnotationStore, items: Sequence[Foreign], dry_run: bool = False
) -> ForeignSummary:
    """Store other apps' items, in one write: new ones added, those changed at the source
    updated field by field, those the reader deleted here left deleted. With `dry_run`,
    everything is worked out and nothing is written."""
    unique: dict[str, Foreign] = {}
    for item in items:  # the same item in two files (two copies of one export): the newest
        known = unique.get(item.annotation_id)
        if known is None or item.updated >= known.updated:
            unique[item.annotation_id] = item
    merged = len(items) - len(unique)
    groups: dict[str, list[Foreign]] = {}
    sources: dict[str, ForeignSource] = {}
    for item in unique.values():
        groups.setdefault(item.source.key, []).append(item)
        sources.setdefault(item.source.key, item.source)
    with store.reading() as view:
        records = [record for record in view.articles() if record.paths and not record.kind]
    plans = [
        _with_places(_plan(store, records, sources[key], group)) for key, group in groups.items()
    ]
    summary = ForeignSummary(sources=[plan.outcome for plan in plans], merged=merged)
    try:
        with store.writing(force_backup=True) as tx:
            now = tx.now()  # one write: one time for all of it
            for plan in plans:
                _record_source(tx, plan)
                for item in plan.items:
                    _import_item(tx, item, plan, summary, now)
                if plan.article is not None:
                    separate_in_article(tx, plan.article)
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return summary


def _as_last_imported(item: Foreign, ledger: dict[str, Any] | None) -> bool:
    """True when the source gives the item with the values and times the ledger has."""
    return (
        ledger is not None
        and ledger.get("values") == _values(item)
        and (ledger.get("created"), ledger.get("changed")) == _times(item)
    )


def _times(item: Foreign) -> tuple[str, str]:
    return item.created, item.updated or item.created


def _ledger_time(ledger: dict[str, Any] | None) -> str:
    """When the item was last changed at the source, as last imported."""
    return str(ledger.get("changed", "")) if ledger else ""


def _import_item(
    tx: Transaction, item: Foreign, plan: _Plan, summary: ForeignSummary, now: str
) -> None:
    annotation_id = item.annotation_id
    if tx.is_deleted(annotation_id):
        summary.kept_deleted += 1
        return
    ledger = tx.ledger(annotation_id)
    if _as_last_imported(item, ledger) and tx.has_annotation(annotation_id):
        summary.unchanged += 1  # the source says what it said the last time: nothing to do
        return
    existing = tx.annotation(annotation_id)
    values = _values(item)
    if existing is None:
        tx.put(_new(item, plan, now))
        entry = ledger_entry(item.format, item.key, plan.article_id, values, now, "", _times(item))
        tx.put_ledger(annotation_id, entry)
        summary.imported += 1
        return
    shift = _zone_shift(item, ledger)
    if _is_older(item, ledger, shift):
        summary.older += 1
        return
    changes, kept = _changed(item, existing, ledger, tx)
    updated = _update(existing, item, changes, plan) if changes else existing
    if shift:  # the same moments, read in the right time zone this time
        updated = replace(
            updated,
            created=item.created or updated.created,
            updated=item.updated if existing.updated == _ledger_time(ledger) else updated.updated,
        )
        changes["time"] = item.created
    if changes:
        tx.put(updated)
        summary.updated += 1
        summary.fields.update(changes)
    else:
        summary.unchanged += 1
    summary.kept_yours += bool(kept)
    if ledger is None or ledger.get("values") != values or shift:
        first = ledger.get("first", "") if ledger is not None else ""
        entry = ledger_entry(
            item.format, item.key, plan.article_id, values, now, first, _times(item)
        )
        tx.put_ledger(annotation_id, entry)
