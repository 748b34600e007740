"""The library: finding article files, giving them stable ids, anchoring their annotations.

This is where loading, the store and anchoring meet; the CLI and the app both go through it.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reader.core.annotations import Annotation, ArticleAnnotations, Resolution, resolution_for
from reader.core.annotations.placing import separate_occurrences
from reader.core.articles import ARTICLE_SUFFIXES, Article, ArticleError, load_article
from reader.core.library.identity import identify, register, registration_needed, relink
from reader.core.store import (
    AnnotationStore,
    ArticleRecord,
    DamagedDatabase,
    PathRecord,
    StoreError,
)


def is_article_file(path: Path) -> bool:
    """True for a file whose ending `reader` opens."""
    return path.suffix.lower() in ARTICLE_SUFFIXES and not path.name.startswith(".")


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given and the article files inside folders (recursively, hidden ones skipped).

    Raises ArticleError for a path that does not exist or a folder with no articles in it.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                Path(root) / name
                for root, folders, files in os.walk(path)
                for name in files
                if is_article_file(Path(name))
                and not any(part.startswith(".") for part in Path(root).relative_to(path).parts)
            )
            if not inside:
                suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
                raise ArticleError(
                    path, f"this folder has no articles (files ending in {suffixes})"
                )
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            raise ArticleError(path, "no such file or folder")
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.absolute(), None)
    return list(unique)


def last_seen_path(record: ArticleRecord) -> str:
    """The path an article's file was seen at most recently (by the file's time then)."""
    return max(record.paths, key=lambda seen: seen.mtime_ns).path if record.paths else ""


def locate_file(record: ArticleRecord | None) -> Path | None:
    """Where an article's file is now: the first of its known paths that is a file."""
    if record is None:
        return None
    return next((Path(seen.path) for seen in record.paths if os.path.isfile(seen.path)), None)


@dataclass(frozen=True)
class OpenedArticle:
    """An article file read and identified, with what the store remembers of it."""

    article: Article
    """The article, with its stable id."""
    stat: tuple[int, int]
    """The file's (size, mtime_ns) when it was read."""
    position: int
    """Where the reader left it (0 for an article never read)."""
    needs_registration: bool
    """True when the store does not yet know the article at this path as it is now."""


@dataclass(frozen=True)
class Anchored:
    """An article's annotations placed in its current text, and the places newly found."""

    annotations: list[Annotation]
    changed: list[tuple[str, Resolution]]
    """(annotation id, resolution) pairs that differ from the stored ones: worth remembering."""


