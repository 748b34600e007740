"""Choosing which highlights the pane lists: by tag and by colour."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input

from reader.core.annotations import AnnotationFilter, Color
from reader.ui.registry import bindings_for
from reader.ui.screens.dialogs.tags import TagSuggester


class FilterDialog(ModalScreen[AnnotationFilter | None]):
    """Which highlights the pane lists: by tag (any of them) and by colour (any of them)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("FilterDialog")

    def __init__(self, current: AnnotationFilter, known: Iterable[str]) -> None:
        super().__init__()
        self._current = current
        self._known = list(known)

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-dialog") as dialog:
            dialog.border_title = Content("Filter the pane · enter applies · escape cancels")
            yield Input(
                ", ".join(self._current.tags),
                placeholder="tags (any of them), separated by commas",
                suggester=TagSuggester(self._known),
                id="filter-tags",
            )
            with Horizontal(id="filter-colors"):
                for color in Color:
                    yield Checkbox(
                        Content(color.value),
                        color in self._current.colors,
                        id=f"filter-{color.value}",
                    )
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", variant="primary", id="filter-apply")
                yield Button("Show all", id="filter-clear")

    def on_mount(self) -> None:
        """Start in the tags field."""
        self.query_one("#filter-tags", Input).focus()

    def _chosen(self) -> AnnotationFilter:
        tags = tuple(tag.strip() for tag in self.query_one("#filter-tags", Input).value.split(","))
        colors = tuple(
            color for color in Color if self.query_one(f"#filter-{color.value}", Checkbox).value
        )
        return AnnotationFilter(tuple(tag for tag in tags if tag), colors)

    @on(Input.Submitted, "#filter-tags")
    @on(Button.Pressed, "#filter-apply")
    def _apply(self) -> None:
        self.dismiss(self._chosen())

    @on(Button.Pressed, "#filter-clear")
    def _clear(self) -> None:
        self.dismiss(AnnotationFilter())

    def action_cancel(self) -> None:
        """Close without changing the filter."""
        self.dismiss(None)
