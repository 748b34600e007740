"""A line-API list of annotation entries: only the rows on screen are ever rendered.

Ten thousand highlights cost arithmetic, not layout: each entry's height is known from its
parts (a quote takes one or two rows), and entries are drawn when they scroll into view.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.color import Color as TextualColor
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from reader.core.anchoring import AnchorStatus
from reader.core.annotations import Color
from reader.ui.reading.layout import wrap_lines
from reader.ui.registry import bindings_for
from reader.ui.widgets.annotation_entry import Entry, fit
from reader.ui.widgets.line_view import LineView, StripCache
from reader.ui.widgets.note_markup import Run, fit_runs, note_runs, wrap_runs
from reader.ui.widgets.palette import MARKS

QUOTE_ROWS = 2
"""A quote takes at most this many rows; a longer one is cut with an ellipsis."""
NOTE_ROWS = 12
"""The marked entry shows this many rows of its note at most."""
ORPHAN_HEADER = "── Orphaned ──"
ORPHAN_EXPLANATION = (
    "Not placed: their words are gone or repeated (R reviews them); kept till deleted."
)
NOTES_HEADER = "── Notes on the article ──"
NOTES_EXPLANATION = "Notes kept on the whole article, with no passage."


def _header_of(entry: Entry) -> tuple[str, str]:
    """A section header entry's title and explanation."""
    if entry.quote == "notes":
        return NOTES_HEADER, NOTES_EXPLANATION
    if entry.quote.startswith("notes "):  # on a book or page known only from another app
        whole = entry.quote.removeprefix("notes ")
        return (
            NOTES_HEADER.replace("article", whole),
            NOTES_EXPLANATION.replace("article", whole),
        )
    return ORPHAN_HEADER, ORPHAN_EXPLANATION