class Library:
    """Opens articles against a store: stable ids, re-anchoring, and remembered results.

    With `persist=False` nothing is written (read-only commands on a database that does not
    exist yet must create nothing).
    """

    def __init__(self, store: AnnotationStore, persist: bool = True) -> None:
        self.store = store
        self.persist = persist
        self.skipped: list[str] = []
        """Files the last `collect` could not read, each with its reason."""

    def load(self, path: Path) -> OpenedArticle:
        """Read an article file and find its stable id; nothing is written (see `register`)."""
        path = path.absolute()
        article = load_article(path)
        seen = path.stat()
        stat = (seen.st_size, seen.st_mtime_ns)
        with self.store.reading() as view:
            article_id, previous_owner = identify(view, article)
            record = view.article(article_id)
            # Another record still claiming this path (identify says which) means a move.
            needed = previous_owner is not None or registration_needed(
                view, replace(article, id=article_id), stat
            )
        article = replace(article, id=article_id)
        return OpenedArticle(article, stat, record.position if record is not None else 0, needed)

    def register(self, opened: OpenedArticle) -> Article:
        """Record an opened article in the store (a write; returns it with its final id)."""
        if not self.persist:
            return opened.article
        with self.store.writing() as tx:
            return register(tx, opened.article, opened.stat)

    def relink(self, article_id: str, path: Path) -> Article:
        """Point an article whose file is gone at `path` (a write: the saver's job in the app).
        An unreadable file raises ArticleError or OSError; a path another annotated article
        has, ValueError."""
        path = path.absolute()
        article = load_article(path)
        seen = path.stat()
        with self.store.writing() as tx:
            return relink(tx, article_id, article, (seen.st_size, seen.st_mtime_ns))

    def forget_annotations(self, article_id: str) -> int:
        """Delete every annotation of an article (one whose file is gone); how many there were."""
        with self.store.writing() as tx:
            annotations = tx.annotations(article_id)
            for annotation in annotations:
                tx.remove(annotation.id)
        return len(annotations)

    def open(self, path: Path) -> Article:
        """Load an article and register it at once (for commands and tests, not the UI thread)."""
        opened = self.load(path)
        return self.register(opened) if opened.needs_registration else opened.article

    def locate(self, record: ArticleRecord) -> Path | None:
        """Where an article's file is now (see `locate_file`)."""
        return locate_file(record)

    def remember_position(self, article_id: str, position: int, progress: int) -> None:
        """Save the reader's place in an article (a write)."""
        if self.persist:
            self.store.set_reading_position(article_id, position, progress)

    def anchored(self, article: Article) -> Anchored:
        """The article's annotations placed in its current text; only reads the store."""
        annotations = self.store.for_article(article.id)
        placed = []
        for item in annotations:
            resolution = resolution_for(item, article)
            # Most were found in this very text before: the stored object is kept as it is.
            keep = resolution is item.resolution
            placed.append(item if keep else replace(item, resolution=resolution))
        resolved = separate_occurrences(placed)
        changed = [
            (item.id, item.resolution)
            for item, before in zip(resolved, annotations, strict=True)
            if item.resolution is not None and item.resolution != before.resolution
        ]
        return Anchored(resolved, changed)

    def save_resolutions(self, changed: Sequence[tuple[str, Resolution]]) -> None:
        """Remember where annotations were found, so unchanged articles are not re-anchored."""
        if self.persist and changed:
            self.store.save_resolutions(changed)

    def unchanged_file(self, record: ArticleRecord) -> PathRecord | None:
        """A path of the article whose file has the size and mtime last seen (no need to read)."""
        for seen in record.paths:
            try:
                stat = os.stat(seen.path)
            except OSError:
                continue
            if (stat.st_size, stat.st_mtime_ns) == (seen.size, seen.mtime_ns):
                return seen
        return None

    def each_group(self, only: Collection[str] | None = None) -> Iterator[ArticleAnnotations]:
        """Every annotated article of the store with its annotations, one article at a time
        (an export of the whole library holds one article's annotations, not all of them).

        In order of title as the library knows it; an article whose record was lost comes by
        its id, marked missing. Each article is read in a view of its own, so that the store's
        other readers and its writer never wait for a whole export. Files unchanged since they
        were last read are not read again when every annotation has a resolution for their
        text; what had to be re-read is remembered in one write after the last article. `only`
        keeps the walk to some articles' ids.
        """
        self.skipped = []
        records, order = annotated_articles(self.store)
        pending: list[tuple[Article, tuple[int, int], list[Annotation]]] = []
        for article_id in order:
            if only is not None and article_id not in only:
                continue
            with self.store.reading() as view:
                annotations = view.read_annotations(article_id)
            record = records.get(article_id)
            if not annotations:
                continue  # deleted since the walk began
            if record is None:  # annotations whose article record was lost still export
                yield ArticleAnnotations(
                    article_id, article_id, None, "", tuple(annotations), missing=True
                )
            else:
                yield self._collect_record(record, annotations, pending)
        if self.persist and pending:
            self._remember(pending)

    def collect(self, paths: Sequence[Path] | None = None) -> list[ArticleAnnotations]:
        """Annotations grouped by article: of the given files and folders, or (as `each_group`)
        of the whole store.

        Files unchanged since they were last read are not read again when every annotation has
        a resolution for their text; what had to be re-read and re-anchored is remembered in
        one write at the end.
        """
        if paths is None:
            return list(self.each_group())
        files = expand_paths(paths)
        with self.store.reading() as view:
            by_article: dict[str, list[Annotation]] = {}
            loaded: list[tuple[Article, tuple[int, int]]] = []
            self.skipped = []
            for path in files:
                try:
                    article = load_article(path)
                except ArticleError as error:
                    if len(files) == 1:
                        raise  # the one file asked for: its reason is the answer
                    self.skipped.append(str(error))  # one bad file never stops the rest
                    continue
                seen = path.stat()
                article_id, _ = identify(view, article)
                by_article.setdefault(article_id, view.annotations(article_id))
                loaded.append((replace(article, id=article_id), (seen.st_size, seen.st_mtime_ns)))
        pending: list[tuple[Article, tuple[int, int], list[Annotation]]] = []
        groups: list[ArticleAnnotations] = []
        for article, size_and_time in loaded:
            resolved = self._resolve_all(by_article.get(article.id, []), article)
            pending.append((article, size_and_time, resolved))
            groups.append(_group_of(article, resolved))
        if self.persist and pending:
            self._remember(pending)
        return groups

    @staticmethod
    def _resolve_all(annotations: list[Annotation], article: Article) -> list[Annotation]:
        return separate_occurrences(
            [replace(item, resolution=resolution_for(item, article)) for item in annotations]
        )

    def _remember(self, pending: list[tuple[Article, tuple[int, int], list[Annotation]]]) -> None:
        """Register re-read articles and store new resolutions, all in one write.

        Only a cache: when the database cannot be written (a full disk, a read-only folder),
        what was read is still returned, and it is simply read again next time.
        """
        try:
            with self.store.writing() as tx:
                for article, stat, resolved in pending:
                    register(tx, article, stat)
                    for item in resolved:
                        if item.resolution is not None:
                            tx.set_resolution(item.id, item.resolution)
        except DamagedDatabase:
            raise  # a damaged file is never passed over in silence
        except StoreError:
            pass

    def _collect_record(
        self,
        record: ArticleRecord,
        annotations: list[Annotation],
        pending: list[tuple[Article, tuple[int, int], list[Annotation]]],
    ) -> ArticleAnnotations:
        seen = self.unchanged_file(record)
        if seen is not None and all(
            item.resolution is not None and item.resolution.text_hash == seen.hash
            for item in annotations
        ):
            return ArticleAnnotations(
                record.id,
                seen.title or record.title,
                Path(seen.path),
                seen.hash,
                tuple(annotations),
                author=record.author,
                source=record.source,
                date=record.date,
            )
        for candidate in [seen.path] if seen is not None else [item.path for item in record.paths]:
            try:
                article = replace(load_article(Path(candidate)), id=record.id)
                stat = os.stat(candidate)
            except (ArticleError, OSError):
                continue
            resolved = self._resolve_all(annotations, article)
            pending.append((article, (stat.st_size, stat.st_mtime_ns), resolved))
            return _group_of(article, resolved)
        return ArticleAnnotations(
            record.id,
            record.title,
            None,
            record.hash,
            tuple(annotations),
            missing=True,
            author=record.author,
            source=record.source,
            date=record.date,
            kind=record.kind,
            identifiers=record.identifiers,
        )


def annotated_articles(store: AnnotationStore) -> tuple[dict[str, ArticleRecord], list[str]]:
    """The library's article records by id, and the id of every article with annotations in
    the order a walk over the library takes them: by title as the library knows it (an
    article whose record was lost, by its id)."""
    with store.reading() as view:
        records = {record.id: record for record in view.articles()}
        counts = view.annotation_counts()
    order = sorted(
        ((records[key].title if key in records else key).casefold(), key)
        for key, count in counts.items()
        if count
    )
    return records, [key for _, key in order]


def _group_of(article: Article, annotations: list[Annotation]) -> ArticleAnnotations:
    return ArticleAnnotations(
        article.id,
        article.title,
        article.path,
        article.hash,
        tuple(annotations),
        author=article.author,
        source=article.source,
        date=article.date,
    )
