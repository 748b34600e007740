"""The annotation keys of the reading screen: highlight, colour, note, tags, delete, undo,
redo and copy. Each becomes a call on the article's session; its change refreshes the view and
the pane and goes to the saver. A mixin of the reading screen, which owns the parts it uses."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from reader.core.annotations import (
    Annotation,
    AnnotationFilter,
    AnnotationSession,
    Change,
    Color,
    Outcome,
    Refused,
)
from reader.core.articles import Article
from reader.core.library import Library
from reader.core.store import StoreError
from reader.settings import Settings
from reader.ui.registry import key_named
from reader.ui.screens.held_keys import HeldKeys, waits_for_annotations
from reader.ui.widgets.annotation_pane import AnnotationPane
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.reader_header import ReaderHeader

if TYPE_CHECKING:
    from reader.ui.saver import Saver

_ON_A_HIGHLIGHT = frozenset(
    {"note", "tags", "delete", "copy", "color-yellow", "color-green", "color-blue", "color-pink"}
)
"""Commands that act on a highlight (the colours and copy on a selection too)."""


class AnnotationKeys(HeldKeys):
    """What the annotation keys do, on the selection, the highlight under the cursor, or the
    entry marked in the pane."""

    article: Article
    library: Library
    session: AnnotationSession
    view: ArticleView
    pane: AnnotationPane
    pane_filter: AnnotationFilter

    header: ReaderHeader
    settings: Settings
    if TYPE_CHECKING:

        @property
        def saver(self) -> Saver: ...

        def _refresh_pane(self, marked: str | None = None) -> None: ...

    def _done(self, outcome: Outcome, say: str = "") -> None:
        """Show what a session call did, and hand its change to the saver."""
        if isinstance(outcome, Refused):
            if outcome.annotation_id is not None:
                self.pane.mark(outcome.annotation_id)
            self.notify(outcome.reason, markup=False)
            return
        self._show_change(outcome)
        self.saver.save_change(outcome, self.article)
        if say:
            self.notify(say, markup=False)

    def _count_highlights(self) -> None:
        self.header.set_highlights(len(self.session.annotations))

    def _show_change(self, change: Change) -> None:
        ranges = []
        for annotation in (change.before, change.after):
            if annotation is not None and annotation.resolution is not None:
                anchor = annotation.resolution.anchor
                if not anchor.is_orphan:
                    ranges.append((anchor.start, anchor.end))
        self.view.refresh_ranges(ranges)
        marked = change.after.id if change.after is not None else None
        listed = change.after is not None and self.pane_filter.matches(change.after)
        if not self.pane.change(change.before, change.after, listed, marked):
            self._refresh_pane(marked)
        self._count_highlights()

    def _target_range(self) -> tuple[int, int] | None:
        """The selection, or else the sentence under the cursor."""
        return self.view.selection or self.article.sentence_at(self.view.cursor)

    @waits_for_annotations
    def action_highlight(self, color: Color | None = None) -> None:
        """Highlight the selection, or the sentence under the cursor."""
        span = self._target_range()
        if span is None:
            self.notify("Nothing to highlight here: move the cursor into the text.", markup=False)
            return
        self.view.clear_selection()
        self._done(self.session.highlight(*span, color))

    def _annotation_to_annotate(self) -> str | None:
        """The marked entry (pane focused), the selection (highlighted first), or the one
        under the cursor."""
        marked = self._marked()
        if marked is not None:
            return marked.id
        if self.view.selection is not None:
            outcome = self.session.highlight(*self.view.selection)
            self.view.clear_selection()
            self._done(outcome)
            if isinstance(outcome, Change) and outcome.after is not None:
                return outcome.after.id
            return outcome.annotation_id if isinstance(outcome, Refused) else None
        under = self.session.under(self.view.cursor)
        if under is not None:
            return under.id
        # Nothing here yet: the sentence under the cursor is highlighted first, as `h` does
        # (else the words typed for the note would be taken as keys).
        sentence = self.article.sentence_at(self.view.cursor)
        if sentence is None:
            self.notify("Nothing to annotate here: move the cursor into the text.", markup=False)
            return None
        outcome = self.session.highlight(*sentence)
        self._done(outcome)
        if isinstance(outcome, Change) and outcome.after is not None:
            return outcome.after.id
        return outcome.annotation_id if isinstance(outcome, Refused) else None

    @waits_for_annotations
    def action_note(self) -> None:
        """Write or edit the note of the highlight (a selection becomes a highlight first)."""
        annotation = self.session.get(self._annotation_to_annotate())
        if annotation is None:
            return
        annotation_id = annotation.id

        def saved(note: str | None) -> None:
            if note is not None:
                outcome = self.session.set_note(annotation_id, note, as_opened=annotation)
                if isinstance(outcome, Change):
                    self._done(outcome)
                    if outcome.before is None:
                        self.notify(
                            "Another copy of reader had deleted this highlight; it is back,"
                            " with your note.",
                            severity="warning",
                            markup=False,
                        )

        from reader.ui.screens.dialogs import NoteDialog  # (its editor is not needed to read)

        self.app.push_screen(NoteDialog(annotation.quote, annotation.note), saved)

    @waits_for_annotations
    def action_tags(self) -> None:
        """Edit the tags of the highlight, with completion from every tag in the library."""
        annotation = self.session.get(self._annotation_to_annotate())
        if annotation is None:
            return
        annotation_id = annotation.id
        known = self._known_tags()

        def saved(tags: list[str] | None) -> None:
            if tags is not None:
                outcome = self.session.set_tags(annotation_id, tags, known)
                if isinstance(outcome, Change):
                    self._done(outcome)

        from reader.ui.screens.dialogs import TagsDialog

        self.app.push_screen(TagsDialog(annotation.quote, annotation.tags, known), saved)

    def _known_tags(self) -> list[str]:
        """Every tag in the library, in its library spelling (this article's first)."""
        tags = self.session.known_tags()
        with contextlib.suppress(StoreError):  # completion is a help, not a requirement
            tags.extend(self.library.store.tag_counts())
        return list(dict.fromkeys(tags))

    def command_applies(self, action_id: str) -> bool:
        """Whether a command would do something now (the palette offers only those)."""
        if not self.session.loaded:
            return action_id not in _ON_A_HIGHLIGHT | {"undo", "redo", "export", "highlight"}
        target = self._marked() or self.session.under(self.view.cursor)
        if action_id in _ON_A_HIGHLIGHT:
            return target is not None or (
                self.view.selection is not None and action_id.startswith(("color", "copy"))
            )
        if action_id == "undo":
            return self.session.history.can_undo
        if action_id == "redo":
            return self.session.history.can_redo
        if action_id == "export":
            return bool(self.session.annotations)
        return True

    def _marked(self) -> Annotation | None:
        """The entry marked in the pane, when the pane has focus: what every key acts on."""
        if self.pane.has_focus_within and self.pane.selected_id:
            return self.session.get(self.pane.selected_id)
        return None

    @waits_for_annotations
    def action_color(self, name: str) -> None:
        """Colour the marked entry (pane), the selection (highlighting it), or the highlight
        under the cursor."""
        color = Color(name)
        marked = self._marked()
        if marked is not None:
            if marked.color is not color:
                self._done(self.session.recolor(marked.id, color))
            return
        if self.view.selection is not None:
            self.action_highlight(color)
            return
        under = self.session.under(self.view.cursor)
        if under is None:
            self.notify(
                "No highlight under the cursor: select text or press"
                f" {key_named(self.app, 'highlight')} first.",
                markup=False,
            )
        elif under.color is not color:
            self._done(self.session.recolor(under.id, color))

    @waits_for_annotations
    def action_delete(self) -> None:
        """Delete the highlight under the cursor, or the marked entry when the pane has focus."""
        if self.pane.has_focus_within:
            marked = self._marked()
            target_id = marked.id if marked is not None else None
        else:
            under = self.session.under(self.view.cursor)
            target_id = under.id if under else None
        if target_id is None:
            self.notify("No highlight here to delete.", markup=False)
            return
        # Said, with the key that undoes it as bound (a deletion was silent).
        undo = key_named(self.app, "undo")
        self._done(self.session.delete(target_id), f"Deleted the highlight · {undo} undoes it.")

    @waits_for_annotations
    def action_undo(self) -> None:
        """Undo the last annotation change."""
        outcome = self.session.undo()
        self._done(outcome, f"Undid {outcome.label}." if isinstance(outcome, Change) else "")

    @waits_for_annotations
    def action_redo(self) -> None:
        """Redo the last undone change."""
        outcome = self.session.redo()
        self._done(outcome, f"Redid {outcome.label}." if isinstance(outcome, Change) else "")

    def action_copy(self) -> None:
        """Copy the marked entry's quote (pane), the selection, or the highlight under the
        cursor, to the clipboard."""
        marked = self._marked()
        if marked is not None:
            self.app.copy_to_clipboard(marked.quote)
            self.notify(f"Copied {len(marked.quote)} characters.", markup=False)
            return
        span = self.view.selection
        if span is None:
            under = self.session.under(self.view.cursor)
            if under is not None and under.resolution is not None:
                span = (under.resolution.anchor.start, under.resolution.anchor.end)
        if span is None:
            self.notify(
                "Select text (v) or put the cursor on a highlight to copy it.", markup=False
            )
            return
        text = self.article.text[span[0] : span[1]]
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied {len(text)} characters.", markup=False)
