"""Importing W3C annotations: linking each one to an article and storing them in one write."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reader.core.anchoring import ORPHAN, Target, TextPositionSelector
from reader.core.annotations import (
    Annotation,
    Resolution,
    parse_iso,
    resolution_at,
    resolution_for,
)
from reader.core.annotations.placing import separate_occurrences
from reader.core.articles import Article, ArticleError, article_id_for, load_article, text_hash
from reader.core.export import Deleted, ImportItem, source_path
from reader.core.files import is_regular_file
from reader.core.library.identity import register
from reader.core.library.library import is_article_file
from reader.core.store import AnnotationStore, Transaction


@dataclass(frozen=True)
class ImportSummary:
    """What an import did."""

    imported: int
    updated: int
    unchanged: int
    fields: tuple[str, ...] = ()
    """The fields the updates changed."""
    kept_deleted: int = 0
    """Annotations deleted here since, left deleted."""
    deleted: int = 0
    """Annotations the file says were deleted in another copy, deleted here too."""

    def __str__(self) -> str:
        changed = f" ({', '.join(self.fields)})" if self.fields else ""
        return (
            f"imported {self.imported}, updated {self.updated}{changed}, unchanged {self.unchanged}"
        )


class DryRun(Exception):
    """Raised at the end of a dry run's write, so that nothing is written."""


def _is_newer(imported: str, existing: str) -> bool:
    new, old = parse_iso(imported), parse_iso(existing)
    if new is None:
        return False
    return old is None or new > old


def may_read(path: Path, known: set[str], allowed: Sequence[Path]) -> bool:
    """True when an import may read `path` as an article.

    A shared annotation file is data, not a list of files to open: its `target.source` is read
    only when it is an article file (a regular file with an article suffix) that the library
    already knows, or that the user named (or that lies, links resolved, inside a folder the
    user named). Anything else — `../.git-credentials`, `/etc/shadow` — is never opened.
    """
    if not is_article_file(path) or not is_regular_file(path):
        return False
    absolute = path.absolute()
    resolved = absolute.resolve()
    if str(absolute) in known or str(resolved) in known:
        return True
    for root in allowed:
        root = root.absolute().resolve()
        if resolved == root or resolved.is_relative_to(root) and root.is_dir():
            return True
    return False


def import_annotations(
    store: AnnotationStore,
    items: Sequence[ImportItem],
    base: Path,
    allowed: Sequence[Path] = (),
    dry_run: bool = False,
    deleted: Sequence[Deleted] = (),
) -> ImportSummary:
    """Link imported annotations to articles and store them, in one write.

    A source file the import may read (see `may_read`; `allowed` are the files and folders the
    user named) is loaded and anchored against; else an article with the same text hash,
    then the same path; else a missing article is recorded with the title the file gives, and
    the annotation kept as an orphan. Updates change only what the file changes. What the
    file says was deleted in another copy is deleted here (unless edited here since), or
    remembered as deleted. With `dry_run`, everything is worked out and nothing is written.
    """
    with store.reading() as view:
        known = {seen.path for record in view.articles() for seen in record.paths}
    loaded: dict[str, tuple[Article, tuple[int, int]] | None] = {}
    for item in items:
        if item.source in loaded:
            continue
        loaded[item.source] = None
        path = source_path(item.source, base)
        if path is not None and may_read(path, known, allowed):
            try:
                article = load_article(path.absolute())
            except ArticleError:
                continue
            seen = os.stat(path)
            loaded[item.source] = (article, (seen.st_size, seen.st_mtime_ns))
    imported = updated = unchanged = kept_deleted = 0
    fields: set[str] = set()
    try:
        with store.writing(force_backup=True) as tx:
            articles: dict[tuple[str, str, str], Article | str] = {}
            read: dict[str, Article] = {}
            for item in items:
                key = (item.source, item.text_hash, item.article_id)
                if key not in articles:
                    found = loaded.get(item.source)
                    if found is not None:
                        article, stat = found
                        articles[key] = register(tx, article, stat, preferred_id=item.article_id)
                    else:
                        path = source_path(item.source, base)
                        by_hash = tx.article_for_hash(item.text_hash) if item.text_hash else None
                        record = by_hash or (
                            tx.article_for_path(str(path.absolute())) if path is not None else None
                        )
                        if record is None:
                            article_id = item.article_id or article_id_for(text_hash(item.source))
                            title = item.article_title or (
                                path.stem if path is not None else item.source
                            )
                            # A file named relative to the import file is that file, as a URI;
                            # reader's own name for an article with no file is no source.
                            source = path.absolute().as_uri() if path is not None else item.source
                            if source.startswith("urn:reader:article:"):
                                source = ""
                            record = tx.add_missing_article(
                                article_id,
                                title or "Untitled",
                                item.text_hash,
                                source,
                                item.article_author,
                                item.article_kind,
                                item.article_identifiers,
                            )
                        articles[key] = record.id
                linked = articles[key]
                annotation = item.annotation
                if isinstance(linked, Article):
                    annotation = replace(annotation, article_id=linked.id)
                    annotation = placed(annotation, item, linked)
                    read[linked.id] = linked
                else:
                    annotation = replace(annotation, article_id=linked)
                    if tx.article(linked) is not None and not tx.article(linked).paths:  # type: ignore[union-attr]
                        annotation = replace(annotation, resolution=unread(annotation, item))
                if tx.is_deleted(annotation.id):
                    kept_deleted += 1  # deleted here: `reader db deleted` brings it back
                    continue
                existing = tx.annotation(annotation.id)
                if not annotation.created:  # a file without times: when it came into the library
                    now = tx.now()
                    annotation = replace(annotation, created=now, updated=annotation.updated or now)
                if existing is None:
                    tx.put(annotation)
                    imported += 1
                    continue
                changes = _field_updates(existing, annotation, item, tx.edited(existing.id))
                if changes:
                    tx.put(replace(existing, **changes, updated=annotation.updated))  # type: ignore[arg-type]
                    updated += 1
                    fields.update(changes)
                else:
                    unchanged += 1
            for article in read.values():
                separate_in_article(tx, article)
            removed = sum(_deleted_here(tx, gone) for gone in deleted)
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    return ImportSummary(imported, updated, unchanged, tuple(sorted(fields)), kept_deleted, removed)