class AnnotationList(LineView, can_focus=True):
    """Entries of a colour mark and name, the quote, the note's first line and the tags."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "annotation-list--name",
        "annotation-list--quote",
        "annotation-list--note",
        "annotation-list--tags",
        "annotation-list--fuzzy",
        "annotation-list--header",
        "annotation-list--marked",
        "annotation-list--yellow",
        "annotation-list--green",
        "annotation-list--blue",
        "annotation-list--pink",
    }
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("AnnotationList")

    @dataclass
    class Chosen(Message):
        """An entry was chosen (enter or click): its highlight should be shown."""

        entry_list: AnnotationList
        annotation_id: str

        @property
        def control(self) -> AnnotationList:
            """The list the entry was chosen in."""
            return self.entry_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[Entry] = []
        self._offsets: list[int] = [0]
        self._heights: list[int] = []
        self._index_of: dict[str, int] = {}
        self.marked: int | None = None
        self._cache: StripCache[list[Strip]] = StripCache()
        self._laid_out_width = -1

    # Content -----------------------------------------------------------------------------

    def set_entries(self, entries: Sequence[Entry], marked_id: str | None = None) -> None:
        """Show `entries` and mark the one with `marked_id` (if any)."""
        self._entries = list(entries)
        self._index_of = {
            entry.annotation.id: index
            for index, entry in enumerate(self._entries)
            if entry.annotation is not None
        }
        self.marked = self._index_of.get(marked_id) if marked_id is not None else None
        self._layout()

    @property
    def marked_id(self) -> str | None:
        """The id of the marked entry's annotation, if any."""
        if self.marked is None:
            return None
        annotation = self._entries[self.marked].annotation
        return annotation.id if annotation is not None else None

    def mark(self, annotation_id: str | None, scroll: bool = True) -> None:
        """Mark the entry of `annotation_id` (None: no entry) and scroll it into view."""
        index = self._index_of.get(annotation_id) if annotation_id is not None else None
        if index == self.marked:
            return
        previous, self.marked = self.marked, index
        width = self._text_width()
        if any(
            changed is not None
            and self._height_of(self._entries[changed], width, True)
            != self._height_of(self._entries[changed], width, False)
            for changed in (previous, index)
        ):
            # The marked entry shows its whole note: those two heights change, no other.
            for changed in (previous, index):
                if changed is not None:
                    entry = self._entries[changed]
                    self._heights[changed] = self._height_of(entry, width, changed == index)
            self._place()
        else:
            for changed in (previous, index):
                if changed is not None:
                    self._invalidate(changed)
        if scroll and index is not None:
            self._scroll_to_entry(index)

    @property
    def entry_count(self) -> int:
        """How many entries there are (the orphans' header included)."""
        return len(self._entries)

    # Layout ------------------------------------------------------------------------------

    @property
    def _width(self) -> int:
        return max(4, self.scrollable_content_region.width)

    def _text_width(self) -> int:
        return max(3, self._width - 1)  # one cell of left padding

    def _height_of(self, entry: Entry, width: int, marked: bool = False) -> int:
        if entry.annotation is None:
            return 2 + len(wrap_lines(_header_of(entry)[1], width))
        quote_rows = 1 if entry.quote_cells <= width else QUOTE_ROWS
        return 1 + quote_rows + self._note_rows(entry, marked) + bool(entry.tags) + 1

    def _note_rows(self, entry: Entry, marked: bool) -> int:
        """The note's first line, or for the marked entry the whole note, wrapped (capped)."""
        if not entry.note:
            return 0
        return len(self._wrapped_note(entry, self._text_width())) if marked else 1

    @staticmethod
    def _wrapped_note(entry: Entry, width: int) -> list[list[Run]]:
        """The marked entry's note: every line, its Markdown as styles, wrapped to the width,
        at most NOTE_ROWS rows (the last ending in "…" when more was cut)."""
        rows: list[list[Run]] = []
        for line in entry.note_lines:
            rows.extend(wrap_runs(note_runs(line), width) if line.strip() else [[]])
        if len(rows) > NOTE_ROWS:
            rows = rows[:NOTE_ROWS]
            rows[-1] = fit_runs([*rows[-1], Run(" …")], width)
        return rows

    def _layout(self) -> None:
        width = self._text_width()
        self._heights = [
            self._height_of(entry, width, index == self.marked)
            for index, entry in enumerate(self._entries)
        ]
        self._laid_out_width = width
        self._place()

    def _place(self) -> None:
        """Offsets from the heights, and everything shown again (only rows on screen render)."""
        self._offsets = [0, *accumulate(self._heights)]
        self._cache.clear()
        self.virtual_size = Size(self._width, self._offsets[-1])
        self.refresh()

    def change_entries(
        self, removed: int | None, inserted: tuple[int, Entry] | None, marked_id: str | None
    ) -> None:
        """Remove the entry at `removed`, then insert one at its index, then mark: only the
        entries changed are measured (ten thousand others are not laid out again)."""
        width = self._text_width()
        if self.marked is not None:  # the marked entry is taller: measured unmarked first
            self._heights[self.marked] = self._height_of(self._entries[self.marked], width)
        if removed is not None:
            del self._entries[removed], self._heights[removed]
        if inserted is not None:
            index, entry = inserted
            self._entries.insert(index, entry)
            self._heights.insert(index, self._height_of(entry, width))
        self._index_of = {
            entry.annotation.id: index
            for index, entry in enumerate(self._entries)
            if entry.annotation is not None
        }
        self.marked = self._index_of.get(marked_id) if marked_id is not None else None
        if self.marked is not None:
            self._heights[self.marked] = self._height_of(self._entries[self.marked], width, True)
        self._place()
        if self.marked is not None:
            self._scroll_to_entry(self.marked)

    def index_of(self, annotation_id: str) -> int | None:
        """Where the entry of an annotation is in the list, if it has one."""
        return self._index_of.get(annotation_id)

    def on_resize(self, event: events.Resize) -> None:
        """Heights depend on the width: lay the entries out again when it changes."""
        if self._text_width() != self._laid_out_width:
            self._layout()
        if self.marked is not None:
            self._scroll_to_entry(self.marked)

    def restyle(self) -> None:
        """The marked entry looks different with and without focus."""
        self._cache.clear()
        super().restyle()

    def notify_style_update(self) -> None:
        """Theme or CSS changed: cached entries are stale."""
        super().notify_style_update()
        self._cache.clear()

    # Rendering ---------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self.cached_style(name)
        if style is None:
            part = self.part(f"annotation-list--{name}")  # every part sets its colour
            # Only a part with a background of its own sets one: the others lie on the entry's
            # (the marked entry's background runs under its quote and note too).
            style = Style(
                color=part.color.rich_color if part.color else None,
                bgcolor=part.background.rich_color if part.background else None,
            )
            style += part.text_style
            self.remember_style(name, style)
        return style

    def _mark_color(self, color: Color) -> Style:
        key = f"mark-{color.value}"
        style = self.cached_style(key)
        if style is None:
            component = self.get_component_styles(f"annotation-list--{color.value}")
            mark: TextualColor = component.color
            style = self.remember_style(key, Style(color=mark.rich_color, bold=True))
        return style

    def _note_row(self, runs: list[Run], width: int, style: Style) -> list[Segment]:
        """One row of a note, its Markdown drawn as styles (never parsed as markup)."""
        code = self._style("tags")
        segments = []
        for run in fit_runs(runs, width):
            look = style
            if run.bold or run.italic or run.link:
                look = look + Style(bold=run.bold or None, italic=run.italic or None)
                look = look + Style(underline=run.link or None)
            if run.code:
                look = look + Style(color=code.color, italic=False)
            segments.append(Segment(run.text, look))
        return segments

    def _entry_strips(self, index: int) -> list[Strip]:
        width = self._text_width()
        key = (index, width)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        entry = self._entries[index]
        marked = index == self.marked
        base = self._style("marked") if marked else self.rich_style
        rows: list[list[Segment]] = []
        if entry.annotation is None:
            header, explanation_text = _header_of(entry)
            rows.append([Segment(fit(header, width), base + self._style("header"))])
            explanation = wrap_lines(explanation_text, width)
            rows.extend([Segment(line, base + self._style("name"))] for line in explanation)
        else:
            annotation = entry.annotation
            color = annotation.color
            head = [
                Segment(MARKS[color], base + self._mark_color(color)),
                Segment(" ", base),
                Segment(color.value, base + self._style("name")),
            ]
            status = annotation.status
            if status is AnchorStatus.FUZZY and annotation.resolution is not None:
                score = annotation.resolution.anchor.score
                head.append(Segment(f"  ~fuzzy {score:.2f}", base + self._style("fuzzy")))
            rows.append(head)
            quote_style = base + self._style("quote")
            if entry.quote_cells <= width:
                rows.append([Segment(entry.quote, quote_style)])
            else:
                lines = wrap_lines(entry.quote, width)
                first = lines[0]
                rest = entry.quote[len(first) :].strip()
                rows.append([Segment(first, quote_style)])
                rows.append([Segment(fit(rest, width), quote_style)])
            if entry.note:
                note_style = base + self._style("note")
                if marked:
                    for runs in self._wrapped_note(entry, width):
                        rows.append(self._note_row(runs, width, note_style))
                else:
                    rows.append(self._note_row(note_runs(entry.note), width, note_style))
            if entry.tags:
                rows.append([Segment(fit(entry.tags, width), base + self._style("tags"))])
        padding = Segment(" ", base)
        strips = [
            Strip([padding, *segments]).adjust_cell_length(self._width, base) for segments in rows
        ]
        strips.append(Strip.blank(self._width, self.rich_style))
        self._cache.put(key, strips)
        return strips

    def render_line(self, y: int) -> Strip:
        """Render one screen row (only entries on screen are ever built)."""
        row = round(self.scroll_y) + y
        if row >= self._offsets[-1] or not self._entries:
            return Strip.blank(self._width, self.rich_style)
        index = bisect_right(self._offsets, row) - 1
        strips = self._entry_strips(index)
        line = row - self._offsets[index]
        strip = strips[line] if line < len(strips) else Strip.blank(self._width, self.rich_style)
        return strip.apply_offsets(0, row)

    def _invalidate(self, index: int) -> None:
        width = self._text_width()
        self._cache.discard((index, width))
        if index + 1 >= len(self._offsets):
            return
        start, end = self._offsets[index], self._offsets[index + 1]
        self.refresh_lines(start, end - start)

    def show_entry(self, index: int) -> None:
        """Scroll entry `index` into view (marking nothing)."""
        if 0 <= index < len(self._entries):
            self._scroll_to_entry(index)

    def _scroll_to_entry(self, index: int) -> None:
        start, end = self._offsets[index], self._offsets[index + 1]
        top, height = round(self.scroll_y), self.size.height
        if height <= 0:
            return
        if start < top:
            self.scroll_to(y=start, animate=False, immediate=True)
        elif end > top + height:
            self.scroll_to(y=max(0, min(start, end - height)), animate=False, immediate=True)

    # Keys and mouse ------------------------------------------------------------------------

    def _selectable(self, index: int) -> bool:
        return 0 <= index < len(self._entries) and self._entries[index].annotation is not None

    def action_move(self, step: int) -> None:
        """Mark the next (or previous) entry."""
        if not self._entries:
            return
        index = self.marked if self.marked is not None else (-1 if step > 0 else len(self._entries))
        index += step
        while 0 <= index < len(self._entries) and not self._selectable(index):
            index += 1 if step > 0 else -1
        if self._selectable(index):
            self.mark(self._entries[index].annotation.id)  # type: ignore[union-attr]

    def action_page(self, direction: int) -> None:
        """Move about a screenful of entries."""
        rows = max(1, self.size.height - 1)
        top = self._offsets[self.marked] if self.marked is not None else round(self.scroll_y)
        target_row = max(0, min(self._offsets[-1] - 1, top + direction * rows))
        index = bisect_right(self._offsets, target_row) - 1
        while 0 <= index < len(self._entries) and not self._selectable(index):
            index += direction
        if self._selectable(index):
            self.mark(self._entries[index].annotation.id)  # type: ignore[union-attr]

    def action_edge(self, direction: int) -> None:
        """Mark the first (or last) entry."""
        order = range(len(self._entries)) if direction < 0 else reversed(range(len(self._entries)))
        for index in order:
            if self._selectable(index):
                self.mark(self._entries[index].annotation.id)  # type: ignore[union-attr]
                return

    def action_choose(self) -> None:
        """Ask for the marked entry's highlight to be shown."""
        marked = self.marked_id
        if marked is not None:
            self.post_message(self.Chosen(self, marked))

    def on_click(self, event: events.Click) -> None:
        """A click marks an entry and shows its highlight."""
        point = event.get_content_offset(self)
        if point is None:
            return
        row = round(self.scroll_y) + point.y
        if row >= self._offsets[-1]:
            return
        index = bisect_right(self._offsets, row) - 1
        if self._selectable(index):
            annotation_id = self._entries[index].annotation.id  # type: ignore[union-attr]
            self.mark(annotation_id)
            self.post_message(self.Chosen(self, annotation_id))
