"""Offering to relink an article whose file is gone to a file that closely matches it: asked
once a run per pair, and done only after the reader's yes."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from reader.core.library.review import RelinkOffer, relink_offers
from reader.core.store import StoreError
from reader.ui.saver import saver_of
from reader.ui.screens.dialogs import ConfirmDialog


def look_for_moved_articles(screen: Screen[Any]) -> None:
    """Find the offers off the UI thread, then ask about them one at a time."""
    app: Any = screen.app
    asked: set[tuple[str, str]] = app.relinks_asked
    library = app.library

    def find() -> None:
        try:
            offers = relink_offers(library)
        except (StoreError, OSError):
            return  # only an offer: a store that cannot be read says so elsewhere
        fresh = [offer for offer in offers if (offer.article_id, str(offer.path)) not in asked]
        if fresh:
            app.call_from_thread(_ask, screen, fresh)

    screen.run_worker(find, thread=True, exclusive=True, group="relink-offers")


def offer_adoption(screen: Any) -> None:
    """When the article a reading screen shows is a book or page imported from another app,
    offer to adopt it (asked once a run)."""
    from reader.core.library.adoption import adoption_offers_for

    app: Any = screen.app
    library, article = app.library, screen.article

    def find() -> None:
        try:
            offers = adoption_offers_for(library.store, article)
        except (StoreError, OSError):
            return
        asked = app.relinks_asked
        fresh = [offer for offer in offers if (offer.article_id, str(offer.path)) not in asked]
        if fresh:
            app.call_from_thread(_ask, screen, fresh)

    screen.run_worker(find, thread=True, exclusive=True, group="adoption-offers")


def _ask(screen: Screen[Any], offers: list[RelinkOffer]) -> None:
    app: Any = screen.app
    if not offers or app.screen is not screen:
        return
    offer, rest = offers[0], offers[1:]
    app.relinks_asked.add((offer.article_id, str(offer.path)))
    plural = "s" if offer.highlights != 1 else ""
    if offer.kind:
        what = "web page" if offer.kind == "page" else "book"
        question = (
            f"“{offer.title}”, a {what} imported from another app, may be {offer.path}: it"
            f" {offer.reason}. Adopt its {offer.highlights} highlight{plural} into it? They are"
            " anchored in its text, and any not found there are listed in the review (R)."
        )
        yes = "Adopt (y)"
    else:
        question = (
            f"The file of “{offer.title}” is gone. {offer.path} {offer.reason}."
            f" Relink its {offer.highlights} highlight{plural} to it? They are re-anchored"
            " there, and any that moved are listed in the review (R)."
        )
        yes = "Relink (y)"

    def decided(yes: bool | None) -> None:
        if yes:
            _relink(screen, offer)
        _ask(screen, rest)

    app.push_screen(ConfirmDialog(question, yes, "Not now (n)", safe_first=True), decided)


def _relink(screen: Screen[Any], offer: RelinkOffer) -> None:
    app: Any = screen.app
    if offer.into:
        _adopt(screen, offer)
        return

    def wait() -> None:
        problem = saver_of(app).relink_and_wait(offer.article_id, offer.path)
        if problem is not None:
            message, severity = f"Not relinked: {problem}", "error"
        else:
            message, severity = f"Relinked “{offer.title}” to {offer.path}.", "information"
        app.call_from_thread(app.notify, message, severity=severity, markup=False)
        reload = getattr(screen, "reload_entries", None)
        if callable(reload):
            app.call_from_thread(reload)

    screen.run_worker(wait, thread=True, group="relink-offer-write")


def _adopt(screen: Any, offer: RelinkOffer) -> None:
    """Move the book's highlights into the open article, then show it again with them."""
    from reader.core.library.adoption import adopt_source
    from reader.ui.messages import OpenArticle

    app: Any = screen.app
    article = screen.article

    def wait() -> None:
        saver = saver_of(app)
        saver.run_for_user(
            lambda: adopt_source(app.library.store, offer.article_id, article), article.id
        )
        if not saver.flush(30) or saver.last_error is not None:
            return  # the saver has said why
        app.call_from_thread(_reopen)

    def _reopen() -> None:
        app.notify(
            f"Adopted “{offer.title}”: its highlights are in this article now.", markup=False
        )
        if screen in app.screen_stack:
            screen.reload_annotations()
        else:
            app.post_message(OpenArticle(article.id, article.path, title=article.title))

    screen.run_worker(wait, thread=True, group="relink-offer-write")


def confirm_relink(
    screen: Screen[Any], title: str, path: Any, held: int, total: int, relink: Any
) -> None:
    """A file holding few of an article's (or a book's) quotes is relinked only after a yes:
    its highlights would be orphans there, and its name would become the file's."""
    question = (
        f"{path} holds only {held} of the {total} quotes of “{title}”: its highlights would be"
        " orphans there. Relink it anyway?"
    )

    def decided(yes: bool | None) -> None:
        if yes:
            relink()

    screen.app.push_screen(
        ConfirmDialog(question, "Relink (y)", "Keep it (n)", safe_first=True), decided
    )
