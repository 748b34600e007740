"""The annotation pane: this article's highlights in reading order, orphans last."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from reader.core.annotations import Annotation, Color, in_reading_order, is_orphan, reading_key
from reader.core.annotations.source_facts import source_order
from reader.ui.registry import key_named
from reader.ui.widgets.annotation_entry import HEADER_ENTRY, Entry, make_entry, notes_header
from reader.ui.widgets.annotation_list import AnnotationList

LOADING_MESSAGE = "Loading highlights…"


def empty_message(app: Any) -> str:
    """What an empty pane says, naming the keys as they are bound now."""
    highlight, select = key_named(app, "highlight"), key_named(app, "select")
    colours = " ".join(key_named(app, f"color-{color.value}") for color in Color)
    return (
        "No highlights yet.\n\n"
        f"Put the cursor in a sentence and press {highlight} to highlight it, "
        f"or press {select}, move to extend a selection, then {highlight} (or {colours} for a"
        " colour). Dragging with the mouse selects too."
    )


def no_match_message(app: Any) -> str:
    """What a pane whose filter hides every highlight says."""
    key = key_named(app, "filter-pane")
    return f"No highlight has these tags or colours. Press {key} to change the filter."


class AnnotationPane(Vertical):
    """Highlights of one article: an entry each, the one under the cursor marked."""

    @dataclass
    class JumpRequested(Message):
        """The reader chose an entry: show its highlight in the article."""

        pane: AnnotationPane
        annotation_id: str

        @property
        def control(self) -> AnnotationPane:
            """The pane the entry was chosen in."""
            return self.pane

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entry_list = AnnotationList(id="annotation-list")
        """The entries."""
        self._message = Static(Content(LOADING_MESSAGE), id="annotation-empty")
        # Entries of unchanged annotations (the same objects) are reused: one change to ten
        # thousand highlights rebuilds one entry, not all of them.
        self._entries: dict[str, tuple[Annotation, Entry]] = {}
        self._placed_keys: list[tuple[int, str, str]] = []
        """The reading-order keys of the placed entries, in order (where a new one goes)."""
        self._orphans: set[str] = set()
        """Orphans and notes on the whole article (listed after the placed ones)."""
        self._notes = 0
        """How many of them are notes on the whole article."""
        self._filtered = ""
        self._whole = "article"

    def compose(self) -> ComposeResult:
        yield self.entry_list
        yield self._message

    def on_mount(self) -> None:
        """Until annotations arrive, the pane says they are loading."""
        self.add_class("-empty")
        self.border_title = Content("Highlights")

    def show(
        self,
        annotations: Sequence[Annotation],
        marked: str | None = None,
        filtered: str = "",
        whole: str = "article",
    ) -> None:
        """List `annotations` (placed ones in reading order, then orphans) and mark one.

        `filtered` describes a filter that chose them (shown in the title). For a book or
        page known only from another app (`whole`), there is no text to orphan them from:
        its highlights are in the order that app had them.
        """
        self._whole = whole
        if whole == "article":
            placed, orphans = in_reading_order(annotations)
        else:
            placed = sorted((item for item in annotations if item.has_passage), key=source_order)
            orphans = [item for item in annotations if not item.has_passage]
        self._placed_keys = [reading_key(item) for item in placed]
        self._orphans = {item.id for item in orphans}
        notes = [item for item in orphans if not item.has_passage]
        orphans = [item for item in orphans if item.has_passage]
        self._notes = len(notes)
        self._filtered = filtered
        entries: list[Entry] = [self._entry(item) for item in placed]
        for header, section in ((HEADER_ENTRY, orphans), (notes_header(whole), notes)):
            if section:
                entries.append(header)
                entries.extend(self._entry(item) for item in section)
        self._entries = {
            entry.annotation.id: (entry.annotation, entry)
            for entry in entries
            if entry.annotation is not None
        }
        previous = self.selected_id
        self.entry_list.set_entries(entries, marked if marked is not None else previous)
        self._show_counts()

    def change(
        self, before: Annotation | None, after: Annotation | None, listed: bool, marked: str | None
    ) -> bool:
        """Show one annotation's change by moving, adding or removing its entry alone (a
        highlight added among ten thousand costs one entry); `listed` says whether `after`
        passes the pane's filter. False when only showing every entry again can (orphans)."""
        for item in (before, after):
            if item is not None and (is_orphan(item) or item.id in self._orphans):
                return False
        removed = self.entry_list.index_of(before.id) if before is not None else None
        if removed is not None:
            del self._placed_keys[removed]
            del self._entries[before.id]  # type: ignore[union-attr]
        inserted = None
        if after is not None and listed:
            key = reading_key(after)
            index = bisect_left(self._placed_keys, key)
            self._placed_keys.insert(index, key)
            entry = make_entry(after)
            self._entries[after.id] = (after, entry)
            inserted = (index, entry)
        self.entry_list.change_entries(removed, inserted, marked or self.selected_id)
        self._show_counts()
        return True

    def _show_counts(self) -> None:
        placed, notes = len(self._placed_keys), self._notes
        orphans = len(self._orphans) - notes
        title = f"Highlights {placed:,}" + (f" · orphaned {orphans:,}" if orphans else "")
        title += f" · notes {notes:,}" if notes else ""
        if self._filtered:
            title += f" · {self._filtered}"
        self.border_title = Content(title)
        empty = not self.entry_list.entry_count
        if empty:  # the message is laid out only when it shows
            message = no_match_message(self.app) if self._filtered else empty_message(self.app)
            self._message.update(Content(message))
        self.set_class(empty, "-empty")

    def _entry(self, annotation: Annotation) -> Entry:
        cached = self._entries.get(annotation.id)
        if cached is not None and cached[0] is annotation:
            return cached[1]
        return make_entry(annotation, self._whole)

    def mark(self, annotation_id: str | None) -> None:
        """Mark (and scroll to) the entry of `annotation_id`; None marks nothing.

        While the reader works in the pane, the article's cursor does not move the mark.
        """
        if annotation_id is None and self.entry_list.has_focus:
            return
        self.entry_list.mark(annotation_id)

    def follow(self, offset: int) -> None:
        """The cursor is on no highlight: keep the highlights nearest `offset` in view (none
        marked), so that an article opened at its end does not list its first ones."""
        if self.entry_list.has_focus or not self._placed_keys:
            return
        nearest = bisect_left(self._placed_keys, (offset, "", ""))
        self.entry_list.show_entry(min(nearest, len(self._placed_keys) - 1))

    @property
    def selected_id(self) -> str | None:
        """The id of the marked entry, if any."""
        return self.entry_list.marked_id

    def focus_list(self) -> None:
        """Give the keyboard to the entries."""
        self.entry_list.focus()

    @on(AnnotationList.Chosen, "#annotation-list")
    def _chosen(self, message: AnnotationList.Chosen) -> None:
        message.stop()
        self.post_message(self.JumpRequested(self, message.annotation_id))
