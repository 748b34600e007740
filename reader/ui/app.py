"""The Textual application: wiring of screens to the library, the saver and opening articles."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen
from textual.theme import Theme

from reader.core.annotations import ArticleAnnotations
from reader.core.articles import Article, ArticleError
from reader.core.files import write_atomically
from reader.core.library import Library, LibraryEntry, OpenedArticle, list_library
from reader.core.store import StoreError
from reader.paths import default_export_folder, styles_dir
from reader.settings import Settings
from reader.ui import terminal_guard
from reader.ui.commands import ActionCommands, ArticleCommands, TagCommands, help_text
from reader.ui.messages import OpenArticle, StoreChanged
from reader.ui.registry import bindings_for
from reader.ui.saver import Saver
from reader.ui.screens.reader_screen import ReaderScreen
from reader.ui.widgets.palette import css_variables

if TYPE_CHECKING:
    from reader.core.library.search_index import LibrarySearch

STYLESHEETS = (
    "app",
    "reader_screen",
    "article_view",
    "annotation_pane",
    "library_screen",
    "help_screen",
    "dialogs",
    "search_screen",
    "review_screen",
)


class ReaderApp(App[None]):
    """Shows one article, or a list of articles to choose from."""

    TITLE = "reader"
    CSS_PATH = [styles_dir() / f"{name}.tcss" for name in STYLESHEETS]
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("ReaderApp")
    COMMANDS = App.COMMANDS | {ActionCommands, ArticleCommands, TagCommands}

    def __init__(
        self,
        articles: Sequence[Article],
        library: Library,
        settings: Settings | None = None,
        state_file: Path | None = None,
        *,
        entries: Sequence[LibraryEntry] | None = None,
        files: Sequence[Path] = (),
        include_known: bool = False,
        problems: Sequence[str] = (),
        registering: Sequence[OpenedArticle] = (),
        pending: Sequence[tuple[Article, tuple[int, int]]] = (),
        unread: Sequence[Path] = (),
        review: bool | frozenset[str] = False,
    ) -> None:
        super().__init__()
        self._review_at_start = review
        """Open the review on start: True (the whole library), some article ids, or False."""
        terminal_guard.install()  # nothing from data reaches the terminal raw
        self.articles = list(articles)
        self.entries = list(entries) if entries is not None else None
        self._files = list(files)
        self._include_known = include_known
        self._problems = list(problems)
        self._registering = list(registering)
        """Articles opened from the command line that the store should learn of."""
        self._pending = list(pending)
        """Files the command line's listing found new or changed, to record."""
        self._unread = list(unread)
        self.library = library
        self.settings = settings or Settings()
        self.saver = Saver(library, self)
        """The one writer of the store."""
        self._library_search: LibrarySearch | None = None
        self.relinks_asked: set[tuple[str, str]] = set()
        """(article id, file) pairs the reader was offered to relink this run (asked once)."""
        self.exit_warnings: list[str] = []
        """Lines to print after the app has left the screen (e.g. unsaved changes)."""
        self.state_file = state_file
        theme = self._starting_theme()
        if theme in self.available_themes:
            self.theme = theme
        if self.settings.keys:
            self.set_keymap(dict(self.settings.keys))

    @property
    def library_search(self) -> LibrarySearch:
        """The index ctrl+f searches, kept between searches (made at the first)."""
        if self._library_search is None:
            from reader.core.library.search_index import LibrarySearch

            self._library_search = LibrarySearch(self.library.store)
        return self._library_search

    def get_css_variables(self) -> dict[str, str]:
        """Textual's variables, and the reading colours of the palette (`$highlight-yellow`,
        `$highlight-yellow-bg`, `$reader-muted` ...), worked out for the theme."""
        variables = super().get_css_variables()
        # Set here, not in __init__: Textual builds the stylesheet before __init__ ends.
        self._ansi_palette = self._wants_ansi_palette()
        eight_bit = self.console.color_system == "256" and not self.is_headless
        variables.update(css_variables(variables, ansi=self._ansi_palette, eight_bit=eight_bit))
        return variables

    def _wants_ansi_palette(self) -> bool:
        """ANSI themes, and terminals of 16 colours, cannot show blended colours (a headless
        run, as in tests, draws in true colour)."""
        sixteen = self.console.color_system == "standard" and not self.is_headless
        return self.current_theme.ansi or sixteen

    def on_mount(self) -> None:
        """Remember a theme chosen in the palette (once the app is up: not the start-up one);
        a closed terminal (SIGHUP) or a kill (SIGTERM) ends the app as `q` does."""
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self._wants_ansi_palette() != getattr(self, "_ansi_palette", None):
            # The stylesheet was made before the terminal was known (headless or not).
            self.refresh_css(animate=False)
        loop = asyncio.get_running_loop()
        for number in (signal.SIGHUP, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self.exit)
        for problem in self._problems:
            self.notify(f"Skipped {problem}", severity="warning", timeout=8, markup=False)
        # Written once the first frame is up: the lock, a new database and an fsync are not
        # what the reader waits to see.
        self.call_after_refresh(self._record_opened_files)
        start = self._review_at_start
        if start is not False:
            self.show_review(None if start is True else start)

    def _record_opened_files(self) -> None:
        for opened in self._registering:
            self.saver.register(opened)
        self.saver.register_all(self._pending)
        self._registering, self._pending = [], []

    def _starting_theme(self) -> str:
        """The most recent choice: the theme picked in the app, unless the settings file was
        changed after it (then the file's theme)."""
        state = _read_state(self.state_file) if self.state_file is not None else {}
        remembered, chosen_at = state.get("theme"), state.get("theme_chosen_at", 0.0)
        if not isinstance(remembered, str) or not remembered:
            return self.settings.theme
        if not self.settings.theme:
            return remembered
        newer = isinstance(chosen_at, int | float) and chosen_at >= self.settings.modified
        return remembered if newer else self.settings.theme

    def _remember_theme(self, theme: Theme) -> None:
        if self.state_file is None:
            return
        state = _read_state(self.state_file)
        state["theme"], state["theme_chosen_at"] = theme.name, time.time()
        try:
            write_atomically(self.state_file, json.dumps(state, indent=2).encode(), durable=False)
        except OSError as error:
            self.notify(f"Could not remember the theme: {error}", severity="warning", markup=False)
            return
        overrides = ""
        if self.settings.theme and self.settings.path is not None:
            overrides = f"; it wins over theme = {self.settings.theme!r} in {self.settings.path}"
            overrides += " until that file is changed"
        self.notify(f"Theme {theme.name} saved in {self.state_file}{overrides}.", markup=False)

    @property
    def export_folder(self) -> Path:
        """Where notes are exported: the settings' folder, else the default one."""
        return self.settings.export_folder or default_export_folder()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette: Textual's theme and screenshot commands, and exporting the library."""
        for command in super().get_system_commands(screen):
            if command.title == "Theme":  # help, quit, screenshots and maximising are not ours
                yield command
        yield SystemCommand("Help: every key", "Show the keys of this screen", self.action_help)
        yield SystemCommand(
            "Export all notes",
            help_text(f"Write a Markdown note for every annotated article to {self.export_folder}"),
            self.action_export_library,
        )

    # Keys everywhere -------------------------------------------------------------------------

    def action_help(self) -> None:
        """Show every key of the screen in use."""
        from reader.ui.screens.help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_search_all(self, query: str = "") -> None:
        """Search the quotes, notes and tags of every annotation."""
        from reader.ui.screens.search_screen import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(query))

    def show_review(self, only: frozenset[str] | None = None) -> None:
        """The highlights to review: of the whole library, or of the articles `only` names."""
        from reader.ui.screens.review_screen import ReviewScreen

        open_review = [
            screen
            for screen in self.screen_stack
            if isinstance(screen, ReviewScreen) and screen.only == only
        ]
        if not open_review:
            self.push_screen(ReviewScreen(only))
            return
        self.back_to(open_review[0])
        open_review[0].reload()  # (resuming reloads too: the later read wins)

    # Opening articles: whoever wants one posts OpenArticle ----------------------------------------

    @on(OpenArticle)
    def _open_article(self, message: OpenArticle) -> None:
        self._load_article(message)

    @work(thread=True, exclusive=True, group="open-article")
    def _load_article(self, request: OpenArticle) -> None:
        """Find and read the article off the UI thread, then show it."""
        path = request.path
        title = request.title
        last_path = kind = author = ""
        if path is None or not path.is_file():
            try:
                record = self.library.store.article(request.article_id)
            except StoreError as error:
                self.call_from_thread(self._cannot_open, str(error))
                return
            if record is not None:
                path = self.library.locate(record)
                title = title or record.title
                last_path = record.paths[0].path if record.paths else ""
                kind, author = record.kind, record.author
        if path is None:
            entry = LibraryEntry(
                request.article_id,
                title or request.article_id,
                None,
                missing=True,
                last_path=last_path,
                kind=kind,
                author=author,
            )
            self.call_from_thread(self._show_missing, entry)
            return
        try:
            opened = self.library.load(path)
        except (ArticleError, StoreError, OSError) as error:
            self.call_from_thread(self._cannot_open, str(error))
            return
        if request.reattach:
            from reader.ui.screens.reattach_keys import show_to_reattach

            self.call_from_thread(show_to_reattach, self, opened, request)
        else:
            self.call_from_thread(self._show_article, opened, request.start_at)

    def _cannot_open(self, reason: str) -> None:
        self.notify(f"Cannot open: {reason}", severity="error", markup=False)

    def _back_to_library(self) -> None:
        """Leave every screen above the list of articles (so `o` always returns to it)."""
        from reader.ui.screens.library_screen import LibraryScreen  # (not needed to read)

        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()

    def _back_to_search_or_library(self) -> None:
        """Before opening another article: back to the search it was chosen in (escape then
        returns to the results), else to the list of articles."""
        from reader.ui.screens.search_screen import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self._back_to_library()

    def show_library(self) -> None:
        """The list of articles: the one below, or (opened on one file) every known article's."""
        from reader.ui.screens.library_screen import LibraryScreen

        if any(isinstance(screen, LibraryScreen) for screen in self.screen_stack):
            self._back_to_library()
            return
        files = [article.path for article in self.articles if article.path is not None]
        listing = list_library(self.library, files, include_known=True)
        self.saver.register_all(listing.pending)
        # Pushed above the reader it was opened from (the first screen cannot be replaced).
        self.push_screen(
            LibraryScreen(listing.entries, self.library, self.settings, files, include_known=True)
        )

    def action_copy_here(self) -> None:
        """ctrl+c copies on every screen (what the screen offers), and never quits: q does."""
        copyable = getattr(self.screen, "copyable", None)
        text = copyable() if callable(copyable) else None
        if isinstance(text, str) and text:
            self.copy_to_clipboard(text)
            self.notify(f"Copied {len(text)} characters.", markup=False)
        else:
            self.notify("Nothing to copy here (q quits).", markup=False)

    def reading_screen_of(self, article_id: str) -> ReaderScreen | None:
        """The reading screen open on an article, if there is one (there is never two)."""
        return next(
            (
                screen
                for screen in self.screen_stack
                if isinstance(screen, ReaderScreen) and screen.article.id == article_id
            ),
            None,
        )

    def back_to(self, screen: Screen[Any]) -> None:
        """Leave every screen above `screen` (one on the stack)."""
        while self.screen is not screen:
            self.pop_screen()

    def _show_article(self, opened: OpenedArticle, start_at: int | None) -> None:
        self.saver.register(opened)
        # One article is never open twice (each copy would save its own reading position):
        # an article open already is gone back to, at the place asked for.
        same = self.reading_screen_of(opened.article.id)
        if same is not None:
            from reader.ui.screens.search_screen import SearchScreen

            if isinstance(self.screen, SearchScreen):
                same.search_left = self.screen.query_text  # escape there comes back to it
            self.back_to(same)
            if start_at is not None:
                same.view.move_cursor(start_at, center=True)
            return
        self._back_to_search_or_library()
        position = opened.position if start_at is None else start_at
        self.push_screen(
            ReaderScreen(
                opened.article, self.library, self.settings, start_at=start_at, position=position
            )
        )

    def _show_missing(self, entry: LibraryEntry) -> None:
        from reader.ui.screens.missing_screen import MissingArticleScreen

        self._back_to_search_or_library()
        self.push_screen(MissingArticleScreen(entry, self.library))

    # The saver's reports -----------------------------------------------------------------

    @on(Saver.Failed)
    def _save_failed(self, message: Saver.Failed) -> None:
        if message.kept:
            text = f"Could not save: {message.reason}. Your change is kept and will be saved"
            text += " when possible" + (
                f"; meanwhile it is in {message.recovery[0]}." if message.recovery else "."
            )
            if not message.recovery:  # a deletion: there is nothing to keep in a file
                text += " If reader is closed first, the deleted highlight will still be there."
        elif message.what == "registration":
            text = f"{message.reason}. Reading works; changes you make are kept in a recovery"
            text += " file until the database can be written."
        else:
            text = f"Could not remember where you are or where highlights are: {message.reason}."
        self.notify(text, severity="error" if message.kept else "warning", timeout=10, markup=False)

    @on(Saver.Recovered)
    def _save_recovered(self) -> None:
        self.notify("Saved: the database is writable again.", markup=False)

    @on(Saver.Written)
    def _written(self, message: Saver.Written) -> None:
        for screen in self.screen_stack:
            screen.post_message(StoreChanged(message.article_id, message.before, message.after))

    @work(thread=True, exclusive=True, group="export")
    def action_export_library(self) -> None:
        """Export every annotated article's note to the export folder (in the background)."""
        from reader.core.export import NoteTemplateError
        from reader.core.library import export_library_notes

        folder = self.export_folder
        try:
            style = self.settings.note_style()
            summary = export_library_notes(self.library, folder, remember=False, style=style)
        except (OSError, StoreError, NoteTemplateError) as error:
            self.call_from_thread(
                self.notify, f"Export failed: {error}", severity="error", markup=False
            )
            return
        self.call_from_thread(
            self.notify,
            summary.message,
            severity="warning" if summary.skipped else "information",
            markup=False,
        )

    @work(thread=True, exclusive=True, group="export")
    def export_article(self, group: ArticleAnnotations) -> None:
        """Write one article's note into the export folder (in the background) and say where."""
        from reader.core.export import NoteTemplateError
        from reader.core.library import export_article_note

        try:
            style = self.settings.note_style()
            summary = export_article_note(
                group, self.export_folder, self.library.store.now(), style
            )
        except (OSError, NoteTemplateError) as error:
            self.call_from_thread(
                self.notify, f"Export failed: {error}", severity="error", markup=False
            )
            return
        if summary.skipped:
            skipped = summary.skipped[0]
            message, severity = f"Not exported: {skipped.path} {skipped.reason}.", "warning"
        else:
            message, severity = summary.message, "information"
        self.call_from_thread(self.notify, message, severity=severity, markup=False)

    def get_default_screen(self) -> Screen[None]:
        if self.entries is None and len(self.articles) == 1:
            return ReaderScreen(self.articles[0], self.library, self.settings)
        from reader.ui.screens.library_screen import LibraryScreen

        entries = self.entries
        files = self._files
        if entries is None:
            files = [article.path for article in self.articles if article.path is not None]
            listing = list_library(self.library, files, False)
            entries = listing.entries
            self.saver.register_all(listing.pending)
        return LibraryScreen(
            entries, self.library, self.settings, files, self._include_known, self._unread
        )

    async def on_unmount(self) -> None:
        """Let the saver write what the closing screens handed it (awaited, not blocking);
        when saving fails, nothing is waited for: the unsaved changes are already in a file."""
        if self.saver.last_error is None:
            await asyncio.to_thread(self.saver.flush, 10.0)

    def finish_saving(self, timeout: float = 10.0) -> list[str]:
        """After the app has closed: write what is queued; what cannot be is kept in a file."""
        if self.saver.stop(timeout if self.saver.last_error is None else 1.0):
            return self.exit_warnings
        from reader.ui.recovery import write_recovery_file

        for article, unsaved in self.saver.unsaved():
            saved_to = write_recovery_file(article, unsaved, self.library.store)
            self.exit_warnings.append(
                f"reader: could not save to the database ({self.saver.last_error});"
                f" unsaved annotations of {article.title!r} were written to {saved_to}:"
                f" run `reader import {saved_to}` to restore them"
            )
        return self.exit_warnings


def _read_state(path: Path | None) -> dict[str, Any]:
    """The remembered state; a missing or damaged file is an empty state (it is only a memory)."""
    if path is None:
        return {}
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}
