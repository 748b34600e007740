"""The reading screen: layout, keys and dialogs; the session changes, the saver saves.

A key becomes a call on the article's annotation session; the change it returns refreshes
the article view and the pane, and goes to the app's saver. Nothing here writes the store.
"""

from __future__ import annotations

import gc
from typing import Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer

from reader.core.annotations import (
    Annotation,
    AnnotationFilter,
    AnnotationSession,
)
from reader.core.articles import Article
from reader.core.library import Library
from reader.settings import Settings
from reader.ui.messages import StoreChanged
from reader.ui.registry import bindings_for
from reader.ui.saver import EXTERNAL_CHECK_SECONDS, Saver, saver_of
from reader.ui.screens.held_keys import waits_for_annotations
from reader.ui.screens.reattach_keys import ReattachKeys
from reader.ui.widgets.annotation_pane import AnnotationPane
from reader.ui.widgets.article_messages import CursorMoved, HighlightClicked, ProgressChanged
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.key_footer import KeyFooter
from reader.ui.widgets.reader_header import ReaderHeader
from reader.ui.widgets.search_bar import SearchBar

NARROW = 90
"""Terminals narrower than this show the article alone (`p` brings the pane, below it)."""
POSITION_SAVE_DELAY = 1.5
"""Seconds of stillness before the reading position is saved."""
"""How often the database is checked for changes made by another copy or `reader import`."""
ADOPTION_DELAY = 1.0
"""Seconds after an article opens before asking whether it is a book imported from another
app: the text and its highlights come first."""


