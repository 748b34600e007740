"""The annotation pane: this article's highlights in reading order, orphans last."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.core.anchor import AnchorStatus
from reader.core.annotation import Annotation, Color
from reader.core.text import collapse_whitespace
from reader.ui.widgets.article_view import MARKS

QUOTE_LENGTH = 90
"""Quotes longer than this are shortened in the pane."""
COLOR_STYLES: dict[Color, str] = {
    Color.YELLOW: "$warning",
    Color.GREEN: "$success",
    Color.BLUE: "$primary",
    Color.PINK: "$error",
}
"""Theme variables for each highlight colour (the article view's TCSS uses the same)."""
EMPTY_MESSAGE = (
    "No highlights yet.\n\n"
    "Put the cursor in a sentence and press h to highlight it, "
    "or press v, move to extend a selection, then h (or 1-4 for a colour). "
    "Dragging with the mouse selects too."
)
_ORPHAN_HEADER = "orphan-header"


def shorten(text: str, length: int = QUOTE_LENGTH) -> str:
    """One line of at most `length` characters, with an ellipsis when cut."""
    flat = collapse_whitespace(text)
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def entry(annotation: Annotation) -> Content:
    """One pane entry: colour mark and name, the quote, the note's first line and the tags."""
    color = annotation.color
    parts: list[Content | str | tuple[str, str]] = [
        (MARKS[color], f"bold {COLOR_STYLES[color]}"),
        " ",
        (color.value, "dim"),
    ]
    status = annotation.status
    if status is AnchorStatus.FUZZY and annotation.resolution is not None:
        parts.append((f"  ~fuzzy {annotation.resolution.anchor.score:.2f}", "italic $text-warning"))
    parts.append("\n")
    parts.append(f"“{shorten(annotation.quote)}”")
    if annotation.note.strip():
        first_line = next(line for line in annotation.note.splitlines() if line.strip())
        parts.extend(["\n", (shorten(first_line, 120), "italic")])
    if annotation.tags:
        parts.extend(
            ["\n", (" ".join("#" + tag.replace(" ", "-") for tag in annotation.tags), "$accent")]
        )
    return Content.assemble(*parts)


class AnnotationPane(Vertical):
    """Highlights of one article: an entry each, the one under the cursor marked."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "jump", "Go to", tooltip="Show this highlight in the article", id="pane-jump"
        ),
    ]

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
        self._ids: list[str | None] = []
        self._annotations: dict[str, Annotation] = {}

    def compose(self) -> ComposeResult:
        yield OptionList(id="annotation-list")
        yield Static(Content(EMPTY_MESSAGE), id="annotation-empty")

    @property
    def option_list(self) -> OptionList:
        """The list of entries."""
        return self.query_one("#annotation-list", OptionList)

    def show(self, annotations: Sequence[Annotation], marked: str | None = None) -> None:
        """List `annotations` (placed ones in reading order, then orphans) and mark one."""
        placed = [item for item in annotations if item.status is not AnchorStatus.ORPHAN]
        orphans = [item for item in annotations if item.status is AnchorStatus.ORPHAN]
        placed.sort(
            key=lambda item: (item.resolution.anchor.start if item.resolution else 0, item.created)
        )
        orphans.sort(key=lambda item: item.created)
        # None between entries draws a separator line (it is not an option: no index of its own).
        options: list[Option | None] = []
        self._ids = []
        for item in placed:
            options.extend([Option(entry(item), id=item.id), None])
            self._ids.append(item.id)
        if orphans:
            header = Content.assemble(
                ("── Orphaned: text no longer in the article ──", "bold $text-error")
            )
            options.append(Option(header, id=_ORPHAN_HEADER, disabled=True))
            self._ids.append(None)
            for item in orphans:
                options.extend([Option(entry(item), id=item.id), None])
                self._ids.append(item.id)
        self._annotations = {item.id: item for item in annotations}
        option_list = self.option_list
        previous = self.selected_id
        option_list.clear_options()
        option_list.add_options(options)
        total = len(placed) + len(orphans)
        title = f"Highlights {len(placed)}" + (f" · orphaned {len(orphans)}" if orphans else "")
        self.border_title = Content(title)
        self.set_class(total == 0, "-empty")
        self.mark(marked if marked is not None else previous)

    def mark(self, annotation_id: str | None) -> None:
        """Mark (and scroll to) the entry of `annotation_id`; None marks nothing."""
        option_list = self.option_list
        if annotation_id is None or annotation_id not in self._ids:
            if not option_list.has_focus:
                option_list.highlighted = None
            return
        index = self._ids.index(annotation_id)
        if option_list.highlighted != index:
            option_list.highlighted = index
        option_list.scroll_to_highlight()

    @property
    def selected_id(self) -> str | None:
        """The id of the marked entry, if any."""
        highlighted = self.option_list.highlighted
        if highlighted is None or not 0 <= highlighted < len(self._ids):
            return None
        return self._ids[highlighted]

    def action_jump(self) -> None:
        """Ask for the marked entry's highlight to be shown."""
        selected = self.selected_id
        if selected is not None:
            self.post_message(self.JumpRequested(self, selected))

    @on(OptionList.OptionSelected, "#annotation-list")
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        if message.option_id and message.option_id != _ORPHAN_HEADER:
            self.post_message(self.JumpRequested(self, message.option_id))
