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
