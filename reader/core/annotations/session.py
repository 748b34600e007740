"""The annotation session: the one owner of an open article's annotations.

The reading screen asks it to highlight, recolour, note, tag, delete, undo and redo; each call
returns the change made (for the saver and the views) or the reason it could not be made.
It knows nothing of the terminal or of the store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from reader.core.anchoring import Anchor, AnchorStatus, make_target
from reader.core.annotations.groups import ArticleAnnotations
from reader.core.annotations.history import Change, History
from reader.core.annotations.model import (
    Annotation,
    Color,
    iso_utc,
    new_annotation_id,
    resolution_at,
    utc_now,
)
from reader.core.annotations.ordering import in_reading_order
from reader.core.annotations.repair import accepted, detached, reattached
from reader.core.annotations.spans import Span, SpanIndex
from reader.core.annotations.tags import normalize_tags
from reader.core.articles import Article
from reader.core.articles.words import whole_words


@dataclass(frozen=True)
class Refused:
    """A request that changed nothing, and why (said to the reader as it is)."""

    reason: str
    annotation_id: str | None = None
    """The annotation the request was about, when there is one (e.g. already highlighted)."""


Outcome = Change | Refused
"""What every session call returns."""


def _span_of(annotation: Annotation) -> Span | None:
    resolution = annotation.resolution
    if resolution is None or resolution.anchor.is_orphan:
        return None
    return Span(resolution.anchor.start, resolution.anchor.end, annotation.id, annotation.color)


class AnnotationSession:
    """The annotations of one open article, their places, and the history of their changes."""

    def __init__(
        self,
        article: Article,
        annotations: Iterable[Annotation] = (),
        clock: Callable[[], datetime] = utc_now,
        default_color: Color = Color.YELLOW,
    ) -> None:
        self.article = article
        self.default_color = default_color
        self.history = History()
        self._clock = clock
        self._annotations: dict[str, Annotation] = {}
        self.spans: SpanIndex[Span] = SpanIndex()
        """The placed annotations, by their ranges in the text (shared with the article view)."""
        self.loaded = False
        """True once the store's annotations have been given (see `load`)."""
        for annotation in annotations:
            self._put(annotation)

    # Reading -------------------------------------------------------------------------------

    def load(self, annotations: Iterable[Annotation]) -> None:
        """Take the article's annotations as read from the store (the first time)."""
        self._annotations.clear()
        self.spans = SpanIndex()
        spans = []
        for annotation in annotations:
            self._annotations[annotation.id] = annotation
            span = _span_of(annotation)
            if span is not None:
                spans.append(span)
        self.spans = SpanIndex(spans)
        self.loaded = True

    def get(self, annotation_id: str | None) -> Annotation | None:
        """One annotation by id."""
        return self._annotations.get(annotation_id) if annotation_id is not None else None

    def __len__(self) -> int:
        return len(self._annotations)

    @property
    def annotations(self) -> Sequence[Annotation]:
        """Every annotation (in no particular order)."""
        return list(self._annotations.values())

    def in_reading_order(self) -> tuple[list[Annotation], list[Annotation]]:
        """Placed annotations in reading order, and orphans."""
        return in_reading_order(self._annotations.values())

    def under(self, offset: int) -> Annotation | None:
        """The annotation "under" `offset`: the shortest one containing it."""
        found = self.spans.containing(offset)
        return self._annotations.get(found[0].id) if found else None

    def next_after(self, offset: int) -> Annotation | None:
        """The first placed annotation that starts after `offset`."""
        span = self.spans.first_after(offset)
        return self._annotations.get(span.id) if span is not None else None

    def previous_before(self, offset: int) -> Annotation | None:
        """The last placed annotation that starts before `offset`."""
        span = self.spans.last_before(offset)
        return self._annotations.get(span.id) if span is not None else None

    def at_range(self, start: int, end: int) -> Annotation | None:
        """An annotation placed exactly on `[start, end)`, if there is one."""
        for span in self.spans.containing(start):
            if (span.start, span.end) == (start, end):
                return self._annotations.get(span.id)
        return None

    def group(self) -> ArticleAnnotations:
        """The article with its annotations, as export takes them."""
        article = self.article
        return ArticleAnnotations(
            article.id,
            article.title,
            article.path,
            article.hash,
            tuple(self._annotations.values()),
            author=article.author,
            source=article.source,
            date=article.date,
        )

    def known_tags(self) -> list[str]:
        """This article's tags, in the order they were first used."""
        return list(dict.fromkeys(tag for item in self._annotations.values() for tag in item.tags))

    # Changing ------------------------------------------------------------------------------

    def highlight(self, start: int, end: int, color: Color | None = None) -> Outcome:
        """Highlight `[start, end)` grown to whole words (see `whole_words`); the same range
        again is recoloured."""
        span = whole_words(self.article.text, max(0, start), min(end, len(self.article.text)))
        if span is None:
            return Refused("Nothing to highlight here: move the cursor into the text.")
        existing = self.at_range(*span)
        if existing is not None:
            if color is not None and existing.color is not color:
                return self.recolor(existing.id, color)
            return Refused("This passage is already highlighted.", existing.id)
        now = self._now()
        text, hash_ = self.article.text, self.article.hash
        annotation = Annotation(
            id=new_annotation_id(),
            article_id=self.article.id,
            target=make_target(text, *span, hash_),
            color=color or self.default_color,
            created=now,
            updated=now,
            resolution=resolution_at(text, hash_, Anchor(AnchorStatus.EXACT, *span, 1.0)),
        )
        return self._record(Change(None, annotation, "highlight"))

    def recolor(self, annotation_id: str, color: Color) -> Outcome:
        """Give an annotation another colour."""
        return self._update(annotation_id, "colour", color=color)

    def set_note(
        self, annotation_id: str, note: str, as_opened: Annotation | None = None
    ) -> Outcome:
        """Replace an annotation's note.

        `as_opened` is the annotation as it was when the reader started writing: if another
        copy deleted it meanwhile, it comes back with the note (what the reader wrote is kept).
        """
        if annotation_id not in self._annotations and as_opened is not None and note.strip():
            restored = replace(as_opened, note=note, updated=self._now())
            return self._record(
                Change(None, restored, "note (the highlight was deleted elsewhere)")
            )
        return self._update(annotation_id, "note", note=note)

    def set_tags(
        self, annotation_id: str, tags: Iterable[str], known: Iterable[str] = ()
    ) -> Outcome:
        """Replace an annotation's tags (cleaned, in the spelling the library already uses)."""
        cleaned = normalize_tags(tags, [*self.known_tags(), *known])
        return self._update(annotation_id, "tags", tags=cleaned)

    def delete(self, annotation_id: str) -> Outcome:
        """Delete an annotation (undo brings it back)."""
        current = self._annotations.get(annotation_id)
        if current is None:
            return Refused("No highlight here to delete.")
        return self._record(Change(current, None, "delete"))

    def reattach(self, annotation_id: str, start: int, end: int) -> Outcome:
        """Move an annotation to `[start, end)` (grown to whole words), keeping the rest."""
        current = self._annotations.get(annotation_id)
        if current is None:
            return Refused("That highlight is gone: it was deleted meanwhile.")
        moved = reattached(current, self.article, start, end, self._now())
        if moved is None:
            return Refused("Nothing to attach to here: select words of the article first.")
        if self._overlaps_other(annotation_id, moved):
            return Refused("Another highlight is on exactly this passage: choose another one.")
        return self._record(Change(current, moved, "re-attach"))

    def accept(self, annotation_id: str, anchor: Anchor | None = None) -> Outcome:
        """Confirm an annotation where it is found now (or at `anchor`, a candidate place)."""
        current = self._annotations.get(annotation_id)
        if current is None:
            return Refused("That highlight is gone: it was deleted meanwhile.")
        place = anchor or (current.resolution.anchor if current.resolution else None)
        if place is None or place.is_orphan:
            return Refused("This highlight has no place to accept: re-attach it instead.")
        return self._record(
            Change(current, accepted(current, self.article, place, self._now()), "accept")
        )

    def detach(self, annotation_id: str) -> Outcome:
        """Keep an annotation as a note on the article, with no passage."""
        current = self._annotations.get(annotation_id)
        if current is None:
            return Refused("That highlight is gone: it was deleted meanwhile.")
        if not current.has_passage:
            return Refused("This note is already on the whole article.")
        return self._record(Change(current, detached(current, self._now()), "detach"))

    def revert(self, change: Change) -> Outcome:
        """Undo one given change (made here or by a review of this article), onto the
        annotation as it is now; the revert can itself be undone."""
        restored = replayed(
            change.inverse(), self._annotations.get(change.annotation_id), change.label, self._now()
        )
        return self._record(restored) if isinstance(restored, Change) else restored

    def undo(self) -> Outcome:
        """Undo the last change still undoable."""
        change = self.history.undo()
        if change is None:
            return Refused("Nothing to undo.")
        return self._replay(change.inverse(), change.label)

    def redo(self) -> Outcome:
        """Make the last undone change again."""
        change = self.history.redo()
        if change is None:
            return Refused("Nothing to redo.")
        return self._replay(change, change.label)

    def reconcile(self, fresh: Iterable[Annotation]) -> bool:
        """Take the store's current annotations (another copy changed them); True if any did."""
        incoming = {item.id: item for item in fresh}
        if _comparable(incoming) == _comparable(self._annotations):
            return False
        self.load(incoming.values())
        return True

    # Internals -----------------------------------------------------------------------------

    def _now(self) -> str:
        return iso_utc(self._clock())

    def _update(self, annotation_id: str, label: str, **fields: object) -> Outcome:
        current = self._annotations.get(annotation_id)
        if current is None:
            return Refused("No highlight here: highlight a sentence (h) or select text (v) first.")
        changed = replace(current, **fields)  # type: ignore[arg-type]
        if changed == current:
            return Refused(f"The {label} is unchanged.", annotation_id)
        return self._record(Change(current, replace(changed, updated=self._now()), label))

    def _overlaps_other(self, annotation_id: str, moved: Annotation) -> bool:
        span = _span_of(moved)
        return span is not None and any(
            (other.start, other.end) == (span.start, span.end) and other.id != annotation_id
            for other in self.spans.containing(span.start)
        )

    def _record(self, change: Change) -> Change:
        self._apply(change)
        self.history.record(change)
        return change

    def _replay(self, change: Change, label: str) -> Outcome:
        """Apply an undo or redo to the annotation as it is now, field by field."""
        restored = replayed(change, self._annotations.get(change.annotation_id), label, self._now())
        if isinstance(restored, Change):
            self._apply(restored)
        return restored

    def _apply(self, change: Change) -> None:
        if change.before is not None:
            self._remove(change.before.id)
        if change.after is not None:
            self._put(change.after)

    def _put(self, annotation: Annotation) -> None:
        self._remove(annotation.id)
        self._annotations[annotation.id] = annotation
        span = _span_of(annotation)
        if span is not None:
            self.spans.add(span)

    def _remove(self, annotation_id: str) -> None:
        previous = self._annotations.pop(annotation_id, None)
        if previous is not None:
            span = _span_of(previous)
            if span is not None:
                self.spans.discard(span)


def replayed(change: Change, current: Annotation | None, label: str, now: str) -> Outcome:
    """An undo or redo made onto the annotation as it is now (`current`): exactly when it is
    untouched since, else only the fields the change is about."""
    if change.before is None:  # bring back (or add again)
        if current is not None:
            return Refused(f"Cannot redo the {label}: the highlight is already there.")
        return Change(None, change.after, label)
    if change.after is None:  # remove again
        if current is None:
            return Refused("Nothing to undo: the highlight was deleted elsewhere.")
        return Change(current, None, label)
    if current is None:
        return Refused(f"Cannot undo the {label}: the highlight was deleted elsewhere.")
    if current == change.before:  # untouched since: back exactly as it was
        return Change(current, change.after, label)
    values = change.values()
    return Change(current, replace(current, **values, updated=now), label)


def _comparable(annotations: dict[str, Annotation]) -> dict[str, tuple[object, ...]]:
    return {
        key: (item.color, item.note, item.tags, item.updated, item.resolution)
        for key, item in annotations.items()
    }
