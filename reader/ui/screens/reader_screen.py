"""The reading screen: the article, its highlights in a pane, and every change saved at once."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
from functools import partial
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input

from reader.core.anchoring import Anchor, AnchorStatus, make_target
from reader.core.annotations import (
    MAX_MATCHES,
    Annotation,
    AnnotationFilter,
    Change,
    Color,
    History,
    find_all,
    new_annotation_id,
    normalize_tags,
    resolution_at,
)
from reader.core.articles import Article
from reader.core.library import Library
from reader.core.store import StoreError
from reader.settings import Settings
from reader.ui.screens.help_screen import HelpScreen
from reader.ui.screens.note_dialog import FilterDialog, NoteDialog, TagsDialog
from reader.ui.widgets.annotation_pane import AnnotationPane
from reader.ui.widgets.article_view import ArticleView, Highlight
from reader.ui.widgets.reader_header import ReaderHeader
from reader.ui.writer import BackgroundWriter

POSITION_SAVE_DELAY = 1.5
"""Seconds of stillness before the reading position is saved."""
EXTERNAL_CHECK_INTERVAL = 1.0
"""How often the database is checked for changes made by another copy or `reader import`."""

COLOR_KEYS = {"1": Color.YELLOW, "2": Color.GREEN, "3": Color.BLUE, "4": Color.PINK}
_NEEDS_ANNOTATIONS = {
    "note",
    "tags",
    "export",
    "highlight",
    "color",
    "delete",
    "undo",
    "redo",
    "next_highlight",
    "previous_highlight",
}


class ReaderScreen(Screen[None]):
    """One article next to its annotation pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "h",
            "highlight",
            "Highlight",
            tooltip="Highlight the selection or sentence",
            id="highlight",
        ),
        *(
            Binding(
                key,
                f"color('{color.value}')",
                "Colour" if key == "1" else color.value.title(),
                key_display="1-4" if key == "1" else None,
                show=key == "1",
                tooltip=f"Colour the selection or highlight {color.value}",
                id=f"color-{color.value}",
            )
            for key, color in COLOR_KEYS.items()
        ),
        Binding("a", "note", "Note", tooltip="Write a note on the highlight", id="note"),
        Binding("t", "tags", "Tags", tooltip="Edit the highlight's tags", id="tags"),
        Binding(
            "x",
            "delete",
            "Delete",
            show=False,
            tooltip="Delete the highlight under the cursor",
            id="delete",
        ),
        Binding(
            "u", "undo", "Undo", show=False, tooltip="Undo the last annotation change", id="undo"
        ),
        Binding("ctrl+r", "redo", "Redo", show=False, tooltip="Redo the change undone", id="redo"),
        Binding(
            "]",
            "next_highlight",
            "Next/Prev",
            key_display="]/[",
            tooltip="Jump to the next highlight",
            id="next-highlight",
        ),
        Binding(
            "[",
            "previous_highlight",
            "Prev",
            show=False,
            tooltip="Jump to the previous highlight",
            id="previous-highlight",
        ),
        Binding(
            "y,ctrl+c",
            "copy",
            "Copy",
            show=False,
            tooltip="Copy the selection or highlight",
            id="copy",
        ),
        Binding(
            "e", "export", "Export", show=False, tooltip="Write this article's note", id="export"
        ),
        Binding(
            "f",
            "filter_pane",
            "Filter",
            show=False,
            tooltip="List only some tags or colours in the pane",
            id="filter-pane",
        ),
        Binding(
            "p", "toggle_pane", "Pane", tooltip="Show or hide the annotation pane", id="toggle-pane"
        ),
        Binding(
            "tab",
            "switch_focus",
            "Switch",
            show=False,
            tooltip="Move between article and pane",
            id="switch-focus",
        ),
        Binding("slash", "search", "Search", tooltip="Find words in this article", id="search"),
        Binding("n", "next_match", "Next match", show=False, id="search-next"),
        Binding("N", "previous_match", "Previous match", show=False, id="search-previous"),
        Binding("question_mark", "help", "Help", tooltip="Show every key", id="help"),
        Binding("o", "library", "Library", tooltip="Back to the list of articles", id="library"),
    ]

    def __init__(
        self,
        article: Article,
        library: Library,
        settings: Settings | None = None,
        start_at: int | None = None,
    ) -> None:
        super().__init__()
        self.article = article
        self.library = library
        self.settings = settings or Settings()
        self.annotations: dict[str, Annotation] = {}
        """This article's annotations, as shown (loaded in the background after the first frame)."""
        self.loaded = False
        """True once the annotations have been read from the store."""
        self.history = History()
        self.pane_filter = AnnotationFilter()
        """What the pane lists (everything by default)."""
        self._position_timer: Timer | None = None
        self._store_token: tuple[int, ...] = ()
        self.writer = BackgroundWriter(
            self._report_write_failure, self._report_write_recovery, self._note_own_write
        )
        self._loop: asyncio.AbstractEventLoop | None = None
        self._start_at = start_at
        position = library.reading_position(article.id) if start_at is None else start_at
        self.view = ArticleView(article, (), position, id="article")
        """The article pane."""
        self.pane = AnnotationPane(id="annotations")
        """The annotation pane."""

    # Layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield ReaderHeader(self.article.title, id="reader-header")
        with Horizontal(id="reader-body"):
            yield self.view
            yield self.pane
        yield Input(placeholder="search this article (enter: go, escape: cancel)", id="search-bar")
        yield Footer()

    def on_mount(self) -> None:
        """Show the text at once; load annotations in the background; watch the database."""
        self._loop = asyncio.get_running_loop()
        if self._start_at is not None:  # opened at a highlight: show it mid-screen
            self.call_after_refresh(self.view.move_cursor, self._start_at, center=True)
        self._load_annotations()
        self.set_interval(EXTERNAL_CHECK_INTERVAL, self._check_external_changes)
        self.view.focus()

    @work(thread=True, exclusive=True, group="load-annotations")
    def _load_annotations(self) -> None:
        """Read and anchor this article's annotations off the UI thread."""
        token = self.library.store.change_token()
        try:
            found = self.library.anchored(self.article)
            fresh = found.annotations
        except Exception as error:  # a damaged database must not take the open screen down
            self.app.call_from_thread(
                self.notify, f"Could not read annotations: {error}", severity="error", markup=False
            )
            return
        self.app.call_from_thread(self._annotations_loaded, fresh, token)

    def _annotations_loaded(self, fresh: list[Annotation], token: tuple[int, ...]) -> None:
        self._store_token = token
        incoming = {item.id: item for item in fresh}
        unchanged = _comparable(incoming) == _comparable(self.annotations)
        if self.loaded and (self.writer.busy or unchanged):
            return
        self.annotations = incoming
        first_load = not self.loaded
        self.loaded = True
        self._refresh_views()
        if first_load:
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Annotation keys wait (shown dimmed) until the annotations have been loaded."""
        if action in _NEEDS_ANNOTATIONS and not self.loaded:
            return None
        if action == "library":
            return len(self.app.screen_stack) > 1  # opened from the list of articles
        return True

    def _highlights(self) -> list[Highlight]:
        highlights = []
        for item in self.annotations.values():
            anchor = item.resolution.anchor if item.resolution is not None else None
            if anchor is not None and not anchor.is_orphan:
                highlights.append(Highlight(item.id, anchor.start, anchor.end, item.color))
        return highlights

    def _refresh_views(self) -> None:
        self.view.set_highlights(self._highlights())
        self._refresh_pane()

    def _refresh_pane(self) -> None:
        under = self.view.highlight_at(self.view.cursor)
        listed = [item for item in self.annotations.values() if self.pane_filter.matches(item)]
        self.pane.show(listed, under.id if under else None, _describe_filter(self.pane_filter))

    def action_filter_pane(self) -> None:
        """Choose which tags and colours the pane lists."""

        def chosen(choice: AnnotationFilter | None) -> None:
            if choice is not None:
                self.pane_filter = choice
                self._refresh_pane()

        self.app.push_screen(FilterDialog(self.pane_filter, self._known_tags()), chosen)

    # Messages from the widgets -------------------------------------------------------------

    @on(ArticleView.CursorMoved, "#article")
    def _follow_cursor(self, message: ArticleView.CursorMoved) -> None:
        under = self.view.highlight_at(message.offset)
        self.pane.mark(under.id if under else None)
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_SAVE_DELAY, self._save_position)

    @on(ArticleView.ProgressChanged, "#article")
    def _show_progress(self, message: ArticleView.ProgressChanged) -> None:
        self.query_one(ReaderHeader).set_progress(message.percent)

    @on(ArticleView.HighlightClicked, "#article")
    def _select_clicked(self, message: ArticleView.HighlightClicked) -> None:
        self.pane.mark(message.highlight_id)

    @on(AnnotationPane.JumpRequested)
    def _jump_to(self, message: AnnotationPane.JumpRequested) -> None:
        annotation = self.annotations.get(message.annotation_id)
        if (
            annotation is None
            or annotation.resolution is None
            or annotation.resolution.anchor.is_orphan
        ):
            self.notify("This highlight's text is no longer in the article.", markup=False)
            return
        self.view.clear_selection()
        self.view.move_cursor(annotation.resolution.anchor.start, center=True)
        self.view.focus()

    # Changes -------------------------------------------------------------------------------

    def _apply(self, change: Change, record: bool = True) -> None:
        """Make a change in memory and on screen at once, then save it in the background."""
        if change.after is None:
            self.annotations.pop(change.annotation_id, None)
        else:
            self.annotations[change.after.id] = change.after
        if record:
            self.history.record(change)
        self._refresh_views()
        store = self.library.store
        if change.after is None:
            removed_id = change.annotation_id
            self.writer.submit(lambda: store.remove(removed_id))
        else:
            saved = change.after
            self.writer.submit(lambda: store.put(saved))

    def _new_annotation(self, start: int, end: int, color: Color) -> Annotation:
        now = self.library.store.now()
        text = self.article.text
        return Annotation(
            id=new_annotation_id(),
            article_id=self.article.id,
            target=make_target(text, start, end, self.article.hash),
            color=color,
            created=now,
            updated=now,
            resolution=resolution_at(
                text, self.article.hash, Anchor(AnchorStatus.EXACT, start, end, 1.0)
            ),
        )

    def _target_range(self) -> tuple[int, int] | None:
        """The selection, or else the sentence under the cursor (trimmed of outer spaces)."""
        span = self.view.selection or self.article.sentence_at(self.view.cursor)
        if span is None:
            return None
        start, end = span
        text = self.article.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def _existing_at(self, start: int, end: int) -> Annotation | None:
        for highlight in self.view.highlights_at(start):
            if (highlight.start, highlight.end) == (start, end):
                return self.annotations.get(highlight.id)
        return None

    def action_highlight(self, color: Color | None = None) -> None:
        """Highlight the selection, or the sentence under the cursor."""
        span = self._target_range()
        if span is None:
            self.notify("Nothing to highlight here: move the cursor into the text.", markup=False)
            return
        self.view.clear_selection()
        existing = self._existing_at(*span)
        if existing is not None:
            if color is not None and existing.color is not color:
                self._recolor(existing, color)
            self.pane.mark(existing.id)
            return
        annotation = self._new_annotation(*span, color or self.settings.default_color)
        self._apply(Change(None, annotation, "highlight"))
        self.pane.mark(annotation.id)

    def _annotation_to_annotate(self) -> Annotation | None:
        """The selection (highlighted first) or the highlight under the cursor."""
        if self.pane.has_focus_within and self.pane.selected_id:
            return self.annotations.get(self.pane.selected_id)
        if self.view.selection is not None:
            self.action_highlight()
            return self.annotations.get(self.pane.selected_id or "")
        under = self.view.highlight_at(self.view.cursor)
        if under is None:
            self.notify(
                "No highlight here: highlight a sentence (h) or select text (v) first.",
                markup=False,
            )
            return None
        return self.annotations.get(under.id)

    def action_note(self) -> None:
        """Write or edit the note of the highlight (a selection becomes a highlight first)."""
        annotation = self._annotation_to_annotate()
        if annotation is None:
            return
        annotation_id = annotation.id

        def saved(note: str | None) -> None:
            current = self.annotations.get(annotation_id)
            if note is None or current is None or note == current.note:
                return
            changed = replace(current, note=note, updated=self.library.store.now())
            self._apply(Change(current, changed, "note"))

        self.app.push_screen(NoteDialog(annotation.quote, annotation.note), saved)

    def action_tags(self) -> None:
        """Edit the tags of the highlight, with completion from every tag in the library."""
        annotation = self._annotation_to_annotate()
        if annotation is None:
            return
        annotation_id = annotation.id
        known = self._known_tags()

        def saved(tags: list[str] | None) -> None:
            current = self.annotations.get(annotation_id)
            if tags is None or current is None:
                return
            cleaned = normalize_tags(tags, known)
            if cleaned == current.tags:
                return
            changed = replace(current, tags=cleaned, updated=self.library.store.now())
            self._apply(Change(current, changed, "tags"))

        self.app.push_screen(TagsDialog(annotation.quote, annotation.tags, known), saved)

    def _known_tags(self) -> list[str]:
        """Every tag in the library, in its library spelling (this article's first)."""
        tags = [tag for item in self.annotations.values() for tag in item.tags]
        with contextlib.suppress(StoreError):  # completion is a help, not a requirement
            tags.extend(self.library.store.tag_counts())
        return list(dict.fromkeys(tags))

    def action_color(self, name: str) -> None:
        """Colour the selection (highlighting it) or the highlight under the cursor."""
        color = Color(name)
        if self.view.selection is not None:
            self.action_highlight(color)
            return
        under = self.view.highlight_at(self.view.cursor)
        if under is None:
            self.notify(
                "No highlight under the cursor: select text or press h first.", markup=False
            )
            return
        annotation = self.annotations[under.id]
        if annotation.color is not color:
            self._recolor(annotation, color)

    def _recolor(self, annotation: Annotation, color: Color) -> None:
        changed = replace(annotation, color=color, updated=self.library.store.now())
        self._apply(Change(annotation, changed, "colour"))

    def action_delete(self) -> None:
        """Delete the highlight under the cursor, or the marked entry when the pane has focus."""
        if self.pane.has_focus_within:
            target_id = self.pane.selected_id
        else:
            under = self.view.highlight_at(self.view.cursor)
            target_id = under.id if under else None
        annotation = self.annotations.get(target_id) if target_id else None
        if annotation is None:
            self.notify("No highlight here to delete.", markup=False)
            return
        self._apply(Change(annotation, None, "delete"))

    def action_undo(self) -> None:
        """Undo the last annotation change."""
        change = self.history.undo()
        if change is None:
            self.notify("Nothing to undo.", markup=False)
            return
        self._apply(change, record=False)
        self.notify(f"Undid {change.label}.", markup=False)

    def action_redo(self) -> None:
        """Redo the last undone change."""
        change = self.history.redo()
        if change is None:
            self.notify("Nothing to redo.", markup=False)
            return
        self._apply(change, record=False)
        self.notify(f"Redid {change.label}.", markup=False)

    # Navigation and other keys -------------------------------------------------------------

    def action_next_highlight(self) -> None:
        """Jump to the next highlight after the cursor."""
        cursor = self.view.cursor
        following = [item.start for item in self.view.highlights if item.start > cursor]
        if following:
            self.view.clear_selection()
            self.view.move_cursor(min(following))
        else:
            self.notify("No more highlights below.", markup=False)

    def action_previous_highlight(self) -> None:
        """Jump to the previous highlight before the cursor."""
        cursor = self.view.cursor
        preceding = [item.start for item in self.view.highlights if item.start < cursor]
        if preceding:
            self.view.clear_selection()
            self.view.move_cursor(max(preceding))
        else:
            self.notify("No more highlights above.", markup=False)

    def action_copy(self) -> None:
        """Copy the selection, or the highlight under the cursor, to the clipboard."""
        span = self.view.selection
        if span is None:
            under = self.view.highlight_at(self.view.cursor)
            span = (under.start, under.end) if under else None
        if span is None:
            self.notify(
                "Select text (v) or put the cursor on a highlight to copy it.", markup=False
            )
            return
        text = self.article.text[span[0] : span[1]]
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {len(text)} characters.", markup=False)

    @work(thread=True, exclusive=True, group="export")
    def action_export(self) -> None:
        """Write this article's note into the export folder and say where it went."""
        from reader.core.annotations import ArticleAnnotations
        from reader.core.export import Outcome, write_notes

        article = self.article
        group = ArticleAnnotations(
            article.id,
            article.title,
            article.path,
            article.hash,
            tuple(self.annotations.values()),
            author=article.author,
            source=article.source,
        )
        folder = getattr(self.app, "export_folder", None) or self.settings.export_folder
        assert folder is not None
        try:
            [result] = write_notes([group], folder, self.library.store.now())
        except OSError as error:
            self.app.call_from_thread(
                self.notify, f"Export failed: {error}", severity="error", markup=False
            )
            return
        if result.outcome is Outcome.SKIPPED:
            message, severity = f"Not exported: {result.path} {result.reason}.", "warning"
        else:
            message, severity = f"Exported to {result.path}", "information"
        self.app.call_from_thread(self.notify, message, severity=severity, markup=False)

    def action_toggle_pane(self) -> None:
        """Show or hide the annotation pane."""
        pane = self.pane
        pane.display = not pane.display
        if not pane.display:
            self.view.focus()

    def action_switch_focus(self) -> None:
        """Move focus between the article and the pane."""
        pane = self.pane
        if self.view.has_focus and pane.display:
            pane.focus_list()
        else:
            self.view.focus()

    def action_library(self) -> None:
        """Go back to the list of articles this one was opened from."""
        if len(self.app.screen_stack) > 1:
            # Saved before leaving, so that the list shows this visit's progress.
            self._save_position()
            self.writer.flush(5.0)
            self.app.pop_screen()

    # Search in the article ------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search bar (matches are marked as you type)."""
        bar = self.query_one("#search-bar", Input)
        bar.display = True
        bar.focus()

    @on(Input.Changed, "#search-bar")
    def _search_typed(self, message: Input.Changed) -> None:
        self.view.set_matches(find_all(self.article.text, message.value))
        self._show_search_status()

    @on(Input.Submitted, "#search-bar")
    def _search_submitted(self, message: Input.Submitted) -> None:
        self._close_search_bar()
        matches = self.view.matches
        if not matches:
            if message.value.strip():
                self.notify(f"Not found: {message.value.strip()}", markup=False)
            return
        cursor = self.view.cursor
        following = next((i for i, (start, _) in enumerate(matches) if start >= cursor), 0)
        self.view.show_match(following)
        self._show_search_status()

    def _close_search_bar(self) -> None:
        bar = self.query_one("#search-bar", Input)
        bar.display = False
        self.view.focus()

    def key_escape(self) -> None:
        """Escape in the search bar cancels the search."""
        bar = self.query_one("#search-bar", Input)
        if bar.has_focus:
            bar.value = ""
            self.view.set_matches([])
            self._show_search_status()
            self._close_search_bar()

    def _step_match(self, step: int) -> None:
        matches = self.view.matches
        if not matches:
            self.notify("No search: press / to find words in this article.", markup=False)
            return
        current = self.view.current_match
        cursor = self.view.cursor
        if current in matches and current is not None and current[0] == cursor:
            index = (matches.index(current) + step) % len(matches)
        elif step > 0:
            index = next((i for i, (start, _) in enumerate(matches) if start > cursor), 0)
        else:
            earlier = [i for i, (start, _) in enumerate(matches) if start < cursor]
            index = earlier[-1] if earlier else len(matches) - 1
        self.view.show_match(index)
        self._show_search_status()

    def action_next_match(self) -> None:
        """Go to the next search match (wrapping around)."""
        self._step_match(1)

    def action_previous_match(self) -> None:
        """Go to the previous search match (wrapping around)."""
        self._step_match(-1)

    def _show_search_status(self) -> None:
        matches = self.view.matches
        header = self.query_one(ReaderHeader)
        if not matches:
            query = self.query_one("#search-bar", Input).value.strip()
            header.set_search("no match" if query else "")
            return
        current = self.view.current_match
        position = f"{matches.index(current) + 1}/" if current in matches else ""
        more = "+" if len(matches) >= MAX_MATCHES else ""
        header.set_search(f"{position}{len(matches)}{more} matches")

    def action_help(self) -> None:
        """Show every key of this screen."""
        self.app.push_screen(HelpScreen(self))

    # Saving in the background ------------------------------------------------------------

    def _save_position(self) -> None:
        library, article_id = self.library, self.article.id
        position, progress = self.view.cursor, self.view.progress
        self.writer.submit(lambda: library.remember_position(article_id, position, progress))

    def _from_writer(self, message: str, severity: SeverityLevel) -> None:
        """Show a notice from the writer thread without waiting for the UI (it may be closing)."""
        if self._loop is not None and not self._loop.is_closed():
            notice = partial(self.notify, message, severity=severity, timeout=10, markup=False)
            self._loop.call_soon_threadsafe(notice)

    def _report_write_failure(self, message: str) -> None:
        self._from_writer(
            f"Could not save: {message}. Your change is kept and will be saved when possible.",
            "error",
        )

    def _report_write_recovery(self) -> None:
        self._from_writer("Saved: the database is writable again.", "information")

    def _note_own_write(self) -> None:
        """Called on the writer thread: our own saves are not changes to reload."""
        self._store_token = self.library.store.change_token()

    def _check_external_changes(self) -> None:
        """Show changes another copy of reader (or `reader import`) made to this article."""
        if not self.loaded or self.writer.busy:
            return
        if self.library.store.change_token() != self._store_token:
            self._load_annotations()

    def on_unmount(self) -> None:
        """Save the reading position and wait for pending writes before the screen goes."""
        self._save_position()
        if not self.writer.stop(timeout=10.0):
            self._keep_unsaved()

    def _keep_unsaved(self) -> None:
        """The database stayed unwritable: put this article's annotations in a file to import."""
        from reader.ui.recovery import write_recovery_file

        saved_to = write_recovery_file(
            self.article, list(self.annotations.values()), self.library.store
        )
        warnings: list[str] = getattr(self.app, "exit_warnings", [])
        warnings.append(
            f"reader: could not save to the database ({self.writer.last_error}); this article's"
            f" annotations were written to {saved_to}:"
            f" run `reader import {saved_to}` to restore them"
        )


def _describe_filter(chosen: AnnotationFilter) -> str:
    """The filter as shown in the pane's title ("" when everything is listed)."""
    parts = [f"#{tag}" for tag in chosen.tags] + [color.value for color in chosen.colors]
    return " ".join(parts)


def _comparable(annotations: dict[str, Annotation]) -> dict[str, tuple[object, ...]]:
    return {
        key: (item.color, item.note, item.tags, item.updated, item.resolution)
        for key, item in annotations.items()
    }
