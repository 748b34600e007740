"""The review screen's repairs: accept, next place, detach, delete and undo, each made by the
one owner of the article's annotations (its open reading screen's session, else one made here)
and saved by the app's saver."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work

from reader.core.anchoring import Anchor, candidate_places
from reader.core.annotations import AnnotationSession, Change, Outcome, Refused
from reader.core.articles import Article, ArticleError
from reader.core.library.review import MISSING, ReviewEntry, ReviewGroup
from reader.core.store import StoreError
from reader.ui.registry import key_named
from reader.ui.saver import saver_of
from reader.ui.screens.screen_part import ScreenPart

if TYPE_CHECKING:
    from reader.ui.screens.reader_screen import ReaderScreen


class ReviewRepairs(ScreenPart):
    """What the review's keys change (mixed into the review screen)."""

    groups: list[ReviewGroup]
    only: frozenset[str] | None
    _sessions: dict[str, AnnotationSession]
    _places: dict[str, tuple[list[Anchor], int]]
    _done: list[tuple[ReviewGroup, Change]]
    if TYPE_CHECKING:

        def _marked(self) -> tuple[ReviewGroup, ReviewEntry] | None: ...

        def _require(self) -> tuple[ReviewGroup, ReviewEntry] | None: ...

        def _show_detail(self) -> None: ...

        def _show(self, groups: list[ReviewGroup], keep: str | None) -> None: ...

        def _read(self, keep: str | None) -> Any: ...  # a worker

    # Sessions: the reading screen's when the article is open, else one made here --------------

    def _session_now(self, article_id: str) -> AnnotationSession | None:
        reading = self._reading_screen(article_id)
        if reading is not None:
            return reading.session if reading.session.loaded else None
        return self._sessions.get(article_id)

    def _reading_screen(self, article_id: str) -> ReaderScreen | None:
        app: Any = self.app
        found: ReaderScreen | None = app.reading_screen_of(article_id)
        return found

    def _with_session(self, group: ReviewGroup, then: Any) -> None:
        """Call `then(session)` with the one owner of the article's annotations (read first,
        off the UI thread, when none is open)."""
        session = self._session_now(group.article_id)
        if session is not None:
            then(session)
        else:
            self._open_session(group, then)

    @work(thread=True, exclusive=True, group="review-session")
    def _open_session(self, group: ReviewGroup, then: Any) -> None:
        library: Any = getattr(self.app, "library")  # noqa: B009
        saver_of(self.app).flush(30)  # read after this app's own changes are written
        try:
            if group.missing or group.path is None:  # no text: only what needs none
                article = Article("", (), group.title, id=group.article_id)
                annotations = library.store.for_article(group.article_id)
            else:
                article = library.load(group.path).article
                annotations = library.anchored(article).annotations
        except (ArticleError, StoreError, OSError) as error:
            self.app.call_from_thread(
                self.notify, f"Cannot read the article: {error}", severity="error", markup=False
            )
            return
        session = AnnotationSession(article, clock=library.store.clock)
        session.load(annotations)

        def ready() -> None:
            self._sessions[group.article_id] = session
            then(session)

        self.app.call_from_thread(ready)

    def _apply(self, group: ReviewGroup, outcome: Outcome, say: str) -> None:
        """Save a repair, show it in an open reading screen, and move on in the list."""
        if isinstance(outcome, Refused):
            self.notify(outcome.reason, markup=False)
            return
        session = self._session_now(group.article_id)
        assert session is not None, "a repair is made in a session"
        saver_of(self.app).save_change(outcome, session.article)
        self._done.append((group, outcome))
        self._show_in_reader(group.article_id, outcome)
        self._places.pop(outcome.annotation_id, None)
        self.notify(f"{say} {key_named(self.app, 'review-undo')} undoes it.", markup=False)
        self._drop(outcome.annotation_id)

    def _show_in_reader(self, article_id: str, change: Change) -> None:
        reading = self._reading_screen(article_id)
        if reading is not None:
            reading.show_change_made_elsewhere(change)

    def _drop(self, annotation_id: str) -> None:
        """The entry is done: off the list, the next one marked."""
        for group in self.groups:
            group.entries[:] = [e for e in group.entries if e.annotation.id != annotation_id]
        self._show([group for group in self.groups if group.entries], annotation_id)

    # Keys ----------------------------------------------------------------------------------

    def action_accept(self) -> None:
        """Accept the place shown (the current one, or the candidate shown)."""
        marked = self._require()
        if marked is None:
            return
        group, entry = marked
        if entry.status == MISSING:
            relink = key_named(self.app, "review-relink")
            self.notify(
                f"Nothing to accept: the article's file is gone. {relink} points it at its"
                " new place.",
                markup=False,
            )
            return
        if entry.status == "orphan":
            reattach = key_named(self.app, "review-reattach")
            self.notify(
                f"Nothing to accept: it has no place. {reattach} re-attaches it.", markup=False
            )
            return
        places, shown = self._places.get(entry.annotation.id, ([], 0))
        place = places[shown] if places else None

        def run(session: AnnotationSession) -> None:
            self._apply(
                group, session.accept(entry.annotation.id, place), "Accepted: exact from now on."
            )

        self._with_session(group, run)

    def action_next_place(self) -> None:
        """Show the next best place for the marked entry in its article (round again after
        the last)."""
        marked = self._require()
        if marked is None:
            return
        group, entry = marked
        if group.missing:
            self.notify("The article's file is gone: relink it to look for places.", markup=False)
            return

        def run(session: AnnotationSession) -> None:
            key = entry.annotation.id
            placed = entry.status != "orphan"
            if key not in self._places:  # the current place first, then the others
                self._places[key] = (_places_for(entry, session.article.text), 0 if placed else -1)
            places, shown = self._places[key]
            if len(places) - (1 if placed else 0) <= 0:
                self.notify("No other place in the article looks like it.", markup=False)
                return
            self._places[key] = (places, (shown + 1) % len(places))
            self._show_detail()

        self._with_session(group, run)

    def action_detach(self) -> None:
        """Keep the marked highlight as a note on the article, with no passage."""
        marked = self._require()
        if marked is None:
            return
        group, entry = marked

        def run(session: AnnotationSession) -> None:
            self._apply(
                group,
                session.detach(entry.annotation.id),
                "Detached: kept as a note on the article.",
            )

        self._with_session(group, run)

    def action_delete(self) -> None:
        """Delete the marked highlight."""
        marked = self._require()
        if marked is None:
            return
        group, entry = marked

        def run(session: AnnotationSession) -> None:
            self._apply(group, session.delete(entry.annotation.id), "Deleted.")

        self._with_session(group, run)

    def record_reattached(self, change: Change) -> None:
        """A re-attach made in the article (opened from here): u here undoes it too."""
        group = next((g for g in self.groups if g.article_id == change.article_id), None)
        if group is not None:
            self._done.append((group, change))

    def action_undo(self) -> None:
        """Undo the last change made on this screen (or re-attached from it)."""
        if not self._done:
            self.notify("Nothing to undo here.", markup=False)
            return
        group, change = self._done[-1]

        def run(session: AnnotationSession) -> None:
            outcome = session.revert(change)
            if isinstance(outcome, Refused):
                self.notify(outcome.reason, markup=False)
                return
            self._done.pop()
            saver_of(self.app).save_change(outcome, session.article)
            self._show_in_reader(group.article_id, outcome)
            self.notify(f"Undone: {change.label}.", markup=False)
            self._read(change.annotation_id)  # (after the saver has written the undo)

        self._with_session(group, run)


def _places_for(entry: ReviewEntry, text: str) -> list[Anchor]:
    """Where an entry could go: its current place first (if it has one), then the others."""
    found = candidate_places(entry.annotation.target, text, limit=6)
    resolution = entry.annotation.resolution
    if resolution is None or resolution.anchor.is_orphan:
        return found
    here = resolution.anchor
    return [here, *(p for p in found if p.end <= here.start or here.end <= p.start)][:6]
