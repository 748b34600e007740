"""An article whose file is gone: its annotations, readable, with the quotes they last had."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label

from reader.core.annotations import Annotation, AnnotationSession
from reader.core.annotations.source_facts import imported_from
from reader.core.library import Library, LibraryEntry
from reader.core.store import StoreError
from reader.ui.messages import OpenArticle
from reader.ui.registry import bindings_for, key_named
from reader.ui.saver import EXTERNAL_CHECK_SECONDS, saver_of
from reader.ui.screens.dialogs import ConfirmDialog, PathDialog
from reader.ui.screens.missing_keys import MissingKeys, textless_article
from reader.ui.widgets.annotation_pane import AnnotationPane
from reader.ui.widgets.key_footer import KeyFooter


class MissingArticleScreen(MissingKeys, Screen[None]):
    """An article whose file is gone, or a book with no file: its annotations, readable and
    editable one by one; relink it, or delete them all."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("MissingArticleScreen")

    def __init__(self, entry: LibraryEntry, library: Library) -> None:
        super().__init__()
        self.entry = entry
        self.library = library
        self.whole = {"book": "book", "page": "page"}.get(entry.kind, "article")
        self.session = AnnotationSession(textless_article(entry.article_id, entry.title))
        self.pane = AnnotationPane(id="missing-annotations")
        self._token: tuple[int, ...] = ()
        """The database as last read here (see `_check_external_changes`)."""

    def compose(self) -> ComposeResult:
        yield Label(Content(self.entry.title), id="missing-title")
        yield Label(Content(self._situation()), id="missing-note")
        yield self.pane
        yield KeyFooter()

    def _situation(self, annotations: Sequence[Annotation] = ()) -> str:
        """What this screen is about: a file that is gone, or a book from another app."""
        entry = self.entry
        relink = key_named(self.app, "relink")
        if entry.kind:
            what = "A web page" if entry.kind == "page" else "A book"
            by = f" by {entry.author}" if entry.author else ""
            return (
                f"{what}{by}, imported from {imported_from(annotations) or 'another app'}:"
                " there is no file of it here, so its"
                f" highlights are read from their quotes. {relink} links a file of it, and"
                " they are found in its text."
            )
        where = entry.last_path or "an unknown place"
        return f"The file was last seen at {where} and is gone; its annotations are kept."

    def on_mount(self) -> None:
        """Show the annotations with the quotes they last had (read off the UI thread), and
        what another copy or `reader import` changes in them."""
        self.pane.focus_list()
        self._load()
        self.set_interval(EXTERNAL_CHECK_SECONDS, self._check_external_changes)

    def _check_external_changes(self) -> None:
        saver = saver_of(self.app)
        if saver.busy or saver.pending_for(self.entry.article_id):
            return
        if self.library.store.change_token() != self._token:
            self._load()

    @work(thread=True, exclusive=True, group="missing-annotations")
    def _load(self) -> None:
        self._token = self.library.store.change_token()  # what this read shows
        try:
            annotations = self.library.store.for_article(self.entry.article_id)
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, annotations)

    def _show(self, annotations: list[Annotation]) -> None:
        first_load = not self.session.loaded
        if first_load:
            self.session.load(annotations)
        elif saver_of(self.app).pending_for(self.entry.article_id) or not self.session.reconcile(
            annotations
        ):
            return  # this screen's own changes are on their way: they are the newer
        self.pane.show(
            list(self.session.annotations), marked=self.pane.selected_id, whole=self.whole
        )
        if first_load and self.pane.selected_id is None:
            self.pane.entry_list.action_edge(-1)  # the keys act on an entry from the start
        if self.entry.kind:
            self.query_one("#missing-note", Label).update(Content(self._situation(annotations)))

    def copyable(self) -> str:
        """What ctrl+c copies here: the quote of the chosen highlight."""
        found = self.session.get(self.pane.selected_id)
        return found.quote if found is not None else ""

    def action_back(self) -> None:
        """Back to the library."""
        self.app.pop_screen()

    @on(AnnotationPane.JumpRequested)
    def _jump(self) -> None:
        relink = key_named(self.app, "relink")
        if self.entry.kind:
            what = "web page" if self.entry.kind == "page" else "book"
            message = (
                f"This {what} has no file here: {relink} links a file of it, then enter shows"
                " the highlight in its text."
            )
        else:
            message = (
                f"The article's file is gone: {relink} points it at its new place, then enter"
                " shows the highlight in it."
            )
        self.notify(message, markup=False)

    def action_relink(self) -> None:
        """Ask where the file is now (a known file of the same title filled in), point the
        article at it, and open it there."""
        self._suggest()

    @work(thread=True, exclusive=True, group="missing-suggest")
    def _suggest(self) -> None:
        from reader.core.library.review import relink_suggestions

        try:
            found = relink_suggestions(self.library, self.entry.article_id, self.entry.title)
        except (StoreError, OSError):
            found = []
        self.app.call_from_thread(self._ask_where, found)

    def _ask_where(self, suggestions: list[Path]) -> None:
        start = str(Path(self.entry.last_path).parent) + "/" if self.entry.last_path else ""
        if suggestions:
            start = str(suggestions[0])

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._relink(path)

        self.app.push_screen(
            PathDialog(self._where_question(), start),
            chosen,
        )

    def _where_question(self) -> str:
        if self.entry.kind:
            return f"Which file is “{self.entry.title}”? Its highlights are looked for in it."
        return f"Where is “{self.entry.title}” now? Its highlights follow it."

    @work(thread=True, exclusive=True, group="missing-change")
    def _relink(self, path: Path, checked: bool = False) -> None:
        if not checked:
            from reader.core.articles import ArticleError
            from reader.core.library.review import FEW_QUOTES, MOST_QUOTES, holds_too_few

            # A book is linked to a file only when most of its quotes are in it (as an import
            # links it); an article whose file moved, unless few of them are.
            share = MOST_QUOTES if self.entry.kind else FEW_QUOTES
            try:
                few = holds_too_few(self.library, self.entry.article_id, path, share)
            except (ArticleError, StoreError, OSError) as error:
                self.app.call_from_thread(
                    self.notify, f"Not relinked: {error}", severity="error", markup=False
                )
                return
            if few is not None:
                self.app.call_from_thread(self._confirm_relink, path, *few)
                return
        problem = saver_of(self.app).relink_and_wait(self.entry.article_id, path)
        if problem is not None:
            self.app.call_from_thread(
                self.notify, f"Not relinked: {problem}", severity="error", markup=False
            )
            return
        opened = OpenArticle(self.entry.article_id, path.absolute(), title=self.entry.title)
        self.app.call_from_thread(self.app.post_message, opened)

    def _confirm_relink(self, path: Path, held: int, total: int) -> None:
        from reader.ui.screens.relink_offers import confirm_relink

        confirm_relink(
            self, self.entry.title, path, held, total, lambda: self._relink(path, checked=True)
        )

    def action_forget(self) -> None:
        """Delete this article's annotations, once the user has said yes."""
        count = len(self.session.annotations)
        question = (
            f"Delete the {count} annotation{'s' if count != 1 else ''} of “{self.entry.title}”?"
            " They are kept aside: “reader db deleted” lists them and brings them back."
        )

        def decided(yes: bool | None) -> None:
            if yes:
                self._forget()

        self.app.push_screen(ConfirmDialog(question, "Delete (y)", "Keep them (n)"), decided)

    @work(thread=True, exclusive=True, group="missing-change")
    def _forget(self) -> None:
        saver = saver_of(self.app)
        saver.run_for_user(
            lambda: self.library.forget_annotations(self.entry.article_id), self.entry.article_id
        )
        if saver.flush(30) and saver.last_error is None:
            self.app.call_from_thread(self._forgotten)

    def _forgotten(self) -> None:
        self.notify(f"Deleted the annotations of “{self.entry.title}”.", markup=False)
        self.app.pop_screen()
