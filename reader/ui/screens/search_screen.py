"""Searching every annotation in the library: quotes, notes and tags, grouped by article."""

from __future__ import annotations

import gc
import time
from typing import ClassVar

from rich.cells import cell_len
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.core.annotations import AnnotationSummary
from reader.core.library.search_index import (
    LibrarySearch,
    SearchIndex,
    SearchResult,
    SearchScan,
)
from reader.core.store import StoreError
from reader.ui.messages import OpenArticle
from reader.ui.registry import bindings_for
from reader.ui.widgets.annotation_entry import entry_parts, fit
from reader.ui.widgets.key_footer import KeyFooter
from reader.ui.widgets.palette import MARKS, variable

PAGE = 40
"""Results listed at a time: the next page is added as the highlight nears the end (each
listed result is measured and laid out, so a whole library at once would lag the typing)."""
SCAN_SECONDS = 0.008
"""How long the rest of a query's scan runs at a time, between frames and keys."""


class SearchResults(OptionList):
    """The results: a letter or a space typed here is more of the query, never a key of the
    app's (after enter, typing on quit the app at its first q)."""

    class Typed(Message):
        """A character typed in the results, for the query."""

        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Printable characters are the query's (as in an Input: the app's `q` and `?` are
        neither run nor shown in the footer here)."""
        return character is not None and character.isprintable()

    def on_key(self, event: events.Key) -> None:
        """Send a printable character to the query (the list binds none)."""
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.post_message(self.Typed(event.character))


class SearchScreen(Screen[None]):
    """Type to search every annotation; enter opens the article at the chosen highlight."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("SearchScreen")

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._initial = query
        self._index: SearchIndex | None = None
        self._result: SearchResult | None = None
        self._listed = 0
        """How many of the result's matches are in the list."""
        self._last_article: str | None = None
        self._hits: dict[str, AnnotationSummary] = {}
        self._scan: SearchScan | None = None
        """The scan of the query shown, while it goes on (None once done)."""

    def compose(self) -> ComposeResult:
        title = 'Search every quote, note and tag: every word, "a phrase", or #tag'
        yield Label(Content(title), id="search-title")
        # Back in the query (tab), a letter adds to it: it is not selected to be typed over.
        yield Input(
            self._initial, placeholder="words to find", id="search-query", select_on_focus=False
        )
        yield SearchResults(id="search-results")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Search at once with the index kept from last time, or read it off the UI thread
        (saying how far it has got); typing is never held up."""
        self.query_one("#search-query", Input).focus()
        results = self.query_one("#search-results", OptionList)
        self.watch(results, "scroll_y", self._scrolled, init=False)
        search: LibrarySearch = getattr(self.app, "library_search")  # noqa: B009
        self._index = search.current()
        if self._index is not None:
            self._show(self.query_one("#search-query", Input).value)
        else:
            self._set_status("Reading the library's annotations…")
            self._read_library(search)

    @work(thread=True, exclusive=True, group="search-library")
    def _read_library(self, search: LibrarySearch) -> None:
        def progress(done: int, of: int) -> None:
            if done % 50 == 0 and done < of:
                status = f"Reading the library's annotations… {done * 100 // of}%"
                self.app.call_from_thread(self._set_status, status)

        try:
            index = search.read(progress)
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._library_read, index)

    def _library_read(self, index: SearchIndex) -> None:
        self._index = index
        # The index lives on between searches: the collector need not walk its hundreds of
        # thousands of objects again (each full collection of them stalled a letter typed).
        gc.freeze()
        self._show(self.query_one("#search-query", Input).value)

    def _set_status(self, status: str) -> None:
        self.query_one("#search-results", OptionList).border_title = (
            Content(status) if status else None
        )

    @on(Input.Changed, "#search-query")
    def _typed(self, message: Input.Changed) -> None:
        if self._index is not None:
            self._show(message.value)

    @property
    def query_text(self) -> str:
        """What is typed in the query."""
        return self.query_one("#search-query", Input).value

    @on(SearchResults.Typed)
    def _typed_in_results(self, message: SearchResults.Typed) -> None:
        query = self.query_one("#search-query", Input)
        query.focus()
        query.cursor_position = len(query.value)
        query.insert_text_at_cursor(message.character)

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        self.action_to_results()

    def action_to_results(self) -> None:
        """Into the results, the first marked (from the query: down or enter)."""
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.action_first()

    def _show(self, query: str) -> None:
        """A screenful of the query's matches in the next frame, the rest of the first page
        after it; the rest is counted between frames (a longer query looks among the last
        one's matches, when it may and they are few)."""
        assert self._index is not None
        last = self._result if self._result is not None and self._result.complete else None
        scan = self._index.scan(query, last)
        rows = self._screenful()
        scan.run_until(rows)  # (each match takes a row at least)
        self._scan = None if scan.done else scan
        self._result = scan.result()
        self._list(query, at_least=0, rows=rows)
        self._say_counts(query)
        self.call_after_refresh(self._fill_page)
        if self._scan is not None:
            self.call_after_refresh(self._scan_more, scan)

    def _screenful(self) -> int:
        """How many rows the list shows (the screen's, before the list is laid out)."""
        height = self.query_one("#search-results", OptionList).size.height
        return height if height > 0 else self.app.size.height

    def _fill_page(self) -> None:
        """The rest of the first page, once its first screenful is on screen (so that there
        is more to scroll to)."""
        if self._result is not None and self._listed < min(PAGE, self._result.total):
            self._list_more(count=PAGE - self._listed)

    def _scan_more(self, scan: SearchScan) -> None:
        """Scan on for a few milliseconds, then let keys and frames through; a newer query
        has ended this one."""
        if scan is not self._scan:
            return
        until = time.perf_counter() + SCAN_SECONDS
        scan.step()
        while not scan.done and time.perf_counter() < until:
            scan.step()
        self._result = scan.result()
        if scan.done:  # (the count is said once: each change of it would repaint the list)
            self._scan = None
            self._say_counts(self.query_one("#search-query", Input).value)
        else:
            self.set_timer(0.001, lambda: self._scan_more(scan))
        results = self.query_one("#search-results", OptionList)
        if self._listed < PAGE:
            self._fill_page()
        elif (
            results.highlighted is not None
            and results.highlighted >= results.option_count - PAGE // 4
        ):
            self._list_more()

    def _list(self, query: str, at_least: int, rows: int | None = None) -> None:
        """List the result afresh: a page (or what fills `rows`), or as many pages as hold
        `at_least` matches."""
        assert self._result is not None
        self._listed, self._last_article, self._hits = 0, None, {}
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        self._list_more(rows)
        while self._listed < min(at_least, self._result.total):
            self._list_more()
        if not self._result.total:  # an empty list says why, and what to do
            results.add_option(Option(Content(self._empty_hint(query)), disabled=True))

    def _empty_hint(self, query: str) -> str:
        assert self._index is not None
        if not len(self._index):
            return "No highlights in the library yet: open an article and press h to make one."
        if not query.strip():
            return (
                f"Type words to find among {len(self._index):,} highlights' quotes, notes"
                ' and tags (every word, any order and case; "a phrase" in quotes); #tag finds'
                " one tag."
            )
        shown = " ".join(query.split())
        return f"Nothing matches “{shown}”. Try fewer words, or #tag for a tag."

    def _list_more(self, rows: int | None = None, count: int = PAGE) -> None:
        """Add the next `count` matches of the result to the list, or what fills `rows`."""
        assert self._index is not None and self._result is not None
        results = self.query_one("#search-results", OptionList)
        # Each line is cut to fit, never wrapped: a list's lines are measured before its
        # scrollbar appears, and a wrapped line would then lose its last row.
        width = max(12, results.content_region.width - results.styles.scrollbar_size_vertical - 2)
        options: list[Option | None] = []
        filled = 0
        for found in self._result.hits(self._listed, self._listed + count):
            if rows is not None and filled >= rows:
                break
            self._listed += 1
            if found.article_id != self._last_article:
                filled += 1
                self._last_article = found.article_id
                article = self._index.articles[found.article_id]
                missing = "" if article.path is not None else "  (file missing)"
                if article.kind:  # a book (or page) from another app: it never had a file here
                    missing = f"  ({'web page' if article.kind == 'page' else 'book'}, no file)"
                title = fit(article.title, width - cell_len(missing)) + missing
                options.append(
                    Option(Content.assemble((title, "bold $reader-strong")), disabled=True)
                )
            quote, note, tags = entry_parts(found.quote, found.note, found.tags)
            # An orphan opens where it was; a book's highlights are their quotes (no text).
            book = self._index.articles[found.article_id].kind
            if not found.quote.strip():
                quote = f"(a note on the whole {book or 'article'})"
            gone = "text gone · " if found.orphan and not book else ""
            parts: list[Content | str | tuple[str, str]] = [
                "  ",
                (MARKS[found.color], f"bold ${variable(found.color)}"),
                " ",
                (gone, "italic $reader-muted"),
                fit(quote, width - 4 - len(gone)),
            ]
            filled += 1 + bool(note) + bool(tags)
            if note:
                parts.extend(["\n    ", (fit(note, width - 4), "italic")])
            if tags:
                parts.extend(["\n    ", (fit(tags, width - 4), "$reader-strong")])
            options.append(Option(Content.assemble(*parts), id=found.id))
            self._hits[found.id] = found
        results.add_options(options)

    def on_resize(self) -> None:
        """Lines are cut to the width: list them again at the new one, keeping the mark."""
        if self._index is None or self._result is None:
            return
        results = self.query_one("#search-results", OptionList)
        marked = results.highlighted
        self._list(self.query_one("#search-query", Input).value, at_least=self._listed)
        if marked is not None and marked < results.option_count:
            results.highlighted = marked

    def _say_counts(self, query: str) -> None:
        assert self._result is not None
        total, articles = self._result.total, self._result.articles
        if not query.strip():
            self._set_status("")
        elif not self._result.complete:
            self._set_status(f"{total:,}+ matches, counting the rest…")
        else:
            self._set_status(
                f"{total:,} match{'es' if total != 1 else ''} in {articles:,}"
                f" article{'s' if articles != 1 else ''}"
            )

    def _scrolled(self, scroll_y: float) -> None:
        """Scrolled (by the mouse) to the end of the list: the next page."""
        results = self.query_one("#search-results", OptionList)
        more = self._result is not None and self._listed < self._result.total
        if more and scroll_y >= results.max_scroll_y - results.size.height:
            self._list_more()

    @on(OptionList.OptionHighlighted, "#search-results")
    def _near_the_end(self, message: OptionList.OptionHighlighted) -> None:
        results = message.option_list
        more = self._result is not None and self._listed < self._result.total
        if more and message.option_index >= results.option_count - PAGE // 4:
            self._list_more()

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, message: OptionList.OptionSelected) -> None:
        found = self._hits.get(message.option_id or "")
        if found is not None:
            self.open_hit(found)

    def open_hit(self, found: AnnotationSummary) -> None:
        """Open the hit's article with the cursor on its highlight."""
        assert self._index is not None
        article = self._index.articles[found.article_id]
        self.post_message(
            OpenArticle(found.article_id, article.path, start_at=found.start, title=article.title)
        )

    def action_close(self) -> None:
        """Back to where you were."""
        self.app.pop_screen()
