"""An article whose file is gone: its annotations, readable, with the quotes they last had."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label

from reader.core.annotations import Annotation
from reader.core.library import Library, LibraryEntry
from reader.core.store import StoreError
from reader.ui.registry import bindings_for
from reader.ui.widgets.annotation_pane import AnnotationPane


class MissingArticleScreen(Screen[None]):
    """An article whose file is gone: its annotations, readable, and nothing to edit."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("MissingArticleScreen")

    def __init__(self, entry: LibraryEntry, library: Library) -> None:
        super().__init__()
        self.entry = entry
        self.library = library

    def compose(self) -> ComposeResult:
        yield Label(Content(self.entry.title), id="missing-title")
        where = self.entry.last_path or "an unknown place"
        yield Label(
            Content(f"The file was last seen at {where} and is gone; its annotations are kept."),
            id="missing-note",
        )
        yield AnnotationPane(id="missing-annotations")
        yield Footer()

    def on_mount(self) -> None:
        """Show the annotations with the quotes they last had (read off the UI thread)."""
        self.query_one(AnnotationPane).focus_list()
        self._load()

    @work(thread=True, exclusive=True, group="missing-annotations")
    def _load(self) -> None:
        try:
            annotations = self.library.store.for_article(self.entry.article_id)
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, annotations)

    def _show(self, annotations: list[Annotation]) -> None:
        self.query_one(AnnotationPane).show(annotations)

    def action_back(self) -> None:
        """Back to the library."""
        self.app.pop_screen()
