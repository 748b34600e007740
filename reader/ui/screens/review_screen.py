"""Reviewing highlights: every one found only approximately, moved far, or lost, across the
library (or one article), with keys to accept, re-attach, detach or delete each."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from reader.core.anchoring import Anchor
from reader.core.annotations import AnnotationSession, Change
from reader.core.articles import ArticleError
from reader.core.library.review import (
    ReviewEntry,
    ReviewGroup,
    holds_too_few,
    relink_suggestions,
    review_counts,
    review_groups,
)
from reader.core.store import StoreError
from reader.ui.messages import OpenArticle
from reader.ui.registry import bindings_for, key_named
from reader.ui.saver import saver_of
from reader.ui.screens.review_detail import entry_detail, entry_line, group_heading
from reader.ui.screens.review_repairs import ReviewRepairs
from reader.ui.widgets.key_footer import KeyFooter

LINE_WIDTH = 56
"""Cells of an entry's row before the list has been laid out."""


class ReviewScreen(ReviewRepairs, Screen[None]):
    """The highlights to review, grouped by article, worst first; the marked one in full."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("ReviewScreen")

    def __init__(self, only: frozenset[str] | None = None) -> None:
        super().__init__()
        self.only = only
        """The articles reviewed (None: the whole library)."""
        self.groups: list[ReviewGroup] = []
        self._entries: dict[str, tuple[ReviewGroup, ReviewEntry]] = {}
        self._sessions: dict[str, AnnotationSession] = {}
        """Sessions of articles not open in a reading screen, made for a repair."""
        self._places: dict[str, tuple[list[Anchor], int]] = {}
        """Candidate places shown for an entry, and which of them is shown."""
        self._done: list[tuple[ReviewGroup, Change]] = []
        """Changes made here, newest last (u undoes them)."""
        self._loaded = False

    def compose(self) -> ComposeResult:
        yield Label(Content("Review · reading the library…"), id="review-title")
        with Horizontal(id="review-body"):
            yield OptionList(id="review-list")
            with VerticalScroll(id="review-detail-box"):
                yield Static(Content(""), id="review-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Read the entries off the UI thread (files that changed are re-anchored)."""
        self.query_one("#review-list", OptionList).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        """Back from re-attaching in an article: the list as it is now."""
        if self._loaded:
            self.reload()

    # Reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the list again, keeping the marked entry (or the one after it) marked; the
        sessions made here are read again when next needed (the article may have changed)."""
        self._sessions.clear()
        self._places.clear()
        self._read(self._marked_id())

    @work(thread=True, exclusive=True, group="review-read")
    def _read(self, keep: str | None) -> None:
        library: Any = getattr(self.app, "library")  # noqa: B009
        saver_of(self.app).flush(30)  # the list as this app's own changes left it
        try:
            groups = review_groups(library, self.only)
        except (StoreError, OSError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, groups, keep)

    def _show(self, groups: list[ReviewGroup], keep: str | None) -> None:
        order = list(self._entries)
        self.groups = groups
        self._entries = {
            entry.annotation.id: (group, entry) for group in groups for entry in group.entries
        }
        self._loaded = True
        listing = self.query_one("#review-list", OptionList)
        listing.clear_options()
        options: list[Option] = []
        for group in groups:
            options.append(Option(group_heading(group), id=f"article:{group.article_id}"))
            width = listing.scrollable_content_region.width or LINE_WIDTH
            options.extend(
                Option(entry_line(entry, width), id=entry.annotation.id) for entry in group.entries
            )
        listing.add_options(options)
        for group in groups:  # headings are read, not chosen
            option = listing.get_option(f"article:{group.article_id}")
            option.disabled = True
        self._say_counts()
        target = self._next_present(keep, order)
        if target is not None:
            listing.highlighted = listing.get_option_index(target)
        self._show_detail()

    def _next_present(self, keep: str | None, order: list[str]) -> str | None:
        """`keep` if still listed, else the first entry after it (in the last order) that is."""
        if keep in self._entries:
            return keep
        if keep in order:
            for later in order[order.index(keep) + 1 :]:
                if later in self._entries:
                    return later
        return next(iter(self._entries), None)

    def _say_counts(self) -> None:
        total, orphans = review_counts(self.groups)
        scope = ""
        if self.only is not None and len(self.groups) == 1:
            scope = f" · {self.groups[0].title}"
        if total == 0:
            text = f"Review{scope} · nothing to review"
        else:
            text = (
                f"Review{scope} · {total} to review · {orphans} orphan{'s' if orphans != 1 else ''}"
            )
        self.query_one("#review-title", Label).update(Content(text))

    # The marked entry ----------------------------------------------------------------------

    def _marked_id(self) -> str | None:
        listing = self.query_one("#review-list", OptionList)
        if listing.highlighted is None:
            return None
        option_id = listing.get_option_at_index(listing.highlighted).id
        return option_id if option_id in self._entries else None

    def _marked(self) -> tuple[ReviewGroup, ReviewEntry] | None:
        marked = self._marked_id()
        return self._entries.get(marked) if marked is not None else None

    @on(OptionList.OptionHighlighted, "#review-list")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#review-detail", Static)
        marked = self._marked()
        if marked is None:
            back = key_named(self.app, "review-back")
            if self._loaded and not self._entries:
                detail.update(
                    Content(
                        "Nothing to review: every highlight is attached exactly.\n\n"
                        "When an article changes, the highlights that moved far, changed or lost"
                        f" their text are listed here. {back} goes back."
                    )
                )
            else:
                detail.update(Content(""))
            return
        group, entry = marked
        places, shown = self._places.get(entry.annotation.id, ([], 0))
        place = places[shown] if places else None
        detail.update(entry_detail(group, entry, place, shown, len(places), self._text_of(group)))

    def _text_of(self, group: ReviewGroup) -> str | None:
        session = self._session_now(group.article_id)
        return session.article.text if session is not None and session.article.text else None

    def action_move(self, step: int) -> None:
        """The next (or previous) entry."""
        listing = self.query_one("#review-list", OptionList)
        listing.action_cursor_down() if step > 0 else listing.action_cursor_up()

    # Keys ----------------------------------------------------------------------------------

    def _require(self) -> tuple[ReviewGroup, ReviewEntry] | None:
        marked = self._marked()
        if marked is None:
            self.notify("Nothing to review here.", markup=False)
        return marked

    def action_reattach(self) -> None:
        """Open the article at the place shown (or where it was) to choose the passage."""
        marked = self._require()
        if marked is None:
            return
        group, entry = marked
        if group.missing:
            self.notify(
                f"The article's file is gone: {key_named(self.app, 'review-relink')} points it at"
                " its new place first.",
                markup=False,
            )
            return
        places, shown = self._places.get(entry.annotation.id, ([], 0))
        resolution = entry.annotation.resolution
        if places:
            select: tuple[int, int] | None = (places[shown].start, places[shown].end)
        elif resolution is not None and not resolution.anchor.is_orphan:
            select = (resolution.anchor.start, resolution.anchor.end)
        else:
            select = None
        start = select[0] if select else entry.annotation.target.position.start
        self.app.post_message(
            OpenArticle(
                group.article_id,
                group.path,
                start_at=start,
                title=group.title,
                reattach=entry.annotation.id,
                select=select,
            )
        )

    def action_relink(self) -> None:
        """Point the marked entry's article (its file gone) at a file."""

        marked = self._require()
        if marked is None:
            return
        self._suggest_and_ask(marked[0])

    @work(thread=True, exclusive=True, group="review-relink")
    def _suggest_and_ask(self, group: ReviewGroup) -> None:
        library: Any = getattr(self.app, "library")  # noqa: B009
        try:
            suggestions = relink_suggestions(library, group.article_id, group.title)
        except (StoreError, OSError):
            suggestions = []
        self.app.call_from_thread(self._ask_where, group, suggestions)

    def _ask_where(self, group: ReviewGroup, suggestions: list[Path], typed: str = "") -> None:
        from reader.ui.screens.dialogs import PathDialog

        current = str(group.path) if group.path is not None else group.last_path
        start = typed or (str(suggestions[0]) if suggestions else current)
        hint = " (the file of the same title is filled in)" if suggestions else ""
        question = f"Where is “{group.title}” now?{hint} Its highlights are re-anchored there."

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._relink(group, path)

        self.app.push_screen(PathDialog(question, start), chosen)

    @work(thread=True, exclusive=True, group="review-relink")
    def _relink(self, group: ReviewGroup, path: Path, checked: bool = False) -> None:
        library: Any = getattr(self.app, "library")  # noqa: B009
        if not checked:
            try:
                few = holds_too_few(library, group.article_id, path)
            except (ArticleError, StoreError, OSError) as error:
                self.app.call_from_thread(
                    self.notify, f"Not relinked: {error}", severity="error", markup=False
                )
                self.app.call_from_thread(self._ask_where, group, [], str(path))
                return
            if few is not None:
                self.app.call_from_thread(self._confirm_relink, group, path, *few)
                return

        problem = saver_of(self.app).relink_and_wait(group.article_id, path)
        if problem is not None:
            self.app.call_from_thread(
                self.notify, f"Not relinked: {problem}", severity="error", markup=False
            )
            self.app.call_from_thread(self._ask_where, group, [], str(path))  # typed path kept
            return
        self._sessions.pop(group.article_id, None)
        self.app.call_from_thread(self.notify, f"Relinked “{group.title}” to {path}.", markup=False)
        self.app.call_from_thread(self.reload)

    def _confirm_relink(self, group: ReviewGroup, path: Path, held: int, total: int) -> None:
        """A file holding few of the article's quotes is relinked only after a yes."""
        from reader.ui.screens.relink_offers import confirm_relink

        confirm_relink(
            self, group.title, path, held, total, lambda: self._relink(group, path, checked=True)
        )

    @on(OptionList.OptionSelected, "#review-list")
    def _chosen(self) -> None:
        self.action_reattach()

    def action_back(self) -> None:
        """Back to where the review was opened from."""
        self.app.pop_screen()

    def copyable(self) -> str:
        """What ctrl+c copies here: the marked entry's quote as it was made."""
        marked = self._marked()
        return marked[1].quote if marked is not None else ""
