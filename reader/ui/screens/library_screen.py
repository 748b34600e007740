"""The library: every article with its highlights, progress and when it was last read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Label

from reader.core.annotations import local_date
from reader.core.articles.loading import SAVED_PAGE
from reader.core.library import Library, LibraryEntry, Listing, list_library
from reader.core.store import StoreError
from reader.paths import sample_articles_dir
from reader.settings import Settings
from reader.ui.messages import OpenArticle, StoreChanged
from reader.ui.registry import bindings_for, key_named
from reader.ui.saver import EXTERNAL_CHECK_SECONDS, saver_of
from reader.ui.widgets.key_footer import KeyFooter
from reader.ui.widgets.library_table import Cell, Column, LibraryTable

READING_BATCH = 100
"""New articles read (and shown) at a time while the library is on screen."""
REFILL_SECONDS = 0.5
"""How often the list shows the articles read meanwhile."""

SortKey = Callable[[LibraryEntry], Any]
SORTS: list[tuple[str, SortKey, bool]] = [
    ("title", lambda entry: entry.title.casefold(), False),
    (
        "source",
        lambda entry: (entry.path.name if entry.path else entry.last_path).casefold(),
        False,
    ),
    ("highlights", lambda entry: entry.highlights, True),
    ("read", lambda entry: entry.progress, True),
    ("opened", lambda entry: entry.last_opened, True),
]
"""Column name, sort key, and whether it sorts largest (or latest) first by default."""


def _key(entry: LibraryEntry) -> str:
    return entry.article_id


def _cells(entry: LibraryEntry) -> tuple[Cell, ...]:
    """What a row shows: text only (a title is never parsed as markup), a missing article's
    title dimmed and its place in the warning colour."""
    gone = entry.missing and not entry.kind  # a book from another app never had a file here
    return (
        (entry.title, "missing" if gone else ""),
        (_source(entry), "warning" if gone else ""),
        (str(entry.highlights), ""),
        (f"{entry.progress}%", ""),
        (local_date(entry.last_opened) or "—", ""),
    )


def _source(entry: LibraryEntry) -> str:
    if entry.path is not None:
        if entry.path.name == SAVED_PAGE and entry.source.startswith(("http://", "https://")):
            # A saved web page: its site, not the snapshot's file name.
            host = urlsplit(entry.source).hostname or entry.source
            return host.removeprefix("www.")
        return entry.path.name
    if entry.kind:
        what = "web page" if entry.kind == "page" else "book"
        return f"{what} · {entry.author}" if entry.author else what
    return f"missing: {Path(entry.last_path).name}" if entry.last_path else "missing"


class LibraryScreen(Screen[None]):
    """A sortable, filterable table of articles; enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("LibraryScreen")

    def __init__(
        self,
        entries: Sequence[LibraryEntry],
        library: Library,
        settings: Settings,
        files: Sequence[Path] = (),
        include_known: bool = False,
        unread: Sequence[Path] = (),
    ) -> None:
        super().__init__()
        self._unread = list(unread)
        self.reading_progress = ""
        """What the background reading of new articles has done ("" when there is none)."""
        self._refill: Timer | None = None
        """The list's next laying out while new articles are read (None when none is due)."""
        self.entries = list(entries)
        self.library = library
        self.settings = settings
        self._files = list(files)
        self._include_known = include_known
        self.sort_index = 0
        self.reverse = False
        self._ready = False
        """True once the table and the filter box are mounted (a resize can come first)."""
        self._haystack_of: dict[str, str] | None = None
        self._haystack_entries: list[LibraryEntry] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="library-header"):
            yield Label(Content(""), id="library-title")
            yield Input(placeholder="/ filter by title or file", id="library-filter")
        yield LibraryTable(_key, _cells, id="library-table")
        yield Label(Content(""), id="library-welcome")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Fill the table and give it the keyboard."""
        self._ready = True
        self._fill()
        self.table.focus()
        if self._unread:
            self._read_new_articles(self._unread)
        from reader.ui.screens.relink_offers import look_for_moved_articles

        look_for_moved_articles(self)
        self._token = self.library.store.change_token()
        self.set_interval(EXTERNAL_CHECK_SECONDS, self._check_external_changes)

    def _check_external_changes(self) -> None:
        """List the library again when the database changed (`reader import`, another copy):
        a look at its files' sizes and times, the listing only when they moved."""
        if self.app.screen is not self or saver_of(self.app).busy:
            return
        if self.library.store.change_token() != self._token:
            self._reload()

    def reload_entries(self) -> None:
        """List the library again (an article was relinked)."""
        self._reload()

    @property
    def table(self) -> LibraryTable[LibraryEntry]:
        """The table of articles."""
        return self.query_one("#library-table", LibraryTable)

    def visible_entries(self) -> list[LibraryEntry]:
        """The entries shown: filtered by the filter box, in the chosen order."""
        words = self.query_one("#library-filter", Input).value.casefold().split()
        if words:
            found = self._haystacks()
            shown = [e for e in self.entries if all(w in found[e.article_id] for w in words)]
        else:
            shown = list(self.entries)
        _, key, largest_first = SORTS[self.sort_index]
        shown.sort(key=lambda entry: (entry.title.casefold(), entry.article_id))
        shown.sort(key=key, reverse=largest_first != self.reverse)
        return shown

    def _haystacks(self) -> dict[str, str]:
        """What the filter looks in, per entry: made once per listing, not once per letter."""
        if self._haystack_of is None or self._haystack_entries is not self.entries:
            self._haystack_of = {
                entry.article_id: f"{entry.title} {_source(entry)}".casefold()
                for entry in self.entries
            }
            self._haystack_entries = self.entries
        return self._haystack_of

    def _fill(self) -> None:
        table = self.table
        width = self.size.width
        source = 18 if width < 100 else 28 if width < 160 else 40  # wide screens: whole names
        fixed = {"source": source, "highlights": 10, "read": 6, "opened": 10}
        # Each column also takes two cells of padding; the scrollbar takes two.
        title_width = max(20, width - sum(fixed.values()) - 2 * (len(fixed) + 1) - 2)
        name, _, largest_first = SORTS[self.sort_index]
        arrow = " ▼" if largest_first != self.reverse else " ▲"  # the sorted column says so
        labels = {
            "title": "Title",
            "source": "Source",
            "highlights": "Highlights",
            "read": "Read",
            "opened": "Opened",
        }
        widths = {"title": title_width, **fixed}
        columns = [
            Column(
                key,
                labels[key] + (arrow if name == key else ""),
                widths[key] + (2 if name == key and key != "title" else 0),
                "right" if key in ("highlights", "read") else "left",
            )
            for key in labels
        ]
        shown = self.visible_entries()
        table.show(columns, shown, table.cursor_key)
        highlights = sum(entry.highlights for entry in self.entries)
        order = "reversed" if self.reverse else ""
        words = self.query_one("#library-filter", Input).value.strip()
        nothing = f" · nothing matches “{words}”" if words and not shown else ""
        welcome = self.query_one("#library-welcome", Label)
        welcome.display = highlights == 0  # a first run: say what to do
        if welcome.display:
            opens, keys = key_named(self.app, "library-open"), key_named(self.app, "help")
            highlight = key_named(self.app, "highlight")
            samples = sample_articles_dir()
            only_samples = all(
                entry.path is not None and entry.path.is_relative_to(samples)
                for entry in self.entries
            )
            welcome.update(
                Content(
                    f"{opens} opens an article and {highlight} highlights in it"
                    f" · {keys} lists every key"
                    + (
                        " · `reader FILE` or `reader FOLDER` adds your own articles"
                        if only_samples
                        else ""
                    )
                )
            )
        total = len(self.entries)
        articles = f"{total:,} article{'s' if total != 1 else ''}"
        if len(shown) != total:
            articles = f"{len(shown):,} of {articles}"
        # The progress goes before the order: the filter box cuts what is too long to fit.
        self.query_one("#library-title", Label).update(
            Content(
                f"reader · {articles} · {highlights:,} highlight{'s' if highlights != 1 else ''}"
                + (f" · {self.reading_progress}…" if self.reading_progress else "")
                + f" · by {name} {order}".rstrip()
                + nothing
            )
        )

    def on_resize(self) -> None:
        """Lay the table out again for the new width (titles take what the others leave)."""
        if self._ready:
            self._fill()

    def copyable(self) -> str:
        """What ctrl+c copies here: the chosen article's file (its title when it is gone)."""
        entry = self._selected_entry()
        if entry is None:
            return ""
        return str(entry.path) if entry.path is not None else entry.title

    def action_open_selected(self) -> None:
        """Open the chosen article."""
        entry = self._selected_entry()
        if entry is not None:
            self.open_entry(entry)

    def _selected_entry(self) -> LibraryEntry | None:
        selected = self._selected_id()
        return next((item for item in self.entries if item.article_id == selected), None)

    def _selected_id(self) -> str | None:
        return self.table.cursor_key

    # Keys --------------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        """Type in the filter box."""
        self.query_one("#library-filter", Input).focus()

    def action_move(self, step: int) -> None:
        """Move to the next (1) or previous (-1) article, as in the reader."""
        self.table.focus()
        self.table.action_move(step)

    def action_edge(self, direction: int) -> None:
        """Go to the first (-1) or last (1) article."""
        self.table.focus()
        self.table.action_edge(direction)

    def action_review(self) -> None:
        """Review every highlight of the library that moved, changed or lost its text."""
        app: Any = self.app
        app.show_review()

    def action_sort(self) -> None:
        """Sort by the next column."""
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.reverse = False
        self._fill()

    def action_reverse(self) -> None:
        """Reverse the order."""
        self.reverse = not self.reverse
        self._fill()

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self) -> None:
        self._fill()

    @on(Input.Submitted, "#library-filter")
    def _filter_done(self) -> None:
        self.table.focus()

    def key_escape(self) -> None:
        """Escape in the filter box goes back to the table."""
        if self.query_one("#library-filter", Input).has_focus:
            self.table.focus()

    @on(LibraryTable.HeaderSelected, "#library-table")
    def _header_clicked(self, message: LibraryTable.HeaderSelected) -> None:
        names = [name for name, _, _ in SORTS]
        index = names.index(message.column_key)
        self.reverse = not self.reverse if index == self.sort_index else False
        self.sort_index = index
        self._fill()

    @on(LibraryTable.RowSelected, "#library-table")
    def _row_chosen(self, message: LibraryTable.RowSelected) -> None:
        entry = next(item for item in self.entries if item.article_id == message.key)
        self.open_entry(entry)

    def open_entry(self, entry: LibraryEntry) -> None:
        """Open an article (or, when its file is gone, its annotations)."""
        self.post_message(OpenArticle(entry.article_id, entry.path, title=entry.title))

    @work(thread=True, exclusive=True, group="library-reading")
    def _read_new_articles(self, paths: list[Path]) -> None:
        """Read articles the library has not seen, in batches, while the list is on screen;
        each batch is shown as it is read and registered by the saver."""
        for start in range(0, len(paths), READING_BATCH):
            batch = paths[start : start + READING_BATCH]
            try:
                listing = list_library(self.library, batch, False)
            except StoreError as error:
                self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
                return
            saver_of(self.app).register_all(listing.pending)
            done = min(len(paths), start + READING_BATCH)
            self.app.call_from_thread(self._add_entries, listing, done, len(paths))

    def _add_entries(self, listing: Listing, done: int, total: int) -> None:
        fresh = {entry.article_id: entry for entry in listing.entries}
        self.entries = [entry for entry in self.entries if entry.article_id not in fresh]
        self.entries.extend(fresh.values())
        for problem in listing.problems:
            self.notify(f"Skipped {problem}", severity="warning", timeout=8, markup=False)
        self.reading_progress = "" if done >= total else f"reading {done:,} of {total:,} new"
        # Laid out again at most a few times a second while the reading goes on (each batch
        # at once re-sorted and re-laid a 10,000-article list, and the keys lagged).
        if self._ready and done >= total:
            self._fill()
        elif self._ready and self._refill is None:
            self._refill = self.set_timer(REFILL_SECONDS, self._refill_now)

    def _refill_now(self) -> None:
        self._refill = None
        self._fill()

    def on_screen_resume(self) -> None:
        """Coming back from an article: its counts and progress may have changed."""
        self._reload()

    @on(StoreChanged)
    def _store_changed(self) -> None:
        # Under a reading screen every save (a position, a highlight) would re-list the whole
        # library: the list is read again when it is shown (on_screen_resume) instead.
        if self.app.screen is self:
            self._reload()

    @work(thread=True, exclusive=True, group="library-listing")
    def _reload(self) -> None:
        """List the library again off the UI thread (only reads; registrations are saved)."""
        if not self._files and not self._include_known:
            return
        # What this listing shows: the timer lists again only for changes after it (a save
        # of this app's own, already listed here, is not listed twice).
        self._token = self.library.store.change_token()
        try:
            listing = list_library(self.library, self._files, self._include_known)
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        saver_of(self.app).register_all(listing.pending)
        self.app.call_from_thread(self._show_entries, listing.entries)

    def _show_entries(self, entries: list[LibraryEntry]) -> None:
        self.entries = entries
        # A resume can come before the table is built: it is filled when it is.
        if self._ready:
            self._fill()
