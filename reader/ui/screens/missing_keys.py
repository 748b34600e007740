"""The annotation keys of a screen with no text (a book imported from another app, an
article whose file is gone): note, tags, colour, delete, undo and redo on the marked entry.
Each becomes a call on the annotations' session, shown in the pane and saved by the saver.
A mixin of the missing-article screen, which owns the parts it uses."""

from __future__ import annotations

import contextlib

from reader.core.annotations import Annotation, AnnotationSession, Change, Color, Outcome, Refused
from reader.core.articles import Article
from reader.core.library import Library
from reader.core.store import StoreError
from reader.ui.registry import key_named
from reader.ui.screens.dialogs import NoteDialog, TagsDialog
from reader.ui.screens.screen_part import ScreenPart
from reader.ui.widgets.annotation_pane import AnnotationPane


def textless_article(article_id: str, title: str) -> Article:
    """The article a session of annotations with no text stands on: its id and title only
    (nothing is highlighted in it; notes, tags and colours change as anywhere)."""
    return Article("", (), title, hash="", id=article_id)


class MissingKeys(ScreenPart):
    """What the annotation keys do on the entry marked in the pane."""

    library: Library
    session: AnnotationSession
    pane: AnnotationPane
    whole: str

    def _marked(self) -> Annotation | None:
        annotation = self.session.get(self.pane.selected_id)
        if annotation is None:
            self.notify("Mark a highlight in the list first (↑ ↓).", markup=False)
        return annotation

    def _done(self, outcome: Outcome, say: str = "") -> None:
        """Show what a session call did, and hand its change to the saver."""
        if isinstance(outcome, Refused):
            self.notify(outcome.reason, markup=False)
            return
        from reader.ui.saver import saver_of

        pane = self.pane
        marked = outcome.after.id if outcome.after is not None else None
        pane.show(list(self.session.annotations), marked=marked, whole=self.whole)
        saver_of(self.app).save_change(outcome, self.session.article)
        if say:
            self.notify(say, markup=False)

    def action_note(self) -> None:
        """Write or edit the note of the marked highlight."""
        annotation = self._marked()
        if annotation is None:
            return

        def saved(note: str | None) -> None:
            if note is not None:
                self._done(self.session.set_note(annotation.id, note, as_opened=annotation))

        self.app.push_screen(NoteDialog(annotation.quote, annotation.note), saved)

    def action_tags(self) -> None:
        """Edit the tags of the marked highlight, with completion from the library's tags."""
        annotation = self._marked()
        if annotation is None:
            return
        known = self.session.known_tags()
        with contextlib.suppress(StoreError):  # completion is a help, not a requirement
            known.extend(self.library.store.tag_counts())
        known = list(dict.fromkeys(known))

        def saved(tags: list[str] | None) -> None:
            if tags is not None:
                self._done(self.session.set_tags(annotation.id, tags, known))

        self.app.push_screen(TagsDialog(annotation.quote, annotation.tags, known), saved)

    def action_color(self, name: str) -> None:
        """Colour the marked highlight."""
        annotation = self._marked()
        if annotation is not None and annotation.color is not Color(name):
            self._done(self.session.recolor(annotation.id, Color(name)))

    def action_delete(self) -> None:
        """Delete the marked highlight (undo brings it back)."""
        annotation = self._marked()
        if annotation is not None:
            undo = key_named(self.app, "missing-undo")
            self._done(self.session.delete(annotation.id), f"Deleted · {undo} undoes it.")

    def action_undo(self) -> None:
        """Undo the last change made here."""
        outcome = self.session.undo()
        self._done(outcome, f"Undid {outcome.label}." if isinstance(outcome, Change) else "")

    def action_redo(self) -> None:
        """Redo the last change undone."""
        outcome = self.session.redo()
        self._done(outcome, f"Redid {outcome.label}." if isinstance(outcome, Change) else "")