class ReaderScreen(ReattachKeys, Screen[None]):
    """One article next to its annotation pane."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("ReaderScreen")

    def __init__(
        self,
        article: Article,
        library: Library,
        settings: Settings | None = None,
        start_at: int | None = None,
        position: int | None = None,
    ) -> None:
        super().__init__()
        self.article = article
        self.library = library
        self.settings = settings or Settings()
        self.session = AnnotationSession(
            article, clock=library.store.clock, default_color=self.settings.default_color
        )
        """The one owner of this article's annotations."""
        self.pane_filter = AnnotationFilter()
        """What the pane lists (everything by default)."""
        self._position_timer: Timer | None = None
        self.search_left: str | None = None
        """The query of the library search closed to show a result here (escape reopens it)."""
        self._pane_chosen = False
        """True once the reader has shown or hidden the pane (then the width no longer does)."""
        self._store_token: tuple[int, ...] = ()
        self._external_seen = -1
        """The store's count of changes made elsewhere, as of the last read."""
        self._start_at = start_at
        self._held = []
        record = library.store.article(article.id)
        if position is None:
            position = record.position if record and start_at is None else (start_at or 0)
        reached = record.progress if record is not None else 0
        self.view = ArticleView(
            article, self.session.spans, position, reached=reached, id="article"
        )
        """The article pane."""
        self.header = ReaderHeader(article.title, byline(article), id="reader-header")
        """The title, byline, progress and highlight count."""
        self.pane = AnnotationPane(id="annotations")
        """The annotation pane."""
        self.search_bar = SearchBar(self.view, id="search-bar")
        """Finding words in the article."""

    @property
    def saver(self) -> Saver:
        """The app's saver (the only way to the store)."""
        return saver_of(self.app)

    @property
    def loaded(self) -> bool:
        """True once the annotations have been read from the store."""
        return self.session.loaded

    # Layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self.header
        with Horizontal(id="reader-body"):
            yield self.view
            yield self.pane
        yield self.search_bar
        yield KeyFooter()

    def on_mount(self) -> None:
        """Show the text at once; load annotations in the background; watch the database."""
        if self._start_at is not None:  # opened at a highlight: show it mid-screen
            self.call_after_refresh(self.view.move_cursor, self._start_at, center=True)
        self.header.set_progress(self.view.progress)
        # After the first frame: a worker reading 10,000 highlights while the text is first
        # drawn holds the interpreter's lock, and the text waits for it.
        self.call_after_refresh(self._load_annotations)
        self.set_interval(EXTERNAL_CHECK_SECONDS, self._check_external_changes)
        self.set_timer(ADOPTION_DELAY, self._offer_adoption)
        self.view.focus()
        if self.article.decoding:  # a guessed encoding: the reader should know
            self.notify(f"{self.article.title}: {self.article.decoding}.", markup=False, timeout=8)

    def reload_annotations(self) -> None:
        """Read this article's annotations again (another part of the app moved some in)."""
        self._external_seen = -1  # as before the first read: read whatever the store says
        self._load_annotations()

    def _offer_adoption(self) -> None:
        """Ask, once the article shows, whether it is a book imported from another app."""
        from reader.ui.screens.relink_offers import offer_adoption

        offer_adoption(self)

    @work(thread=True, exclusive=True, group="load-annotations")
    def _load_annotations(self) -> None:
        """Read and anchor this article's annotations off the UI thread; only reads. Read
        again only for changes made elsewhere: the store changing by this app's own saves
        needs nothing (re-anchoring 10,000 highlights a second after each save stalled the
        keys and held twice their memory)."""
        store = self.library.store
        token = store.change_token()
        try:
            external = store.external_changes()
            if self.session.loaded and external == self._external_seen:
                self.app.call_from_thread(setattr, self, "_store_token", token)
                return
            found = self.library.anchored(self.article)
        except Exception as error:  # a damaged database must not take the open screen down
            self.app.call_from_thread(
                self.notify, f"Could not read annotations: {error}", severity="error", markup=False
            )
            self.app.call_from_thread(self.drop_held_keys, "the annotations could not be read")
            return
        self._external_seen = external
        self.app.call_from_thread(self._annotations_loaded, found.annotations, token)
        # Where the annotations were found is remembered by the saver; failing only warns.
        self.saver.save_resolutions(self.article.id, found.changed)

    def _annotations_loaded(self, fresh: list[Annotation], token: tuple[int, ...]) -> None:
        self._store_token = token
        first_load = not self.session.loaded
        if first_load:
            self.session.load(fresh)
        elif self.saver.pending_for(self.article.id) or not self.session.reconcile(fresh):
            return
        self.view.set_spans(self.session.spans)
        self._refresh_pane()
        self._count_highlights()
        if first_load:
            self.refresh_bindings()
            self.show_reattach_start()
            # The article and its highlights live as long as the screen: the collector need
            # not walk them again (a full collection of them stalled a key by 100 ms).
            gc.freeze()
            self.apply_held_keys()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The attach key is there only while re-attaching (annotation keys pressed before
        the annotations are in are held, not refused: see `held_keys`)."""
        return action != "attach_here" or bool(self.reattaching)

    def _refresh_pane(self, marked: str | None = None) -> None:
        under = self.session.under(self.view.cursor)
        listed = [item for item in self.session.annotations if self.pane_filter.matches(item)]
        marked = marked or (under.id if under else None)
        self.pane.show(listed, marked, _describe_filter(self.pane_filter))
        if marked is None:  # (once the entries are laid out)
            self.call_after_refresh(self.pane.follow, self.view.cursor)

    def action_filter_pane(self) -> None:
        """Choose which tags and colours the pane lists."""

        def chosen(choice: AnnotationFilter | None) -> None:
            if choice is not None:
                self.pane_filter = choice
                self._refresh_pane()

        from reader.ui.screens.dialogs import FilterDialog

        self.app.push_screen(FilterDialog(self.pane_filter, self._known_tags()), chosen)

    # Messages from the widgets -------------------------------------------------------------

    @on(CursorMoved, "#article")
    def _follow_cursor(self, message: CursorMoved) -> None:
        under = self.session.under(message.offset)
        self.pane.mark(under.id if under else None)
        if under is None:
            self.pane.follow(message.offset)
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_SAVE_DELAY, self._save_position)

    @on(ProgressChanged, "#article")
    def _show_progress(self, message: ProgressChanged) -> None:
        self.header.set_progress(message.percent)
        if self._position_timer is None:  # got further without moving the cursor by a key
            self._position_timer = self.set_timer(POSITION_SAVE_DELAY, self._save_position)

    @on(HighlightClicked, "#article")
    def _select_clicked(self, message: HighlightClicked) -> None:
        under = self.session.under(message.offset)
        self.pane.mark(under.id if under else None)
        if under is None:
            self.pane.follow(message.offset)

    @on(AnnotationPane.JumpRequested)
    def _jump_to(self, message: AnnotationPane.JumpRequested) -> None:
        annotation = self.session.get(message.annotation_id)
        resolution = annotation.resolution if annotation is not None else None
        if resolution is None or resolution.anchor.is_orphan:
            self.notify(
                "This highlight is not placed in the article: its words are gone, or repeated with"
                " nothing to tell which copy (R, the review, shows where).",
                markup=False,
            )
            return
        self.view.clear_selection()
        self.view.move_cursor(resolution.anchor.start, center=True)
        self.view.focus()

    # Navigation and other keys -------------------------------------------------------------

    @waits_for_annotations
    def action_next_highlight(self) -> None:
        """Jump to the next highlight after the cursor."""
        following = self.session.next_after(self.view.cursor)
        if following is None or following.resolution is None:
            self.notify("No more highlights below.", markup=False)
            return
        self.view.clear_selection()
        self.view.move_cursor(following.resolution.anchor.start)

    @waits_for_annotations
    def action_previous_highlight(self) -> None:
        """Jump to the previous highlight before the cursor."""
        preceding = self.session.previous_before(self.view.cursor)
        if preceding is None or preceding.resolution is None:
            self.notify("No more highlights above.", markup=False)
            return
        self.view.clear_selection()
        self.view.move_cursor(preceding.resolution.anchor.start)

    @waits_for_annotations
    def action_export(self) -> None:
        """Write this article's note into the export folder and say where it went."""
        getattr(self.app, "export_article")(self.session.group())  # noqa: B009

    def action_toggle_pane(self) -> None:
        """Show or hide the annotation pane (below the article on a narrow terminal)."""
        pane = self.pane
        pane.display = not pane.display
        self._pane_chosen = True
        if not pane.display:
            self.view.focus()

    def on_resize(self, event: events.Resize) -> None:
        """Below NARROW columns the article takes the width: the pane is hidden until `p`
        shows it, below the article."""
        narrow = event.size.width < NARROW
        self.set_class(narrow, "-narrow")
        if not self._pane_chosen:
            self.pane.display = not narrow

    def action_switch_focus(self) -> None:
        """Move focus between the article and the pane."""
        if self.view.has_focus and self.pane.display:
            self.pane.focus_list()
        else:
            self.view.focus()

    def action_library(self) -> None:
        """Go back to the list of articles (the library of every known one when reader was
        opened on this file alone)."""
        self._save_position()
        app: Any = self.app
        app.show_library()

    def action_review(self) -> None:
        """Review this article's highlights that moved, changed or lost their text."""
        self._save_position()
        app: Any = self.app
        app.show_review(frozenset({self.article.id}))

    def action_back(self) -> None:
        """escape: cancel the selection, else clear the search, else back to the library's
        search results this was opened from, else to the articles."""
        from reader.ui.screens.search_screen import SearchScreen

        stack = self.app.screen_stack
        if self.view.selection is not None:
            self.view.clear_selection()
        elif self.cancel_reattach():
            return
        elif self.view.found.all or self.search_bar.value:
            self.search_bar.action_cancel()
        elif len(stack) > 1 and stack[-1] is self and isinstance(stack[-2], SearchScreen):
            self._save_position()
            self.app.pop_screen()
        elif self.search_left is not None:  # a result in this article closed its search
            query, self.search_left = self.search_left, None
            self._save_position()
            self.app.push_screen(SearchScreen(query))
        else:
            self.action_library()

    # Search in the article ------------------------------------------------------------------

    def action_search(self) -> None:
        """Open the search bar (matches are marked as you type)."""
        self.search_bar.open()

    def _step_match(self, step: int) -> None:
        before = self.view.cursor
        if not self.search_bar.step(step):
            self.notify("No search: press / to find words in this article.", markup=False)
            return
        after = self.view.cursor
        if len(self.view.matches) > 1 and (after <= before if step > 0 else after >= before):
            # Going round is said: the reader would think the search had moved on.
            where = "the top" if step > 0 else "the end"
            self.notify(f"Search went round to {where}.", markup=False)

    def action_next_match(self) -> None:
        """Go to the next search match (wrapping around)."""
        self._step_match(1)

    def action_previous_match(self) -> None:
        """Go to the previous search match (wrapping around)."""
        self._step_match(-1)

    @on(SearchBar.StatusChanged)
    def _show_search_status(self, message: SearchBar.StatusChanged) -> None:
        self.header.set_search(message.status)

    # The store -----------------------------------------------------------------------------

    def _save_position(self) -> None:
        self.saver.save_position(self.article.id, self.view.cursor, self.view.progress)

    @on(StoreChanged)
    def _store_changed(self, message: StoreChanged) -> None:
        """Our own write moves the known state on; any other write means reading again."""
        if message.before == self._store_token:
            self._store_token = message.after
        else:
            self._load_annotations()

    def _check_external_changes(self) -> None:
        """Show changes another copy of reader (or `reader import`) made to this article."""
        if not self.session.loaded or self.saver.busy:
            return
        if self.library.store.change_token() != self._store_token:
            self._load_annotations()

    def on_unmount(self) -> None:
        """Save the reading position (the saver writes it; nothing here waits)."""
        self._save_position()


def byline(article: Article) -> str:
    """Author, date and source of an article, as one line ("" when none is known)."""
    return " · ".join(part for part in (article.author, article.date, article.source) if part)


def _describe_filter(chosen: AnnotationFilter) -> str:
    """The filter as shown in the pane's title ("" when everything is listed)."""
    parts = [f"#{tag}" for tag in chosen.tags] + [color.value for color in chosen.colors]
    return " ".join(parts)
