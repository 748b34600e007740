"""Re-attaching a highlight from the review: the article opens at the place the review showed,
the reader selects the right passage, and the attach key moves the highlight there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reader.core.annotations import Change
from reader.core.articles.text import collapse_whitespace, strip_unsafe
from reader.core.library import OpenedArticle
from reader.ui.messages import OpenArticle
from reader.ui.registry import key_named
from reader.ui.screens.annotation_keys import AnnotationKeys
from reader.ui.screens.held_keys import waits_for_annotations
from reader.ui.widgets.annotation_entry import fit


class ReattachKeys(AnnotationKeys):
    """The reading screen's re-attach mode (entered from the review screen)."""

    if TYPE_CHECKING:
        is_mounted: bool

        def refresh_bindings(self) -> None: ...

        def _save_position(self) -> None: ...

    reattaching: str = ""
    """The id of the highlight being re-attached ("" when not re-attaching)."""
    _reattach_select: tuple[int, int] | None = None
    _reattach_review: frozenset[str] | None = None
    _reattach_pushed = False

    def start_reattach(
        self,
        annotation_id: str,
        select: tuple[int, int] | None,
        review: frozenset[str] | None,
        pushed: bool,
    ) -> None:
        """Wait for the reader to choose the passage of `annotation_id` (`select`ed at once,
        when given); then back to the review of `review` (below, when `pushed`)."""
        self.reattaching = annotation_id
        self._reattach_select = select
        self._reattach_review = review
        self._reattach_pushed = pushed
        if self.is_mounted:
            self.show_reattach_start()

    def show_reattach_start(self) -> None:
        """Select the place the review showed and say what to do."""
        if not self.reattaching:
            return
        attach, back = key_named(self.app, "attach-here"), key_named(self.app, "back-from-article")
        select = key_named(self.app, "select")
        if self._reattach_select is not None:
            start, end = self._reattach_select
            self.view.select(start, end)
            self.view.action_toggle_selection()  # ended: `v` starts a new one at the cursor
            self.view.move_cursor(end - 1, center=True)
            hint = (
                f"The place the review showed is selected: {attach} attaches the highlight"
                f" there. Another passage: {select} at its start, {select} at its end, then"
                f" {attach}. {back} twice cancels."
            )
        else:
            hint = (
                f"Choose the passage: {select} at its start, {select} at its end, then {attach}"
                f" (or {attach} alone: the sentence under the cursor). {back} cancels."
            )
        self.header.set_search(f"Re-attaching: {attach} attaches the highlight")
        self.notify(hint, markup=False, timeout=12)
        self.refresh_bindings()

    @waits_for_annotations
    def action_attach_here(self) -> None:
        """Move the highlight being re-attached to the selection (or the sentence)."""
        if not self.reattaching:
            return
        chosen = self.view.selection or self.article.sentence_at(self.view.cursor)
        if chosen is None:
            self.notify("Nothing chosen: move the cursor into the text.", markup=False)
            return
        outcome = self.session.reattach(self.reattaching, *chosen)
        self._done(outcome)
        if isinstance(outcome, Change) and outcome.after is not None:
            quote = fit(strip_unsafe(collapse_whitespace(outcome.after.quote)), 50)
            self.view.clear_selection()
            self._hand_to_review(outcome)
            self._finish_reattach(f"Re-attached to “{quote}”")

    def _hand_to_review(self, change: Change) -> None:
        """The review this was opened from can undo the re-attach too."""
        from reader.ui.screens.review_screen import ReviewScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, ReviewScreen):
                screen.record_reattached(change)

    def cancel_reattach(self) -> bool:
        """Leave re-attach mode back to the review (True if it was on)."""
        if not self.reattaching:
            return False
        self._finish_reattach("Not re-attached: the highlight is where it was.")
        return True

    def _finish_reattach(self, say: str) -> None:
        self.app.clear_notifications()  # the re-attach hint is done with
        self.notify(say, markup=False)
        self.reattaching = ""
        self.header.set_search("")
        self.refresh_bindings()
        self._save_position()
        app: Any = self.app
        if self._reattach_pushed:
            app.pop_screen()
        else:
            app.show_review(self._reattach_review)

    def show_change_made_elsewhere(self, change: Change) -> None:
        """A repair made by the review in this article's session: shown in the views."""
        self.view.set_spans(self.session.spans)
        self._show_change(change)


def show_to_reattach(app: Any, opened: OpenedArticle, request: OpenArticle) -> None:
    """The article above the review, to choose a highlight's passage in (an open copy of it
    is gone back to: one article is never open twice)."""
    from reader.ui.screens.reader_screen import ReaderScreen
    from reader.ui.screens.review_screen import ReviewScreen

    app.saver.register(opened)
    scope = app.screen.only if isinstance(app.screen, ReviewScreen) else None
    same = app.reading_screen_of(opened.article.id)
    if same is not None:
        app.back_to(same)
        same.start_reattach(request.reattach, request.select, review=scope, pushed=False)
        return
    screen = ReaderScreen(
        opened.article,
        app.library,
        app.settings,
        start_at=request.start_at,
        position=request.start_at,
    )
    screen.start_reattach(request.reattach, request.select, review=scope, pushed=True)
    app.push_screen(screen)