def _deleted_here(tx: Transaction, gone: Deleted) -> bool:
    """Delete what another copy deleted, unless it was edited here after (then it stays);
    remember the deletion of what this copy never had. True when one was deleted."""
    existing = tx.annotation(gone.annotation_id)
    if existing is None:
        tx.mark_deleted(gone.annotation_id, gone.article_id, gone.deleted)
        return False
    if _is_newer(existing.updated, gone.deleted):
        return False
    tx.remove(gone.annotation_id)
    return True


def separate_in_article(tx: Transaction, article: Article) -> None:
    """No two annotations made on different occurrences share a passage of this article,
    the imported among those already there (a restored orphan never lands on its twin)."""
    here = [
        item
        for item in tx.annotations(article.id)
        if item.resolution is not None and item.resolution.text_hash == article.hash
    ]
    for before, after in zip(here, separate_occurrences(here), strict=True):
        if after.resolution is not None and after.resolution != before.resolution:
            tx.set_resolution(after.id, after.resolution)


def unread(annotation: Annotation, item: ImportItem) -> Resolution:
    """Where the file says an annotation of an article not read here was last found.

    Kept as the file gives it (an export round-trips whole), with no text hash: it was not
    checked against any text, so the article's text, once read, places it afresh.
    """
    claimed, quote = item.claimed, item.latest or annotation.target.quote
    anchor = claimed if claimed is not None and not claimed.is_orphan else ORPHAN
    return Resolution("", anchor, quote.exact, quote.prefix, quote.suffix)


def placed(annotation: Annotation, item: ImportItem, article: Article) -> Annotation:
    """An imported annotation placed in the article's text.

    Where the file says it was found is kept only when this is the text it was found in and
    the words there are its quote (a restored fuzzy match stays fuzzy, with its score); else
    it is looked for afresh, as made and as last found. A quote with no position is looked
    for by its words alone, and reported as found (fuzzy, with its score) until accepted.
    """
    claimed, quote = item.claimed, item.latest or annotation.target.quote
    if (
        claimed is not None
        and not claimed.is_orphan
        and item.text_hash == article.hash
        and article.text[claimed.start : claimed.end] == quote.exact
    ):
        return replace(annotation, resolution=resolution_at(article.text, article.hash, claimed))
    if not item.has_position and item.latest is None:  # a quote alone (no reader:made)
        probe = resolution_for(annotation, article)
        if not probe.anchor.is_orphan:
            # Where it was found is its place from now on: the quote stays as given, and the
            # text hash as given too, so the place is judged by quote and context, never
            # taken on trust.
            hint = TextPositionSelector(probe.anchor.start, probe.anchor.end)
            target = Target(annotation.target.quote, hint, annotation.target.text_hash)
            annotation = replace(annotation, target=target)
            return replace(annotation, resolution=resolution_for(annotation, article))
        return replace(annotation, resolution=probe)
    last = unread(annotation, item) if item.claimed is not None else None
    return replace(
        annotation, resolution=resolution_for(replace(annotation, resolution=last), article)
    )


def _field_updates(
    existing: Annotation, imported: Annotation, item: ImportItem, edited: dict[str, str]
) -> dict[str, object]:
    """The fields the file changes: those it gives, that differ, from a file time later than
    the stored record's, and not edited in reader since that time."""
    if not _is_newer(imported.updated, existing.updated):
        return {}
    changes: dict[str, object] = {}
    for name in item.fields:
        if getattr(imported, name) == getattr(existing, name):
            continue
        if name in edited and not _is_newer(imported.updated, edited[name]):
            continue  # the reader changed it after the file was written: theirs stays
        changes[name] = getattr(imported, name)
    return changes
